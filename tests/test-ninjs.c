/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "nd-html.h"
#include "nd-ninjs.h"
#include "nd-test-util.h"
#include "nd-util.h"

/* The names each flavour must use, so one set of assertions covers 2.2 and 3.1. */
typedef struct
{
  NdNinjsFlavour flavour;
  const char *version;
  const char *first_created, *version_created, *content_created, *embargoed, *pub_status;
  const char *alt_ids, *content_type, *representation_type, *word_count, *char_count;
  gboolean    rel;
  /* Every property the official schema allows at the top level of an item. */
  const char * const *allowed;
} Flavour;

static const char * const allowed_2_2[] = {
  "uri", "type", "representationtype", "profile", "version", "firstcreated", "versioncreated",
  "contentcreated", "embargoed", "pubstatus", "urgency", "copyrightholder", "copyrightnotice",
  "usageterms", "ednote", "language", "descriptions", "bodies", "headlines", "people",
  "organisations", "places", "subjects", "events", "objects", "infosources", "title", "by",
  "slugline", "located", "renditions", "associations", "altids", "trustindicators", "standard",
  "genres", "expires", "rightsinfo", "digitalsourcetype", NULL
};

static const char * const allowed_3_1[] = {
  "uri", "type", "representationType", "profile", "version", "firstCreated", "versionCreated",
  "contentCreated", "embargoedUntil", "pubStatus", "urgency", "copyrightHolder",
  "copyrightNotice", "usageTerms", "edNote", "language", "descriptions", "bodies", "headlines",
  "people", "organisations", "places", "subjects", "events", "eventDetails", "plannedCoverage",
  "objects", "infoSources", "title", "by", "slugline", "located", "renditions", "associations",
  "altIds", "trustIndicators", "standard", "genres", "expires", "rightsInfo",
  "digitalSourceType", NULL
};

static const Flavour flavour_2_2 = {
  ND_NINJS_2_2, "2.2", "firstcreated", "versioncreated", "contentcreated", "embargoed",
  "pubstatus", "altids", "contenttype", "representationtype", "wordcount", "charcount", FALSE,
  allowed_2_2,
};

static const Flavour flavour_3_1 = {
  ND_NINJS_3_1, "3.1", "firstCreated", "versionCreated", "contentCreated", "embargoedUntil",
  "pubStatus", "altIds", "contentType", "representationType", "wordCount", "charCount", TRUE,
  allowed_3_1,
};

/* ninjs 1.x / Superdesk names the 2.x and 3.x schemas reject, anywhere in the item. */
static const char * const forbidden_1x[] = {
  "keywords", "links", "bylines", "body_html", "body_text", "headline", "byline", "guid",
  "description_text", "description_html", "subject", "place", "person", "mimetype", NULL
};

/* ---- helpers ------------------------------------------------------------------------- */

static JsonObject *
member_object (JsonObject *obj,
               const char *key)
{
  JsonNode *node = json_object_get_member (obj, key);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static JsonArray *
member_array (JsonObject *obj,
              const char *key,
              guint       expected_length)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL)
    g_error ("missing member “%s”", key);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, expected_length);
  return json_node_get_array (node);
}

static JsonObject *
element (JsonArray *array,
         guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static void
assert_string (JsonObject *obj,
               const char *key,
               const char *expected)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL)
    g_error ("missing member “%s” (expected “%s”)", key, expected);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_node_get_string (node), ==, expected);
}

static void
assert_int (JsonObject *obj,
            const char *key,
            gint64      expected)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL)
    g_error ("missing member “%s”", key);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (node), ==, expected);
}

static void
assert_members (JsonObject         *obj,
                const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      g_error ("member “%s” is not allowed here", (const char *) l->data);
}

/* Walks the whole tree: no forbidden name at any depth. */
static void
assert_no_names (JsonNode           *node,
                 const char * const *names)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (obj);

      for (GList *l = members; l; l = l->next)
        {
          if (g_strv_contains (names, l->data))
            g_error ("forbidden member “%s”", (const char *) l->data);
          assert_no_names (json_object_get_member (obj, l->data), names);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        assert_no_names (json_array_get_element (array, i), names);
    }
}

static NdArticle *
complete_article (void)
{
  NdArticle *article = nd_test_article_complete ();
  g_autoptr(JsonObject) remote = json_object_new ();
  g_autofree char *body = g_strdup (nd_article_get_body_html (article));

  /* The canonical form of the body, as the editor would hold it. */
  g_assert_true (nd_article_set_body_from_untrusted (article, body, NULL));
  json_object_set_string_member (remote, "id", "4711");
  json_object_set_string_member (remote, "url", "https://cms.example.org/?p=4711");
  nd_article_set_remote (article, "wp-main", remote);
  return article;
}

static JsonObject *
export_object (NdArticle      *article,
               NdNinjsFlavour  flavour,
               const char     *photo_href,
               guint           version,
               JsonNode      **keep)
{
  *keep = nd_ninjs_export (article, flavour, photo_href, version);
  g_assert_nonnull (*keep);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*keep));
  return json_node_get_object (*keep);
}

/* ---- export: ninjs 2.2 and 3.1 ------------------------------------------------------- */

