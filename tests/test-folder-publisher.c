/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-folder-publisher"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <string.h>
#include <sys/wait.h>

#include "nd-article-store.h"
#include "nd-folder-publisher.h"
#include "nd-test-util.h"
#include "nd-util.h"

/* Publishes the complete reference story to a temp folder and checks what a reader, a
 * wire consumer and a program watching the folder get. */

typedef struct
{
  char           *dir;
  char           *out;
  NdArticleStore *store;
  NdAccount      *account;
  NdArticle      *article;
  char           *photo_path;
  GPtrArray      *steps;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *library = NULL;
  g_autoptr(JsonObject) settings = json_object_new ();

  f->dir = g_dir_make_tmp ("newsdesk-folder-XXXXXX", &error);
  g_assert_no_error (error);
  library = g_build_filename (f->dir, "library", NULL);
  f->out = g_build_filename (f->dir, "Published", NULL);
  f->store = nd_article_store_new (library);
  f->account = nd_account_new (ND_ACCOUNT_KIND_FOLDER, "Hot folder");
  json_object_set_string_member (settings, ND_FOLDER_SETTING_PATH, f->out);
  nd_account_set_settings (f->account, settings);
  f->steps = g_ptr_array_new_with_free_func (g_free);

  f->article = nd_test_article_complete ();
  f->photo_path = nd_test_write_image (f->dir, "lead.jpg", 640, 480, "jpeg");
  g_assert_true (nd_article_store_attach_photo (f->store, f->article, f->photo_path, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->article);
  g_clear_object (&f->account);
  g_clear_object (&f->store);
  nd_rm_rf (f->dir, NULL);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->photo_path);
  g_ptr_array_unref (f->steps);
}

typedef struct
{
  Fixture    *f;
  JsonObject *remote;
  GError     *error;
  gboolean    done;
} Run;

static void
progress_cb (const char *step,
             gint64      done,
             gint64      total,
             gpointer    user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->steps, g_strdup (step));
}

static void
published_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;

  run->remote = nd_publisher_publish_finish (ND_PUBLISHER (object), result, &run->error);
  run->done = TRUE;
}

/* Returns the remote state, or NULL with *error set. */
static JsonObject *
publish_full (Fixture       *f,
              NdArticle     *article,
              const char    *status,
              GDateTime     *at,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(NdFolderPublisher) publisher = nd_folder_publisher_new (f->account, f->store);
  Run run = { f, NULL, NULL, FALSE };

  nd_publisher_publish_async (ND_PUBLISHER (publisher), article, status, at,
                              ND_PUBLISH_FLAGS_NONE, progress_cb, f, cancellable,
                              published_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  if (run.error)
    g_propagate_error (error, run.error);
  return run.remote;
}

static JsonObject *
publish (Fixture    *f,
         const char *status)
{
  g_autoptr(GError) error = NULL;
  JsonObject *remote = publish_full (f, f->article, status, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (remote);
  return remote;
}

static char *
read_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, &error));
  g_assert_no_error (error);
  return data;
}

/* Every match of expr, as text (attribute values or element text). */
static GPtrArray *
xpath_texts (htmlDocPtr  doc,
             const char *expr)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  xmlXPathContextPtr ctx = xmlXPathNewContext (doc);
  xmlXPathObjectPtr result = xmlXPathEvalExpression ((const xmlChar *) expr, ctx);

  g_assert_nonnull (result);
  for (int i = 0; result->nodesetval && i < result->nodesetval->nodeNr; i++)
    {
      xmlChar *text = xmlXPathCastNodeToString (result->nodesetval->nodeTab[i]);
      g_ptr_array_add (texts, g_strdup ((const char *) text));
      xmlFree (text);
    }
  xmlXPathFreeObject (result);
  xmlXPathFreeContext (ctx);
  return texts;
}

static char *
xpath_one (htmlDocPtr  doc,
           const char *expr)
{
  g_autoptr(GPtrArray) texts = xpath_texts (doc, expr);

  if (texts->len != 1)
    g_error ("%s: %u matches, expected 1", expr, texts->len);
  return g_strdup (g_ptr_array_index (texts, 0));
}

