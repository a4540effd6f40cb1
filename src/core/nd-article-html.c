/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-article-html"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-article-html.h"
#include "nd-html.h"
#include "nd-util.h"

static const char page_style[] =
  "body{font-family:Georgia,serif;max-width:42rem;margin:2rem auto;padding:0 1rem;"
  "line-height:1.55;color:#1d1d1d}"
  "nav.breadcrumb{font:600 .85rem sans-serif;text-transform:uppercase;color:#a51d2d}"
  "h1{font-size:2.1rem;line-height:1.2;margin:.4rem 0}"
  "p.standfirst{font-size:1.2rem;color:#444}"
  "p.meta{font:.9rem sans-serif;color:#555}"
  "figure{margin:1.5rem 0}figure img{max-width:100%;height:auto}"
  "figcaption{font:.85rem sans-serif;color:#555}"
  "blockquote{border-left:3px solid #a51d2d;margin-left:0;padding-left:1rem}"
  "aside.related{border-top:1px solid #ccc;margin-top:2rem;font-family:sans-serif}";

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = nd_html_escape (text ? text : "");

  g_string_append (out, escaped);
}

char *
nd_article_render_html (NdArticle  *article,
                        const char *photo_href)
{
  GString *out = g_string_new (NULL);
  const char * const *section;
  GListModel *related;
  NdPhoto *photo;
  GDateTime *date;
  g_autofree char *date_text = NULL;
  g_autofree char *date_iso = NULL;
  const char *byline, *dateline, *standfirst;

  g_return_val_if_fail (ND_IS_ARTICLE (article), NULL);

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"");
  append_escaped (out, nd_article_get_language (article));
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        "img-src 'self'; style-src 'unsafe-inline'\">\n<title>");
  append_escaped (out, nd_article_get_headline (article));
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head>\n<body>\n<article>\n",
                          page_style);

  section = nd_article_get_section (article);
  if (section && section[0])
    {
      g_string_append (out, "<nav class=\"breadcrumb\">");
      for (guint i = 0; section[i]; i++)
        {
          if (i > 0)
            g_string_append (out, " &gt; ");
          g_string_append (out, "<span>");
          append_escaped (out, section[i]);
          g_string_append (out, "</span>");
        }
      g_string_append (out, "</nav>\n");
    }

  g_string_append (out, "<h1>");
  append_escaped (out, nd_article_get_headline (article));
  g_string_append (out, "</h1>\n");

  standfirst = nd_article_get_standfirst (article);
  if (standfirst && *standfirst)
    {
      g_string_append (out, "<p class=\"standfirst\">");
      append_escaped (out, standfirst);
      g_string_append (out, "</p>\n");
    }

  byline = nd_article_get_byline (article);
  dateline = nd_article_get_dateline (article);
  date = nd_article_get_publish_at (article) ? nd_article_get_publish_at (article)
                                             : nd_article_get_modified (article);
  /* Dates in a news page are day-precise: "4 July 2022". */
  date_text = g_date_time_format (date, "%-d %B %Y");
  date_iso = nd_datetime_format (date);  /* four-digit years, also before 1000 */
  g_string_append (out, "<p class=\"meta\">");
  if (byline && *byline)
    {
      g_string_append (out, "<span class=\"byline\">");
      append_escaped (out, byline);
      g_string_append (out, "</span> · ");
    }
  if (dateline && *dateline)
    {
      g_string_append (out, "<span class=\"dateline\">");
      append_escaped (out, dateline);
      g_string_append (out, "</span> · ");
    }
  g_string_append_printf (out, "<time datetime=\"%s\">", date_iso);
  {
    g_autofree char *published = g_strdup_printf (_("Published %s"), date_text);
    append_escaped (out, published);
  }
  g_string_append (out, "</time></p>\n");

  photo = nd_article_get_photo (article);
  if (photo && photo_href)
    {
      const char *caption = nd_photo_get_caption (photo);
      const char *credit = nd_photo_get_credit (photo);

      g_string_append (out, "<figure>\n<img src=\"");
      append_escaped (out, photo_href);
      g_string_append (out, "\" alt=\"");
      append_escaped (out, nd_photo_get_alt (photo));
      if (nd_photo_get_width (photo) && nd_photo_get_height (photo))
        g_string_append_printf (out, "\" width=\"%u\" height=\"%u",
                                nd_photo_get_width (photo), nd_photo_get_height (photo));
      g_string_append (out, "\">\n<figcaption>");
      append_escaped (out, caption);
      if (credit && *credit)
        {
          g_autofree char *line = g_strdup_printf (_("Photo: %s"), credit);

          g_string_append (out, (caption && *caption) ? " | " : "");
          g_string_append (out, "<span class=\"credit\">");
          append_escaped (out, line);
          g_string_append (out, "</span>");
        }
      g_string_append (out, "</figcaption>\n</figure>\n");
    }

  /* The body is already the sanitized subset; sanitize again anyway so this page can
   * never carry markup that slipped into the model some other way. */
  {
    g_autofree char *body = nd_html_sanitize (nd_article_get_body_html (article), -1, NULL);

    g_string_append (out, "<div class=\"body\">\n");
    g_string_append (out, body ? body : "");
    g_string_append (out, "\n</div>\n");
  }

  related = nd_article_get_related (article);
  if (g_list_model_get_n_items (related) > 0)
    {
      g_string_append_printf (out, "<aside class=\"related\">\n<h2>%s</h2>\n<ul>\n", _("Related"));
      for (guint i = 0; i < g_list_model_get_n_items (related); i++)
        {
          g_autoptr(NdRelatedLink) link = g_list_model_get_item (related, i);
          const char *url = nd_related_link_get_url (link);
          const char *title = nd_related_link_get_title (link);

          if (!nd_html_is_http_url (url))
            continue;
          g_string_append (out, "<li><a href=\"");
          append_escaped (out, url);
          g_string_append (out, "\">");
          append_escaped (out, title && *title ? title : url);
          g_string_append (out, "</a></li>\n");
        }
      g_string_append (out, "</ul>\n</aside>\n");
    }

  g_string_append (out, "</article>\n</body>\n</html>\n");
  return g_string_free (out, FALSE);
}
