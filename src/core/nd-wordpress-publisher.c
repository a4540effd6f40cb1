/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-wordpress-publisher"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-util.h"
#include "nd-json-util.h"
#include "nd-wordpress-publisher.h"
#include "nd-wordpress-private.h"

struct _NdWordpressPublisher
{
  GObject            parent_instance;

  NdAccount         *account;
  NdArticleStore    *store;
  NdWordpressClient *client;
  char              *caption_format;
};

static void nd_wordpress_publisher_iface_init (NdPublisherInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (NdWordpressPublisher, nd_wordpress_publisher, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ND_TYPE_PUBLISHER,
                                                      nd_wordpress_publisher_iface_init))

/* ---- content ------------------------------------------------------------------------ */

char *
nd_wordpress_slugify (const char *text)
{
  g_autofree char *ascii = NULL;
  GString *slug = g_string_new (NULL);
  gboolean dash = FALSE;

  ascii = g_str_to_ascii (text ? text : "", "C");
  for (const char *p = ascii; *p && slug->len < 80; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (dash && slug->len)
            g_string_append_c (slug, '-');
          g_string_append_c (slug, g_ascii_tolower (*p));
          dash = FALSE;
        }
      else
        dash = TRUE;
    }
  return g_string_free (slug, FALSE);
}

/* Spaces and the usual separators between a caption and its credit. */
static gboolean
is_caption_separator (gunichar c)
{
  return g_unichar_isspace (c) || c == '|' || c == '-' || c == 0x2013 || c == 0x2014 ||
         c == 0x00B7 || c == ',' || c == ';' || c == '/';
}

char *
nd_wordpress_render_caption_format (const char *format,
                                    const char *caption,
                                    const char *credit)
{
  gboolean has_caption = caption && *caption;
  gboolean has_credit = credit && *credit;
  GString *out;
  const char *p;

  if (!has_credit)
    return g_strdup (has_caption ? caption : "");
  if (format == NULL || *format == '\0')
    format = ND_WORDPRESS_CAPTION_FORMAT;

  out = g_string_new (NULL);
  for (p = format; *p; )
    {
      if (g_str_has_prefix (p, "{caption}"))
        {
          p += strlen ("{caption}");
          if (has_caption)
            {
              g_string_append (out, caption);
              continue;
            }
          /* No caption: the separator around it goes too. */
          while (out->len > 0)
            {
              const char *last = g_utf8_find_prev_char (out->str, out->str + out->len);
              if (last == NULL || !is_caption_separator (g_utf8_get_char (last)))
                break;
              g_string_truncate (out, last - out->str);
            }
          if (out->len == 0)
            while (*p && is_caption_separator (g_utf8_get_char (p)))
              p = g_utf8_next_char (p);
        }
      else if (g_str_has_prefix (p, "{credit}"))
        {
          g_string_append (out, credit);
          p += strlen ("{credit}");
        }
      else
        {
          const char *next = g_utf8_next_char (p);
          g_string_append_len (out, p, next - p);
          p = next;
        }
    }
  return g_string_free (out, FALSE);
}

char *
nd_wordpress_render_caption (const char *caption,
                             const char *credit)
{
  return nd_wordpress_render_caption_format (ND_WORDPRESS_CAPTION_FORMAT, caption, credit);
}

char *
nd_wordpress_render_content (NdArticle *article)
{
  GString *html = g_string_new (NULL);
  const char *byline = nd_article_get_byline (article);
  const char *dateline = nd_article_get_dateline (article);
  const char *body = nd_article_get_body_html (article);
  GListModel *related = nd_article_get_related (article);
  guint n_related = g_list_model_get_n_items (related);

  if ((byline && *byline) || (dateline && *dateline))
    {
      g_string_append (html, "<p class=\"newsdesk-byline\">");
      if (byline && *byline)
        {
          g_autofree char *e = g_markup_escape_text (byline, -1);
          g_string_append_printf (html, "<span class=\"byline\">%s</span>", e);
        }
      if (dateline && *dateline)
        {
          g_autofree char *e = g_markup_escape_text (dateline, -1);
          g_string_append_printf (html, "%s<span class=\"dateline\">%s</span>",
                                  byline && *byline ? " | " : "", e);
        }
      g_string_append (html, "</p>\n");
    }

  /* The body is already the safe subset. */
  if (body)
    g_string_append_printf (html, "%s\n", body);

  if (n_related > 0)
    {
      g_string_append (html, "<aside class=\"newsdesk-related\"><ul>\n");
      for (guint i = 0; i < n_related; i++)
        {
          g_autoptr(NdRelatedLink) link = g_list_model_get_item (related, i);
          g_autofree char *url = g_markup_escape_text (nd_related_link_get_url (link), -1);
          const char *title = nd_related_link_get_title (link);
          g_autofree char *text = g_markup_escape_text (title && *title ? title
                                                        : nd_related_link_get_url (link), -1);

          g_string_append_printf (html, "<li><a href=\"%s\">%s</a></li>\n", url, text);
        }
      g_string_append (html, "</ul></aside>\n");
    }

  /* Survives WordPress's HTML filter, so a create that may or may not have happened can
   * be found again by searching for it. */
  g_string_append_printf (html, "<!-- newsdesk:%s -->", nd_article_get_id (article));
  return g_string_free (html, FALSE);
}

