/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "nd-article.h"
#include "nd-test-util.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
count_changed_cb (NdArticle *article,
                  guint     *count)
{
  (*count)++;
}

static void
test_round_trip (void)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(NdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;
  gsize len;

  json = nd_article_to_json (article, &len);
  g_assert_true (g_utf8_validate (json, len, NULL));
  /* Non-ASCII is written as UTF-8, not escaped away. */
  g_assert_nonnull (strstr (json, "María José Faría"));
  g_assert_nonnull (strstr (json, "\"section\" : [\n    \"News\",\n    \"Russia\"\n  ]"));
  g_assert_nonnull (strstr (json, "\"publish_at\" : \"2031-01-01T09:00:00Z\""));

  loaded = nd_article_new_from_json (json, len, &error);
  g_assert_no_error (error);
  nd_test_assert_articles_equal (article, loaded);

  /* And the document is a fixed point. */
  json2 = nd_article_to_json (loaded, NULL);
  g_assert_cmpstr (json, ==, json2);
}

static void
test_properties_notify (void)
{
  g_autoptr(NdArticle) article = nd_article_new ();
  guint notified = 0, changed = 0;

  g_signal_connect (article, "notify::headline", G_CALLBACK (count_notify_cb), &notified);
  g_signal_connect (article, "changed", G_CALLBACK (count_changed_cb), &changed);

  nd_article_set_headline (article, "Faría");
  nd_article_set_headline (article, "Faría");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);

  g_object_set (article, "headline", "Other", NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (nd_article_get_headline (article), ==, "Other");

  /* Edits inside the photo and the related links are changes of the article. */
  {
    g_autoptr(NdPhoto) photo = nd_photo_new ();
    g_autoptr(NdRelatedLink) link = nd_related_link_new ("A", "https://a.example/");

    nd_article_set_photo (article, photo);
    g_assert_cmpuint (changed, ==, 3);
    nd_photo_set_caption (photo, "caption");
    g_assert_cmpuint (changed, ==, 4);
    nd_article_add_related (article, link);
    g_assert_cmpuint (changed, ==, 5);
    nd_related_link_set_title (link, "B");
    g_assert_cmpuint (changed, ==, 6);
    nd_article_remove_related (article, 0);
    g_assert_cmpuint (changed, ==, 7);
    /* Removed: its edits no longer concern the article. */
    nd_related_link_set_title (link, "C");
    g_assert_cmpuint (changed, ==, 7);
  }

  /* Stamping the modification time is bookkeeping, not an edit. */
  nd_article_touch (article);
  g_assert_cmpuint (changed, ==, 7);
}

static void
test_tags (void)
{
  g_autoptr(NdArticle) article = nd_article_new ();
  const char *tags[] = { "  Russia ", "venezuela", "RUSSIA", "", "  ", "Venezuela", "Ñandú", "ñandú", NULL };
  const char *expected[] = { "Russia", "venezuela", "Ñandú", NULL };
  const char *expected2[] = { "Russia", "Ñandú", "Lavrov", NULL };

  nd_article_set_tags (article, tags);
  g_assert_cmpstrv (nd_article_get_tags (article), expected);

  g_assert_false (nd_article_add_tag (article, " russia"));
  g_assert_true (nd_article_add_tag (article, "Lavrov"));
  g_assert_true (nd_article_remove_tag (article, "VENEZUELA"));
  g_assert_false (nd_article_remove_tag (article, "absent"));
  g_assert_cmpstrv (nd_article_get_tags (article), expected2);
}

static void
test_section (void)
{
  g_autoptr(NdArticle) article = nd_article_new ();
  g_autofree char *path = NULL;
  const char *expected[] = { "News", "América Latina", NULL };

  nd_article_set_section_path (article, " News >  América Latina > ");
  g_assert_cmpstrv (nd_article_get_section (article), expected);
  path = nd_article_dup_section_path (article);
  g_assert_cmpstr (path, ==, "News > América Latina");

  nd_article_set_section_path (article, "");
  g_assert_cmpuint (g_strv_length ((char **) nd_article_get_section (article)), ==, 0);
}