static void
assert_one (htmlDocPtr  doc,
            const char *expr,
            const char *expected)
{
  g_autofree char *text = xpath_one (doc, expr);
  g_autofree char *squeezed = g_strstrip (g_strdup (text));

  g_assert_cmpstr (squeezed, ==, expected);
}

static htmlDocPtr
parse_page (const char *story_dir)
{
  g_autofree char *path = g_build_filename (story_dir, "index.html", NULL);
  htmlDocPtr doc = htmlReadFile (path, "utf-8",
                                 HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);

  g_assert_nonnull (doc);
  return doc;
}

static JsonObject *
parse_ninjs (const char *story_dir)
{
  g_autofree char *path = g_build_filename (story_dir, "article.ninjs.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static guint
count_hidden (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d && (name = g_dir_read_name (d)))
    if (name[0] == '.')
      n++;
  return n;
}

static gboolean
ptr_array_has (GPtrArray  *array,
               const char *text)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), text) == 0)
      return TRUE;
  return FALSE;
}

/* ---- tests -------------------------------------------------------------------------- */

static void
test_folder_settings (void)
{
  g_autoptr(NdAccount) account = nd_account_new (ND_ACCOUNT_KIND_FOLDER, "Local folder");
  g_autoptr(JsonObject) settings = json_object_new ();
  g_autofree char *expected = g_build_filename (g_get_home_dir (), "Newsdesk", "Published", NULL);
  g_autofree char *tilde = g_build_filename (g_get_home_dir (), "out", "news", NULL);
  g_autofree char *folder = NULL;

  /* An isolated HOME has no user-dirs.dirs: no documents folder, the home one is used. */
  folder = nd_folder_publisher_default_folder ();
  g_assert_cmpstr (folder, ==, expected);
  g_clear_pointer (&folder, g_free);
  folder = nd_folder_publisher_account_folder (account);
  g_assert_cmpstr (folder, ==, expected);
  g_clear_pointer (&folder, g_free);

  nd_account_set_url (account, "file:///srv/hot%20folder");
  folder = nd_folder_publisher_account_folder (account);
  g_assert_cmpstr (folder, ==, "/srv/hot folder");
  g_clear_pointer (&folder, g_free);

  json_object_set_string_member (settings, ND_FOLDER_SETTING_PATH, "~/out/news");
  nd_account_set_settings (account, settings);
  folder = nd_folder_publisher_account_folder (account);
  g_assert_cmpstr (folder, ==, tilde);
}