static char *
date_gmt_for (GDateTime *when)
{
  char *text;

  if (when == NULL)
    return NULL;
  /* Bare UTC: WordPress replaces an offset on date_gmt instead of converting it. From
   * nd_datetime_format ("…Z", four-digit years) without the Z. */
  text = nd_datetime_format (when);
  text[strlen (text) - 1] = '\0';
  return text;
}

static char *
media_token (NdArticle *article)
{
  NdPhoto *photo = nd_article_get_photo (article);
  g_autofree char *seed = g_strconcat (nd_article_get_id (article), ":",
                                       photo && nd_photo_get_sha256 (photo)
                                         ? nd_photo_get_sha256 (photo) : "", NULL);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);

  return g_strndup (sum, 8);
}

static char *
media_filename (NdArticle *article,
                const char *path)
{
  g_autofree char *token = media_token (article);
  g_autofree char *base = nd_wordpress_slugify (nd_article_get_headline (article));
  const char *dot = strrchr (path, '.');
  g_autofree char *ext = g_ascii_strdown (dot ? dot + 1 : "jpg", -1);

  if (strlen (base) > 40)
    base[40] = '\0';
  while (*base && base[strlen (base) - 1] == '-')
    base[strlen (base) - 1] = '\0';
  return g_strdup_printf ("%s-%s.%s", *base ? base : "photo", token, ext);
}

static const char *
content_type_for (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".png"))
    return "image/png";
  if (g_str_has_suffix (lower, ".webp"))
    return "image/webp";
  if (g_str_has_suffix (lower, ".gif"))
    return "image/gif";
  return "image/jpeg";
}

/* WordPress shows a post's title and excerpt and a media item's caption as HTML, but in
 * Newsdesk they are plain text: "<script>" typed, pasted or imported into a headline must
 * reach the site as text, never as markup. */
static char *
escape_text (const char *text)
{
  GString *out = g_string_sized_new (text ? strlen (text) : 0);

  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '&')
        g_string_append (out, "&amp;");
      else if (*p == '<')
        g_string_append (out, "&lt;");
      else if (*p == '>')
        g_string_append (out, "&gt;");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static JsonNode *
post_body (NdArticle  *snapshot,
           const char *status,
           const char *date_gmt,
           GArray     *categories,
           GArray     *tags,
           gint64      media_id,
           gboolean    create)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *content = nd_wordpress_render_content (snapshot);
  g_autofree char *title = escape_text (nd_article_get_headline (snapshot));
  g_autofree char *excerpt = escape_text (nd_article_get_standfirst (snapshot));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, title);
  json_builder_set_member_name (b, "content");
  json_builder_add_string_value (b, content);
  json_builder_set_member_name (b, "excerpt");
  json_builder_add_string_value (b, excerpt);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, status);
  if (create)
    {
      /* Only on create: an editor may have changed the slug in WordPress since. */
      g_autofree char *slug = nd_wordpress_slugify (nd_article_get_headline (snapshot));
      if (*slug)
        {
          json_builder_set_member_name (b, "slug");
          json_builder_add_string_value (b, slug);
        }
    }
  if (date_gmt)
    {
      json_builder_set_member_name (b, "date_gmt");
      json_builder_add_string_value (b, date_gmt);
    }
  if (categories && categories->len)
    {
      json_builder_set_member_name (b, "categories");
      json_builder_begin_array (b);
      for (guint i = 0; i < categories->len; i++)
        json_builder_add_int_value (b, g_array_index (categories, gint64, i));
      json_builder_end_array (b);
    }
  if (tags)
    {
      json_builder_set_member_name (b, "tags");
      json_builder_begin_array (b);
      for (guint i = 0; i < tags->len; i++)
        json_builder_add_int_value (b, g_array_index (tags, gint64, i));
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "featured_media");
  json_builder_add_int_value (b, media_id);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ---- remote state helpers ----------------------------------------------------------- */

static gint64
remote_int (JsonObject *remote,
            const char *key)
{
  const char *text;

  if (remote == NULL || !json_object_has_member (remote, key))
    return 0;
  text = json_object_get_string_member_with_default (remote, key, NULL);
  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static void
remote_set_int (JsonObject *remote,
                const char *key,
                gint64      value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  json_object_set_string_member (remote, key, text);
}

gint64
nd_wordpress_member_int (JsonNode   *node,
                         const char *key)
{
  JsonObject *obj;
  JsonNode *m;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  obj = json_node_get_object (node);
  m = json_object_get_member (obj, key);
  if (m == NULL || !JSON_NODE_HOLDS_VALUE (m))
    return 0;
  return json_node_get_int (m);
}

/* ---- the publish job ---------------------------------------------------------------- */

typedef struct
{
  NdArticle             *article;      /* the live one: remote state goes here */
  NdArticle             *snapshot;     /* the content, as it was when publishing began */
  char                  *status;
  char                  *date_gmt;
  NdPublishFlags         flags;
  NdPublishProgressFunc  progress;
  gpointer               progress_data;
  JsonObject            *remote;
  char                 **section;
  guint                  section_i;
  gint64                 parent;
  GArray                *categories;
  char                 **tags;
  guint                  tag_i;
  GArray                *tag_ids;
  char                  *photo_path;
  gint64                 media_id;
  gint64                 post_id;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->article);
  g_clear_object (&job->snapshot);
  g_free (job->status);
  g_free (job->date_gmt);
  g_clear_pointer (&job->remote, json_object_unref);
  g_strfreev (job->section);
  g_clear_pointer (&job->categories, g_array_unref);
  g_strfreev (job->tags);
  g_clear_pointer (&job->tag_ids, g_array_unref);
  g_free (job->photo_path);
  g_free (job);
}

