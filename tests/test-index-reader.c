/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The library index reader (nd-index-reader.c): what it reads matches what json-glib reads
 * of the same file; anything it does not know makes it give up (FALSE) without crashing,
 * and the store then still lists through the general parser. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "nd-article-store.h"
#include "nd-index-reader.h"
#include "nd-test-util.h"
#include "nd-util.h"

static void
collect (NdIndexRecord *record,
         gpointer       user_data)
{
  GPtrArray *records = user_data;
  NdIndexRecord *copy = g_new0 (NdIndexRecord, 1);

  *copy = *record;
  /* Take every string, as the store does. */
  memset (record, 0, sizeof *record);
  g_ptr_array_add (records, copy);
}

static void
record_free (NdIndexRecord *record)
{
  g_free (record->id);
  g_free (record->headline);
  g_free (record->section);
  g_free (record->status);
  g_strfreev (record->tags);
  g_free (record);
}

static GPtrArray *
parse (const char *text,
       gboolean   *ok)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);

  *ok = nd_index_reader_parse (text, strlen (text), 1, collect, records);
  return records;
}

static void
drop (NdIndexRecord *record,
      gpointer       user_data)
{
  (*(guint *) user_data)++;
}

static gboolean
parses (const char *text,
        gsize       len)
{
  guint count = 0;

  return nd_index_reader_parse (text, len, 1, drop, &count);
}

#define ID1 "11e2186f-89a2-4d22-979b-bbe332636ca6"
#define ID2 "ee595215-026b-4402-9a3b-a9ddb847fc5e"

static const char *valid =
  "{\"version\":1,\"articles\":["
  "{\"id\":\"" ID1 "\",\"headline\":\"Quote \\\" slash \\\\ \\/ tab \\t nl \\n é \\u00e9 \\ud83d\\ude00\","
  "\"section\":\"News > Russia\",\"status\":\"draft\",\"tags\":[\"Russia\",\"Venezuela\"],"
  "\"modified\":1656963540,\"mtime_ns\":1796006290211852277,\"size\":2499},"
  " { \"id\" : \"" ID2 "\" , \"headline\" : null , \"tags\" : [ ] , \"modified\" : -5 ,"
  " \"size\" : -1 }\n]}\n";

static void
test_fields (void)
{
  gboolean ok;
  g_autoptr(GPtrArray) records = parse (valid, &ok);
  NdIndexRecord *r;

  g_assert_true (ok);
  g_assert_cmpuint (records->len, ==, 2);

  r = g_ptr_array_index (records, 0);
  g_assert_cmpstr (r->id, ==, ID1);
  g_assert_cmpstr (r->headline, ==, "Quote \" slash \\ / tab \t nl \n é é 😀");
  g_assert_cmpstr (r->section, ==, "News > Russia");
  g_assert_cmpstr (r->status, ==, "draft");
  g_assert_cmpuint (g_strv_length (r->tags), ==, 2);
  g_assert_cmpstr (r->tags[0], ==, "Russia");
  g_assert_cmpstr (r->tags[1], ==, "Venezuela");
  g_assert_cmpint (r->modified, ==, 1656963540);
  g_assert_cmpint (r->mtime_ns, ==, G_GINT64_CONSTANT (1796006290211852277));
  g_assert_cmpint (r->size, ==, 2499);

  /* Missing members and null strings stay unset; the caller picks the defaults. */
  r = g_ptr_array_index (records, 1);
  g_assert_cmpstr (r->id, ==, ID2);
  g_assert_null (r->headline);
  g_assert_null (r->section);
  g_assert_null (r->status);
  g_assert_nonnull (r->tags);
  g_assert_null (r->tags[0]);
  g_assert_cmpint (r->modified, ==, -5);
  g_assert_cmpint (r->mtime_ns, ==, G_MININT64);
  g_assert_cmpint (r->size, ==, -1);
}

static void
test_empty_and_extremes (void)
{
  gboolean ok;
  g_autoptr(GPtrArray) none = parse ("{\"version\":1,\"articles\":[]}", &ok);
  g_autoptr(GPtrArray) limits = NULL;

  g_assert_true (ok);
  g_assert_cmpuint (none->len, ==, 0);

  limits = parse ("{\"version\":1,\"articles\":[{\"modified\":9223372036854775807,"
                  "\"size\":-9223372036854775808,\"id\":\"\"}]}", &ok);
  g_assert_true (ok);
  g_assert_cmpint (((NdIndexRecord *) limits->pdata[0])->modified, ==, G_MAXINT64);
  g_assert_cmpint (((NdIndexRecord *) limits->pdata[0])->size, ==, G_MININT64);
}