static void
test_export_ninjs (gconstpointer data)
{
  const Flavour *f = data;
  const Flavour *other = f->flavour == ND_NINJS_2_2 ? &flavour_3_1 : &flavour_2_2;
  g_autoptr(NdArticle) article = complete_article ();
  g_autoptr(JsonNode) keep = NULL;
  g_autofree char *uri = g_strdup_printf ("urn:uuid:%s", nd_article_get_id (article));
  const char *tags[] = { "Russia", "Venezuela", "Diplomacia 🌎" };
  const char *rendition_keys[] = { "name", "href", f->content_type, "width", "height", NULL };
  const char *text_keys[] = { "role", f->content_type, "value", NULL };
  const char *body_keys[] = { "role", f->content_type, "value", f->word_count, f->char_count, NULL };
  const char *subject_keys[] = { "rel", "name", "literal", NULL };
  const char *other_names[] = {
    other->first_created, other->version_created, other->content_created, other->embargoed,
    other->pub_status, other->alt_ids, other->content_type, other->representation_type,
    other->word_count, other->char_count, NULL
  };
  JsonObject *root, *obj, *standard;
  JsonArray *array, *assocs;

  root = export_object (article, f->flavour, NULL, 3, &keep);

  /* Required, identity and envelope. */
  assert_members (root, f->allowed);
  assert_no_names (keep, forbidden_1x);
  assert_no_names (keep, other_names);
  assert_string (root, "uri", uri);
  assert_string (root, "version", "3");
  assert_string (root, "type", "text");
  assert_string (root, f->representation_type, "full");
  standard = member_object (root, "standard");
  assert_string (standard, "name", "ninjs");
  assert_string (standard, "version", f->version);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (standard, "schema"),
                                   "http://www.iptc.org/std/ninjs/ninjs-schema_"));

  /* Times (RFC 3339, UTC) and state: scheduled = withheld until the embargo. */
  assert_string (root, f->first_created, "2022-07-04T10:00:00Z");
  assert_string (root, f->version_created, "2022-07-04T11:30:00Z");
  assert_string (root, f->content_created, "2022-07-04T10:00:00Z");
  assert_string (root, f->embargoed, "2031-01-01T09:00:00Z");
  assert_string (root, f->pub_status, "withheld");
  assert_string (root, "language", "es");

  array = member_array (root, "headlines", 1);
  assert_members (element (array, 0), text_keys);
  assert_string (element (array, 0), "role", "main");
  assert_string (element (array, 0), "value", "Russia Commits To Fruitful Partnership With Latam - Lavrov");

  array = member_array (root, "descriptions", 1);
  assert_members (element (array, 0), text_keys);
  assert_string (element (array, 0), "role", "summary");
  assert_string (element (array, 0), f->content_type, "text/plain");
  assert_string (element (array, 0), "value", "Lavrov ‘welcomed’ the “new” ties — said Faría 🇻🇪");

  assert_string (root, "by", "María José Faría");
  assert_string (root, "located", "Moscú");

  array = member_array (root, "bodies", 1);
  obj = element (array, 0);
  assert_members (obj, body_keys);
  assert_string (obj, "role", "main");
  assert_string (obj, f->content_type, "text/html");
  assert_string (obj, "value", nd_article_get_body_html (article));
  assert_int (obj, f->word_count, nd_article_get_word_count (article));
  assert_int (obj, f->char_count, nd_article_get_char_count (article));
  g_assert_cmpuint (nd_article_get_word_count (article), >, 10);

  /* Section first, then one keyword subject per tag, in order. */
  array = member_array (root, "subjects", 1 + G_N_ELEMENTS (tags));
  assert_members (element (array, 0), subject_keys);
  assert_string (element (array, 0), "rel", "section");
  assert_string (element (array, 0), "name", "News > Russia");
  assert_string (element (array, 0), "literal", "news/russia");
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      assert_members (element (array, i + 1), subject_keys);
      assert_string (element (array, i + 1), "rel", "keyword");
      assert_string (element (array, i + 1), "name", tags[i]);
    }

  /* The photo, then the related links. */
  assocs = member_array (root, "associations", 3);
  obj = element (assocs, 0);
  assert_string (obj, "name", "mainpic");
  if (f->rel)
    assert_string (obj, "rel", "mainpic");
  else
    g_assert_false (json_object_has_member (obj, "rel"));
  assert_string (obj, "uri", "urn:newsdesk:photo:sha256:"
                 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  assert_string (obj, "type", "picture");
  assert_string (obj, "by", "Twitter/@LaVigesima");
  array = member_array (obj, "descriptions", 2);
  assert_string (element (array, 0), "role", "caption");
  assert_string (element (array, 0), "value", "Lavrov en la rueda de prensa “anual”");
  assert_string (element (array, 1), "role", "alt");
  assert_string (element (array, 1), "value", "Sergey Lavrov speaking at a lectern in front of flags");
  array = member_array (obj, "renditions", 1);
  assert_members (element (array, 0), rendition_keys);
  assert_string (element (array, 0), "name", "original");
  assert_string (element (array, 0), "href", "photo.jpg");
  assert_string (element (array, 0), f->content_type, "image/jpeg");
  assert_int (element (array, 0), "width", 1200);
  assert_int (element (array, 0), "height", 800);

  obj = element (assocs, 1);
  assert_string (obj, "name", "related-1");
  assert_string (obj, "uri", "https://example.org/venezuela?x=1&y=2");
  assert_string (obj, "type", "text");
  assert_string (obj, f->representation_type, "partial");
  if (f->rel)
    assert_string (obj, "rel", "related");
  assert_string (element (member_array (obj, "headlines", 1), 0), "value", "Venezuela y Rusia: una alianza");
  obj = element (assocs, 2);
  assert_string (obj, "name", "related-2");
  assert_string (obj, "uri", "http://example.com/tour#día");
  assert_string (element (member_array (obj, "headlines", 1), 0), "value", "Lavrov’s tour");
  for (guint i = 0; i < 3; i++)
    {
      /* Association items are ninjs items with a name (and in 3.x a rel). */
      const char *extra[] = { "name", "rel", NULL };
      g_autoptr(GList) members = json_object_get_members (element (assocs, i));

      for (GList *l = members; l; l = l->next)
        g_assert_true (g_strv_contains (f->allowed, l->data) ||
                       g_strv_contains (extra, l->data));
    }

  array = member_array (root, f->alt_ids, 1);
  assert_string (element (array, 0), "role", "wp-main-id");
  assert_string (element (array, 0), "value", "4711");
}

static void
test_export_photo_href (gconstpointer data)
{
  const Flavour *f = data;
  g_autoptr(NdArticle) article = complete_article ();
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *root = export_object (article, f->flavour, "https://cdn.example.org/a/b.jpg", 0, &keep);
  JsonObject *pic = element (member_array (root, "associations", 3), 0);

  assert_string (element (member_array (pic, "renditions", 1), 0), "href",
                 "https://cdn.example.org/a/b.jpg");
  /* Version 0 is taken as the first version. */
  assert_string (root, "version", "1");
}