static void
job_progress (Job        *job,
              const char *step)
{
  if (job->progress)
    job->progress (step, -1, -1, job->progress_data);
}

/* Writes what is known so far into the article and saves it, then goes on with next (which
 * takes the task): a crash after this point updates instead of creating again. The file
 * is written in a worker (the GUI publishes from its main thread); a cancel meanwhile
 * still lets it be written, and stops the next network step instead. */
static void
job_save_remote_then (GTask           *task,
                      NdPublisherStep  next)
{
  NdWordpressPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);

  nd_publisher_record_remote_then (self->store, job->article,
                                   nd_account_get_id (self->account), job->remote, task, next);
}

static void step_conflict (GTask *task);
static void step_category (GTask *task);
static void step_tag (GTask *task);
static void step_photo (GTask *task);
static void step_post (GTask *task);

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdWordpressClient *client = ND_WORDPRESS_CLIENT (object);
  GError *error = NULL;

  if (!nd_wordpress_client_discover_finish (client, result, &error) ||
      !nd_wordpress_client_check_app_passwords (client, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  step_conflict (g_steal_pointer (&task));
}

/* A digest of what a post write sends and the site keeps as sent (title, content and
 * excerpt, raw): recorded before the write as "sending", so that after a crash that lost
 * the answer the post can be recognised as changed by Newsdesk, not by someone else. */
static char *
post_fingerprint (const char *title,
                  const char *content,
                  const char *excerpt)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *parts[] = { title, content, excerpt };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_checksum_update (sum, (const guchar *) (parts[i] ? parts[i] : ""), -1);
      g_checksum_update (sum, (const guchar *) "", 1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

static const char *
raw_member (JsonObject *post,
            const char *key)
{
  JsonNode *member = json_object_get_member (post, key);

  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (member), "raw", NULL);
}

/* TRUE if the post on the site is what an interrupted write of ours sent. */
static gboolean
post_is_our_interrupted_write (JsonObject *remote,
                               JsonNode   *node)
{
  const char *sending = json_object_get_string_member_with_default (remote, "sending", NULL);
  g_autofree char *theirs = NULL;
  JsonObject *post;

  if (sending == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  post = json_node_get_object (node);
  theirs = post_fingerprint (raw_member (post, "title"), raw_member (post, "content"),
                             raw_member (post, "excerpt"));
  return g_str_equal (theirs, sending);
}

static void
conflict_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdWordpressClient *client = ND_WORDPRESS_CLIENT (object);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *recorded, *theirs;

  node = nd_wordpress_client_call_finish (client, result, NULL, &error);
  if (node == NULL)
    {
      if (g_error_matches (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_FOUND) &&
          (job->flags & ND_PUBLISH_FLAGS_FORCE))
        {
          /* Deleted on the server, and the user insists: create it again. */
          job->post_id = 0;
          step_category (g_steal_pointer (&task));
          return;
        }
      if (g_error_matches (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_FOUND))
        {
          /* The id as text: a G_GINT64_FORMAT inside _() cannot be extracted for translation. */
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, job->post_id);

          g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_FOUND,
                                   _("The post this article was published as (id %s) is no "
                                     "longer on the site. Publish with “force” to create it "
                                     "again."), id);
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  recorded = json_object_get_string_member_with_default (job->remote, "modified", NULL);
  theirs = JSON_NODE_HOLDS_OBJECT (node)
    ? nd_json_object_get_text (json_node_get_object (node), "modified_gmt", NULL)
    : NULL;
  /* No time recorded: the post was found by its token after a create whose answer was
   * lost, and Newsdesk never learned more of it. A different time with exactly what an
   * interrupted write of ours sent: that write went through, its answer was lost. */
  if (recorded == NULL || post_is_our_interrupted_write (job->remote, node))
    {
      g_debug ("Post %" G_GINT64_FORMAT " holds Newsdesk's own interrupted write", job->post_id);
      recorded = theirs;
    }
  if (g_strcmp0 (recorded, theirs) != 0 && !(job->flags & ND_PUBLISH_FLAGS_FORCE))
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CONFLICT,
                               _("Someone changed the post on the site since Newsdesk last "
                                 "published it (there: %s UTC, recorded: %s UTC). Nothing was "
                                 "overwritten."),
                               theirs ? theirs : "?", recorded ? recorded : "?");
      return;
    }
  step_category (g_steal_pointer (&task));
}

static void
step_conflict (GTask *task)
{
  NdWordpressPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autofree char *route = NULL;

  if (job->post_id == 0)
    {
      step_category (task);
      return;
    }
  job_progress (job, _("Checking the post on the site"));
  route = g_strdup_printf ("/wp/v2/posts/%" G_GINT64_FORMAT, job->post_id);
  nd_wordpress_client_call_async (self->client, "GET", route, "context=edit", NULL,
                                  g_task_get_cancellable (task), conflict_cb, task);
}