static void
test_counts (void)
{
  g_autoptr(NdArticle) article = nd_article_new ();
  guint notified = 0;

  g_signal_connect (article, "notify::word-count", G_CALLBACK (count_notify_cb), &notified);
  g_assert_cmpuint (nd_article_get_word_count (article), ==, 0);
  g_assert_cmpuint (nd_article_get_reading_minutes (article), ==, 0);

  nd_article_set_body_html (article, "<p>One <strong>two</strong> three.</p>\n<p>Cuatro cinco 🎉</p>");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (nd_article_get_word_count (article), ==, 5);
  /* Characters of the visible text: "One two three." (14) + "Cuatro cinco 🎉" (14). */
  g_assert_cmpuint (nd_article_get_char_count (article), ==, 28);
  g_assert_cmpuint (nd_article_get_reading_minutes (article), ==, 1);
}

static void
test_unknown_keys (void)
{
  const char *doc =
    "{\"format\":\"newsdesk-article\",\"version\":1,"
    "\"id\":\"6f1c2c3e-8d0b-4b7e-9a4e-2f2d8a1c9b10\","
    "\"headline\":\"H\",\"future_field\":{\"nested\":[1,2,{\"x\":\"ý\"}]},"
    "\"photo\":{\"file\":\"photo.jpg\",\"focal_point\":[0.5,0.25]},"
    "\"related\":[{\"title\":\"T\",\"url\":\"https://e.example/\",\"kind\":\"video\"}],"
    "\"remote\":{\"wp-main\":{\"id\":\"123\",\"url\":\"https://x.example/?p=123\",\"extra\":true}}}";
  g_autoptr(NdArticle) article = NULL;
  g_autoptr(NdArticle) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *remote;

  article = nd_article_new_from_json (doc, -1, &error);
  g_assert_no_error (error);
  json = nd_article_to_json (article, NULL);
  g_assert_nonnull (strstr (json, "\"future_field\" : {"));
  g_assert_nonnull (strstr (json, "\"x\" : \"ý\""));
  g_assert_nonnull (strstr (json, "\"focal_point\" : ["));
  g_assert_nonnull (strstr (json, "\"kind\" : \"video\""));
  g_assert_nonnull (strstr (json, "\"extra\" : true"));

  again = nd_article_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  remote = nd_article_get_remote (again, "wp-main");
  g_assert_nonnull (remote);
  g_assert_cmpstr (json_object_get_string_member (remote, "id"), ==, "123");
  g_assert_null (nd_article_get_remote (again, "other"));

  /* Remote state can be changed after a load. */
  {
    g_autoptr(JsonObject) r = json_object_new ();
    json_object_set_string_member (r, "id", "456");
    nd_article_set_remote (again, "wp-main", r);
    g_assert_cmpstr (json_object_get_string_member (nd_article_get_remote (again, "wp-main"), "id"), ==, "456");
  }
}

typedef struct
{
  const char *doc;
  int         code;
  const char *message_prefix;
} BadCase;