static void
test_page (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonObject) remote = publish (f, ND_PUBLISH_STATUS_PUBLISH);
  const char *path = json_object_get_string_member (remote, "path");
  const char *published = json_object_get_string_member (remote, "published");
  g_autoptr(GDateTime) when = nd_datetime_parse (published);
  g_autoptr(GDateTime) local = g_date_time_to_local (when);
  g_autofree char *month = g_date_time_format (local, "%Y/%m");
  g_autofree char *expected = g_build_filename (f->out, month,
                                                "russia-commits-to-fruitful-partnership-with-latam-lavrov",
                                                NULL);
  g_autofree char *index = g_build_filename (path, "index.html", NULL);
  g_autofree char *uri = g_filename_to_uri (index, NULL, NULL);
  g_autofree char *raw = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(NdArticle) saved = NULL;
  g_autoptr(GError) error = NULL;
  htmlDocPtr doc;
  const char *allowed[] = { "https://example.org/lavrov", "https://example.org/venezuela?x=1&y=2",
                            "http://example.com/tour#día", NULL };

  g_assert_cmpstr (path, ==, expected);
  g_assert_cmpstr (json_object_get_string_member (remote, "url"), ==, uri);
  g_assert_cmpint (json_object_get_int_member (remote, "version"), ==, 1);
  g_assert_nonnull (when);
  g_assert_true (ptr_array_has (f->steps, "Writing the page"));
  g_assert_true (ptr_array_has (f->steps, "Copying the photo"));

  /* The article knows where it went, in memory and in the library. */
  g_assert_cmpstr (nd_article_get_status (f->article), ==, "published");
  g_assert_cmpstr (json_object_get_string_member (
                     nd_article_get_remote (f->article, nd_account_get_id (f->account)), "path"),
                   ==, path);
  saved = nd_article_store_load (f->store, nd_article_get_id (f->article), &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (
                     nd_article_get_remote (saved, nd_account_get_id (f->account)), "version"),
                   ==, 1);

  raw = read_file (path, "index.html");
  /* Escaped in the source, not only harmless once parsed. */
  g_assert_nonnull (strstr (raw, "https://example.org/venezuela?x=1&amp;y=2"));
  g_assert_null (strstr (raw, "<script"));
  g_assert_null (strstr (raw, "url("));
  g_assert_null (strstr (raw, "@import"));

  doc = parse_page (path);
  assert_one (doc, "//title", "Russia Commits To Fruitful Partnership With Latam - Lavrov");
  assert_one (doc, "//h1", "Russia Commits To Fruitful Partnership With Latam - Lavrov");
  assert_one (doc, "//p[@class='standfirst']", "Lavrov ‘welcomed’ the “new” ties — said Faría 🇻🇪");
  assert_one (doc, "//span[@class='byline']", "María José Faría");
  assert_one (doc, "//span[@class='dateline']", "Moscú");
  assert_one (doc, "//nav[@class='breadcrumb']", "News > Russia");
  assert_one (doc, "//nav[@class='breadcrumb']/span[1]", "News");
  assert_one (doc, "//nav[@class='breadcrumb']/span[2]", "Russia");
  assert_one (doc, "//figure/img/@src", "photo.jpg");
  assert_one (doc, "//figure/img/@alt", "Sergey Lavrov speaking at a lectern in front of flags");
  assert_one (doc, "//figcaption", "Lavrov en la rueda de prensa “anual” | Photo: Twitter/@LaVigesima");
  assert_one (doc, "//figcaption/span[@class='credit']", "Photo: Twitter/@LaVigesima");
  assert_one (doc, "//time/@datetime", published);
  {
    g_autofree char *date = xpath_one (doc, "//time");
    g_autofree char *day = g_date_time_format (when, "%Y");

    g_assert_true (g_str_has_prefix (date, "Published "));
    g_assert_nonnull (strstr (date, day));
  }
  assert_one (doc, "//div[@class='body']/p[1]/strong", "Latin America");
  assert_one (doc, "//div[@class='body']/p[1]/em", "partner");
  assert_one (doc, "//div[@class='body']/p[1]/a", "the interview");
  assert_one (doc, "//div[@class='body']/p[1]/a/@href", "https://example.org/lavrov");
  assert_one (doc, "//div[@class='body']/p[2]", "Segundo párrafo con eñe y emoji 🎉.");
  assert_one (doc, "//aside[@class='related']/ul/li[1]/a", "Venezuela y Rusia: una alianza");
  assert_one (doc, "//aside[@class='related']/ul/li[1]/a/@href", "https://example.org/venezuela?x=1&y=2");
  assert_one (doc, "//aside[@class='related']/ul/li[2]/a", "Lavrov’s tour");
  assert_one (doc, "//aside[@class='related']/ul/li[2]/a/@href", "http://example.com/tour#día");

  /* Nothing runs, nothing loads from outside: the only src is the photo beside it, the
   * only links are the story's own. */
  texts = xpath_texts (doc, "//script | //iframe | //object | //embed | //link | //base | //form");
  g_assert_cmpuint (texts->len, ==, 0);
  g_clear_pointer (&texts, g_ptr_array_unref);
  texts = xpath_texts (doc, "//@*[starts-with(name(), 'on')]");
  g_assert_cmpuint (texts->len, ==, 0);
  g_clear_pointer (&texts, g_ptr_array_unref);
  texts = xpath_texts (doc, "//@src | //@srcset | //@poster | //@data");
  g_assert_cmpuint (texts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (texts, 0), ==, "photo.jpg");
  g_clear_pointer (&texts, g_ptr_array_unref);
  texts = xpath_texts (doc, "//@href");
  g_assert_cmpuint (texts->len, ==, 3);
  for (guint i = 0; i < texts->len; i++)
    g_assert_true (g_strv_contains (allowed, g_ptr_array_index (texts, i)));
  xmlFreeDoc (doc);

  /* The photo is a byte-for-byte copy. */
  {
    g_autofree char *original = NULL, *copy = NULL;
    gsize n1, n2;
    g_autofree char *copy_path = g_build_filename (path, "photo.jpg", NULL);

    g_assert_true (g_file_get_contents (f->photo_path, &original, &n1, NULL));
    g_assert_true (g_file_get_contents (copy_path, &copy, &n2, NULL));
    g_assert_cmpmem (original, n1, copy, n2);
  }

  /* Nothing else in the story folder, nothing hidden left beside it. */
  {
    g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
    g_autofree char *parent = g_path_get_dirname (path);
    guint n = 0;

    while (g_dir_read_name (d))
      n++;
    g_assert_cmpuint (n, ==, 3);
    g_assert_cmpuint (count_hidden (parent), ==, 0);
  }
}