/* Creating a term that exists answers 400 term_exists with its id: "create if missing"
 * is one call. */
static gint64
term_id_from (NdWordpressClient *client,
              GAsyncResult      *result,
              GError           **error)
{
  g_autoptr(JsonNode) node = NULL;
  GError *local_error = NULL;
  JsonNode *body;

  gint64 id;

  node = nd_wordpress_client_call_finish (client, result, NULL, &local_error);
  if (node)
    return nd_wordpress_member_int (node, "id");

  body = nd_wordpress_client_call_get_error_body (client, result);
  id = nd_wordpress_term_exists_id (body);
  if (id > 0)
    {
      g_clear_error (&local_error);
      return id;
    }
  g_propagate_error (error, local_error);
  return 0;
}

gint64
nd_wordpress_term_exists_id (JsonNode *body)
{
  JsonNode *data;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body) ||
      g_strcmp0 (nd_json_object_get_text (json_node_get_object (body), "code", NULL),
                 "term_exists") != 0)
    return 0;
  data = json_object_get_member (json_node_get_object (body), "data");
  return nd_wordpress_member_int (data, "term_id");
}

static JsonNode *
term_body (const char *name,
           gint64      parent)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  if (parent >= 0)
    {
      json_builder_set_member_name (b, "parent");
      json_builder_add_int_value (b, parent);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
category_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 id;

  id = term_id_from (ND_WORDPRESS_CLIENT (object), result, &error);
  if (id <= 0)
    {
      if (error == NULL)
        error = g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                             _("The site did not give an id for the section “%s”."),
                             job->section[job->section_i]);
      g_task_return_error (task, error);
      return;
    }
  job->parent = id;
  job->section_i++;
  step_category (g_steal_pointer (&task));
}

static void
step_category (GTask *task)
{
  NdWordpressPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = NULL;

  if (job->section == NULL || job->section[job->section_i] == NULL)
    {
      /* The post goes in the deepest section; its parents come with the hierarchy. */
      if (job->parent > 0)
        g_array_append_val (job->categories, job->parent);
      step_tag (task);
      return;
    }
  if (job->section_i == 0)
    job_progress (job, _("Finding the section"));
  body = term_body (job->section[job->section_i], job->parent);
  nd_wordpress_client_call_async (self->client, "POST", "/wp/v2/categories", NULL, body,
                                  g_task_get_cancellable (task), category_cb, task);
}

static void
tag_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 id;

  id = term_id_from (ND_WORDPRESS_CLIENT (object), result, &error);
  if (id <= 0)
    {
      if (error == NULL)
        error = g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                             _("The site did not give an id for the tag “%s”."),
                             job->tags[job->tag_i]);
      g_task_return_error (task, error);
      return;
    }
  g_array_append_val (job->tag_ids, id);
  job->tag_i++;
  step_tag (g_steal_pointer (&task));
}

static void
step_tag (GTask *task)
{
  NdWordpressPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = NULL;

  if (job->tags == NULL || job->tags[job->tag_i] == NULL)
    {
      step_photo (task);
      return;
    }
  if (job->tag_i == 0)
    job_progress (job, _("Finding the tags"));
  body = term_body (job->tags[job->tag_i], -1);
  nd_wordpress_client_call_async (self->client, "POST", "/wp/v2/tags", NULL, body,
                                  g_task_get_cancellable (task), tag_cb, task);
}

static void
media_meta_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = nd_wordpress_client_call_finish (ND_WORDPRESS_CLIENT (object), result, NULL, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  step_post (g_steal_pointer (&task));
}

static void
step_media_meta (GTask *task)
{
  NdWordpressPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  NdPhoto *photo = nd_article_get_photo (job->snapshot);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *route = NULL;

  /* There is no credit field in WordPress: the credit goes into the caption. */
  caption = nd_wordpress_render_caption_format (nd_wordpress_publisher_get_caption_format (self),
                                                nd_photo_get_caption (photo),
                                                nd_photo_get_credit (photo));
  escaped = escape_text (caption);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "caption");
  json_builder_add_string_value (b, escaped);
  json_builder_set_member_name (b, "alt_text");
  json_builder_add_string_value (b, nd_photo_get_alt (photo) ? nd_photo_get_alt (photo) : "");
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  job_progress (job, _("Setting the photo’s caption and alt text"));
  route = g_strdup_printf ("/wp/v2/media/%" G_GINT64_FORMAT, job->media_id);
  nd_wordpress_client_call_async (self->client, "POST", route, NULL, body,
                                  g_task_get_cancellable (task), media_meta_cb, task);
}

static void
upload_progress_cb (goffset  sent,
                    goffset  total,
                    gpointer user_data)
{
  Job *job = user_data;

  if (job->progress)
    job->progress (_("Uploading the photo"), sent, total, job->progress_data);
}

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  NdPhoto *photo = nd_article_get_photo (job->snapshot);
  GError *error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = nd_wordpress_client_call_finish (ND_WORDPRESS_CLIENT (object), result, NULL, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->media_id = nd_wordpress_member_int (node, "id");
  if (job->media_id <= 0)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                               _("The site took the photo but gave no id for it."));
      return;
    }
  remote_set_int (job->remote, "media_id", job->media_id);
  json_object_set_string_member (job->remote, "photo_sha256", nd_photo_get_sha256 (photo));
  job_save_remote_then (g_steal_pointer (&task), step_media_meta);
}