static void
test_refuses (void)
{
  static const char * const refused[] = {
    "",
    "   ",
    "garbage",
    "[]",
    "{}",
    "{\"version\":2,\"articles\":[]}",                      /* another version */
    "{\"articles\":[],\"version\":1}",                      /* version after the articles */
    "{\"version\":1}",                                      /* no articles */
    "{\"version\":1,\"articles\":[]",                       /* truncated */
    "{\"version\":1,\"articles\":[]} x",                    /* trailing text */
    "{\"version\":1,\"articles\":[],\"more\":1}",           /* unknown member */
    "{\"version\":1,\"version\":1,\"articles\":[]}",
    "{\"version\":1.0,\"articles\":[]}",                    /* not an integer */
    "{\"version\":1e0,\"articles\":[]}",
    "{\"version\":1,\"articles\":[1]}",                     /* not an object */
    "{\"version\":1,\"articles\":[{\"id\":1}]}",            /* wrong type */
    "{\"version\":1,\"articles\":[{\"extra\":\"x\"}]}",     /* unknown member */
    "{\"version\":1,\"articles\":[{\"tags\":\"x\"}]}",
    "{\"version\":1,\"articles\":[{\"tags\":[null]}]}",
    "{\"version\":1,\"articles\":[{\"tags\":[[\"x\"]]}]}",
    "{\"version\":1,\"articles\":[{\"size\":99999999999999999999}]}",   /* overflow */
    "{\"version\":1,\"articles\":[{\"size\":-}]}",
    "{\"version\":1,\"articles\":[{\"headline\":\"a\\u0000b\"}]}",     /* NUL */
    "{\"version\":1,\"articles\":[{\"headline\":\"\\ud800\"}]}",       /* lone surrogate */
    "{\"version\":1,\"articles\":[{\"headline\":\"\\udc00\"}]}",
    "{\"version\":1,\"articles\":[{\"headline\":\"\\ud800\\u0041\"}]}",
    "{\"version\":1,\"articles\":[{\"headline\":\"\\x\"}]}",           /* bad escape */
    "{\"version\":1,\"articles\":[{\"headline\":\"\\u12\"}]}",
    "{\"version\":1,\"articles\":[{\"headline\":\"tab\there\"}]}",    /* raw control char */
    "{\"version\":1,\"articles\":[{\"headline\":\"\xc3\x28\"}]}",      /* invalid UTF-8 */
    "{\"version\":1,\"articles\":[{\"headline\":\"\xed\xa0\x80\"}]}",  /* UTF-8 surrogate */
    "{\"version\":1,\"articles\":[{\"id\":\"x\",}]}",
    "{\"version\":1,\"articles\":[{},]}",
    "{\"ver\\u0073ion\":1,\"articles\":[]}",                /* escaped member name */
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      if (parses (refused[i], strlen (refused[i])))
        g_error ("accepted: %s", refused[i]);
    }
}

/* Every prefix of a valid index, and random damage to it: never a crash, never a read past
 * the end (the data is not NUL-terminated here), and a prefix is never accepted. */
static void
test_damage (void)
{
  gsize len = strlen (valid);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint rounds = g_getenv ("ND_INDEX_FUZZ_ROUNDS") ? atoi (g_getenv ("ND_INDEX_FUZZ_ROUNDS")) : 20000;
  static const char alphabet[] = "{}[]\",:\\u0123456789abcdefnul -.e\xc3\xa9\xff";

  for (gsize n = 0; n < len; n++)
    {
      /* A copy of exactly n bytes, so a read past it is caught by valgrind/ASan runs. */
      g_autofree char *prefix = g_memdup2 (valid, n);

      /* The only valid prefix is the text without its trailing white space. */
      g_assert_cmpint (parses (prefix, n), ==, n >= len - 1);
    }

  for (guint round = 0; round < rounds; round++)
    {
      g_autofree char *copy = g_memdup2 (valid, len);
      guint changes = g_rand_int_range (rand, 1, 4);

      for (guint c = 0; c < changes; c++)
        copy[g_rand_int_range (rand, 0, (gint32) len)] =
          alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      parses (copy, len);
    }
}