static void
test_malformed (void)
{
#define HEAD "{\"format\":\"newsdesk-article\",\"version\":1,\"id\":\"6f1c2c3e-8d0b-4b7e-9a4e-2f2d8a1c9b10\""
  const BadCase cases[] = {
    { "not json at all", ND_ARTICLE_ERROR_SYNTAX, "The file is not valid JSON" },
    { "{\"format\":", ND_ARTICLE_ERROR_SYNTAX, "The file is not valid JSON" },
    { "[1,2,3]", ND_ARTICLE_ERROR_NOT_ARTICLE, "The file is not a Newsdesk article" },
    { "{\"format\":\"ninjs\",\"version\":1}", ND_ARTICLE_ERROR_NOT_ARTICLE, "format:" },
    { "{\"format\":\"newsdesk-article\",\"version\":\"1\"}", ND_ARTICLE_ERROR_INVALID_FIELD, "version: expected a whole number" },
    { "{\"format\":\"newsdesk-article\",\"version\":7}", ND_ARTICLE_ERROR_NEWER_VERSION, "version: the article was written by a newer Newsdesk" },
    { "{\"format\":\"newsdesk-article\",\"version\":1,\"id\":\"../../etc\"}", ND_ARTICLE_ERROR_INVALID_FIELD, "id: expected a UUID" },
    { HEAD ",\"headline\":42}", ND_ARTICLE_ERROR_INVALID_FIELD, "headline: expected text" },
    { HEAD ",\"language\":\"english!\"}", ND_ARTICLE_ERROR_INVALID_FIELD, "language:" },
    { HEAD ",\"tags\":[\"a\",3]}", ND_ARTICLE_ERROR_INVALID_FIELD, "tags[1]: expected text" },
    { HEAD ",\"section\":\"News\"}", ND_ARTICLE_ERROR_INVALID_FIELD, "section: expected a list of text" },
    { HEAD ",\"related\":[{\"title\":\"a\",\"url\":\"https://a.example/\"},{\"title\":\"b\",\"url\":\"https://b.example/\"},{\"title\":\"c\",\"url\":\"javascript:alert(1)\"}]}",
      ND_ARTICLE_ERROR_INVALID_FIELD, "related[2].url: not an http(s) URL" },
    { HEAD ",\"related\":[\"x\"]}", ND_ARTICLE_ERROR_INVALID_FIELD, "related[0]: expected an object" },
    { HEAD ",\"photo\":{\"file\":\"photo.jpg\",\"width\":-5}}", ND_ARTICLE_ERROR_INVALID_FIELD, "photo.width: out of range" },
    { HEAD ",\"photo\":{\"file\":\"photo.jpg\",\"height\":1.5}}", ND_ARTICLE_ERROR_INVALID_FIELD, "photo.height: expected a whole number" },
    { HEAD ",\"photo\":{\"file\":\"../../../etc/passwd\"}}", ND_ARTICLE_ERROR_INVALID_FIELD, "photo.file:" },
    { HEAD ",\"photo\":{\"file\":\"photo.jpg\",\"sha256\":\"xyz\"}}", ND_ARTICLE_ERROR_INVALID_FIELD, "photo.sha256:" },
    { HEAD ",\"photo\":[]}", ND_ARTICLE_ERROR_INVALID_FIELD, "photo: expected an object" },
    { HEAD ",\"status\":\"gone\"}", ND_ARTICLE_ERROR_INVALID_FIELD, "status:" },
    { HEAD ",\"created\":\"yesterday\"}", ND_ARTICLE_ERROR_INVALID_FIELD, "created: not an RFC 3339" },
    { HEAD ",\"publish_at\":\"2031-01-01\"}", ND_ARTICLE_ERROR_INVALID_FIELD, "publish_at: not an RFC 3339" },
    { HEAD ",\"remote\":[]}", ND_ARTICLE_ERROR_INVALID_FIELD, "remote:" },
    { HEAD ",\"remote\":{\"wp\":1}}", ND_ARTICLE_ERROR_INVALID_FIELD, "remote.wp: expected an object" },
  };
#undef HEAD

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NdArticle) article = nd_article_new_from_json (cases[i].doc, -1, &error);

      g_test_message ("case %u: %s", i, cases[i].doc);
      g_assert_null (article);
      g_assert_error (error, ND_ARTICLE_ERROR, cases[i].code);
      if (!g_str_has_prefix (error->message, cases[i].message_prefix))
        g_error ("case %u: “%s” does not start with “%s”", i, error->message, cases[i].message_prefix);
    }
}