static void
media_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdWordpressPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  NdPhoto *photo = nd_article_get_photo (job->snapshot);
  g_autofree char *filename = NULL;
  GError *error = NULL;
  g_autoptr(JsonNode) node = NULL;
  GTask *owned;

  node = nd_wordpress_client_call_finish (ND_WORDPRESS_CLIENT (object), result, NULL, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
    {
      job->media_id = nd_wordpress_member_int (
        json_array_get_element (json_node_get_array (node), 0), "id");
      if (job->media_id > 0)
        {
          g_debug ("Found media %" G_GINT64_FORMAT " from an earlier upload", job->media_id);
          remote_set_int (job->remote, "media_id", job->media_id);
          json_object_set_string_member (job->remote, "photo_sha256", nd_photo_get_sha256 (photo));
          job_save_remote_then (g_steal_pointer (&task), step_media_meta);
          return;
        }
    }

  filename = media_filename (job->snapshot, job->photo_path);
  owned = g_steal_pointer (&task);
  nd_wordpress_client_upload_async (self->client, "/wp/v2/media", job->photo_path,
                                    content_type_for (job->photo_path), filename,
                                    upload_progress_cb, job, g_task_get_cancellable (owned),
                                    upload_cb, owned);
}

static void
step_photo (GTask *task)
{
  NdWordpressPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  NdPhoto *photo = nd_article_get_photo (job->snapshot);
  g_autofree char *filename = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *query = NULL;
  gint64 known = remote_int (job->remote, "media_id");
  const char *known_sha = json_object_get_string_member_with_default (job->remote,
                                                                      "photo_sha256", NULL);

  if (photo == NULL)
    {
      job->media_id = 0;
      step_post (task);
      return;
    }

  /* Upload again only when the photo changed. */
  if (known > 0 && g_strcmp0 (known_sha, nd_photo_get_sha256 (photo)) == 0)
    {
      job->media_id = known;
      step_media_meta (task);
      return;
    }

  if (job->photo_path == NULL)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                               _("The article’s photo file is missing from the library."));
      g_object_unref (task);
      return;
    }
  /* An earlier upload may have reached the server without us learning its id (a crash,
   * a timeout after the body was sent): find it by the token in its name first. */
  filename = media_filename (job->snapshot, job->photo_path);
  slug = g_strndup (filename, strrchr (filename, '.') - filename);
  query = g_strdup_printf ("slug=%s&context=edit", slug);
  job_progress (job, _("Uploading the photo"));
  nd_wordpress_client_call_async (self->client, "GET", "/wp/v2/media", query, NULL,
                                  g_task_get_cancellable (task), media_lookup_cb, task);
}

gboolean
nd_wordpress_ids_equal (JsonObject *post,
                        const char *key,
                        GArray     *sent)
{
  JsonNode *node = json_object_get_member (post, key);
  JsonArray *got;
  guint found = 0;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return sent->len == 0;
  got = json_node_get_array (node);
  for (guint i = 0; i < sent->len; i++)
    for (guint j = 0; j < json_array_get_length (got); j++)
      if (JSON_NODE_HOLDS_VALUE (json_array_get_element (got, j)) &&
          json_array_get_int_element (got, j) == g_array_index (sent, gint64, i))
        {
          found++;
          break;
        }
  return found == sent->len;
}

static void
post_done (GTask *task)
{
  Job *job = g_task_get_task_data (task);

  g_task_return_pointer (task, nd_json_object_copy (job->remote), (GDestroyNotify) json_object_unref);
  g_object_unref (task);
}

/* The post's ids are recorded: report what the site left out, or mark the article. */
static void
post_recorded (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  const char *dropped = g_object_get_data (G_OBJECT (task), "nd-dropped");
  const char *status = g_object_get_data (G_OBJECT (task), "nd-status");

  if (dropped)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED, "%s", dropped);
      g_object_unref (task);
      return;
    }
  if (g_strcmp0 (status, "publish") == 0)
    nd_article_set_status (job->article, "published");
  else if (g_strcmp0 (status, "future") == 0)
    nd_article_set_status (job->article, "scheduled");
  job_save_remote_then (task, post_done);
}

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdWordpressPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *post;
  GString *dropped;
  const char *status;

  node = nd_wordpress_client_call_finish (ND_WORDPRESS_CLIENT (object), result, NULL, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node) || nd_wordpress_member_int (node, "id") <= 0)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_JSON,
                               _("The site answered the post with something unexpected."));
      return;
    }
  post = json_node_get_object (node);

  job->post_id = nd_wordpress_member_int (node, "id");
  remote_set_int (job->remote, "id", job->post_id);
  json_object_set_string_member (job->remote, "url",
                                 nd_json_object_get_text (post, "link", ""));
  json_object_set_string_member (job->remote, "modified",
                                 nd_json_object_get_text (post, "modified_gmt", ""));
  status = nd_json_object_get_text (post, "status", NULL);
  if (status)
    json_object_set_string_member (job->remote, "status", status);
  if (job->media_id == 0)
    json_object_remove_member (job->remote, "media_id");
  json_object_remove_member (job->remote, "sending");
  g_object_set_data_full (G_OBJECT (task), "nd-status", g_strdup (status), g_free);

  /* WordPress drops unknown ids silently and still answers 201: compare (now, while the
   * answer is at hand; reported once the ids are recorded). */
  dropped = g_string_new (NULL);
  if (!nd_wordpress_ids_equal (post, "categories", job->categories))
    g_string_append (dropped, _("the section"));
  if (!nd_wordpress_ids_equal (post, "tags", job->tag_ids))
    g_string_append_printf (dropped, "%s%s", dropped->len ? ", " : "", _("the tags"));
  if (nd_wordpress_member_int (node, "featured_media") != job->media_id)
    g_string_append_printf (dropped, "%s%s", dropped->len ? ", " : "", _("the photo"));
  if (dropped->len)
    g_object_set_data_full (G_OBJECT (task), "nd-dropped",
                            g_strdup_printf (_("%s saved the post but silently left out %s. Check the post "
                                               "there, then publish again."),
                                             nd_account_get_name (self->account), dropped->str),
                            g_free);
  g_string_free (dropped, TRUE);
  job_save_remote_then (g_steal_pointer (&task), post_recorded);
}