static void
test_export_status (gconstpointer data)
{
  const Flavour *f = data;
  g_autoptr(NdArticle) article = complete_article ();
  struct { const char *status; const char *pub; gboolean embargo; } cases[] = {
    { "draft", "withheld", FALSE },
    { "scheduled", "withheld", TRUE },
    { "published", "usable", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) keep = NULL;
      JsonObject *root;

      nd_article_set_status (article, cases[i].status);
      root = export_object (article, f->flavour, NULL, 1, &keep);
      assert_string (root, f->pub_status, cases[i].pub);
      g_assert_cmpint (json_object_has_member (root, f->embargoed), ==, cases[i].embargo);
    }
}

static void
test_export_minimal (gconstpointer data)
{
  const Flavour *f = data;
  g_autoptr(NdArticle) article = nd_article_new ();
  g_autoptr(JsonNode) keep = NULL;
  g_autoptr(NdArticle) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *root = export_object (article, f->flavour, NULL, 1, &keep);

  assert_members (root, f->allowed);
  assert_no_names (keep, forbidden_1x);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (root, "uri"), "urn:uuid:"));
  assert_string (root, f->pub_status, "withheld");
  /* Nothing empty is sent: the schema requires a value in every text object. */
  g_assert_false (json_object_has_member (root, "headlines"));
  g_assert_false (json_object_has_member (root, "descriptions"));
  g_assert_false (json_object_has_member (root, "bodies"));
  g_assert_false (json_object_has_member (root, "associations"));
  g_assert_false (json_object_has_member (root, "subjects"));
  g_assert_false (json_object_has_member (root, "by"));
  g_assert_false (json_object_has_member (root, f->alt_ids));

  text = nd_ninjs_export_string (article, f->flavour, NULL, 1);
  back = nd_ninjs_import (text, -1, NULL, &error);
  g_assert_no_error (error);
  nd_test_assert_articles_equal (article, back);
}

/* ---- export: Superdesk --------------------------------------------------------------- */

static void
test_export_superdesk (void)
{
  g_autoptr(NdArticle) article = complete_article ();
  g_autoptr(JsonNode) keep = NULL;
  g_autofree char *guid = g_strdup_printf ("urn:uuid:%s", nd_article_get_id (article));
  const char *tags[] = { "Russia", "Venezuela", "Diplomacia 🌎" };
  const char *ninjs2_only[] = { "headlines", "bodies", "descriptions", "subjects", "altids", NULL };
  JsonObject *root, *assocs, *media, *original, *link;
  JsonArray *array;

  root = export_object (article, ND_NINJS_SUPERDESK, NULL, 2, &keep);
  assert_no_names (keep, ninjs2_only);

  assert_string (root, "guid", guid);
  assert_string (root, "type", "text");
  assert_string (root, "version", "2");
  assert_string (root, "language", "es");
  assert_string (root, "headline", "Russia Commits To Fruitful Partnership With Latam - Lavrov");
  assert_string (root, "byline", "María José Faría");
  assert_string (root, "located", "Moscú");
  assert_string (root, "description_text", "Lavrov ‘welcomed’ the “new” ties — said Faría 🇻🇪");
  assert_string (root, "body_html", nd_article_get_body_html (article));
  assert_int (root, "wordcount", nd_article_get_word_count (article));
  assert_int (root, "charcount", nd_article_get_char_count (article));
  assert_string (root, "firstcreated", "2022-07-04T10:00:00+0000");
  assert_string (root, "versioncreated", "2022-07-04T11:30:00+0000");
  assert_string (root, "embargoed", "2031-01-01T09:00:00+0000");
  assert_string (root, "pubstatus", "withheld");

  array = member_array (root, "keywords", G_N_ELEMENTS (tags));
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    g_assert_cmpstr (json_array_get_string_element (array, i), ==, tags[i]);
  array = member_array (root, "subject", 1);
  assert_string (element (array, 0), "code", "news/russia");
  assert_string (element (array, 0), "name", "News > Russia");
  assert_string (element (array, 0), "scheme", "section");

  /* Associations and renditions are objects keyed by name. */
  assocs = member_object (root, "associations");
  g_assert_cmpuint (json_object_get_size (assocs), ==, 3);
  media = member_object (assocs, "featuremedia");
  assert_string (media, "type", "picture");
  assert_string (media, "byline", "Twitter/@LaVigesima");
  assert_string (media, "description_text", "Lavrov en la rueda de prensa “anual”");
  assert_string (media, "alt_text", "Sergey Lavrov speaking at a lectern in front of flags");
  g_assert_true (json_object_has_member (media, "guid"));
  original = member_object (member_object (media, "renditions"), "original");
  assert_string (original, "href", "photo.jpg");
  assert_string (original, "mimetype", "image/jpeg");
  assert_int (original, "width", 1200);
  assert_int (original, "height", 800);
  link = member_object (assocs, "related-1");
  assert_string (link, "type", "text");
  assert_string (link, "uri", "https://example.org/venezuela?x=1&y=2");
  assert_string (link, "headline", "Venezuela y Rusia: una alianza");
  link = member_object (assocs, "related-2");
  assert_string (link, "uri", "http://example.com/tour#día");

  nd_article_set_status (article, "published");
  g_clear_pointer (&keep, json_node_unref);
  root = export_object (article, ND_NINJS_SUPERDESK, NULL, 2, &keep);
  assert_string (root, "pubstatus", "usable");
  g_assert_false (json_object_has_member (root, "embargoed"));
}

/* ---- round trips --------------------------------------------------------------------- */

static void
test_round_trip (gconstpointer data)
{
  NdNinjsFlavour flavour = GPOINTER_TO_INT (data);
  const char *statuses[] = { "scheduled", "published", "draft" };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(NdArticle) article = complete_article ();
      g_autoptr(NdArticle) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *href = NULL;
      NdNinjsFlavour detected = -1;

      nd_article_set_status (article, statuses[i]);
      if (!g_str_equal (statuses[i], "scheduled"))
        nd_article_set_publish_at (article, NULL);

      text = nd_ninjs_export_string (article, flavour, NULL, 7);
      /* Non-ASCII is written as UTF-8, not escaped. */
      g_assert_nonnull (strstr (text, "María José Faría"));
      back = nd_ninjs_import_full (text, -1, &detected, &href, &error);
      g_assert_no_error (error);
      g_assert_cmpint (detected, ==, flavour);
      g_assert_cmpstr (href, ==, "photo.jpg");

      /* ninjs has no place for the picture's hash or for where the story was published
       * (altids name other systems' copies): everything else comes back. */
      nd_photo_set_sha256 (nd_article_get_photo (article), NULL);
      nd_test_assert_articles_equal (article, back);
      g_assert_null (nd_article_get_remote (back, "wp-main"));
    }
}

