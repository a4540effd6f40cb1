/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-ninjs"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-html.h"
#include "nd-json-util.h"
#include "nd-ninjs.h"
#include "nd-util.h"

/* Deeper than any real news item, shallow enough that json-glib's recursive parser
 * cannot be driven into a stack overflow by a hostile file. */
#define MAX_JSON_DEPTH 256
#define MAX_URL        8192

/* ninjs 3.x is 2.x with camelCase names; everything that differs lives here, so the two
 * serializers (and readers) are one code path and cannot drift apart. */
typedef struct
{
  const char *version;
  const char *schema;
  const char *first_created;
  const char *version_created;
  const char *content_created;
  const char *embargoed;
  const char *pub_status;
  const char *alt_ids;
  const char *content_type;
  const char *representation_type;
  const char *word_count;
  const char *char_count;
  gboolean    association_rel;
} Names;

static const Names names_2_2 = {
  "2.2", "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#",
  "firstcreated", "versioncreated", "contentcreated", "embargoed", "pubstatus", "altids",
  "contenttype", "representationtype", "wordcount", "charcount", FALSE,
};

static const Names names_3_1 = {
  "3.1", "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
  "firstCreated", "versionCreated", "contentCreated", "embargoedUntil", "pubStatus", "altIds",
  "contentType", "representationType", "wordCount", "charCount", TRUE,
};

/* Only 3.x spells these in camelCase: any of them at the top level identifies 3.x. */
static const char * const camel_keys[] = {
  "firstCreated", "versionCreated", "contentCreated", "embargoedUntil", "pubStatus",
  "altIds", "representationType", "copyrightHolder", "copyrightNotice", "usageTerms",
  "edNote", "infoSources", "trustIndicators", "rightsInfo", "digitalSourceType",
  "eventDetails", "plannedCoverage", NULL
};

/* Names only 2.x uses (lowercase where 3.x is camelCase), or that both share. */
static const char * const lower_keys[] = {
  "firstcreated", "versioncreated", "contentcreated", "embargoed", "pubstatus", "altids",
  "representationtype", "headlines", "bodies", "descriptions", "subjects", NULL
};

G_DEFINE_QUARK (nd-ninjs-error-quark, nd_ninjs_error)

/* ---- export -------------------------------------------------------------------------- */

static const char *
content_type_for_name (const char *name)
{
  const char *dot = name ? strrchr (name, '.') : NULL;

  if (dot == NULL)
    return NULL;
  if (g_ascii_strcasecmp (dot, ".jpg") == 0 || g_ascii_strcasecmp (dot, ".jpeg") == 0)
    return "image/jpeg";
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return "image/png";
  if (g_ascii_strcasecmp (dot, ".webp") == 0)
    return "image/webp";
  if (g_ascii_strcasecmp (dot, ".gif") == 0)
    return "image/gif";
  return NULL;
}

static const char *
extension_for_content_type (const char *content_type)
{
  if (content_type == NULL)
    return NULL;
  if (g_ascii_strncasecmp (content_type, "image/jpeg", 10) == 0 ||
      g_ascii_strncasecmp (content_type, "image/jpg", 9) == 0)
    return "jpg";
  if (g_ascii_strncasecmp (content_type, "image/png", 9) == 0)
    return "png";
  if (g_ascii_strncasecmp (content_type, "image/webp", 10) == 0)
    return "webp";
  if (g_ascii_strncasecmp (content_type, "image/gif", 9) == 0)
    return "gif";
  return NULL;
}

/* "News > Política" → "news/política": a stable machine form of the section path. */
static char *
section_literal (const char * const *section)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; section && section[i]; i++)
    {
      g_autofree char *lower = g_utf8_strdown (section[i], -1);
      gboolean dash = FALSE;
      gsize start;

      if (i > 0)
        g_string_append_c (out, '/');
      start = out->len;
      for (const char *p = lower; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_isalnum (c))
            {
              if (dash && out->len > start)
                g_string_append_c (out, '-');
              g_string_append_unichar (out, c);
              dash = FALSE;
            }
          else
            dash = TRUE;
        }
    }

  return g_string_free (out, FALSE);
}

static gboolean
has_text (const char *s)
{
  return s != NULL && *s != '\0';
}

static void
set_text (JsonObject *obj,
          const char *key,
          const char *value)
{
  if (has_text (value))
    json_object_set_string_member (obj, key, value);
}

static void
set_time (JsonObject *obj,
          const char *key,
          GDateTime  *dt,
          gboolean    superdesk)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *text = NULL;

  if (dt == NULL)
    return;
  /* Superdesk and its consumers (Python's strptime with %z) write and expect "+0000". */
  utc = g_date_time_to_utc (dt);
  /* Not "%Y": it writes the year 303 as "303", which no RFC 3339 reader takes back. */
  text = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%s", g_date_time_get_year (utc),
                          g_date_time_get_month (utc), g_date_time_get_day_of_month (utc),
                          g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                          g_date_time_get_second (utc), superdesk ? "+0000" : "Z");
  json_object_set_string_member (obj, key, text);
}

static JsonObject *
text_object (const char *role,
             const char *content_type_key,
             const char *content_type,
             const char *value)
{
  JsonObject *obj = json_object_new ();

  if (role)
    json_object_set_string_member (obj, "role", role);
  if (content_type_key && content_type)
    json_object_set_string_member (obj, content_type_key, content_type);
  json_object_set_string_member (obj, "value", value);
  return obj;
}

static void
add_one (JsonObject *obj,
         const char *key,
         JsonObject *element)
{
  JsonArray *array = json_array_new ();

  json_array_add_object_element (array, element);
  json_object_set_array_member (obj, key, array);
}

static const char *
pub_status_for (NdArticle *article)
{
  /* Only a published story may be used by whoever receives it; a draft or a story
   * waiting for its time is held back (the embargo says until when). */
  return g_strcmp0 (nd_article_get_status (article), "published") == 0 ? "usable" : "withheld";
}

static GDateTime *
embargo_for (NdArticle *article)
{
  if (g_strcmp0 (nd_article_get_status (article), "scheduled") != 0)
    return NULL;
  return nd_article_get_publish_at (article);
}

static char *
photo_uri (NdArticle *article,
           NdPhoto   *photo)
{
  /* The picture's own identity: the same bytes keep the same uri across versions, so a
   * receiver can tell that an update did not change the picture. */
  if (has_text (nd_photo_get_sha256 (photo)))
    return g_strdup_printf ("urn:newsdesk:photo:sha256:%s", nd_photo_get_sha256 (photo));
  return g_strdup_printf ("urn:newsdesk:photo:%s", nd_article_get_id (article));
}

