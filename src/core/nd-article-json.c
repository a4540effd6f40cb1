/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-article-json"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "nd-article.h"
#include "nd-article-private.h"
#include "nd-html.h"
#include "nd-json-util.h"
#include "nd-util.h"

/* Deeper than anything this format writes, shallow enough that json-glib's recursive
 * parser cannot be driven into a stack overflow by a hostile file. */
#define MAX_JSON_DEPTH 256

static const char * const known_keys[] = {
  "format", "version", "id", "language", "headline", "standfirst", "byline", "dateline",
  "section", "tags", "body_html", "photo", "related", "status", "publish_at", "created",
  "modified", "remote", NULL
};

static const char * const photo_keys[] = {
  "file", "caption", "credit", "alt", "width", "height", "sha256", NULL
};

static const char * const link_keys[] = { "title", "url", NULL };

static gboolean
field_error (GError     **error,
             const char  *path,
             const char  *problem)
{
  return nd_json_field_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_INVALID_FIELD, path, problem);
}

static gboolean
check_depth (const char  *data,
             gsize        len,
             GError     **error)
{
  if (!nd_json_is_one_value (data, len))
    {
      g_set_error_literal (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_SYNTAX,
                           _("The file is not valid JSON: it has more after the first value, "
                             "a comment, a ‘…’ string or an escape JSON does not have."));
      return FALSE;
    }
  if (!nd_json_too_deep (data, len, MAX_JSON_DEPTH))
    return TRUE;
  g_set_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_TOO_LARGE,
               _("The file is nested more than %d levels deep; it is not an article."),
               MAX_JSON_DEPTH);
  return FALSE;
}

static gboolean
is_hex_sha256 (const char *s)
{
  if (strlen (s) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
get_string (JsonObject  *obj,
            const char  *key,
            const char  *path,
            glong        max_chars,
            const char **out,
            GError     **error)
{
  return nd_json_get_string (obj, key, path, max_chars, ND_ARTICLE_ERROR,
                             ND_ARTICLE_ERROR_INVALID_FIELD, out, error);
}

static gboolean
get_strv (JsonObject  *obj,
          const char  *key,
          char      ***out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  guint n;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = g_new0 (char *, 1);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return field_error (error, key, _("expected a list of text"));

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > ND_ARTICLE_MAX_LIST)
    return field_error (error, key, _("too many entries"));

  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("%s[%u]", key, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return field_error (error, path, _("expected text"));
      if (g_utf8_strlen (json_node_get_string (item), -1) > ND_ARTICLE_MAX_LINE_FIELD)
        return field_error (error, path, _("too long"));
      g_strv_builder_add (builder, json_node_get_string (item));
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
get_datetime (JsonObject  *obj,
              const char  *key,
              GDateTime  **out,
              GError     **error)
{
  const char *text;

  *out = NULL;
  if (!get_string (obj, key, key, 64, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  *out = nd_datetime_parse (text);
  if (*out == NULL)
    return field_error (error, key, _("not an RFC 3339 date and time such as 2022-07-04T10:00:00Z"));
  return TRUE;
}

/* Copies the members of obj that this version does not know into dest. */
static void
collect_extra (JsonObject         *obj,
               const char * const *known,
               JsonObject         *dest)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (known, l->data))
      json_object_set_member (dest, l->data, json_node_copy (json_object_get_member (obj, l->data)));
}

static NdPhoto *
load_photo (JsonNode  *node,
            GError   **error)
{
  g_autoptr(NdPhoto) photo = nd_photo_new ();
  const char *file, *caption, *credit, *alt, *sha256;
  const char *dims[] = { "width", "height" };
  JsonObject *obj;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      field_error (error, "photo", _("expected an object"));
      return NULL;
    }
  obj = json_node_get_object (node);

  if (!get_string (obj, "file", "photo.file", 255, &file, error) ||
      !get_string (obj, "caption", "photo.caption", ND_ARTICLE_MAX_STANDFIRST, &caption, error) ||
      !get_string (obj, "credit", "photo.credit", ND_ARTICLE_MAX_LINE_FIELD, &credit, error) ||
      !get_string (obj, "alt", "photo.alt", ND_ARTICLE_MAX_STANDFIRST, &alt, error) ||
      !get_string (obj, "sha256", "photo.sha256", 64, &sha256, error))
    return NULL;

  /* The photo lives inside the article folder: a path would let a crafted document
   * point Newsdesk (and then a CMS upload) at any file on the machine. */
  if (file == NULL || *file == '\0' || strchr (file, '/') || strchr (file, '\\') ||
      g_str_equal (file, ".") || g_str_equal (file, "..") || file[0] == '.')
    {
      field_error (error, "photo.file", _("expected the name of a file in the article folder"));
      return NULL;
    }
  if (sha256 && *sha256 && !is_hex_sha256 (sha256))
    {
      field_error (error, "photo.sha256", _("expected 64 hexadecimal digits"));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (dims); i++)
    {
      JsonNode *d = json_object_get_member (obj, dims[i]);
      g_autofree char *path = g_strdup_printf ("photo.%s", dims[i]);
      gint64 v;

      if (d == NULL || JSON_NODE_HOLDS_NULL (d))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (d) || json_node_get_value_type (d) != G_TYPE_INT64)
        {
          field_error (error, path, _("expected a whole number of pixels"));
          return NULL;
        }
      v = json_node_get_int (d);
      if (v < 0 || v > 1000000)
        {
          field_error (error, path, _("out of range"));
          return NULL;
        }
      g_object_set (photo, dims[i], (guint) v, NULL);
    }

  g_object_set (photo, "file", file, "caption", caption, "credit", credit, "alt", alt,
                "sha256", sha256, NULL);
  collect_extra (obj, photo_keys, nd_photo_get_extra (photo));
  return g_steal_pointer (&photo);
}

static gboolean
load_related (NdArticle  *article,
              JsonNode   *node,
              GError    **error)
{
  JsonArray *array;
  guint n;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return field_error (error, "related", _("expected a list of links"));

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > ND_ARTICLE_MAX_LIST)
    return field_error (error, "related", _("too many entries"));

  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("related[%u]", i);
      g_autofree char *title_path = g_strdup_printf ("related[%u].title", i);
      g_autofree char *url_path = g_strdup_printf ("related[%u].url", i);
      g_autoptr(NdRelatedLink) link = NULL;
      const char *title, *url;
      JsonObject *obj;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return field_error (error, path, _("expected an object with a title and a url"));
      obj = json_node_get_object (item);
      if (!get_string (obj, "title", title_path, ND_ARTICLE_MAX_LINE_FIELD, &title, error) ||
          !get_string (obj, "url", url_path, 8192, &url, error))
        return FALSE;
      if (url == NULL || !nd_html_is_http_url (url))
        return field_error (error, url_path, _("not an http(s) URL"));

      link = nd_related_link_new (title, url);
      collect_extra (obj, link_keys, nd_related_link_get_extra (link));
      nd_article_add_related (article, link);
    }

  return TRUE;
}