static void
test_ninjs (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonObject) remote = publish (f, ND_PUBLISH_STATUS_PUBLISH);
  g_autoptr(JsonObject) item = parse_ninjs (json_object_get_string_member (remote, "path"));
  g_autofree char *uri = g_strdup_printf ("urn:uuid:%s", nd_article_get_id (f->article));
  JsonObject *standard = json_object_get_object_member (item, "standard");
  JsonArray *assocs = json_object_get_array_member (item, "associations");
  JsonObject *mainpic = NULL;
  JsonArray *subjects = json_object_get_array_member (item, "subjects");
  JsonObject *headline = json_array_get_object_element (json_object_get_array_member (item, "headlines"), 0);
  JsonObject *body = json_array_get_object_element (json_object_get_array_member (item, "bodies"), 0);
  guint sections = 0, keywords = 0;

  g_assert_cmpstr (json_object_get_string_member (item, "uri"), ==, uri);
  g_assert_cmpstr (json_object_get_string_member (standard, "name"), ==, "ninjs");
  g_assert_cmpstr (json_object_get_string_member (standard, "version"), ==, "2.2");
  g_assert_cmpstr (json_object_get_string_member (item, "version"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (item, "pubstatus"), ==, "usable");
  g_assert_false (json_object_has_member (item, "embargoed"));
  g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (item, "language"), ==, "es");
  g_assert_cmpstr (json_object_get_string_member (item, "by"), ==, "María José Faría");
  g_assert_cmpstr (json_object_get_string_member (item, "located"), ==, "Moscú");
  g_assert_cmpstr (json_object_get_string_member (headline, "value"), ==,
                   "Russia Commits To Fruitful Partnership With Latam - Lavrov");
  g_assert_nonnull (strstr (json_object_get_string_member (body, "value"),
                            "<strong>Latin America</strong>"));
  /* No ninjs 1.x names. */
  g_assert_false (json_object_has_member (item, "headline"));
  g_assert_false (json_object_has_member (item, "body_html"));

  for (guint i = 0; i < json_array_get_length (subjects); i++)
    {
      JsonObject *s = json_array_get_object_element (subjects, i);
      const char *rel = json_object_get_string_member_with_default (s, "rel", "");

      sections += g_str_equal (rel, "section");
      keywords += g_str_equal (rel, "keyword");
    }
  g_assert_cmpuint (sections, >=, 1);
  g_assert_cmpuint (keywords, ==, 3);

  for (guint i = 0; i < json_array_get_length (assocs); i++)
    {
      JsonObject *a = json_array_get_object_element (assocs, i);
      if (g_strcmp0 (json_object_get_string_member_with_default (a, "name", NULL), "mainpic") == 0)
        mainpic = a;
    }
  g_assert_nonnull (mainpic);
  g_assert_cmpstr (json_object_get_string_member (mainpic, "by"), ==, "Twitter/@LaVigesima");
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (mainpic, "renditions"), 0),
                     "href"), ==, "photo.jpg");
  g_assert_cmpuint (json_array_get_length (assocs), ==, 3);
}