static JsonObject *
export_picture (NdArticle   *article,
                NdPhoto     *photo,
                const Names *n,
                const char  *href)
{
  JsonObject *assoc = json_object_new ();
  JsonObject *rendition = json_object_new ();
  g_autoptr(JsonArray) descriptions = json_array_new ();
  g_autofree char *uri = photo_uri (article, photo);
  const char *content_type = content_type_for_name (nd_photo_get_file (photo));

  json_object_set_string_member (assoc, "name", "mainpic");
  if (n->association_rel)
    json_object_set_string_member (assoc, "rel", "mainpic");
  json_object_set_string_member (assoc, "uri", uri);
  json_object_set_string_member (assoc, "type", "picture");
  set_text (assoc, "by", nd_photo_get_credit (photo));

  if (has_text (nd_photo_get_caption (photo)))
    json_array_add_object_element (descriptions,
                                   text_object ("caption", n->content_type, "text/plain",
                                                nd_photo_get_caption (photo)));
  if (has_text (nd_photo_get_alt (photo)))
    json_array_add_object_element (descriptions,
                                   text_object ("alt", n->content_type, "text/plain",
                                                nd_photo_get_alt (photo)));
  if (json_array_get_length (descriptions) > 0)
    json_object_set_array_member (assoc, "descriptions", g_steal_pointer (&descriptions));

  json_object_set_string_member (rendition, "name", "original");
  json_object_set_string_member (rendition, "href", href);
  if (content_type)
    json_object_set_string_member (rendition, n->content_type, content_type);
  if (nd_photo_get_width (photo) > 0 && nd_photo_get_height (photo) > 0)
    {
      json_object_set_int_member (rendition, "width", nd_photo_get_width (photo));
      json_object_set_int_member (rendition, "height", nd_photo_get_height (photo));
    }
  add_one (assoc, "renditions", rendition);
  return assoc;
}

static JsonObject *
export_related (NdRelatedLink *link,
                guint          index,
                const Names   *n)
{
  JsonObject *assoc = json_object_new ();
  g_autofree char *name = g_strdup_printf ("related-%u", index + 1);

  json_object_set_string_member (assoc, "name", name);
  if (n->association_rel)
    json_object_set_string_member (assoc, "rel", "related");
  json_object_set_string_member (assoc, "uri", nd_related_link_get_url (link));
  json_object_set_string_member (assoc, "type", "text");
  json_object_set_string_member (assoc, n->representation_type, "partial");
  if (has_text (nd_related_link_get_title (link)))
    add_one (assoc, "headlines", text_object (NULL, NULL, NULL, nd_related_link_get_title (link)));
  return assoc;
}

static void
export_alt_ids (NdArticle   *article,
                JsonObject  *root,
                const char  *key)
{
  g_auto(GStrv) accounts = nd_article_list_remotes (article);
  g_autoptr(JsonArray) ids = json_array_new ();

  for (guint i = 0; accounts && accounts[i]; i++)
    {
      JsonObject *remote = nd_article_get_remote (article, accounts[i]);
      JsonNode *id = remote ? json_object_get_member (remote, "id") : NULL;
      g_autofree char *role = NULL;
      g_autofree char *value = NULL;
      JsonObject *alt;

      if (id == NULL || !JSON_NODE_HOLDS_VALUE (id))
        continue;
      if (json_node_get_value_type (id) == G_TYPE_STRING)
        value = g_strdup (json_node_get_string (id));
      else if (json_node_get_value_type (id) == G_TYPE_INT64)
        value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
      if (!has_text (value))
        continue;

      role = g_strdup_printf ("%s-id", accounts[i]);
      alt = json_object_new ();
      json_object_set_string_member (alt, "role", role);
      json_object_set_string_member (alt, "value", value);
      json_array_add_object_element (ids, alt);
    }

  if (json_array_get_length (ids) > 0)
    json_object_set_array_member (root, key, g_steal_pointer (&ids));
}

static JsonObject *
export_ninjs (NdArticle   *article,
              const Names *n,
              const char  *photo_href,
              guint        version)
{
  JsonObject *root = json_object_new ();
  JsonObject *standard = json_object_new ();
  g_autoptr(JsonArray) subjects = json_array_new ();
  g_autoptr(JsonArray) associations = json_array_new ();
  g_autofree char *uri = g_strdup_printf ("urn:uuid:%s", nd_article_get_id (article));
  g_autofree char *version_text = g_strdup_printf ("%u", MAX (version, 1));
  const char * const *section = nd_article_get_section (article);
  const char * const *tags = nd_article_get_tags (article);
  GListModel *related = nd_article_get_related (article);
  NdPhoto *photo = nd_article_get_photo (article);
  const char *body = nd_article_get_body_html (article);

  json_object_set_string_member (root, "uri", uri);
  json_object_set_string_member (standard, "name", "ninjs");
  json_object_set_string_member (standard, "version", n->version);
  json_object_set_string_member (standard, "schema", n->schema);
  json_object_set_object_member (root, "standard", standard);
  json_object_set_string_member (root, "type", "text");
  json_object_set_string_member (root, n->representation_type, "full");
  json_object_set_string_member (root, "version", version_text);

  set_time (root, n->first_created, nd_article_get_created (article), FALSE);
  set_time (root, n->version_created, nd_article_get_modified (article), FALSE);
  set_time (root, n->content_created, nd_article_get_created (article), FALSE);
  set_time (root, n->embargoed, embargo_for (article), FALSE);
  json_object_set_string_member (root, n->pub_status, pub_status_for (article));
  set_text (root, "language", nd_article_get_language (article));

  if (has_text (nd_article_get_headline (article)))
    add_one (root, "headlines", text_object ("main", NULL, NULL, nd_article_get_headline (article)));
  if (has_text (nd_article_get_standfirst (article)))
    add_one (root, "descriptions", text_object ("summary", n->content_type, "text/plain",
                                                nd_article_get_standfirst (article)));
  set_text (root, "by", nd_article_get_byline (article));
  set_text (root, "located", nd_article_get_dateline (article));

  if (has_text (body))
    {
      JsonObject *obj = text_object ("main", n->content_type, "text/html", body);

      json_object_set_int_member (obj, n->word_count, nd_article_get_word_count (article));
      json_object_set_int_member (obj, n->char_count, nd_article_get_char_count (article));
      add_one (root, "bodies", obj);
    }

  if (section && section[0])
    {
      JsonObject *obj = json_object_new ();
      g_autofree char *path = nd_article_dup_section_path (article);
      g_autofree char *literal = section_literal (section);

      json_object_set_string_member (obj, "rel", "section");
      json_object_set_string_member (obj, "name", path);
      json_object_set_string_member (obj, "literal", literal);
      json_array_add_object_element (subjects, obj);
    }
  for (guint i = 0; tags && tags[i]; i++)
    {
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, "rel", "keyword");
      json_object_set_string_member (obj, "name", tags[i]);
      json_array_add_object_element (subjects, obj);
    }
  if (json_array_get_length (subjects) > 0)
    json_object_set_array_member (root, "subjects", g_steal_pointer (&subjects));

  if (photo)
    json_array_add_object_element (associations,
                                   export_picture (article, photo, n,
                                                   photo_href ? photo_href : nd_photo_get_file (photo)));
  for (guint i = 0; i < g_list_model_get_n_items (related); i++)
    {
      g_autoptr(NdRelatedLink) link = g_list_model_get_item (related, i);

      json_array_add_object_element (associations, export_related (link, i, n));
    }
  if (json_array_get_length (associations) > 0)
    json_object_set_array_member (root, "associations", g_steal_pointer (&associations));

  export_alt_ids (article, root, n->alt_ids);
  return root;
}