static void
test_hostile_sizes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NdArticle) article = NULL;
  GString *deep = g_string_new ("{\"format\":\"newsdesk-article\",\"version\":1,\"x\":");
  g_autofree char *headline = NULL;
  g_autofree char *doc = NULL;

  /* 100,000 levels of nesting: refused before the recursive parser sees it. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  article = nd_article_new_from_json (deep->str, deep->len, &error);
  g_assert_null (article);
  g_assert_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_TOO_LARGE);
  g_string_free (deep, TRUE);
  g_clear_error (&error);

  /* A 10 MB headline is a clear field error, not an out-of-memory editor. */
  headline = g_strnfill (10 * 1024 * 1024, 'a');
  doc = g_strdup_printf ("{\"format\":\"newsdesk-article\",\"version\":1,"
                         "\"id\":\"6f1c2c3e-8d0b-4b7e-9a4e-2f2d8a1c9b10\",\"headline\":\"%s\"}", headline);
  article = nd_article_new_from_json (doc, -1, &error);
  g_assert_null (article);
  g_assert_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "headline: too long"));
  g_clear_error (&error);

  /* Invalid UTF-8. */
  article = nd_article_new_from_json ("{\"format\":\"\xff\xfe\"}", -1, &error);
  g_assert_null (article);
  g_assert_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_SYNTAX);
}

static void
test_body_sanitized_on_load (void)
{
  const char *doc =
    "{\"format\":\"newsdesk-article\",\"version\":1,"
    "\"id\":\"6f1c2c3e-8d0b-4b7e-9a4e-2f2d8a1c9b10\","
    "\"body_html\":\"<p onclick=\\\"x()\\\">Hi <script>alert(1)</script><a href=\\\"javascript:alert(2)\\\">there</a></p>\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(NdArticle) article = nd_article_new_from_json (doc, -1, &error);
  const char *body;

  g_assert_no_error (error);
  body = nd_article_get_body_html (article);
  g_assert_null (strstr (body, "script"));
  g_assert_null (strstr (body, "onclick"));
  g_assert_null (strstr (body, "javascript"));
  g_assert_nonnull (strstr (body, "Hi"));
  g_assert_nonnull (strstr (body, "there"));
}

static void
test_copy (void)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(NdArticle) copy = nd_article_copy (article);

  nd_test_assert_articles_equal (article, copy);
  g_assert_true (nd_article_get_photo (copy) != nd_article_get_photo (article));
  nd_photo_set_caption (nd_article_get_photo (copy), "changed");
  g_assert_cmpstr (nd_photo_get_caption (nd_article_get_photo (article)), !=, "changed");
}

static void
test_related_reorder (void)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(NdRelatedLink) first = NULL;

  nd_article_move_related (article, 0, 1);
  first = g_list_model_get_item (nd_article_get_related (article), 0);
  g_assert_cmpstr (nd_related_link_get_title (first), ==, "Lavrov’s tour");
}

/* -- hostile input: regressions found by tests/fuzz/fuzz-article-json.c */

static char *
nested (const char *head,
        const char *tail,
        guint       depth)
{
  GString *s = g_string_new (head);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  g_string_append (s, tail);
  return g_string_free (s, FALSE);
}

static void
test_fuzz_hidden_depth (void)
{
  /* The depth guard skipped only "…" strings; json-glib also reads '…' strings and
   * comments, so a quote inside one hid 200,000 levels from the guard: a stack overflow. */
  const char *heads[] = {
    "{\"format\":\"newsdesk-article\",\"version\":1,\"x\":['\"', ",
    "{\"format\":\"newsdesk-article\",\"version\":1,\"x\":/* \" */ ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_autofree char *doc = nested (heads[i], i == 0 ? "]}" : "}", 200000);
      g_autoptr(GError) error = NULL;
      g_autoptr(NdArticle) article = nd_article_new_from_json (doc, -1, &error);

      g_assert_null (article);
      g_assert_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_SYNTAX);
    }
}

static void
test_fuzz_several_values (void)
{
  /* json-glib 1.6 took "{…}{…}" as two statements and leaked one. */
  const char *docs[] = {
    "{\"format\":\"newsdesk-article\",\"version\":1}{\"a\":1}",
    "3{\"format\":\"newsdesk-article\",\"version\":1}",
    "{\"format\":\"newsdesk-article\",\"version\":1} 4",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NdArticle) article = nd_article_new_from_json (docs[i], -1, &error);

      g_assert_null (article);
      g_assert_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_SYNTAX);
      g_assert_true (g_str_has_prefix (error->message, "The file is not valid JSON: it has more"));
    }
}