static void send_post (GTask *task);

static void
post_lookup_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autofree char *token = g_strdup_printf ("<!-- newsdesk:%s -->", nd_article_get_id (job->snapshot));
  GError *error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 id;

  node = nd_wordpress_client_call_finish (ND_WORDPRESS_CLIENT (object), result, NULL, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  id = nd_wordpress_find_post_by_token (node, token);
  if (id != 0)
    {
      job->post_id = id;
      g_debug ("Found post %" G_GINT64_FORMAT " from an earlier create", job->post_id);
      remote_set_int (job->remote, "id", job->post_id);
      job_save_remote_then (g_steal_pointer (&task), send_post);
      return;
    }
  send_post (g_steal_pointer (&task));
}

gint64
nd_wordpress_find_post_by_token (JsonNode   *node,
                                 const char *token)
{
  JsonArray *found = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; found && i < json_array_get_length (found); i++)
    {
      /* Whatever the server sends: a post that is not an object, or has no content
       * object (a plugin, no edit context), is not ours. */
      JsonNode *item = json_array_get_element (found, i);
      JsonObject *post = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      JsonNode *content = post ? json_object_get_member (post, "content") : NULL;
      const char *raw = content && JSON_NODE_HOLDS_OBJECT (content)
        ? nd_json_object_get_text (json_node_get_object (content), "raw", NULL)
        : NULL;

      /* Search matches words; only the exact token makes it ours. */
      if (raw && strstr (raw, token))
        return nd_json_object_get_integer (post, "id", 0);
    }
  return 0;
}

static void
step_post (GTask *task)
{
  NdWordpressPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autofree char *query = NULL;

  if (job->post_id)
    {
      send_post (task);
      return;
    }
  /* A create that may have happened (crash, timeout or reset after the body was sent) is
   * found by the token in its body before creating again: never two posts. */
  job_progress (job, _("Creating the post"));
  query = g_strdup_printf ("search=%s&status=draft,pending,future,publish,private&context=edit",
                           nd_article_get_id (job->snapshot));
  nd_wordpress_client_call_async (self->client, "GET", "/wp/v2/posts", query, NULL,
                                  g_task_get_cancellable (task), post_lookup_cb, task);
}

static void
send_post_request (GTask *task)
{
  NdWordpressPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *route = NULL;

  body = post_body (job->snapshot, job->status, job->date_gmt, job->categories, job->tag_ids,
                    job->media_id, job->post_id == 0);
  if (job->post_id)
    {
      job_progress (job, _("Updating the post"));
      route = g_strdup_printf ("/wp/v2/posts/%" G_GINT64_FORMAT, job->post_id);
    }
  else
    {
      job_progress (job, _("Creating the post"));
      route = g_strdup ("/wp/v2/posts");
    }
  nd_wordpress_client_call_async (self->client, "POST", route, NULL, body,
                                  g_task_get_cancellable (task), post_cb, task);
}

static void
send_post (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  g_autofree char *content = nd_wordpress_render_content (job->snapshot);
  g_autofree char *title = escape_text (nd_article_get_headline (job->snapshot));
  g_autofree char *excerpt = escape_text (nd_article_get_standfirst (job->snapshot));
  g_autofree char *fingerprint = NULL;

  /* Recorded before sending (as post_body () sends them): see
   * post_is_our_interrupted_write (). */
  fingerprint = post_fingerprint (title, content, excerpt);
  json_object_set_string_member (job->remote, "sending", fingerprint);
  job_save_remote_then (task, send_post_request);
}