static gboolean
load_remote (JsonNode    *node,
             JsonObject **out,
             GError     **error)
{
  JsonObject *obj;
  g_autoptr(GList) members = NULL;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = json_object_new ();
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return field_error (error, "remote", _("expected an object keyed by account"));

  obj = json_node_get_object (node);
  members = json_object_get_members (obj);
  for (GList *l = members; l; l = l->next)
    if (!JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, l->data)))
      {
        g_autofree char *path = g_strdup_printf ("remote.%s", (const char *) l->data);
        return field_error (error, path, _("expected an object"));
      }

  *out = json_object_ref (obj);
  return TRUE;
}

NdArticle *
nd_article_new_from_json (const char  *data,
                          gssize       len,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(NdArticle) article = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(GDateTime) publish_at = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_auto(GStrv) section = NULL;
  g_auto(GStrv) tags = NULL;
  const char *format, *id, *language, *headline, *standfirst, *byline, *dateline;
  const char *body, *status;
  JsonNode *root, *version, *photo_node;
  JsonObject *obj;

  g_return_val_if_fail (data != NULL, NULL);

  if (len < 0)
    len = strlen (data);

  if ((gsize) len > ND_ARTICLE_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *most = g_format_size (ND_ARTICLE_MAX_FILE_SIZE);

      g_set_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_TOO_LARGE,
                   _("The file is %s; an article file is at most %s."), size, most);
      return NULL;
    }
  if (!check_depth (data, len, error))
    return NULL;
  if (!g_utf8_validate (data, len, NULL))
    {
      g_set_error_literal (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_SYNTAX,
                           _("The file is not valid UTF-8 text."));
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      /* json-glib quotes the bad spot cut at a byte count, maybe mid-character. */
      g_autofree char *said = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_SYNTAX,
                   _("The file is not valid JSON: %s"), said);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_NOT_ARTICLE,
                           _("The file is not a Newsdesk article (expected a JSON object)."));
      return NULL;
    }
  obj = json_node_get_object (root);

  if (!get_string (obj, "format", "format", 64, &format, error))
    return NULL;
  if (g_strcmp0 (format, ND_ARTICLE_FORMAT) != 0)
    {
      g_set_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_NOT_ARTICLE,
                   _("format: expected “%s”; this is not a Newsdesk article."), ND_ARTICLE_FORMAT);
      return NULL;
    }

  version = json_object_get_member (obj, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) < 1)
    {
      field_error (error, "version", _("expected a whole number"));
      return NULL;
    }
  if (json_node_get_int (version) > ND_ARTICLE_FORMAT_VERSION)
    {
      g_set_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_NEWER_VERSION,
                   /* The format string must be a literal: xgettext cannot expand
                    * G_GINT64_FORMAT. */
                   _("version: the article was written by a newer Newsdesk (format %lld); "
                     "update Newsdesk to open it."),
                   (long long) json_node_get_int (version));
      return NULL;
    }

  if (!get_string (obj, "id", "id", 64, &id, error))
    return NULL;
  if (id == NULL || !g_uuid_string_is_valid (id))
    {
      field_error (error, "id", _("expected a UUID"));
      return NULL;
    }

  if (!get_string (obj, "language", "language", 35, &language, error))
    return NULL;
  if (language && !nd_language_tag_is_valid (language))
    {
      field_error (error, "language", _("expected a language tag such as “en” or “es”"));
      return NULL;
    }

  if (!get_string (obj, "headline", "headline", ND_ARTICLE_MAX_LINE_FIELD, &headline, error) ||
      !get_string (obj, "standfirst", "standfirst", ND_ARTICLE_MAX_STANDFIRST, &standfirst, error) ||
      !get_string (obj, "byline", "byline", ND_ARTICLE_MAX_LINE_FIELD, &byline, error) ||
      !get_string (obj, "dateline", "dateline", ND_ARTICLE_MAX_LINE_FIELD, &dateline, error) ||
      !get_string (obj, "body_html", "body_html", 0, &body, error) ||
      !get_string (obj, "status", "status", 32, &status, error))
    return NULL;

  if (body && strlen (body) > ND_ARTICLE_MAX_BODY)
    {
      field_error (error, "body_html", _("too long"));
      return NULL;
    }
  if (status && !nd_article_status_is_valid (status))
    {
      field_error (error, "status", _("expected “draft”, “scheduled” or “published”"));
      return NULL;
    }

  if (!get_strv (obj, "section", &section, error) ||
      !get_strv (obj, "tags", &tags, error) ||
      !get_datetime (obj, "publish_at", &publish_at, error) ||
      !get_datetime (obj, "created", &created, error) ||
      !get_datetime (obj, "modified", &modified, error) ||
      !load_remote (json_object_get_member (obj, "remote"), &remote, error))
    return NULL;

  article = nd_article_new ();
  extra = json_object_new ();
  collect_extra (obj, known_keys, extra);
  _nd_article_replace_json_parts (article, remote, extra);

  photo_node = json_object_get_member (obj, "photo");
  if (photo_node && !JSON_NODE_HOLDS_NULL (photo_node))
    {
      g_autoptr(NdPhoto) photo = load_photo (photo_node, error);

      if (photo == NULL)
        return NULL;
      nd_article_set_photo (article, photo);
    }

  if (!load_related (article, json_object_get_member (obj, "related"), error))
    return NULL;

  g_object_set (article,
                "id", id,
                "headline", headline,
                "standfirst", standfirst,
                "byline", byline,
                "dateline", dateline,
                "section", section,
                "tags", tags,
                "status", status ? status : "draft",
                "publish-at", publish_at,
                NULL);
  nd_article_set_language (article, language);
  if (created)
    nd_article_set_created (article, created);
  if (modified)
    nd_article_set_modified (article, modified);

  /* The document may have been edited by hand or written by another tool: only the
   * subset may ever reach the editor or a CMS. */
  if (body && *body)
    {
      if (!nd_article_set_body_from_untrusted (article, body, &local_error))
        {
          field_error (error, "body_html", local_error->message);
          return NULL;
        }
    }

  return g_steal_pointer (&article);
}