static void
test_fuzz_bad_escapes (void)
{
  /* json-glib turned "\\257" (octal) and a lone "\\ud800" into bytes that are not UTF-8:
   * the article loaded, and saved as a file that no longer loaded. */
  const char *docs[] = {
    "{\"format\":\"newsdesk-article\",\"version\":1,\"standfirst\":\"a\\257b\"}",
    "{\"format\":\"newsdesk-article\",\"version\":1,\"standfirst\":\"a\\ud800b\"}",
    "{\"format\":\"newsdesk-article\",\"version\":1,\"x\\1\":1}",
  };
  const char *good = "{\"format\":\"newsdesk-article\",\"version\":1,"
                     "\"id\":\"6f1c2c3e-8d0b-4b7e-9a4e-2f2d8a1c9b10\","
                     "\"standfirst\":\"\\ud83c\\udf89 \\u00e9\\n\\\"\\/\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(NdArticle) ok = nd_article_new_from_json (good, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (nd_article_get_standfirst (ok), ==, "🎉 é\n\"/");
  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(NdArticle) article = nd_article_new_from_json (docs[i], -1, &error);

      g_assert_null (article);
      g_assert_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_SYNTAX);
      g_clear_error (&error);
    }
}

static void
test_fuzz_error_message_utf8 (void)
{
  /* json-glib quotes the bad spot cut at a byte count: "…“new�": the message shown to
   * the reporter must still be UTF-8. */
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "article-json",
                                                 "crash-utf8-error-message.json", NULL);
  g_autofree char *doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NdArticle) article = NULL;

  g_assert_true (g_file_get_contents (path, &doc, NULL, NULL));
  article = nd_article_new_from_json (doc, -1, &error);
  g_assert_null (article);
  g_assert_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_SYNTAX);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_fuzz_year_before_1000 (void)
{
  /* created 0022-07-04T10:00:00+02:00 was saved as "22-07-04T08:00:00Z", which no
   * loader takes back: the saved article did not load any more. */
  const char *doc = "{\"format\":\"newsdesk-article\",\"version\":1,"
                    "\"id\":\"6f1c2c3e-8d0b-4b7e-9a4e-2f2d8a1c9b10\","
                    "\"created\":\"0022-07-04T10:00:00+02:00\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(NdArticle) article = nd_article_new_from_json (doc, -1, &error);
  g_autoptr(NdArticle) again = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  json = nd_article_to_json (article, NULL);
  g_assert_nonnull (strstr (json, "\"0022-07-04T08:00:00Z\""));
  again = nd_article_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_get_year (nd_article_get_created (again)), ==, 22);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/article/round-trip", test_round_trip);
  g_test_add_func ("/article/notify", test_properties_notify);
  g_test_add_func ("/article/tags", test_tags);
  g_test_add_func ("/article/section", test_section);
  g_test_add_func ("/article/counts", test_counts);
  g_test_add_func ("/article/unknown-keys", test_unknown_keys);
  g_test_add_func ("/article/malformed", test_malformed);
  g_test_add_func ("/article/hostile-sizes", test_hostile_sizes);
  g_test_add_func ("/article/body-sanitized", test_body_sanitized_on_load);
  g_test_add_func ("/article/copy", test_copy);
  g_test_add_func ("/article/related-reorder", test_related_reorder);
  g_test_add_func ("/article/fuzz/hidden-depth", test_fuzz_hidden_depth);
  g_test_add_func ("/article/fuzz/several-values", test_fuzz_several_values);
  g_test_add_func ("/article/fuzz/error-message-utf8", test_fuzz_error_message_utf8);
  g_test_add_func ("/article/fuzz/bad-escapes", test_fuzz_bad_escapes);
  g_test_add_func ("/article/fuzz/year-before-1000", test_fuzz_year_before_1000);

  return g_test_run ();
}