static void
test_round_trip_new_id (void)
{
  g_autoptr(NdArticle) article = complete_article ();
  g_autoptr(NdArticle) back = NULL;
  g_autofree char *text = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *needle = NULL;
  g_auto(GStrv) parts = NULL;

  /* A uri that is not urn:uuid: gets a fresh id. */
  text = nd_ninjs_export_string (article, ND_NINJS_2_2, NULL, 1);
  needle = g_strdup_printf ("urn:uuid:%s", nd_article_get_id (article));
  parts = g_strsplit (text, needle, -1);
  edited = g_strjoinv ("urn:agency:story:42", parts);
  back = nd_ninjs_import (edited, -1, NULL, NULL);
  g_assert_nonnull (back);
  g_assert_true (g_uuid_string_is_valid (nd_article_get_id (back)));
  g_assert_cmpstr (nd_article_get_id (back), !=, nd_article_get_id (article));
  g_clear_object (&back);

  /* An upper-case UUID is the same id. */
  upper = g_ascii_strup (nd_article_get_id (article), -1);
  g_free (edited);
  edited = g_strdup_printf ("{\"uri\": \"urn:uuid:%s\"}", upper);
  back = nd_ninjs_import (edited, -1, NULL, NULL);
  g_assert_cmpstr (nd_article_get_id (back), ==, nd_article_get_id (article));
}

/* ---- import of real-looking wire items ----------------------------------------------- */

static char *
read_sample (const char *name,
             gsize      *len)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ninjs", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return data;
}

static NdArticle *
import_sample (const char      *name,
               NdNinjsFlavour   expected,
               char           **href)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  NdNinjsFlavour flavour = -1;
  NdArticle *article;
  gsize len;

  data = read_sample (name, &len);
  article = nd_ninjs_import_full (data, len, &flavour, href, &error);
  g_assert_no_error (error);
  g_assert_nonnull (article);
  g_assert_cmpint (flavour, ==, expected);
  return article;
}