static JsonObject *
export_superdesk (NdArticle  *article,
                  const char *photo_href,
                  guint       version)
{
  JsonObject *root = json_object_new ();
  g_autoptr(JsonArray) keywords = json_array_new ();
  g_autoptr(JsonObject) associations = json_object_new ();
  g_autofree char *guid = g_strdup_printf ("urn:uuid:%s", nd_article_get_id (article));
  g_autofree char *version_text = g_strdup_printf ("%u", MAX (version, 1));
  const char * const *section = nd_article_get_section (article);
  const char * const *tags = nd_article_get_tags (article);
  GListModel *related = nd_article_get_related (article);
  NdPhoto *photo = nd_article_get_photo (article);

  json_object_set_string_member (root, "guid", guid);
  json_object_set_string_member (root, "type", "text");
  json_object_set_string_member (root, "version", version_text);
  set_time (root, "firstcreated", nd_article_get_created (article), TRUE);
  set_time (root, "versioncreated", nd_article_get_modified (article), TRUE);
  set_time (root, "embargoed", embargo_for (article), TRUE);
  json_object_set_string_member (root, "pubstatus", pub_status_for (article));
  set_text (root, "language", nd_article_get_language (article));
  json_object_set_string_member (root, "headline", nd_article_get_headline (article));
  set_text (root, "byline", nd_article_get_byline (article));
  set_text (root, "located", nd_article_get_dateline (article));
  set_text (root, "description_text", nd_article_get_standfirst (article));
  json_object_set_string_member (root, "body_html", nd_article_get_body_html (article));
  json_object_set_int_member (root, "wordcount", nd_article_get_word_count (article));
  json_object_set_int_member (root, "charcount", nd_article_get_char_count (article));

  for (guint i = 0; tags && tags[i]; i++)
    json_array_add_string_element (keywords, tags[i]);
  json_object_set_array_member (root, "keywords", g_steal_pointer (&keywords));

  if (section && section[0])
    {
      JsonObject *subject = json_object_new ();
      g_autofree char *path = nd_article_dup_section_path (article);
      g_autofree char *code = section_literal (section);

      json_object_set_string_member (subject, "code", code);
      json_object_set_string_member (subject, "name", path);
      json_object_set_string_member (subject, "scheme", "section");
      add_one (root, "subject", subject);
    }

  if (photo)
    {
      JsonObject *media = json_object_new ();
      JsonObject *renditions = json_object_new ();
      JsonObject *original = json_object_new ();
      g_autofree char *uri = photo_uri (article, photo);
      const char *content_type = content_type_for_name (nd_photo_get_file (photo));

      json_object_set_string_member (media, "guid", uri);
      json_object_set_string_member (media, "type", "picture");
      set_text (media, "byline", nd_photo_get_credit (photo));
      set_text (media, "description_text", nd_photo_get_caption (photo));
      set_text (media, "alt_text", nd_photo_get_alt (photo));
      json_object_set_string_member (original, "href",
                                     photo_href ? photo_href : nd_photo_get_file (photo));
      if (content_type)
        json_object_set_string_member (original, "mimetype", content_type);
      if (nd_photo_get_width (photo) > 0 && nd_photo_get_height (photo) > 0)
        {
          json_object_set_int_member (original, "width", nd_photo_get_width (photo));
          json_object_set_int_member (original, "height", nd_photo_get_height (photo));
        }
      json_object_set_object_member (renditions, "original", original);
      json_object_set_object_member (media, "renditions", renditions);
      json_object_set_object_member (associations, "featuremedia", media);
    }
  for (guint i = 0; i < g_list_model_get_n_items (related); i++)
    {
      g_autoptr(NdRelatedLink) link = g_list_model_get_item (related, i);
      g_autofree char *name = g_strdup_printf ("related-%u", i + 1);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "guid", nd_related_link_get_url (link));
      json_object_set_string_member (item, "uri", nd_related_link_get_url (link));
      json_object_set_string_member (item, "type", "text");
      set_text (item, "headline", nd_related_link_get_title (link));
      json_object_set_object_member (associations, name, item);
    }
  json_object_set_object_member (root, "associations", g_steal_pointer (&associations));

  return root;
}

/* ---- import: validation helpers ------------------------------------------------------ */

static gboolean
field_error (GError     **error,
             const char  *path,
             const char  *problem)
{
  return nd_json_field_error (error, ND_NINJS_ERROR, ND_NINJS_ERROR_INVALID_FIELD, path, problem);
}

static char *
child_path (const char *parent,
            const char *key)
{
  return parent ? g_strdup_printf ("%s.%s", parent, key) : g_strdup (key);
}

static gboolean
check_depth (const char  *data,
             gsize        len,
             GError     **error)
{
  if (!nd_json_is_one_value (data, len))
    {
      g_set_error_literal (error, ND_NINJS_ERROR, ND_NINJS_ERROR_SYNTAX,
                           _("The news item is not valid JSON: it has more after the first "
                             "value, a comment, a ‘…’ string or an escape JSON does not have."));
      return FALSE;
    }
  if (!nd_json_too_deep (data, len, MAX_JSON_DEPTH))
    return TRUE;
  g_set_error (error, ND_NINJS_ERROR, ND_NINJS_ERROR_TOO_LARGE,
               _("The file is nested more than %d levels deep; it is not a news item."),
               MAX_JSON_DEPTH);
  return FALSE;
}

static gboolean
get_string (JsonObject  *obj,
            const char  *key,
            const char  *parent,
            glong        max_chars,
            const char **out,
            GError     **error)
{
  g_autofree char *path = child_path (parent, key);

  return nd_json_get_string (obj, key, path, max_chars, ND_NINJS_ERROR,
                             ND_NINJS_ERROR_INVALID_FIELD, out, error);
}