NdArticle *
nd_article_new_from_file (const char  *path,
                          GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  NdArticle *article;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  /* Check the size before reading, so a 100 MB file costs nothing. */
  if (g_stat (path, &st) == 0 && st.st_size > ND_ARTICLE_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (st.st_size);
      g_autofree char *most = g_format_size (ND_ARTICLE_MAX_FILE_SIZE);

      g_set_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_TOO_LARGE,
                   _("“%s” is %s; an article file is at most %s."), path, size, most);
      return NULL;
    }

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  article = nd_article_new_from_json (g_mapped_file_get_contents (mapped) ?
                                        g_mapped_file_get_contents (mapped) : "",
                                      g_mapped_file_get_length (mapped), error);
  return article;
}

static void
set_optional_string (JsonBuilder *b,
                     const char  *key,
                     const char  *value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, value ? value : "");
}

static void
add_strv (JsonBuilder        *b,
          const char         *key,
          const char * const *items)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; items && items[i]; i++)
    json_builder_add_string_value (b, items[i]);
  json_builder_end_array (b);
}

static void
add_datetime (JsonBuilder *b,
              const char  *key,
              GDateTime   *dt)
{
  g_autofree char *text = nd_datetime_format (dt);

  json_builder_set_member_name (b, key);
  if (text)
    json_builder_add_string_value (b, text);
  else
    json_builder_add_null_value (b);
}