static void
assert_time (GDateTime  *dt,
             const char *expected)
{
  g_autofree char *text = nd_datetime_format (dt);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_body_safe (const char *body)
{
  const char *bad[] = { "<script", "track()", "onclick", "steal", "javascript", "<img", "tracker",
                        "<iframe", "evil.example", NULL };
  g_autofree char *canonical = nd_html_sanitize (body, -1, NULL);

  for (guint i = 0; bad[i]; i++)
    if (strstr (body, bad[i]))
      g_error ("“%s” survived in the body: %s", bad[i], body);
  /* Already in the subset: sanitizing again changes nothing. */
  g_assert_cmpstr (canonical, ==, body);
}

static void
test_import_wire_2_2 (void)
{
  g_autofree char *href = NULL;
  g_autoptr(NdArticle) article = import_sample ("wire-2.2.json", ND_NINJS_2_2, &href);
  const char *section[] = { "Wirtschaft", "Schweiz", NULL };
  const char *tags[] = { "Streik", "Öffentlicher Verkehr", NULL };
  GListModel *related = nd_article_get_related (article);
  g_autoptr(NdRelatedLink) link = NULL;
  const char *body = nd_article_get_body_html (article);
  NdPhoto *photo = nd_article_get_photo (article);

  g_assert_cmpstr (nd_article_get_id (article), ==, "3b0c5a7e-2f4d-4c1b-9d8e-6a5f4e3d2c1b");
  g_assert_cmpstr (nd_article_get_language (article), ==, "de");
  /* The main headline, not the short one listed first. */
  g_assert_cmpstr (nd_article_get_headline (article), ==,
                   "Zürcher Verkehrsbetriebe: Streik legt Trams und Busse lahm");
  g_assert_cmpstr (nd_article_get_standfirst (article), ==,
                   "Tausende Pendler mussten am Dienstag zu Fuß gehen – die Gewerkschaft fordert „faire Löhne“.");
  g_assert_cmpstr (nd_article_get_byline (article), ==, "Jürgen Größer und Ana Núñez");
  g_assert_cmpstr (nd_article_get_dateline (article), ==, "Zürich");
  g_assert_cmpstrv (nd_article_get_section (article), section);
  /* Media topics (rel "about") are the agency's taxonomy, not tags. */
  g_assert_cmpstrv (nd_article_get_tags (article), tags);

  assert_body_safe (body);
  g_assert_nonnull (strstr (body, "<strong>4.30 Uhr</strong>"));
  g_assert_nonnull (strstr (body, "<em>Verspätungen</em>"));
  g_assert_nonnull (strstr (body, "<a href=\"https://example.ch/fahrplan\">Fahrplan</a>"));
  g_assert_nonnull (strstr (body, "„Wir haben keine Wahl“"));

  g_assert_nonnull (photo);
  g_assert_cmpstr (nd_photo_get_caption (photo), ==, "Leere Tramhaltestelle am Paradeplatz");
  g_assert_cmpstr (nd_photo_get_credit (photo), ==, "Foto: Lena Müller / Agencia Ejemplo");
  g_assert_cmpstr (nd_photo_get_alt (photo), ==,
                   "Eine leere Haltestelle mit Anzeigetafel „Betrieb eingestellt“");
  /* The original rendition, not the thumbnail listed first. */
  g_assert_cmpuint (nd_photo_get_width (photo), ==, 3000);
  g_assert_cmpuint (nd_photo_get_height (photo), ==, 2000);
  g_assert_cmpstr (nd_photo_get_file (photo), ==, "photo.jpg");
  g_assert_cmpstr (href, ==, "https://media.example.ch/8812/original.jpg");

  /* The urn: association names another item, not a link. */
  g_assert_cmpuint (g_list_model_get_n_items (related), ==, 1);
  link = g_list_model_get_item (related, 0);
  g_assert_cmpstr (nd_related_link_get_title (link), ==, "Hintergrund: Warum das Personal streikt");
  g_assert_cmpstr (nd_related_link_get_url (link), ==, "https://example.ch/news/streik-hintergrund");

  g_assert_cmpstr (nd_article_get_status (article), ==, "published");
  g_assert_null (nd_article_get_publish_at (article));
  assert_time (nd_article_get_created (article), "2023-03-14T06:12:00Z");
  assert_time (nd_article_get_modified (article), "2023-03-14T07:45:30Z");
}

static void
test_import_wire_3_1 (void)
{
  g_autofree char *href = NULL;
  g_autoptr(NdArticle) article = import_sample ("wire-3.1.json", ND_NINJS_3_1, &href);
  const char *section[] = { "Noticias", "México", NULL };
  const char *tags[] = { "sismo", "Oaxaca", NULL };
  const char *body = nd_article_get_body_html (article);
  NdPhoto *photo = nd_article_get_photo (article);
  g_autoptr(NdRelatedLink) link = NULL;

  g_assert_cmpstr (nd_article_get_id (article), ==, "9d2f6c1a-7b3e-4f5a-8c9d-0e1f2a3b4c5d");
  g_assert_cmpstr (nd_article_get_language (article), ==, "es-419");
  g_assert_cmpstr (nd_article_get_headline (article), ==, "Sismo de magnitud 6,1 sacude el sur de México");
  g_assert_cmpstr (nd_article_get_standfirst (article), ==,
                   "El temblor se sintió en Oaxaca y Chiapas; no se reportan víctimas — por ahora.");
  g_assert_cmpstr (nd_article_get_byline (article), ==, "Begoña Ibáñez");
  g_assert_cmpstr (nd_article_get_dateline (article), ==, "Oaxaca de Juárez");
  g_assert_cmpstrv (nd_article_get_section (article), section);
  g_assert_cmpstrv (nd_article_get_tags (article), tags);

  assert_body_safe (body);
  g_assert_nonnull (strstr (body, "<h2>Lo que sabemos</h2>"));
  g_assert_nonnull (strstr (body, "<li>Magnitud: 6,1</li>"));
  g_assert_nonnull (strstr (body, "<blockquote>"));
  g_assert_nonnull (strstr (body, "«Fue largo y fuerte»"));

  /* A rendition named by a bare file name keeps that name: it lies beside the item. */
  g_assert_cmpstr (nd_photo_get_file (photo), ==, "sismo-oaxaca.jpg");
  g_assert_cmpstr (href, ==, "sismo-oaxaca.jpg");
  g_assert_cmpstr (nd_photo_get_credit (photo), ==, "Cuartoscuro/José Peña");
  g_assert_cmpstr (nd_photo_get_caption (photo), ==, "Vecinos en la calle tras el sismo en Oaxaca");
  g_assert_cmpstr (nd_photo_get_alt (photo), ==, "Personas de pie en una calle con edificios coloniales");
  g_assert_cmpuint (nd_photo_get_width (photo), ==, 160);
  g_assert_cmpuint (nd_photo_get_height (photo), ==, 90);

  g_assert_cmpuint (g_list_model_get_n_items (nd_article_get_related (article)), ==, 1);
  link = g_list_model_get_item (nd_article_get_related (article), 0);
  g_assert_cmpstr (nd_related_link_get_url (link), ==, "https://example.mx/sismos/guia");
  g_assert_cmpstr (nd_related_link_get_title (link), ==, "Guía: qué hacer durante un sismo");

  /* Withheld with no embargo: a draft. */
  g_assert_cmpstr (nd_article_get_status (article), ==, "draft");
  assert_time (nd_article_get_created (article), "2024-11-02T14:05:00Z");
  assert_time (nd_article_get_modified (article), "2024-11-02T15:20:00Z");
}

static void
test_import_superdesk (void)
{
  g_autofree char *href = NULL;
  g_autoptr(NdArticle) article = import_sample ("superdesk.json", ND_NINJS_SUPERDESK, &href);
  const char *section[] = { "Actualité", "France", NULL };
  const char *tags[] = { "élections", "Lyon", "participation", NULL };
  const char *body = nd_article_get_body_html (article);
  NdPhoto *photo = nd_article_get_photo (article);
  g_autoptr(NdRelatedLink) link = NULL;

  g_assert_cmpstr (nd_article_get_id (article), ==, "5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170");
  g_assert_cmpstr (nd_article_get_language (article), ==, "fr");
  g_assert_cmpstr (nd_article_get_headline (article), ==,
                   "Élections municipales : la participation en forte hausse à Lyon");
  g_assert_cmpstr (nd_article_get_standfirst (article), ==,
                   "Le taux de participation atteint 58 % à midi, du jamais vu depuis 1995.");
  g_assert_cmpstr (nd_article_get_byline (article), ==, "Hélène Lefèvre");
  g_assert_cmpstr (nd_article_get_dateline (article), ==, "Lyon");
  g_assert_cmpstrv (nd_article_get_section (article), section);
  g_assert_cmpstrv (nd_article_get_tags (article), tags);

  assert_body_safe (body);
  g_assert_nonnull (strstr (body, "<em>58 %</em>"));
  g_assert_nonnull (strstr (body, "« C"));

  g_assert_cmpstr (nd_photo_get_credit (photo), ==, "AFP/Jean-Noël Côté");
  g_assert_cmpstr (nd_photo_get_caption (photo), ==, "Un bureau de vote du 3e arrondissement de Lyon");
  g_assert_cmpstr (nd_photo_get_alt (photo), ==, "Des électeurs font la queue devant des urnes transparentes");
  g_assert_cmpuint (nd_photo_get_width (photo), ==, 2400);
  g_assert_cmpuint (nd_photo_get_height (photo), ==, 1600);
  g_assert_cmpstr (nd_photo_get_file (photo), ==, "photo.jpg");
  g_assert_cmpstr (href, ==, "https://cdn.example.fr/77/original.jpg");

  g_assert_cmpuint (g_list_model_get_n_items (nd_article_get_related (article)), ==, 1);
  link = g_list_model_get_item (nd_article_get_related (article), 0);
  g_assert_cmpstr (nd_related_link_get_url (link), ==, "https://example.fr/lyon/resultats-2020");
  g_assert_cmpstr (nd_related_link_get_title (link), ==, "Les résultats de 2020");

  /* Withheld until an embargo still to come: scheduled for it. */
  g_assert_cmpstr (nd_article_get_status (article), ==, "scheduled");
  assert_time (nd_article_get_publish_at (article), "2035-06-01T06:00:00Z");
  assert_time (nd_article_get_created (article), "2025-05-20T07:30:00Z");
  assert_time (nd_article_get_modified (article), "2025-05-20T09:10:00Z");
}

/* ---- import errors ------------------------------------------------------------------- */

static void
assert_import_error (const char *json,
                     int         code,
                     const char *message_start)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NdArticle) article = nd_ninjs_import (json, -1, NULL, &error);

  g_assert_null (article);
  g_assert_error (error, ND_NINJS_ERROR, code);
  if (message_start && !g_str_has_prefix (error->message, message_start))
    g_error ("expected “%s…”, got “%s” for %s", message_start, error->message, json);
}