static void
test_republish (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) first = publish (f, ND_PUBLISH_STATUS_PUBLISH);
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *raw = NULL;
  const char *path = json_object_get_string_member (first, "path");

  /* A changed headline updates the page, in the same folder (its address stays). */
  nd_article_set_headline (f->article, "Lavrov: a new chapter");
  second = publish (f, ND_PUBLISH_STATUS_PUBLISH);
  g_assert_cmpstr (json_object_get_string_member (second, "path"), ==, path);
  g_assert_cmpstr (json_object_get_string_member (second, "published"), ==,
                   json_object_get_string_member (first, "published"));
  g_assert_cmpint (json_object_get_int_member (second, "version"), ==, 2);

  item = parse_ninjs (path);
  g_assert_cmpstr (json_object_get_string_member (item, "version"), ==, "2");
  raw = read_file (path, "index.html");
  g_assert_nonnull (strstr (raw, "<h1>Lavrov: a new chapter</h1>"));

  parent = g_path_get_dirname (path);
  g_assert_cmpuint (count_hidden (parent), ==, 0);
  {
    g_autoptr(GDir) d = g_dir_open (parent, 0, NULL);
    g_assert_cmpstr (g_dir_read_name (d), ==, "russia-commits-to-fruitful-partnership-with-latam-lavrov");
    g_assert_null (g_dir_read_name (d));
  }
}