/* What the store itself wrote reads the same through the reader as through json-glib. */
static void
test_matches_json_glib (void)
{
  g_autofree char *home = nd_test_isolate_home ();
  g_autoptr(NdArticleStore) store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
  g_autofree char *index_path = nd_article_store_index_path (store);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *articles;
  gboolean ok;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(NdArticle) article = nd_test_article_complete ();
      g_autofree char *headline = g_strdup_printf ("Story %u — \"quoted\" \\ back\tslash ñ 😀", i);
      const char *tags[] = { "Rusia", "ñandú", "tab\there", NULL };

      nd_article_set_headline (article, headline);
      nd_article_set_tags (article, tags);
      g_assert_true (nd_article_store_save (store, article, &error));
      g_assert_no_error (error);
    }
  entries = nd_article_store_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);

  g_assert_true (g_file_get_contents (index_path, &text, NULL, NULL));
  records = parse (text, &ok);
  g_assert_true (ok);
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  articles = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "articles");
  g_assert_cmpuint (records->len, ==, json_array_get_length (articles));
  for (guint i = 0; i < records->len; i++)
    {
      NdIndexRecord *r = g_ptr_array_index (records, i);
      JsonObject *o = json_array_get_object_element (articles, i);
      JsonArray *tags = json_object_get_array_member (o, "tags");

      g_assert_cmpstr (r->id, ==, json_object_get_string_member (o, "id"));
      g_assert_cmpstr (r->headline, ==, json_object_get_string_member (o, "headline"));
      g_assert_cmpstr (r->section, ==, json_object_get_string_member (o, "section"));
      g_assert_cmpstr (r->status, ==, json_object_get_string_member (o, "status"));
      g_assert_cmpint (r->modified, ==, json_object_get_int_member (o, "modified"));
      g_assert_cmpint (r->mtime_ns, ==, json_object_get_int_member (o, "mtime_ns"));
      g_assert_cmpint (r->size, ==, json_object_get_int_member (o, "size"));
      g_assert_cmpuint (g_strv_length (r->tags), ==, json_array_get_length (tags));
      for (guint t = 0; t < json_array_get_length (tags); t++)
        g_assert_cmpstr (r->tags[t], ==, json_array_get_string_element (tags, t));
    }
  nd_rm_rf (home, NULL);
}

/* An index the reader does not know (pretty-printed by hand, a member from elsewhere) is
 * still used through the general parser: listing trusts its rows, the edited headline
 * shows. */
static void
test_store_falls_back (void)
{
  g_autofree char *home = nd_test_isolate_home ();
  g_autoptr(NdArticleStore) store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
  g_autofree char *index_path = nd_article_store_index_path (store);
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  JsonObject *row;
  g_autofree char *pretty = NULL;

  g_assert_true (nd_article_store_save (store, article, &error));
  entries = nd_article_store_list (store, &error);
  g_assert_no_error (error);
  g_clear_pointer (&entries, g_ptr_array_unref);

  g_assert_true (json_parser_load_from_file (parser, index_path, &error));
  row = json_array_get_object_element (json_object_get_array_member (
          json_node_get_object (json_parser_get_root (parser)), "articles"), 0);
  json_object_set_string_member (row, "headline", "Edited in a pretty index");
  json_object_set_string_member (row, "unknown", "member");
  json_generator_set_root (gen, json_parser_get_root (parser));
  json_generator_set_pretty (gen, TRUE);
  pretty = json_generator_to_data (gen, NULL);
  g_assert_true (g_file_set_contents (index_path, pretty, -1, NULL));
  g_assert_false (parses (pretty, strlen (pretty)));

  entries = nd_article_store_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((NdIndexEntry *) entries->pdata[0])->headline, ==, "Edited in a pretty index");
  nd_rm_rf (home, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/index-reader/fields", test_fields);
  g_test_add_func ("/index-reader/empty-and-extremes", test_empty_and_extremes);
  g_test_add_func ("/index-reader/refuses", test_refuses);
  g_test_add_func ("/index-reader/damage", test_damage);
  g_test_add_func ("/index-reader/matches-json-glib", test_matches_json_glib);
  g_test_add_func ("/index-reader/store-falls-back", test_store_falls_back);

  return g_test_run ();
}