static void
test_import_errors (void)
{
  g_autofree char *deep = NULL;
  g_autofree char *long_headline = NULL;
  g_autofree char *article_json = NULL;
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  GString *s;

  assert_import_error ("this is not JSON", ND_NINJS_ERROR_SYNTAX, NULL);
  assert_import_error ("{\"uri\": \"urn:x\", ", ND_NINJS_ERROR_SYNTAX, NULL);
  assert_import_error ("{\"uri\": \"\xff\xfe\"}", ND_NINJS_ERROR_SYNTAX, NULL);
  assert_import_error ("[1, 2, 3]", ND_NINJS_ERROR_NOT_NINJS, NULL);
  assert_import_error ("{\"name\": \"a shopping list\", \"items\": [\"milk\"]}",
                       ND_NINJS_ERROR_NOT_NINJS, NULL);
  /* A Newsdesk article document is not a news item (the CLI imports it as an article). */
  article_json = nd_article_to_json (article, NULL);
  assert_import_error (article_json, ND_NINJS_ERROR_NOT_NINJS, NULL);

  s = g_string_new ("{\"uri\": \"urn:x\", \"x\": ");
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (s, '[');
  deep = g_string_free (s, FALSE);
  assert_import_error (deep, ND_NINJS_ERROR_TOO_LARGE, NULL);

  /* ninjs 2.x */
  assert_import_error ("{\"uri\": \"urn:x\", \"headlines\": [{\"role\": \"main\", \"value\": 5}]}",
                       ND_NINJS_ERROR_INVALID_FIELD, "headlines[0].value: expected text");
  assert_import_error ("{\"uri\": \"urn:x\", \"headlines\": [{\"role\": \"main\"}]}",
                       ND_NINJS_ERROR_INVALID_FIELD, "headlines[0].value: expected text");
  assert_import_error ("{\"uri\": \"urn:x\", \"headlines\": \"Breaking\"}",
                       ND_NINJS_ERROR_INVALID_FIELD, "headlines: expected a list");
  assert_import_error ("{\"uri\": \"urn:x\", \"bodies\": [\"<p>x</p>\"]}",
                       ND_NINJS_ERROR_INVALID_FIELD, "bodies[0]: expected an object");
  assert_import_error ("{\"uri\": 42}", ND_NINJS_ERROR_NOT_NINJS, NULL);
  assert_import_error ("{\"uri\": 42, \"headlines\": []}", ND_NINJS_ERROR_INVALID_FIELD,
                       "uri: expected text");
  assert_import_error ("{\"uri\": \"urn:x\", \"by\": [\"A\", \"B\"]}",
                       ND_NINJS_ERROR_INVALID_FIELD, "by: expected text");
  assert_import_error ("{\"uri\": \"urn:x\", \"firstcreated\": \"yesterday\"}",
                       ND_NINJS_ERROR_INVALID_FIELD, "firstcreated: not a date");
  assert_import_error ("{\"uri\": \"urn:x\", \"pubstatus\": \"gone\"}",
                       ND_NINJS_ERROR_INVALID_FIELD, "pubstatus: expected");
  assert_import_error ("{\"uri\": \"urn:x\", \"language\": \"not a language!\"}",
                       ND_NINJS_ERROR_INVALID_FIELD, "language: expected a language tag");
  assert_import_error ("{\"uri\": \"urn:x\", \"subjects\": [{\"rel\": \"keyword\", \"name\": 7}]}",
                       ND_NINJS_ERROR_INVALID_FIELD, "subjects[0].name: expected text");
  assert_import_error ("{\"uri\": \"urn:x\", \"associations\": [{\"name\": \"mainpic\", \"uri\": \"urn:p\", "
                       "\"type\": \"picture\", \"renditions\": [{\"name\": \"original\", \"width\": \"wide\"}]}]}",
                       ND_NINJS_ERROR_INVALID_FIELD, "associations[0].renditions[0].width: expected a whole number");
  assert_import_error ("{\"uri\": \"urn:x\", \"associations\": [{\"name\": \"mainpic\", \"uri\": \"urn:p\", "
                       "\"type\": \"picture\", \"renditions\": [{\"name\": \"original\", \"width\": 12.5}]}]}",
                       ND_NINJS_ERROR_INVALID_FIELD, "associations[0].renditions[0].width: expected a whole number");
  assert_import_error ("{\"uri\": \"urn:x\", \"associations\": [{\"name\": \"related-1\", \"type\": \"text\", "
                       "\"uri\": \"javascript:alert(document.cookie)\", \"headlines\": [{\"value\": \"Click\"}]}]}",
                       ND_NINJS_ERROR_INVALID_FIELD, "associations[0].uri: not an http(s) URL");
  assert_import_error ("{\"uri\": \"urn:x\", \"associations\": [{\"name\": \"related-1\", \"type\": \"text\", "
                       "\"uri\": \" JaVaScRiPt:alert(1)\"}]}",
                       ND_NINJS_ERROR_INVALID_FIELD, "associations[0].uri: not an http(s) URL");

  long_headline = g_strdup_printf ("{\"uri\": \"urn:x\", \"headlines\": [{\"value\": \"%0*d\"}]}",
                                   ND_ARTICLE_MAX_LINE_FIELD + 1, 0);
  assert_import_error (long_headline, ND_NINJS_ERROR_INVALID_FIELD, "headlines[0].value: too long");

  /* ninjs 3.x: the paths use its own names. */
  assert_import_error ("{\"uri\": \"urn:x\", \"firstCreated\": \"2024-13-45T99:00:00Z\"}",
                       ND_NINJS_ERROR_INVALID_FIELD, "firstCreated: not a date");
  assert_import_error ("{\"uri\": \"urn:x\", \"pubStatus\": 1}",
                       ND_NINJS_ERROR_INVALID_FIELD, "pubStatus: expected text");

  /* Superdesk */
  assert_import_error ("{\"guid\": \"g\", \"headline\": [\"a\"]}",
                       ND_NINJS_ERROR_INVALID_FIELD, "headline: expected text");
  assert_import_error ("{\"guid\": \"g\", \"headline\": \"h\", \"keywords\": [\"ok\", 1]}",
                       ND_NINJS_ERROR_INVALID_FIELD, "keywords[1]: expected text");
  assert_import_error ("{\"guid\": \"g\", \"headline\": \"h\", \"associations\": []}",
                       ND_NINJS_ERROR_INVALID_FIELD, "associations: expected an object");
  assert_import_error ("{\"guid\": \"g\", \"headline\": \"h\", \"associations\": {\"related-1\": "
                       "{\"type\": \"text\", \"uri\": \"data:text/html,<script>alert(1)</script>\"}}}",
                       ND_NINJS_ERROR_INVALID_FIELD, "associations.related-1.uri: not an http(s) URL");
  assert_import_error ("{\"guid\": \"g\", \"headline\": \"h\", \"associations\": {\"featuremedia\": "
                       "{\"type\": \"picture\", \"renditions\": {\"original\": {\"height\": -4}}}}}",
                       ND_NINJS_ERROR_INVALID_FIELD, "associations.featuremedia.renditions.original.height: out of range");
}