static void
nd_wordpress_publisher_publish_async (NdPublisher           *publisher,
                                      NdArticle             *article,
                                      const char            *status,
                                      GDateTime             *publish_at,
                                      NdPublishFlags         flags,
                                      NdPublishProgressFunc  progress,
                                      gpointer               progress_data,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  NdWordpressPublisher *self = ND_WORDPRESS_PUBLISHER (publisher);
  g_autoptr(GTask) task = NULL;
  JsonObject *remote;
  Job *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, nd_wordpress_publisher_publish_async);

  if (!g_str_equal (status, ND_PUBLISH_STATUS_DRAFT) &&
      !g_str_equal (status, ND_PUBLISH_STATUS_PUBLISH) &&
      !g_str_equal (status, ND_PUBLISH_STATUS_FUTURE))
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                               _("“%s” is not a status to publish with: use draft, publish or "
                                 "future."), status);
      return;
    }
  if (g_str_equal (status, ND_PUBLISH_STATUS_FUTURE) && publish_at == NULL)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                               _("A scheduled post needs a date and time."));
      return;
    }

  job = g_new0 (Job, 1);
  job->article = g_object_ref (article);
  job->snapshot = nd_article_copy (article);
  job->status = g_strdup (status);
  job->date_gmt = date_gmt_for (publish_at);
  job->flags = flags;
  job->progress = progress;
  job->progress_data = progress_data;
  remote = nd_article_get_remote (article, nd_account_get_id (self->account));
  job->remote = remote ? nd_json_object_copy (remote) : json_object_new ();
  job->post_id = remote_int (job->remote, "id");
  job->section = g_strdupv ((char **) nd_article_get_section (article));
  job->parent = 0;
  job->categories = g_array_new (FALSE, FALSE, sizeof (gint64));
  job->tags = g_strdupv ((char **) nd_article_get_tags (article));
  job->tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  job->photo_path = nd_article_store_photo_path (self->store, article);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  if (nd_wordpress_client_get_api_root (self->client) != NULL)
    {
      step_conflict (g_steal_pointer (&task));
      return;
    }
  job_progress (job, _("Connecting to the site"));
  nd_wordpress_client_discover_async (self->client, cancellable, discover_cb,
                                      g_steal_pointer (&task));
}

static JsonObject *
nd_wordpress_publisher_publish_finish (NdPublisher   *publisher,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, publisher), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- fetch -------------------------------------------------------------------------- */

static void
fetch_get_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = nd_wordpress_client_call_finish (ND_WORDPRESS_CLIENT (object), result, NULL, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_JSON,
                               _("The site answered with something unexpected."));
      return;
    }
  g_task_return_pointer (task, json_object_ref (json_node_get_object (node)),
                         (GDestroyNotify) json_object_unref);
}

static void
fetch_get (GTask *task)
{
  NdWordpressPublisher *self = g_task_get_source_object (task);
  g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%" G_GINT64_FORMAT,
                                            *(gint64 *) g_task_get_task_data (task));

  nd_wordpress_client_call_async (self->client, "GET", route, "context=edit", NULL,
                                  g_task_get_cancellable (task), fetch_get_cb, task);
}

static void
fetch_discover_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!nd_wordpress_client_discover_finish (ND_WORDPRESS_CLIENT (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  fetch_get (g_steal_pointer (&task));
}

static void
nd_wordpress_publisher_fetch_remote_async (NdPublisher         *publisher,
                                           NdArticle           *article,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  NdWordpressPublisher *self = ND_WORDPRESS_PUBLISHER (publisher);
  g_autoptr(GTask) task = NULL;
  gint64 *id = g_new0 (gint64, 1);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, nd_wordpress_publisher_fetch_remote_async);
  *id = remote_int (nd_article_get_remote (article, nd_account_get_id (self->account)), "id");
  g_task_set_task_data (task, id, g_free);

  if (*id <= 0)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_FOUND,
                               _("This article has not been published to “%s”."),
                               nd_account_get_name (self->account));
      return;
    }
  if (nd_wordpress_client_get_api_root (self->client) != NULL)
    fetch_get (g_steal_pointer (&task));
  else
    nd_wordpress_client_discover_async (self->client, cancellable, fetch_discover_cb,
                                        g_steal_pointer (&task));
}

static JsonObject *
nd_wordpress_publisher_fetch_remote_finish (NdPublisher   *publisher,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, publisher), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- describe (dry run) ------------------------------------------------------------- */

static void
describe_request (GString    *out,
                  const char *method,
                  const char *route,
                  JsonNode   *body)
{
  g_string_append_printf (out, "%s %s\nAuthorization: Basic ********\n", method, route);
  if (body)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_root (gen, body);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      g_string_append_printf (out, "Content-Type: application/json\n\n%s\n", text);
    }
  g_string_append_c (out, '\n');
}