static gboolean
get_array (JsonObject  *obj,
           const char  *key,
           const char  *parent,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  g_autofree char *path = NULL;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  path = child_path (parent, key);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return field_error (error, path, _("expected a list"));
  if (json_array_get_length (json_node_get_array (node)) > ND_ARTICLE_MAX_LIST)
    return field_error (error, path, _("too many entries"));
  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
get_object (JsonNode    *node,
            const char  *path,
            JsonObject **out,
            GError     **error)
{
  *out = NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return field_error (error, path, _("expected an object"));
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_datetime (JsonObject  *obj,
              const char  *key,
              const char  *parent,
              GDateTime  **out,
              GError     **error)
{
  g_autoptr(GDateTime) dt = NULL;
  const char *text;

  *out = NULL;
  if (!get_string (obj, key, parent, 64, &text, error))
    return FALSE;
  if (text == NULL || *text == '\0')
    return TRUE;

  dt = nd_datetime_parse (text);
  if (dt == NULL)
    {
      g_autofree char *path = child_path (parent, key);
      return field_error (error, path,
                          _("not a date and time with a time zone such as 2022-07-04T10:00:00Z"));
    }
  /* The article document keeps whole seconds. */
  *out = g_date_time_new_from_unix_utc (g_date_time_to_unix (dt));
  return TRUE;
}

static gboolean
get_pixels (JsonObject  *obj,
            const char  *key,
            const char  *parent,
            guint       *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  g_autofree char *path = NULL;
  double v;

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  path = child_path (parent, key);
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return field_error (error, path, _("expected a whole number of pixels"));

  /* ninjs 2.x declares these as "number": 1200.0 is a fine width, 1200.5 is not. */
  v = json_node_get_value_type (node) == G_TYPE_INT64 ? (double) json_node_get_int (node)
                                                      : json_node_get_double (node);
  if (v != (double) (gint64) v)
    return field_error (error, path, _("expected a whole number of pixels"));
  if (v < 0 || v > 1000000)
    return field_error (error, path, _("out of range"));
  *out = (guint) v;
  return TRUE;
}

/* ---- import: the parts both dialects share ------------------------------------------- */

typedef struct
{
  const char *caption;
  const char *credit;
  const char *alt;
  const char *href;
  const char *content_type;
  guint       width;
  guint       height;
} PictureInfo;

typedef struct
{
  NdArticle *article;
  char      *photo_href;
  char      *section_path;
  GPtrArray *tags;
  GDateTime *created;
  GDateTime *modified;
  GDateTime *embargo;
  const char *pub_status;
  const char *pub_status_path;
} Import;

static void
import_clear (Import *im)
{
  g_clear_object (&im->article);
  g_clear_pointer (&im->photo_href, g_free);
  g_clear_pointer (&im->section_path, g_free);
  g_clear_pointer (&im->tags, g_ptr_array_unref);
  g_clear_pointer (&im->created, g_date_time_unref);
  g_clear_pointer (&im->modified, g_date_time_unref);
  g_clear_pointer (&im->embargo, g_date_time_unref);
}

/* A rendition href the picture may be found under beside the item: a bare file name. */
static gboolean
is_plain_file_name (const char *href)
{
  if (href == NULL || *href == '\0' || *href == '.' || strlen (href) > 255)
    return FALSE;
  for (const char *p = href; *p; p++)
    if (*p == '/' || *p == '\\' || *p == ':' || *p == '?' || *p == '#' || *p == '%' ||
        (guchar) *p < 0x20)
      return FALSE;
  return TRUE;
}

static void
import_picture (Import            *im,
                const PictureInfo *info)
{
  g_autoptr(NdPhoto) photo = nd_photo_new ();
  g_autofree char *file = NULL;

  if (is_plain_file_name (info->href))
    file = g_strdup (info->href);
  else
    {
      const char *ext = extension_for_content_type (info->content_type);

      if (ext == NULL && info->href)
        {
          g_autofree char *scheme = g_uri_parse_scheme (info->href);
          g_autofree char *path = scheme ? NULL : g_strdup (info->href);
          g_autoptr(GUri) uri = path ? NULL : g_uri_parse (info->href, G_URI_FLAGS_NONE, NULL);
          const char *p = path ? path : uri ? g_uri_get_path (uri) : NULL;
          g_autofree char *base = p ? g_path_get_basename (p) : NULL;

          ext = extension_for_content_type (content_type_for_name (base));
        }
      file = g_strdup_printf ("photo.%s", ext ? ext : "jpg");
    }

  g_object_set (photo,
                "file", file,
                "caption", info->caption,
                "credit", info->credit,
                "alt", info->alt,
                "width", info->width,
                "height", info->height,
                NULL);
  nd_article_set_photo (im->article, photo);
  g_free (im->photo_href);
  im->photo_href = g_strdup (info->href);
}

/* A text association is a related link when its uri is a web address; a urn: or tag:
 * uri names another news item, which is not a link a reader can follow. Any other
 * scheme (javascript:, data:, file:…) is refused rather than silently dropped. */
static gboolean
import_link (Import      *im,
             const char  *uri,
             const char  *uri_path,
             const char  *title,
             GError     **error)
{
  g_autoptr(NdRelatedLink) link = NULL;

  if (uri == NULL)
    return TRUE;
  if (!nd_html_is_http_url (uri))
    {
      g_autofree char *scheme = g_uri_parse_scheme (uri);

      if (scheme && (g_ascii_strcasecmp (scheme, "urn") == 0 ||
                     g_ascii_strcasecmp (scheme, "tag") == 0))
        return TRUE;
      return field_error (error, uri_path, _("not an http(s) URL"));
    }

  link = nd_related_link_new (title, uri);
  nd_article_add_related (im->article, link);
  return TRUE;
}

static void
add_tag (Import     *im,
         const char *tag)
{
  if (tag && *tag)
    g_ptr_array_add (im->tags, g_strdup (tag));
}

static gboolean
set_body (Import      *im,
          const char  *value,
          gboolean     plain,
          const char  *path,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (value == NULL || *value == '\0')
    return TRUE;
  if (strlen (value) > ND_ARTICLE_MAX_BODY)
    return field_error (error, path, _("too long"));

  if (plain)
    {
      g_autofree char *html = nd_html_from_plain_text (value);
      nd_article_set_body_html (im->article, html);
    }
  /* Whatever the sender wrote, only the subset may reach the editor or a CMS. */
  else if (!nd_article_set_body_from_untrusted (im->article, value, &local_error))
    return field_error (error, path, local_error->message);
  return TRUE;
}

static gboolean
set_standfirst (Import      *im,
                const char  *value,
                gboolean     html,
                const char  *path,
                GError     **error)
{
  g_autofree char *text = NULL;

  if (value == NULL)
    return TRUE;
  text = html ? nd_html_to_plain_text (value) : g_strdup (value);
  if (text && g_utf8_strlen (text, -1) > ND_ARTICLE_MAX_STANDFIRST)
    return field_error (error, path, _("too long"));
  nd_article_set_standfirst (im->article, text ? g_strstrip (text) : NULL);
  return TRUE;
}

static gboolean
set_language (Import      *im,
              const char  *language,
              GError     **error)
{
  if (language == NULL || *language == '\0')
    return TRUE;
  if (!nd_language_tag_is_valid (language))
    return field_error (error, "language", _("expected a language tag such as “en” or “es”"));
  nd_article_set_language (im->article, language);
  return TRUE;
}

static gboolean
set_id (Import     *im,
        const char *uri)
{
  if (uri && g_str_has_prefix (uri, "urn:uuid:") && g_uuid_string_is_valid (uri + 9))
    {
      g_autofree char *id = g_ascii_strdown (uri + 9, -1);
      nd_article_set_id (im->article, id);
      return TRUE;
    }
  return FALSE;
}

static gboolean
is_type (const char *content_type,
         const char *wanted)
{
  return content_type != NULL && g_ascii_strncasecmp (content_type, wanted, strlen (wanted)) == 0;
}

static gboolean
finish_import (Import  *im,
               GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (im->section_path)
    nd_article_set_section_path (im->article, im->section_path);
  if (im->tags->len > 0)
    {
      g_ptr_array_add (im->tags, NULL);
      nd_article_set_tags (im->article, (const char * const *) im->tags->pdata);
    }

  if (im->pub_status && !g_str_equal (im->pub_status, "usable") &&
      !g_str_equal (im->pub_status, "withheld") && !g_str_equal (im->pub_status, "canceled"))
    return field_error (error, im->pub_status_path,
                        _("expected “usable”, “withheld” or “canceled”"));

  /* An embargo is "not before": a story held until a time still to come is scheduled
   * for it; once usable and past its embargo it is published. */
  if (im->embargo && g_strcmp0 (im->pub_status, "canceled") != 0 &&
      (g_strcmp0 (im->pub_status, "usable") != 0 || g_date_time_compare (im->embargo, now) > 0))
    {
      nd_article_set_status (im->article, "scheduled");
      nd_article_set_publish_at (im->article, im->embargo);
    }
  else if (g_strcmp0 (im->pub_status, "usable") == 0)
    nd_article_set_status (im->article, "published");
  else
    nd_article_set_status (im->article, "draft");

  if (im->created)
    nd_article_set_created (im->article, im->created);
  if (im->modified)
    nd_article_set_modified (im->article, im->modified);
  else if (im->created)
    nd_article_set_modified (im->article, im->created);
  return TRUE;
}

/* ---- import: ninjs 2.x / 3.x --------------------------------------------------------- */

/* Validates every element of a headlines/descriptions/bodies list and returns the index
 * of the one with the wanted role (else the first without a role, else the first), or -1. */
static gboolean
pick_text (JsonObject   *root,
           const char   *key,
           const char   *role,
           const char   *skip_role1,
           const char   *skip_role2,
           const Names  *n,
           glong         max_chars,
           const char  **value_out,
           const char  **content_type_out,
           char        **path_out,
           GError      **error)
{
  JsonArray *array;
  int wanted = -1, unnamed = -1, other = -1;

  *value_out = NULL;
  *content_type_out = NULL;
  *path_out = NULL;
  if (!get_array (root, key, NULL, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", key, i);
      const char *r, *v, *ct;
      JsonObject *obj;

      if (!get_object (json_array_get_element (array, i), path, &obj, error) ||
          !get_string (obj, "role", path, 256, &r, error) ||
          !get_string (obj, "value", path, max_chars, &v, error) ||
          !get_string (obj, n->content_type, path, 256, &ct, error))
        return FALSE;
      if (v == NULL)
        {
          g_autofree char *value_path = child_path (path, "value");
          return field_error (error, value_path, _("expected text"));
        }
      if (wanted < 0 && g_strcmp0 (r, role) == 0)
        wanted = i;
      else if (unnamed < 0 && r == NULL)
        unnamed = i;
      else if (other < 0 && g_strcmp0 (r, skip_role1) != 0 && g_strcmp0 (r, skip_role2) != 0)
        other = i;
    }

  if (wanted < 0)
    wanted = unnamed >= 0 ? unnamed : other;
  if (wanted >= 0)
    {
      JsonObject *obj = json_array_get_object_element (array, wanted);

      *value_out = json_object_get_string_member (obj, "value");
      *content_type_out = json_object_get_member (obj, n->content_type) &&
                          !json_object_get_null_member (obj, n->content_type)
                            ? json_object_get_string_member (obj, n->content_type) : NULL;
      *path_out = g_strdup_printf ("%s[%d].value", key, wanted);
    }
  return TRUE;
}

static gboolean
import_subjects (Import      *im,
                 JsonObject  *root,
                 GError     **error)
{
  JsonArray *array;

  if (!get_array (root, "subjects", NULL, &array, error))
    return FALSE;
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("subjects[%u]", i);
      const char *rel, *name, *literal;
      JsonObject *obj;

      if (!get_object (json_array_get_element (array, i), path, &obj, error) ||
          !get_string (obj, "rel", path, 256, &rel, error) ||
          !get_string (obj, "name", path, ND_ARTICLE_MAX_LINE_FIELD, &name, error) ||
          !get_string (obj, "literal", path, ND_ARTICLE_MAX_LINE_FIELD, &literal, error))
        return FALSE;

      /* Only what Newsdesk itself means by a subject: other concepts (media topics,
       * people, places) are the sender's taxonomy, not the reporter's tags. */
      if (g_strcmp0 (rel, "section") == 0 && im->section_path == NULL)
        {
          if (has_text (name))
            im->section_path = g_strdup (name);
          else if (has_text (literal))
            {
              g_auto(GStrv) levels = g_strsplit (literal, "/", -1);
              im->section_path = g_strjoinv (" > ", levels);
            }
        }
      else if (g_strcmp0 (rel, "keyword") == 0)
        add_tag (im, has_text (name) ? name : literal);
    }
  return TRUE;
}

static gboolean
import_ninjs_picture (Import       *im,
                      JsonObject   *assoc,
                      const char   *path,
                      const Names  *n,
                      GError      **error)
{
  PictureInfo info = { 0 };
  JsonArray *descriptions, *renditions;
  g_autofree char *desc_path = child_path (path, "descriptions");
  g_autofree char *rend_path = child_path (path, "renditions");
  gboolean best_is_original = FALSE;
  int best = -1;

  if (!get_string (assoc, "by", path, ND_ARTICLE_MAX_LINE_FIELD, &info.credit, error) ||
      !get_array (assoc, "descriptions", path, &descriptions, error) ||
      !get_array (assoc, "renditions", path, &renditions, error))
    return FALSE;

  for (guint i = 0; descriptions && i < json_array_get_length (descriptions); i++)
    {
      g_autofree char *p = g_strdup_printf ("%s[%u]", desc_path, i);
      const char *role, *value;
      JsonObject *obj;

      if (!get_object (json_array_get_element (descriptions, i), p, &obj, error) ||
          !get_string (obj, "role", p, 256, &role, error) ||
          !get_string (obj, "value", p, ND_ARTICLE_MAX_STANDFIRST, &value, error))
        return FALSE;
      if (g_strcmp0 (role, "alt") == 0 || g_strcmp0 (role, "alttext") == 0)
        info.alt = info.alt ? info.alt : value;
      else if (info.caption == NULL && (role == NULL || g_str_equal (role, "caption") ||
                                        g_str_equal (role, "summary")))
        info.caption = value;
    }

  for (guint i = 0; renditions && i < json_array_get_length (renditions); i++)
    {
      g_autofree char *p = g_strdup_printf ("%s[%u]", rend_path, i);
      const char *name, *href, *ct;
      guint width, height;
      JsonObject *obj;

      if (!get_object (json_array_get_element (renditions, i), p, &obj, error) ||
          !get_string (obj, "name", p, 256, &name, error) ||
          !get_string (obj, "href", p, MAX_URL, &href, error) ||
          !get_string (obj, n->content_type, p, 256, &ct, error) ||
          !get_pixels (obj, "width", p, &width, error) ||
          !get_pixels (obj, "height", p, &height, error))
        return FALSE;

      /* The original if there is one, else the largest. */
      if (best >= 0 &&
          (best_is_original || (g_strcmp0 (name, "original") != 0 && width <= info.width)))
        continue;
      best = i;
      best_is_original = g_strcmp0 (name, "original") == 0;
      info.href = href;
      info.content_type = ct;
      info.width = width;
      info.height = height;
    }

  import_picture (im, &info);
  return TRUE;
}

static gboolean
import_ninjs_associations (Import       *im,
                           JsonObject   *root,
                           const Names  *n,
                           GError      **error)
{
  JsonArray *array;
  gboolean have_picture = FALSE;

  if (!get_array (root, "associations", NULL, &array, error))
    return FALSE;
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("associations[%u]", i);
      g_autofree char *uri_path = g_strdup_printf ("associations[%u].uri", i);
      const char *name, *type, *uri, *title = NULL;
      JsonArray *headlines;
      JsonObject *obj;

      if (!get_object (json_array_get_element (array, i), path, &obj, error) ||
          !get_string (obj, "name", path, 256, &name, error) ||
          !get_string (obj, "type", path, 64, &type, error) ||
          !get_string (obj, "uri", path, MAX_URL, &uri, error))
        return FALSE;

      if (g_strcmp0 (type, "picture") == 0 || (type == NULL && g_strcmp0 (name, "mainpic") == 0))
        {
          /* The lead picture: "mainpic" by convention, else the first picture. */
          if (have_picture && g_strcmp0 (name, "mainpic") != 0)
            continue;
          if (!import_ninjs_picture (im, obj, path, n, error))
            return FALSE;
          have_picture = TRUE;
          continue;
        }
      if (type != NULL && !g_str_equal (type, "text"))
        continue;

      if (!get_array (obj, "headlines", path, &headlines, error))
        return FALSE;
      if (headlines && json_array_get_length (headlines) > 0)
        {
          g_autofree char *p = g_strdup_printf ("%s.headlines[0]", path);
          JsonObject *h;

          if (!get_object (json_array_get_element (headlines, 0), p, &h, error) ||
              !get_string (h, "value", p, ND_ARTICLE_MAX_LINE_FIELD, &title, error))
            return FALSE;
        }
      if (title == NULL && !get_string (obj, "title", path, ND_ARTICLE_MAX_LINE_FIELD, &title, error))
        return FALSE;
      if (!import_link (im, uri, uri_path, title, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
import_ninjs (Import       *im,
              JsonObject   *root,
              const Names  *n,
              GError      **error)
{
  const char *uri, *by, *located, *language, *value, *content_type;
  g_autofree char *path = NULL;

  if (!get_string (root, "uri", NULL, MAX_URL, &uri, error) ||
      !get_string (root, "by", NULL, ND_ARTICLE_MAX_LINE_FIELD, &by, error) ||
      !get_string (root, "located", NULL, ND_ARTICLE_MAX_LINE_FIELD, &located, error) ||
      !get_string (root, "language", NULL, 35, &language, error) ||
      !get_string (root, n->pub_status, NULL, 32, &im->pub_status, error) ||
      !get_datetime (root, n->first_created, NULL, &im->created, error) ||
      !get_datetime (root, n->version_created, NULL, &im->modified, error) ||
      !get_datetime (root, n->embargoed, NULL, &im->embargo, error))
    return FALSE;
  im->pub_status_path = n->pub_status;
  if (im->created == NULL &&
      !get_datetime (root, n->content_created, NULL, &im->created, error))
    return FALSE;

  set_id (im, uri);
  if (!set_language (im, language, error))
    return FALSE;
  g_object_set (im->article, "byline", by, "dateline", located, NULL);

  if (!pick_text (root, "headlines", "main", NULL, NULL, n, ND_ARTICLE_MAX_LINE_FIELD,
                  &value, &content_type, &path, error))
    return FALSE;
  if (value)
    {
      g_autofree char *text = is_type (content_type, "text/html")
                                ? nd_html_to_plain_text (value) : g_strdup (value);
      nd_article_set_headline (im->article, g_strstrip (text));
    }
  g_clear_pointer (&path, g_free);

  if (!pick_text (root, "descriptions", "summary", "caption", "alt", n, 0,
                  &value, &content_type, &path, error) ||
      !set_standfirst (im, value, is_type (content_type, "text/html"), path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  if (!pick_text (root, "bodies", "main", NULL, NULL, n, 0, &value, &content_type, &path, error) ||
      !set_body (im, value, is_type (content_type, "text/plain"), path, error))
    return FALSE;

  return import_subjects (im, root, error) &&
         import_ninjs_associations (im, root, n, error);
}

/* ---- import: Superdesk --------------------------------------------------------------- */

static gboolean
import_superdesk_picture (Import      *im,
                          JsonObject  *media,
                          const char  *path,
                          GError     **error)
{
  PictureInfo info = { 0 };
  JsonNode *renditions_node = json_object_get_member (media, "renditions");
  g_autofree char *rend_path = child_path (path, "renditions");
  const char *byline, *credit, *body_text;

  if (!get_string (media, "byline", path, ND_ARTICLE_MAX_LINE_FIELD, &byline, error) ||
      !get_string (media, "credit", path, ND_ARTICLE_MAX_LINE_FIELD, &credit, error) ||
      !get_string (media, "description_text", path, ND_ARTICLE_MAX_STANDFIRST, &info.caption, error) ||
      !get_string (media, "alt_text", path, ND_ARTICLE_MAX_STANDFIRST, &info.alt, error) ||
      !get_string (media, "body_text", path, ND_ARTICLE_MAX_STANDFIRST, &body_text, error))
    return FALSE;
  /* Superdesk pictures carry the photographer in byline and the agency in credit;
   * Newsdesk's single credit line prefers the photographer. Older Superdesk versions
   * keep the alt text in body_text. */
  info.credit = has_text (byline) ? byline : credit;
  if (info.alt == NULL)
    info.alt = body_text;

  if (renditions_node && !JSON_NODE_HOLDS_NULL (renditions_node))
    {
      static const char * const preferred[] = { "original", "baseImage", "viewImage", NULL };
      g_autoptr(GList) names = NULL;
      JsonObject *renditions;
      const char *chosen = NULL;

      if (!get_object (renditions_node, rend_path, &renditions, error))
        return FALSE;
      names = json_object_get_members (renditions);
      for (guint i = 0; preferred[i] && chosen == NULL; i++)
        if (json_object_has_member (renditions, preferred[i]))
          chosen = preferred[i];
      if (chosen == NULL && names)
        chosen = names->data;

      if (chosen)
        {
          g_autofree char *p = child_path (rend_path, chosen);
          JsonObject *r;

          if (!get_object (json_object_get_member (renditions, chosen), p, &r, error) ||
              !get_string (r, "href", p, MAX_URL, &info.href, error) ||
              !get_string (r, "mimetype", p, 256, &info.content_type, error) ||
              !get_pixels (r, "width", p, &info.width, error) ||
              !get_pixels (r, "height", p, &info.height, error))
            return FALSE;
        }
    }

  import_picture (im, &info);
  return TRUE;
}

static gboolean
import_superdesk (Import      *im,
                  JsonObject  *root,
                  GError     **error)
{
  const char *guid, *uri, *headline, *byline, *located, *language, *body_html, *body_text;
  const char *description_text, *description_html;
  JsonArray *keywords, *subject;
  JsonNode *assoc_node;

  if (!get_string (root, "guid", NULL, MAX_URL, &guid, error) ||
      !get_string (root, "uri", NULL, MAX_URL, &uri, error) ||
      !get_string (root, "headline", NULL, ND_ARTICLE_MAX_LINE_FIELD, &headline, error) ||
      !get_string (root, "byline", NULL, ND_ARTICLE_MAX_LINE_FIELD, &byline, error) ||
      !get_string (root, "located", NULL, ND_ARTICLE_MAX_LINE_FIELD, &located, error) ||
      !get_string (root, "language", NULL, 35, &language, error) ||
      !get_string (root, "body_html", NULL, 0, &body_html, error) ||
      !get_string (root, "body_text", NULL, 0, &body_text, error) ||
      !get_string (root, "description_text", NULL, ND_ARTICLE_MAX_STANDFIRST, &description_text, error) ||
      !get_string (root, "description_html", NULL, 0, &description_html, error) ||
      !get_string (root, "pubstatus", NULL, 32, &im->pub_status, error) ||
      !get_datetime (root, "firstcreated", NULL, &im->created, error) ||
      !get_datetime (root, "versioncreated", NULL, &im->modified, error) ||
      !get_datetime (root, "embargoed", NULL, &im->embargo, error) ||
      !get_array (root, "keywords", NULL, &keywords, error) ||
      !get_array (root, "subject", NULL, &subject, error))
    return FALSE;
  im->pub_status_path = "pubstatus";

  if (!set_id (im, guid))
    set_id (im, uri);
  if (!set_language (im, language, error))
    return FALSE;
  {
    /* Trimmed as the ninjs 2.2/3.1 headline is, so every flavour imports the same. */
    g_autofree char *trimmed = g_strstrip (g_strdup (headline ? headline : ""));

    g_object_set (im->article, "headline", trimmed, "byline", byline, "dateline", located, NULL);
  }

  if (description_text)
    {
      if (!set_standfirst (im, description_text, FALSE, "description_text", error))
        return FALSE;
    }
  else if (!set_standfirst (im, description_html, TRUE, "description_html", error))
    return FALSE;

  if (body_html)
    {
      if (!set_body (im, body_html, FALSE, "body_html", error))
        return FALSE;
    }
  else if (!set_body (im, body_text, TRUE, "body_text", error))
    return FALSE;

  for (guint i = 0; keywords && i < json_array_get_length (keywords); i++)
    {
      JsonNode *node = json_array_get_element (keywords, i);
      g_autofree char *path = g_strdup_printf ("keywords[%u]", i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return field_error (error, path, _("expected text"));
      if (g_utf8_strlen (json_node_get_string (node), -1) > ND_ARTICLE_MAX_LINE_FIELD)
        return field_error (error, path, _("too long"));
      add_tag (im, json_node_get_string (node));
    }

  for (guint i = 0; subject && i < json_array_get_length (subject); i++)
    {
      g_autofree char *path = g_strdup_printf ("subject[%u]", i);
      const char *code, *name, *scheme;
      JsonObject *obj;

      if (!get_object (json_array_get_element (subject, i), path, &obj, error) ||
          !get_string (obj, "code", path, ND_ARTICLE_MAX_LINE_FIELD, &code, error) ||
          !get_string (obj, "name", path, ND_ARTICLE_MAX_LINE_FIELD, &name, error) ||
          !get_string (obj, "scheme", path, 256, &scheme, error))
        return FALSE;
      if (g_strcmp0 (scheme, "section") == 0 && im->section_path == NULL)
        {
          if (has_text (name))
            im->section_path = g_strdup (name);
          else if (has_text (code))
            {
              g_auto(GStrv) levels = g_strsplit (code, "/", -1);
              im->section_path = g_strjoinv (" > ", levels);
            }
        }
    }

  assoc_node = json_object_get_member (root, "associations");
  if (assoc_node && !JSON_NODE_HOLDS_NULL (assoc_node))
    {
      g_autoptr(GList) names = NULL;
      JsonObject *assocs;
      gboolean have_picture = FALSE;

      if (!get_object (assoc_node, "associations", &assocs, error))
        return FALSE;
      if (json_object_get_size (assocs) > ND_ARTICLE_MAX_LIST)
        return field_error (error, "associations", _("too many entries"));

      /* featuremedia first, whatever order the object came in. */
      if (json_object_has_member (assocs, "featuremedia"))
        names = g_list_prepend (names, (gpointer) "featuremedia");
      {
        g_autoptr(GList) members = json_object_get_members (assocs);
        for (GList *l = members; l; l = l->next)
          if (!g_str_equal (l->data, "featuremedia"))
            names = g_list_append (names, l->data);
      }

      for (GList *l = names; l; l = l->next)
        {
          JsonNode *node = json_object_get_member (assocs, l->data);
          g_autofree char *path = g_strdup_printf ("associations.%s", (const char *) l->data);
          const char *type, *link_uri, *link_guid, *title;
          JsonObject *obj;

          /* Superdesk writes null for an association that was removed. */
          if (JSON_NODE_HOLDS_NULL (node))
            continue;
          if (!get_object (node, path, &obj, error) ||
              !get_string (obj, "type", path, 64, &type, error))
            return FALSE;

          if (g_strcmp0 (type, "picture") == 0)
            {
              if (have_picture)
                continue;
              if (!import_superdesk_picture (im, obj, path, error))
                return FALSE;
              have_picture = TRUE;
            }
          else if (type == NULL || g_str_equal (type, "text"))
            {
              g_autofree char *uri_path = NULL;

              if (!get_string (obj, "uri", path, MAX_URL, &link_uri, error) ||
                  !get_string (obj, "guid", path, MAX_URL, &link_guid, error) ||
                  !get_string (obj, "headline", path, ND_ARTICLE_MAX_LINE_FIELD, &title, error))
                return FALSE;
              uri_path = child_path (path, link_uri ? "uri" : "guid");
              if (!import_link (im, link_uri ? link_uri : link_guid, uri_path, title, error))
                return FALSE;
            }
        }
    }

  return TRUE;
}

/* ---- public API ---------------------------------------------------------------------- */

const char *
nd_ninjs_flavour_to_string (NdNinjsFlavour flavour)
{
  switch (flavour)
    {
    case ND_NINJS_2_2:
      return "ninjs-2.2";
    case ND_NINJS_3_1:
      return "ninjs-3.1";
    case ND_NINJS_SUPERDESK:
      return "superdesk";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
nd_ninjs_flavour_from_string (const char     *name,
                              NdNinjsFlavour *flavour_out)
{
  static const NdNinjsFlavour all[] = { ND_NINJS_2_2, ND_NINJS_3_1, ND_NINJS_SUPERDESK };

  g_return_val_if_fail (flavour_out != NULL, FALSE);

  for (guint i = 0; name && i < G_N_ELEMENTS (all); i++)
    if (g_str_equal (name, nd_ninjs_flavour_to_string (all[i])))
      {
        *flavour_out = all[i];
        return TRUE;
      }
  return FALSE;
}

JsonNode *
nd_ninjs_export (NdArticle      *article,
                 NdNinjsFlavour  flavour,
                 const char     *photo_href,
                 guint           version)
{
  JsonObject *root;
  JsonNode *node;

  g_return_val_if_fail (ND_IS_ARTICLE (article), NULL);

  switch (flavour)
    {
    case ND_NINJS_2_2:
      root = export_ninjs (article, &names_2_2, photo_href, version);
      break;
    case ND_NINJS_3_1:
      root = export_ninjs (article, &names_3_1, photo_href, version);
      break;
    case ND_NINJS_SUPERDESK:
      root = export_superdesk (article, photo_href, version);
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  node = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);
  return node;
}

char *
nd_ninjs_export_string (NdArticle      *article,
                        NdNinjsFlavour  flavour,
                        const char     *photo_href,
                        guint           version)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) gen = NULL;

  g_return_val_if_fail (ND_IS_ARTICLE (article), NULL);

  root = nd_ninjs_export (article, flavour, photo_href, version);
  if (root == NULL)
    return NULL;
  gen = json_generator_new ();
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  return json_generator_to_data (gen, NULL);
}

static gboolean
has_any_member (JsonObject         *obj,
                const char * const *keys)
{
  for (guint i = 0; keys[i]; i++)
    if (json_object_has_member (obj, keys[i]))
      return TRUE;
  return FALSE;
}

static gboolean
holds_string (JsonObject *obj,
              const char *key)
{
  JsonNode *node = json_object_get_member (obj, key);

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* TRUE if the first element of root[key] (a list of objects) has member. */
static gboolean
first_element_has (JsonObject *root,
                   const char *key,
                   const char *member)
{
  JsonNode *node = json_object_get_member (root, key);
  JsonNode *first;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    return FALSE;
  first = json_array_get_element (json_node_get_array (node), 0);
  return JSON_NODE_HOLDS_OBJECT (first) && json_object_has_member (json_node_get_object (first), member);
}

gboolean
nd_ninjs_detect (JsonObject     *root,
                 NdNinjsFlavour *flavour_out)
{
  NdNinjsFlavour flavour;
  JsonNode *standard;

  g_return_val_if_fail (root != NULL, FALSE);

  if (holds_string (root, "format") &&
      g_str_equal (json_object_get_string_member (root, "format"), ND_ARTICLE_FORMAT))
    return FALSE;

  /* An item that says what it is is believed. */
  standard = json_object_get_member (root, "standard");
  if (standard && JSON_NODE_HOLDS_OBJECT (standard) &&
      holds_string (json_node_get_object (standard), "name") &&
      holds_string (json_node_get_object (standard), "version") &&
      g_ascii_strcasecmp (json_object_get_string_member (json_node_get_object (standard), "name"),
                          "ninjs") == 0)
    {
      const char *version = json_object_get_string_member (json_node_get_object (standard), "version");

      if (g_str_has_prefix (version, "1"))
        flavour = ND_NINJS_SUPERDESK;
      else if (g_str_has_prefix (version, "2"))
        flavour = ND_NINJS_2_2;
      else
        flavour = ND_NINJS_3_1;
      goto found;
    }

  if (has_any_member (root, camel_keys) ||
      first_element_has (root, "bodies", "contentType") ||
      first_element_has (root, "descriptions", "contentType") ||
      first_element_has (root, "headlines", "contentType"))
    {
      flavour = ND_NINJS_3_1;
      goto found;
    }

  /* The 1.x names as plain strings: Superdesk and the ninjs 1.x it grew from. */
  if (!json_object_has_member (root, "headlines") && !json_object_has_member (root, "bodies") &&
      (holds_string (root, "guid") || holds_string (root, "body_html") ||
       holds_string (root, "headline") || holds_string (root, "body_text")))
    {
      flavour = ND_NINJS_SUPERDESK;
      goto found;
    }

  if (holds_string (root, "uri") || has_any_member (root, lower_keys))
    {
      flavour = ND_NINJS_2_2;
      goto found;
    }

  return FALSE;

found:
  if (flavour_out)
    *flavour_out = flavour;
  return TRUE;
}

NdArticle *
nd_ninjs_import_full (const char      *data,
                      gssize           len,
                      NdNinjsFlavour  *flavour_out,
                      char           **photo_href_out,
                      GError         **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  Import im = { 0 };
  NdNinjsFlavour flavour;
  JsonObject *root;
  JsonNode *node;
  gboolean ok;

  g_return_val_if_fail (data != NULL, NULL);

  if (photo_href_out)
    *photo_href_out = NULL;
  if (len < 0)
    len = strlen (data);

  if ((gsize) len > ND_ARTICLE_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *max = g_format_size (ND_ARTICLE_MAX_FILE_SIZE);

      g_set_error (error, ND_NINJS_ERROR, ND_NINJS_ERROR_TOO_LARGE,
                   _("The news item is %s; Newsdesk reads items of at most %s."), size, max);
      return NULL;
    }
  if (!check_depth (data, len, error))
    return NULL;
  if (!g_utf8_validate (data, len, NULL))
    {
      g_set_error_literal (error, ND_NINJS_ERROR, ND_NINJS_ERROR_SYNTAX,
                           _("The news item is not valid UTF-8 text."));
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      /* json-glib quotes the bad spot cut at a byte count, maybe mid-character. */
      g_autofree char *said = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, ND_NINJS_ERROR, ND_NINJS_ERROR_SYNTAX,
                   _("The news item is not valid JSON: %s"), said);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, ND_NINJS_ERROR, ND_NINJS_ERROR_NOT_NINJS,
                           _("The file is not a ninjs news item (expected a JSON object)."));
      return NULL;
    }
  root = json_node_get_object (node);
  if (!nd_ninjs_detect (root, &flavour))
    {
      g_set_error_literal (error, ND_NINJS_ERROR, ND_NINJS_ERROR_NOT_NINJS,
                           _("The file is not a ninjs news item: it has no “uri”, “guid”, "
                             "headline or body."));
      return NULL;
    }

  im.article = nd_article_new ();
  im.tags = g_ptr_array_new_with_free_func (g_free);

  switch (flavour)
    {
    case ND_NINJS_2_2:
      ok = import_ninjs (&im, root, &names_2_2, error);
      break;
    case ND_NINJS_3_1:
      ok = import_ninjs (&im, root, &names_3_1, error);
      break;
    case ND_NINJS_SUPERDESK:
    default:
      ok = import_superdesk (&im, root, error);
      break;
    }
  ok = ok && finish_import (&im, error);

  if (!ok)
    {
      import_clear (&im);
      return NULL;
    }

  if (flavour_out)
    *flavour_out = flavour;
  if (photo_href_out)
    *photo_href_out = g_steal_pointer (&im.photo_href);
  {
    NdArticle *article = g_steal_pointer (&im.article);
    import_clear (&im);
    return article;
  }
}

NdArticle *
nd_ninjs_import (const char      *data,
                 gssize           len,
                 NdNinjsFlavour  *flavour_out,
                 GError         **error)
{
  return nd_ninjs_import_full (data, len, flavour_out, NULL, error);
}