static void
test_import_hostile_body (void)
{
  const char *items[] = {
    "{\"uri\": \"urn:x\", \"bodies\": [{\"role\": \"main\", \"contenttype\": \"text/html\", \"value\": "
      "\"<p onclick=\\\"steal()\\\">Safe <b>text</b></p><script>track()</script><img src=\\\"https://tracker.example/x.gif\\\">"
      "<p><a href=\\\"javascript:alert(1)\\\">link</a> <iframe src=\\\"https://evil.example/\\\"></iframe></p>\"}]}",
    "{\"uri\": \"urn:x\", \"bodies\": [{\"role\": \"main\", \"contentType\": \"text/html\", \"value\": "
      "\"<p onclick=\\\"steal()\\\">Safe <b>text</b></p><script>track()</script><img src=\\\"https://tracker.example/x.gif\\\">"
      "<p><a href=\\\"javascript:alert(1)\\\">link</a> <iframe src=\\\"https://evil.example/\\\"></iframe></p>\"}], "
      "\"pubStatus\": \"usable\"}",
    "{\"guid\": \"g\", \"headline\": \"h\", \"body_html\": "
      "\"<p onclick=\\\"steal()\\\">Safe <b>text</b></p><script>track()</script><img src=\\\"https://tracker.example/x.gif\\\">"
      "<p><a href=\\\"javascript:alert(1)\\\">link</a> <iframe src=\\\"https://evil.example/\\\"></iframe></p>\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NdArticle) article = nd_ninjs_import (items[i], -1, NULL, &error);
      const char *body;

      g_assert_no_error (error);
      body = nd_article_get_body_html (article);
      assert_body_safe (body);
      g_assert_nonnull (strstr (body, "Safe <strong>text</strong>"));
      g_assert_nonnull (strstr (body, "link"));
    }
}

static void
test_import_plain_text_body (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NdArticle) article = nd_ninjs_import (
    "{\"uri\": \"urn:x\", \"bodies\": [{\"role\": \"main\", \"contenttype\": \"text/plain\", "
    "\"value\": \"First <one> & more.\\n\\nSecond.\"}]}", -1, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (nd_article_get_body_html (article), ==,
                   "<p>First &lt;one&gt; &amp; more.</p>\n<p>Second.</p>");
}

/* ---- flavour detection --------------------------------------------------------------- */

static void
test_detect (void)
{
  struct { const char *json; int flavour; } cases[] = {
    { "{\"uri\": \"urn:x\"}", ND_NINJS_2_2 },
    { "{\"uri\": \"urn:x\", \"firstcreated\": \"2022-07-04T10:00:00Z\", \"pubstatus\": \"usable\"}", ND_NINJS_2_2 },
    { "{\"headlines\": [{\"value\": \"a\"}]}", ND_NINJS_2_2 },
    { "{\"uri\": \"urn:x\", \"firstCreated\": \"2022-07-04T10:00:00Z\"}", ND_NINJS_3_1 },
    { "{\"uri\": \"urn:x\", \"pubStatus\": \"usable\"}", ND_NINJS_3_1 },
    { "{\"uri\": \"urn:x\", \"altIds\": []}", ND_NINJS_3_1 },
    { "{\"uri\": \"urn:x\", \"bodies\": [{\"contentType\": \"text/html\", \"value\": \"<p>x</p>\"}]}", ND_NINJS_3_1 },
    { "{\"uri\": \"urn:x\", \"standard\": {\"name\": \"ninjs\", \"version\": \"3.0\"}}", ND_NINJS_3_1 },
    { "{\"uri\": \"urn:x\", \"standard\": {\"name\": \"ninjs\", \"version\": \"2.1\"}}", ND_NINJS_2_2 },
    { "{\"guid\": \"tag:x\", \"headline\": \"h\"}", ND_NINJS_SUPERDESK },
    { "{\"guid\": \"tag:x\", \"body_html\": \"<p>x</p>\"}", ND_NINJS_SUPERDESK },
    { "{\"uri\": \"urn:x\", \"headline\": \"h\", \"body_text\": \"x\"}", ND_NINJS_SUPERDESK },
    { "{\"format\": \"newsdesk-article\", \"version\": 1, \"headline\": \"h\"}", -1 },
    { "{}", -1 },
    { "{\"title\": 1}", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      NdNinjsFlavour flavour = -1;
      gboolean found;

      g_assert_true (json_parser_load_from_data (parser, cases[i].json, -1, NULL));
      found = nd_ninjs_detect (json_node_get_object (json_parser_get_root (parser)), &flavour);
      g_assert_cmpint (found, ==, cases[i].flavour >= 0);
      if (found)
        g_assert_cmpint (flavour, ==, cases[i].flavour);
    }
}

static void
test_flavour_names (void)
{
  NdNinjsFlavour flavour = -1;

  g_assert_cmpstr (nd_ninjs_flavour_to_string (ND_NINJS_2_2), ==, "ninjs-2.2");
  g_assert_cmpstr (nd_ninjs_flavour_to_string (ND_NINJS_3_1), ==, "ninjs-3.1");
  g_assert_cmpstr (nd_ninjs_flavour_to_string (ND_NINJS_SUPERDESK), ==, "superdesk");
  g_assert_true (nd_ninjs_flavour_from_string ("ninjs-3.1", &flavour));
  g_assert_cmpint (flavour, ==, ND_NINJS_3_1);
  g_assert_true (nd_ninjs_flavour_from_string ("superdesk", &flavour));
  g_assert_cmpint (flavour, ==, ND_NINJS_SUPERDESK);
  g_assert_false (nd_ninjs_flavour_from_string ("ninjs-1.0", &flavour));
  g_assert_false (nd_ninjs_flavour_from_string (NULL, &flavour));
}

/* -- hostile input: regressions found by tests/fuzz/fuzz-ninjs.c */

static char *
corpus_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "ninjs", name,
                                                 NULL);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  return data;
}