char *
nd_wordpress_publisher_describe (NdWordpressPublisher *self,
                                 NdArticle            *article,
                                 const char           *status,
                                 GDateTime            *publish_at)
{
  GString *out = g_string_new (NULL);
  const char * const *section = nd_article_get_section (article);
  const char * const *tags = nd_article_get_tags (article);
  NdPhoto *photo = nd_article_get_photo (article);
  JsonObject *remote = nd_article_get_remote (article, nd_account_get_id (self->account));
  gint64 post_id = remote_int (remote, "id");
  g_autoptr(GArray) cats = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *date_gmt = date_gmt_for (publish_at);
  g_autoptr(JsonNode) post = NULL;
  g_autofree char *post_route = NULL;
  gint64 placeholder = 0;

  g_return_val_if_fail (ND_IS_WORDPRESS_PUBLISHER (self), NULL);

  g_string_append_printf (out, "# %s (%s)\n# Ids the server assigns are shown as 0.\n\n",
                          nd_account_get_url (self->account), nd_account_get_user (self->account));
  if (post_id)
    {
      g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%" G_GINT64_FORMAT "?context=edit",
                                                post_id);
      describe_request (out, "GET", route, NULL);
    }
  for (guint i = 0; section && section[i]; i++)
    {
      g_autoptr(JsonNode) body = term_body (section[i], 0);
      describe_request (out, "POST", "/wp/v2/categories", body);
    }
  if (section && section[0])
    g_array_append_val (cats, placeholder);
  for (guint i = 0; tags && tags[i]; i++)
    {
      g_autoptr(JsonNode) body = term_body (tags[i], -1);
      describe_request (out, "POST", "/wp/v2/tags", body);
      g_array_append_val (tag_ids, placeholder);
    }
  if (photo)
    {
      g_autofree char *path = nd_article_store_photo_path (self->store, article);
      g_autofree char *filename = media_filename (article, path ? path : "photo.jpg");
      g_autofree char *caption =
        nd_wordpress_render_caption_format (nd_wordpress_publisher_get_caption_format (self),
                                            nd_photo_get_caption (photo),
                                            nd_photo_get_credit (photo));
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) meta = NULL;

      g_string_append_printf (out, "POST /wp/v2/media\nAuthorization: Basic ********\n"
                                   "Content-Type: %s\nContent-Disposition: attachment; "
                                   "filename=\"%s\"\nContent-MD5: (of the file)\n\n(%s)\n\n",
                              content_type_for (filename), filename, path ? path : "");
      g_autofree char *escaped = escape_text (caption);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "caption");
      json_builder_add_string_value (b, escaped);
      json_builder_set_member_name (b, "alt_text");
      json_builder_add_string_value (b, nd_photo_get_alt (photo) ? nd_photo_get_alt (photo) : "");
      json_builder_end_object (b);
      meta = json_builder_get_root (b);
      describe_request (out, "POST", "/wp/v2/media/0", meta);
    }

  post = post_body (article, status, date_gmt, cats, tag_ids, 0, post_id == 0);
  post_route = post_id ? g_strdup_printf ("/wp/v2/posts/%" G_GINT64_FORMAT, post_id)
                       : g_strdup ("/wp/v2/posts");
  describe_request (out, "POST", post_route, post);
  return g_string_free (out, FALSE);
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
nd_wordpress_publisher_dispose (GObject *object)
{
  NdWordpressPublisher *self = (NdWordpressPublisher *) object;

  g_clear_object (&self->account);
  g_clear_object (&self->store);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (nd_wordpress_publisher_parent_class)->dispose (object);
}

static void
nd_wordpress_publisher_finalize (GObject *object)
{
  NdWordpressPublisher *self = (NdWordpressPublisher *) object;

  g_free (self->caption_format);

  G_OBJECT_CLASS (nd_wordpress_publisher_parent_class)->finalize (object);
}

static void
nd_wordpress_publisher_class_init (NdWordpressPublisherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = nd_wordpress_publisher_dispose;
  object_class->finalize = nd_wordpress_publisher_finalize;
}

static void
nd_wordpress_publisher_iface_init (NdPublisherInterface *iface)
{
  iface->publish_async = nd_wordpress_publisher_publish_async;
  iface->publish_finish = nd_wordpress_publisher_publish_finish;
  iface->fetch_remote_async = nd_wordpress_publisher_fetch_remote_async;
  iface->fetch_remote_finish = nd_wordpress_publisher_fetch_remote_finish;
}

static void
nd_wordpress_publisher_init (NdWordpressPublisher *self)
{
}

NdWordpressPublisher *
nd_wordpress_publisher_new (NdAccount      *account,
                            const char     *password,
                            NdArticleStore *store)
{
  NdWordpressPublisher *self;

  g_return_val_if_fail (ND_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (ND_IS_ARTICLE_STORE (store), NULL);

  self = g_object_new (ND_TYPE_WORDPRESS_PUBLISHER, NULL);
  self->account = g_object_ref (account);
  self->store = g_object_ref (store);
  self->client = nd_wordpress_client_new_for_account (account, password);
  return self;
}

NdWordpressClient *
nd_wordpress_publisher_get_client (NdWordpressPublisher *self)
{
  g_return_val_if_fail (ND_IS_WORDPRESS_PUBLISHER (self), NULL);
  return self->client;
}

void
nd_wordpress_publisher_set_timeout (NdWordpressPublisher *self,
                                    guint                 seconds)
{
  g_return_if_fail (ND_IS_WORDPRESS_PUBLISHER (self));
  soup_session_set_timeout (nd_wordpress_client_get_session (self->client), seconds);
}

void
nd_wordpress_publisher_set_caption_format (NdWordpressPublisher *self,
                                           const char           *format)
{
  g_return_if_fail (ND_IS_WORDPRESS_PUBLISHER (self));
  g_free (self->caption_format);
  self->caption_format = format && *format ? g_strdup (format) : NULL;
}

const char *
nd_wordpress_publisher_get_caption_format (NdWordpressPublisher *self)
{
  JsonObject *settings;
  const char *format;

  g_return_val_if_fail (ND_IS_WORDPRESS_PUBLISHER (self), NULL);

  if (self->caption_format)
    return self->caption_format;
  settings = nd_account_get_settings (self->account);
  format = settings ? json_object_get_string_member_with_default (settings, "caption_format", NULL)
                    : NULL;
  return format && *format ? format : ND_WORDPRESS_CAPTION_FORMAT;
}