static void
test_statuses (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonObject) draft = publish (f, ND_PUBLISH_STATUS_DRAFT);
  g_autoptr(JsonObject) scheduled = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autoptr(GDateTime) at = g_date_time_new_utc (2031, 1, 15, 9, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *draft_path = g_strdup (json_object_get_string_member (draft, "path"));
  g_autofree char *expected = g_build_filename (f->out, "2031", "01",
                                                "russia-commits-to-fruitful-partnership-with-latam-lavrov",
                                                NULL);

  /* A hot folder takes drafts too, held back. */
  item = parse_ninjs (draft_path);
  g_assert_cmpstr (json_object_get_string_member (item, "pubstatus"), ==, "withheld");
  g_assert_cmpstr (nd_article_get_status (f->article), ==, "scheduled");  /* untouched */
  g_clear_pointer (&item, json_object_unref);

  /* Scheduled: filed under its time, embargoed until then; the draft's copy goes. */
  scheduled = publish_full (f, f->article, ND_PUBLISH_STATUS_FUTURE, at, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (scheduled, "path"), ==, expected);
  g_assert_cmpint (json_object_get_int_member (scheduled, "version"), ==, 2);
  item = parse_ninjs (expected);
  g_assert_cmpstr (json_object_get_string_member (item, "pubstatus"), ==, "withheld");
  g_assert_cmpstr (json_object_get_string_member (item, "embargoed"), ==, "2031-01-15T09:00:00Z");
  g_assert_false (g_file_test (draft_path, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (nd_article_get_status (f->article), ==, "scheduled");

  /* A scheduled publish needs its time; an unknown status is refused. */
  g_assert_null (publish_full (f, f->article, ND_PUBLISH_STATUS_FUTURE, NULL, NULL, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_null (publish_full (f, f->article, "pending", NULL, NULL, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED);
}

static void
test_hostile_headline (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) remote = NULL;
  g_autofree char *raw = NULL;
  g_autoptr(GPtrArray) scripts = NULL;
  const char *path;
  htmlDocPtr doc;

  nd_article_set_headline (f->article, "<script>alert(1)</script>");
  nd_article_set_byline (f->article, "\"><img src=x onerror=alert(2)>");
  remote = publish (f, ND_PUBLISH_STATUS_PUBLISH);
  path = json_object_get_string_member (remote, "path");
  g_assert_true (g_str_has_suffix (path, "/script-alert-1-script"));

  raw = read_file (path, "index.html");
  g_assert_null (strstr (raw, "<script"));
  g_assert_null (strstr (raw, "<img src=x"));
  g_assert_nonnull (strstr (raw, "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));

  doc = parse_page (path);
  assert_one (doc, "//h1", "<script>alert(1)</script>");
  assert_one (doc, "//span[@class='byline']", "\"><img src=x onerror=alert(2)>");
  scripts = xpath_texts (doc, "//script | //@onerror");
  g_assert_cmpuint (scripts->len, ==, 0);
  xmlFreeDoc (doc);
}

typedef struct
{
  char          *dir;
  volatile gint  stop;
  guint          looks;
  guint          stories_seen;
  GPtrArray     *problems;
} Watcher;

/* A consumer polling the folder as fast as it can: any story folder it can see must be
 * whole. If the name was swapped between two looks (the folder's inode changed), the
 * look saw the old story leaving, which is fine. */
static gpointer
watcher_thread (gpointer data)
{
  Watcher *w = data;

  while (!g_atomic_int_get (&w->stop))
    {
      g_autoptr(GDir) d = g_dir_open (w->dir, 0, NULL);
      const char *name;

      w->looks++;
      while (d && (name = g_dir_read_name (d)))
        {
          g_autofree char *story = NULL, *index = NULL, *photo = NULL, *ninjs = NULL;
          GStatBuf before, after;
          gboolean whole;

          if (name[0] == '.')
            continue;
          story = g_build_filename (w->dir, name, NULL);
          index = g_build_filename (story, "index.html", NULL);
          photo = g_build_filename (story, "photo.jpg", NULL);
          ninjs = g_build_filename (story, "article.ninjs.json", NULL);
          if (g_stat (story, &before) != 0)
            continue;
          w->stories_seen++;
          whole = g_file_test (index, G_FILE_TEST_IS_REGULAR) &&
                  g_file_test (photo, G_FILE_TEST_IS_REGULAR) &&
                  g_file_test (ninjs, G_FILE_TEST_IS_REGULAR);
          if (!whole && g_stat (story, &after) == 0 && after.st_ino == before.st_ino)
            g_ptr_array_add (w->problems, g_strdup_printf ("%s is incomplete", name));
        }
    }
  return NULL;
}

static void
test_watcher_never_sees_half (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(JsonObject) first = publish (f, ND_PUBLISH_STATUS_PUBLISH);
  Watcher w = { 0 };
  GThread *thread;

  w.dir = g_path_get_dirname (json_object_get_string_member (first, "path"));
  w.problems = g_ptr_array_new_with_free_func (g_free);
  thread = g_thread_new ("watcher", watcher_thread, &w);

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *body = g_strdup_printf ("<p>Update %u</p>", i);
      g_autoptr(JsonObject) remote = NULL;

      nd_article_set_body_html (f->article, body);
      remote = publish (f, ND_PUBLISH_STATUS_PUBLISH);
      g_assert_cmpint (json_object_get_int_member (remote, "version"), ==, i + 2);
    }
  g_atomic_int_set (&w.stop, 1);
  g_thread_join (thread);

  g_test_message ("the watcher looked %u times and saw %u story folders", w.looks, w.stories_seen);
  for (guint i = 0; i < w.problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (w.problems, i));
  g_assert_cmpuint (w.problems->len, ==, 0);
  g_assert_cmpuint (w.looks, >, 20);
  g_assert_cmpuint (w.stories_seen, >, 0);
  g_assert_cmpuint (count_hidden (w.dir), ==, 0);
  {
    g_autofree char *raw = read_file (json_object_get_string_member (first, "path"), "index.html");
    g_assert_nonnull (strstr (raw, "Update 19"));
  }
  g_free (w.dir);
  g_ptr_array_unref (w.problems);
}

static void
test_leftovers_and_cancel (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) first = publish (f, ND_PUBLISH_STATUS_PUBLISH);
  g_autofree char *dir = g_path_get_dirname (json_object_get_string_member (first, "path"));
  g_autofree char *dead_tmp = NULL, *dead_old = NULL, *alive = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) second = NULL;
  const char *argv[] = { "true", NULL };
  GPid pid;
  int wait_status;

  /* A process that has exited: what a publish killed half-way leaves behind. */
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, &error));
  g_assert_no_error (error);
  waitpid (pid, &wait_status, 0);
  g_spawn_close_pid (pid);
  dead_tmp = g_strdup_printf ("%s/.other-story.tmp-%d", dir, (int) pid);
  dead_old = g_strdup_printf ("%s/.other-story.old-%d", dir, (int) pid);
  alive = g_strdup_printf ("%s/.busy-story.tmp-1", dir);  /* init: still running */
  g_assert_cmpint (g_mkdir (dead_tmp, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (dead_old, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (alive, 0755), ==, 0);

  /* Cancelled: nothing changes, nothing is left. */
  g_cancellable_cancel (cancellable);
  g_assert_null (publish_full (f, f->article, ND_PUBLISH_STATUS_PUBLISH, NULL, cancellable, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (json_object_get_int_member (
                     nd_article_get_remote (f->article, nd_account_get_id (f->account)), "version"),
                   ==, 1);

  second = publish (f, ND_PUBLISH_STATUS_PUBLISH);
  g_assert_false (g_file_test (dead_tmp, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dead_old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (alive, G_FILE_TEST_IS_DIR));
  g_assert_cmpint (json_object_get_int_member (second, "version"), ==, 2);
  g_rmdir (alive);
  g_assert_cmpuint (count_hidden (dir), ==, 0);
}

static void
test_same_headline_other_article (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(JsonObject) first = publish (f, ND_PUBLISH_STATUS_PUBLISH);
  g_autoptr(NdArticle) other = nd_test_article_complete ();
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *raw = NULL;

  nd_article_set_photo (other, NULL);
  nd_article_set_body_html (other, "<p>Another story</p>");
  second = publish_full (f, other, ND_PUBLISH_STATUS_PUBLISH, NULL, NULL, &error);
  g_assert_no_error (error);
  expected = g_strconcat (json_object_get_string_member (first, "path"), "-2", NULL);
  g_assert_cmpstr (json_object_get_string_member (second, "path"), ==, expected);
  raw = read_file (json_object_get_string_member (first, "path"), "index.html");
  g_assert_null (strstr (raw, "Another story"));
  g_clear_pointer (&raw, g_free);
  raw = read_file (expected, "index.html");
  g_assert_nonnull (strstr (raw, "Another story"));
  g_assert_null (strstr (raw, "<figure>"));
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;

  run->remote = nd_publisher_fetch_remote_finish (ND_PUBLISHER (object), result, &run->error);
  run->done = TRUE;
}

static void
test_fetch_remote (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(NdFolderPublisher) publisher = nd_folder_publisher_new (f->account, f->store);
  g_autoptr(JsonObject) remote = NULL;
  Run run = { f, NULL, NULL, FALSE };

  nd_publisher_fetch_remote_async (ND_PUBLISHER (publisher), f->article, NULL, fetched_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (run.error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_FOUND);
  g_clear_error (&run.error);

  remote = publish (f, ND_PUBLISH_STATUS_PUBLISH);
  run.done = FALSE;
  nd_publisher_fetch_remote_async (ND_PUBLISHER (publisher), f->article, NULL, fetched_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (run.error);
  g_assert_cmpstr (json_object_get_string_member (run.remote, "version"), ==, "1");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (run.remote, "uri"),
                                   nd_article_get_id (f->article)));
  json_object_unref (run.remote);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  home = nd_test_isolate_home ();

  g_test_add_func ("/folder-publisher/folder-settings", test_folder_settings);
#define ADD(path, func) \
  g_test_add ("/folder-publisher/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("page", test_page);
  ADD ("ninjs", test_ninjs);
  ADD ("republish", test_republish);
  ADD ("statuses", test_statuses);
  ADD ("hostile-headline", test_hostile_headline);
  ADD ("watcher-never-sees-half", test_watcher_never_sees_half);
  ADD ("leftovers-and-cancel", test_leftovers_and_cancel);
  ADD ("same-headline-other-article", test_same_headline_other_article);
  ADD ("fetch-remote", test_fetch_remote);
#undef ADD

  status = g_test_run ();
  nd_rm_rf (home, NULL);
  return status;
}