static void
test_fuzz_error_message_utf8 (void)
{
  /* json-glib cut its quote of the bad spot in the middle of a character. */
  g_autofree char *item = corpus_file ("crash-utf8-error-message.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(NdArticle) article = nd_ninjs_import (item, -1, NULL, &error);

  g_assert_null (article);
  g_assert_error (error, ND_NINJS_ERROR, ND_NINJS_ERROR_SYNTAX);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_fuzz_hidden_depth (void)
{
  GString *s = g_string_new ("{\"uri\": \"urn:x\", \"x\": ['\"', ");

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (s, '[');
  assert_import_error (s->str, ND_NINJS_ERROR_SYNTAX, NULL);
  g_string_free (s, TRUE);
  assert_import_error ("{\"uri\": \"urn:x\"} {\"uri\": \"urn:y\"}", ND_NINJS_ERROR_SYNTAX,
                       "The news item is not valid JSON: it has more");
}

static void
test_fuzz_flavours_agree (void)
{
  /* A Superdesk headline with a leading space came back trimmed from ninjs 2.2; a year
   * before 1000 was written as "303-…", which no flavour read back. */
  g_autofree char *superdesk = corpus_file ("crash-superdesk-headline-space.json");
  g_autofree char *old = corpus_file ("crash-year-303.json");
  const char *items[] = { superdesk, old };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NdArticle) article = nd_ninjs_import (items[i], -1, NULL, &error);

      g_assert_no_error (error);
      for (NdNinjsFlavour f = ND_NINJS_2_2; f <= ND_NINJS_SUPERDESK; f++)
        {
          g_autofree char *out = nd_ninjs_export_string (article, f, NULL, 2);
          g_autoptr(NdArticle) back = nd_ninjs_import (out, -1, NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpstr (nd_article_get_headline (back), ==, nd_article_get_headline (article));
          g_assert_true (g_date_time_equal (nd_article_get_modified (back),
                                            nd_article_get_modified (article)));
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ninjs/fuzz/error-message-utf8", test_fuzz_error_message_utf8);
  g_test_add_func ("/ninjs/fuzz/hidden-depth", test_fuzz_hidden_depth);
  g_test_add_func ("/ninjs/fuzz/flavours-agree", test_fuzz_flavours_agree);

  g_test_add_data_func ("/ninjs/export/2.2", &flavour_2_2, test_export_ninjs);
  g_test_add_data_func ("/ninjs/export/3.1", &flavour_3_1, test_export_ninjs);
  g_test_add_data_func ("/ninjs/export/2.2/photo-href", &flavour_2_2, test_export_photo_href);
  g_test_add_data_func ("/ninjs/export/3.1/photo-href", &flavour_3_1, test_export_photo_href);
  g_test_add_data_func ("/ninjs/export/2.2/status", &flavour_2_2, test_export_status);
  g_test_add_data_func ("/ninjs/export/3.1/status", &flavour_3_1, test_export_status);
  g_test_add_data_func ("/ninjs/export/2.2/minimal", &flavour_2_2, test_export_minimal);
  g_test_add_data_func ("/ninjs/export/3.1/minimal", &flavour_3_1, test_export_minimal);
  g_test_add_func ("/ninjs/export/superdesk", test_export_superdesk);
  g_test_add_data_func ("/ninjs/round-trip/2.2", GINT_TO_POINTER (ND_NINJS_2_2), test_round_trip);
  g_test_add_data_func ("/ninjs/round-trip/3.1", GINT_TO_POINTER (ND_NINJS_3_1), test_round_trip);
  g_test_add_data_func ("/ninjs/round-trip/superdesk", GINT_TO_POINTER (ND_NINJS_SUPERDESK), test_round_trip);
  g_test_add_func ("/ninjs/round-trip/id", test_round_trip_new_id);
  g_test_add_func ("/ninjs/import/wire-2.2", test_import_wire_2_2);
  g_test_add_func ("/ninjs/import/wire-3.1", test_import_wire_3_1);
  g_test_add_func ("/ninjs/import/superdesk", test_import_superdesk);
  g_test_add_func ("/ninjs/import/errors", test_import_errors);
  g_test_add_func ("/ninjs/import/hostile-body", test_import_hostile_body);
  g_test_add_func ("/ninjs/import/plain-text-body", test_import_plain_text_body);
  g_test_add_func ("/ninjs/detect", test_detect);
  g_test_add_func ("/ninjs/flavour-names", test_flavour_names);

  return g_test_run ();
}
