/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-checklist"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-checklist.h"
#include "nd-html.h"

void
nd_check_item_free (NdCheckItem *item)
{
  if (item == NULL)
    return;
  g_free (item->message);
  g_free (item);
}

static void
add (GPtrArray       *items,
     NdCheckSeverity  severity,
     const char      *id,
     char            *message)
{
  NdCheckItem *item = g_new0 (NdCheckItem, 1);

  item->severity = severity;
  item->id = id;
  item->message = message;
  g_ptr_array_add (items, item);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static gint
by_severity (gconstpointer a,
             gconstpointer b)
{
  const NdCheckItem *ia = *(NdCheckItem * const *) a;
  const NdCheckItem *ib = *(NdCheckItem * const *) b;

  return (int) ia->severity - (int) ib->severity;
}

GPtrArray *
nd_checklist_run (NdArticle *article,
                  guint      headline_limit)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) nd_check_item_free);
  const char *headline = nd_article_get_headline (article);
  NdPhoto *photo = nd_article_get_photo (article);
  GListModel *related = nd_article_get_related (article);
  glong headline_chars;

  g_return_val_if_fail (ND_IS_ARTICLE (article), items);

  if (is_blank (headline))
    add (items, ND_CHECK_BLOCKING, "headline", g_strdup (_("Add a headline")));
  if (nd_article_get_word_count (article) == 0)
    add (items, ND_CHECK_BLOCKING, "body", g_strdup (_("Write the body of the article")));
  if (g_strv_length ((char **) nd_article_get_section (article)) == 0)
    add (items, ND_CHECK_BLOCKING, "section", g_strdup (_("Choose a section")));
  if (photo && is_blank (nd_photo_get_alt (photo)))
    add (items, ND_CHECK_BLOCKING, "alt",
         g_strdup (_("Describe the photo in its alt text, for readers who cannot see it")));

  for (guint i = 0; i < g_list_model_get_n_items (related); i++)
    {
      g_autoptr(NdRelatedLink) link = g_list_model_get_item (related, i);

      if (!nd_html_is_http_url (nd_related_link_get_url (link)))
        add (items, ND_CHECK_BLOCKING, "related",
             g_strdup_printf (_("Related link %u is not a web address (http:// or https://)"), i + 1));
    }

  headline_chars = headline ? g_utf8_strlen (headline, -1) : 0;
  if (headline_limit > 0 && headline_chars > (glong) headline_limit)
    add (items, ND_CHECK_WARNING, "headline-length",
         g_strdup_printf (_("The headline has %ld characters; the limit is %u"),
                          headline_chars, headline_limit));
  if (photo && is_blank (nd_photo_get_credit (photo)))
    add (items, ND_CHECK_WARNING, "credit", g_strdup (_("Credit the photo")));
  if (photo && is_blank (nd_photo_get_caption (photo)))
    add (items, ND_CHECK_WARNING, "caption", g_strdup (_("Add a caption to the photo")));
  if (g_strv_length ((char **) nd_article_get_tags (article)) == 0)
    add (items, ND_CHECK_WARNING, "tags", g_strdup (_("Add tags so readers find related stories")));
  if (is_blank (nd_article_get_standfirst (article)))
    add (items, ND_CHECK_WARNING, "standfirst", g_strdup (_("Add a standfirst")));

  g_ptr_array_sort (items, by_severity);
  return items;
}

gboolean
nd_checklist_has_blocking (GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    if (((NdCheckItem *) g_ptr_array_index (items, i))->severity == ND_CHECK_BLOCKING)
      return TRUE;
  return FALSE;
}

NdCheckItem *
nd_checklist_find (GPtrArray  *items,
                   const char *id)
{
  for (guint i = 0; i < items->len; i++)
    {
      NdCheckItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (item->id, id) == 0)
        return item;
    }
  return NULL;
}