static void
add_extra (JsonBuilder *b,
           JsonObject  *extra)
{
  g_autoptr(GList) members = json_object_get_members (extra);

  for (GList *l = members; l; l = l->next)
    {
      json_builder_set_member_name (b, l->data);
      json_builder_add_value (b, json_node_copy (json_object_get_member (extra, l->data)));
    }
}

char *
nd_article_to_json (NdArticle *self,
                    gsize     *len_out)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GListModel *related;
  NdPhoto *photo;
  char *out;

  g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, ND_ARTICLE_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, ND_ARTICLE_FORMAT_VERSION);
  set_optional_string (b, "id", nd_article_get_id (self));
  set_optional_string (b, "language", nd_article_get_language (self));
  set_optional_string (b, "headline", nd_article_get_headline (self));
  set_optional_string (b, "standfirst", nd_article_get_standfirst (self));
  set_optional_string (b, "byline", nd_article_get_byline (self));
  set_optional_string (b, "dateline", nd_article_get_dateline (self));
  add_strv (b, "section", nd_article_get_section (self));
  add_strv (b, "tags", nd_article_get_tags (self));
  set_optional_string (b, "body_html", nd_article_get_body_html (self));

  json_builder_set_member_name (b, "photo");
  photo = nd_article_get_photo (self);
  if (photo)
    {
      json_builder_begin_object (b);
      set_optional_string (b, "file", nd_photo_get_file (photo));
      set_optional_string (b, "caption", nd_photo_get_caption (photo));
      set_optional_string (b, "credit", nd_photo_get_credit (photo));
      set_optional_string (b, "alt", nd_photo_get_alt (photo));
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, nd_photo_get_width (photo));
      json_builder_set_member_name (b, "height");
      json_builder_add_int_value (b, nd_photo_get_height (photo));
      set_optional_string (b, "sha256", nd_photo_get_sha256 (photo));
      add_extra (b, nd_photo_get_extra (photo));
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "related");
  json_builder_begin_array (b);
  related = nd_article_get_related (self);
  for (guint i = 0; i < g_list_model_get_n_items (related); i++)
    {
      g_autoptr(NdRelatedLink) link = g_list_model_get_item (related, i);

      json_builder_begin_object (b);
      set_optional_string (b, "title", nd_related_link_get_title (link));
      set_optional_string (b, "url", nd_related_link_get_url (link));
      add_extra (b, nd_related_link_get_extra (link));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  set_optional_string (b, "status", nd_article_get_status (self));
  add_datetime (b, "publish_at", nd_article_get_publish_at (self));
  add_datetime (b, "created", nd_article_get_created (self));
  add_datetime (b, "modified", nd_article_get_modified (self));

  json_builder_set_member_name (b, "remote");
  {
    g_autoptr(JsonNode) remote = json_node_init_object (json_node_alloc (),
                                                        _nd_article_get_remote_object (self));
    json_builder_add_value (b, json_node_copy (remote));
  }

  add_extra (b, nd_article_get_extra (self));
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  out = json_generator_to_data (gen, len_out);
  return out;
}
