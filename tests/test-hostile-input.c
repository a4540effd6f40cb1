/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Huge or deep inputs (issue 5, hostile input): a 100 MB article file, a photo whose
 * header claims 50,000 × 50,000 pixels, a 10 MB headline and HTML nested 100,000 deep
 * each get a clear error (or a stated truncation) in bounded time and memory. Every case
 * runs in a child process (g_test_trap_subprocess), whose wall time and peak RSS
 * (getrusage RUSAGE_CHILDREN) the parent checks. */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "nd-article.h"
#include "nd-article-store.h"
#include "nd-html.h"
#include "nd-ninjs.h"
#include "nd-page-title.h"
#include "nd-photo-meta.h"
#include "nd-test-util.h"
#include "nd-util.h"
#include "nd-wordpress-publisher.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#ifdef UNDER_ASAN
/* ASan's shadow memory and redzones; its interceptors slow string work down. */
#define SLOW_FACTOR 4.0
#else
#define SLOW_FACTOR 1.0
#endif

/* Peak RSS of any case's child. Reading the 100 MB file, or decoding the claimed
 * 50,000 × 50,000 photo (10 GB), would go far past it. */
#define MAX_RSS_MIB   (128 * SLOW_FACTOR)
#define HUGE_FILE     (100 * 1024 * 1024)
#define TEN_MB        (10 * 1024 * 1024)

static const char *
work_dir (void)
{
  return g_getenv ("ND_HOSTILE_DIR");
}

static char *
work_path (const char *name)
{
  return g_build_filename (work_dir (), name, NULL);
}

/* Runs the current test again in a child, in which g_test_subprocess() is TRUE, and
 * checks that it passed within seconds (times SLOW_FACTOR) and MAX_RSS_MIB. */
static void
run_bounded (double seconds)
{
  gint64 start = g_get_monotonic_time ();
  double elapsed;
  struct rusage usage;

  g_test_trap_subprocess (NULL, (guint64) (seconds * SLOW_FACTOR * 4 * G_USEC_PER_SEC),
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_trap_assert_passed ();
  g_assert_cmpint (getrusage (RUSAGE_CHILDREN, &usage), ==, 0);
  g_test_message ("%s: %.2f s, peak RSS of the children so far %ld MiB", g_test_get_path (),
                  elapsed, usage.ru_maxrss / 1024);
  g_assert_cmpfloat (elapsed, <, seconds * SLOW_FACTOR);
  g_assert_cmpfloat (usage.ru_maxrss / 1024.0, <, MAX_RSS_MIB);
}

/* Writes an article document of about HUGE_FILE bytes (a body of one long paragraph) in
 * 1 MB pieces, so the test itself stays small. */
static char *
write_huge_article (void)
{
  g_autofree char *path = work_path ("huge-article.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *chunk = g_strnfill (1024 * 1024, 'a');
  const char *head = "{\"format\":\"newsdesk-article\",\"version\":1,"
                     "\"id\":\"6f1c2c3e-8d0b-4b7e-9a4e-2f2d8a1c9b10\",\"body_html\":\"<p>";
  const char *tail = "</p>\"}\n";

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), head, strlen (head), NULL,
                                            NULL, &error));
  for (guint i = 0; i < HUGE_FILE / (1024 * 1024); i++)
    g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), chunk, 1024 * 1024, NULL,
                                              NULL, &error));
  g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), tail, strlen (tail), NULL,
                                            NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
assert_too_large_message (const GError *error)
{
  g_test_message ("error: %s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "at most"));
  g_assert_nonnull (strstr (error->message, "MB"));
}

/* ---- a 100 MB article file ---------------------------------------------------------- */

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;
  NdArticle *article = nd_article_store_load_finish (ND_ARTICLE_STORE (source), result, error);

  g_assert_null (article);
  g_assert_nonnull (*error);
}

static void
test_json_100mb_loader (void)
{
  g_autofree char *path = write_huge_article ();

  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NdArticle) article = nd_article_new_from_file (path, &error);

      g_assert_null (article);
      g_assert_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_TOO_LARGE);
      assert_too_large_message (error);
      return;
    }
  run_bounded (2.0);
}

static void
test_json_100mb_store (void)
{
  g_autofree char *path = write_huge_article ();

  if (g_test_subprocess ())
    {
      const char *id = "6f1c2c3e-8d0b-4b7e-9a4e-2f2d8a1c9b10";
      g_autoptr(NdArticleStore) store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
      g_autofree char *folder = nd_article_store_article_dir (store, id);
      g_autofree char *inside = g_build_filename (folder, "article.json", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) entries = NULL;

      /* The library holds the 100 MB document as an article's file (a damaged or crafted
       * library): opening it is a clear error, listing the library goes on. */
      g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
      g_assert_cmpint (link (path, inside), ==, 0);
      nd_article_store_load_async (store, id, NULL, load_done_cb, &error);
      while (error == NULL)
        g_main_context_iteration (NULL, TRUE);
      assert_too_large_message (error);
      g_clear_error (&error);

      g_assert_true (nd_article_store_rebuild_index (store, &error) || error != NULL);
      g_clear_error (&error);
      entries = nd_article_store_list (store, &error);
      g_assert_no_error (error);
      g_assert_nonnull (entries);
      return;
    }
  run_bounded (5.0);
}

static void
run_cli (const char *command,
         const char *path)
{
  const char *cli = g_getenv ("NEWSDESK_CLI");
  const char *argv[] = { cli, command, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  struct rusage usage;
  int status = 0;

  g_assert_nonnull (cli);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("newsdesk-cli %s: exit %d, %.2f s: %s", command, status,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "at most"));
  g_assert_cmpfloat ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, <,
                     5.0 * SLOW_FACTOR);
  g_assert_cmpint (getrusage (RUSAGE_CHILDREN, &usage), ==, 0);
  g_assert_cmpfloat (usage.ru_maxrss / 1024.0, <, MAX_RSS_MIB);
}

static void
test_json_100mb_cli (void)
{
  g_autofree char *path = write_huge_article ();

  run_cli ("validate", path);
  run_cli ("import", path);
}

/* ---- a photo that claims 50,000 × 50,000 pixels -------------------------------------- */

static guint32
crc32_of (const guchar *data,
          gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return crc ^ 0xffffffff;
}

static void
put_be32 (GByteArray *out,
          guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (out, b, 4);
}

static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           guint32       len)
{
  g_autoptr(GByteArray) crc_part = g_byte_array_new ();

  put_be32 (out, len);
  g_byte_array_append (crc_part, (const guint8 *) type, 4);
  if (len)
    g_byte_array_append (crc_part, data, len);
  g_byte_array_append (out, crc_part->data, crc_part->len);
  put_be32 (out, crc32_of (crc_part->data, crc_part->len));
}

/* A well-formed PNG header (IHDR with a correct CRC) for width × height RGB, then a
 * few bytes of pixel data and the end: only a decoder would notice the lie. */
static char *
write_forged_png (const char *name,
                  guint32     width,
                  guint32     height)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  /* zlib stream of a few zero bytes (one stored block). */
  static const guint8 idat[] = { 0x78, 0x01, 0x01, 0x04, 0x00, 0xfb, 0xff, 0, 0, 0, 0,
                                 0x00, 0x04, 0x00, 0x01 };
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GByteArray) ihdr = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  char *path = work_path (name);

  put_be32 (ihdr, width);
  put_be32 (ihdr, height);
  g_byte_array_append (ihdr, (const guint8 *) "\x08\x02\x00\x00\x00", 5);
  g_byte_array_append (png, signature, sizeof signature);
  put_chunk (png, "IHDR", ihdr->data, ihdr->len);
  put_chunk (png, "IDAT", idat, sizeof idat);
  put_chunk (png, "IEND", NULL, 0);
  g_assert_true (g_file_set_contents (path, (const char *) png->data, png->len, &error));
  g_assert_no_error (error);
  return path;
}

static void
attach_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (nd_article_store_attach_photo_finish (ND_ARTICLE_STORE (source), result,
                                                        error));
  g_assert_nonnull (*error);
}

static void
meta_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  NdPhotoMeta *meta = nd_photo_meta_read_finish (result, &error);

  /* Metadata only: nothing or an error, never a decode of the pixels. */
  g_clear_pointer (&meta, nd_photo_meta_free);
  *done = TRUE;
}

static void
test_photo_50000 (void)
{
  g_autofree char *png = write_forged_png ("huge.png", 50000, 50000);

  if (g_test_subprocess ())
    {
      g_autoptr(NdArticleStore) store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
      g_autoptr(NdArticle) article = nd_test_article_complete ();
      g_autoptr(GError) error = NULL;
      gboolean meta_done = FALSE;
      int width = 0, height = 0;
      NdPhoto *before = nd_article_get_photo (article);

      /* The header really says so. */
      g_assert_nonnull (gdk_pixbuf_get_file_info (png, &width, &height));
      g_assert_cmpint (width, ==, 50000);
      g_assert_cmpint (height, ==, 50000);

      g_assert_true (nd_article_store_save (store, article, &error));
      g_assert_no_error (error);
      nd_article_store_attach_photo_async (store, article, png, NULL, attach_done_cb, &error);
      while (error == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_test_message ("attach: %s", error->message);
      g_assert_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_AN_IMAGE);
      g_assert_nonnull (strstr (error->message, "50000 × 50000"));
      g_assert_nonnull (strstr (error->message, "huge.png"));
      /* The article is unchanged. */
      g_assert_true (nd_article_get_photo (article) == before);

      nd_photo_meta_read_async (png, NULL, meta_done_cb, &meta_done);
      while (!meta_done)
        g_main_context_iteration (NULL, TRUE);
      return;
    }
  run_bounded (5.0);
}

/* ---- a 10 MB headline --------------------------------------------------------------- */

static char *
ten_mb_of_text (void)
{
  /* Mixed widths, so a cut in the middle of a character would show. */
  const char *unit = "Últimas noticias — ";
  GString *s = g_string_sized_new (TEN_MB + 64);

  while (s->len < TEN_MB)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

static void
test_headline_10mb (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *text = ten_mb_of_text ();
      g_autoptr(NdArticle) article = nd_test_article_complete ();
      g_autoptr(NdArticle) again = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;
      g_autofree char *doc = NULL;
      g_autofree char *item = NULL;
      g_autofree char *slug = NULL;
      g_autofree char *page = NULL;
      g_autofree char *title = NULL;
      NdArticle *imported;

      /* Typed or pasted: cut to ND_ARTICLE_MAX_LINE_FIELD characters, so the article
       * still saves and opens again. */
      nd_article_set_headline (article, text);
      g_assert_cmpint (g_utf8_strlen (nd_article_get_headline (article), -1), ==,
                       ND_ARTICLE_MAX_LINE_FIELD);
      g_assert_true (g_utf8_validate (nd_article_get_headline (article), -1, NULL));
      g_assert_true (g_str_has_prefix (text, nd_article_get_headline (article)));
      json = nd_article_to_json (article, NULL);
      again = nd_article_new_from_json (json, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (nd_article_get_headline (again), ==, nd_article_get_headline (article));
      nd_article_set_standfirst (article, text);
      g_assert_cmpint (g_utf8_strlen (nd_article_get_standfirst (article), -1), ==,
                       ND_ARTICLE_MAX_STANDFIRST);

      /* In a file: a clear error naming the field. */
      doc = g_strdup_printf ("{\"format\":\"newsdesk-article\",\"version\":1,"
                             "\"id\":\"6f1c2c3e-8d0b-4b7e-9a4e-2f2d8a1c9b10\","
                             "\"headline\":\"%s\"}", text);
      g_assert_null (nd_article_new_from_json (doc, -1, &error));
      g_assert_error (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_INVALID_FIELD);
      g_assert_true (g_str_has_prefix (error->message, "headline: too long"));
      g_clear_error (&error);
      g_clear_pointer (&doc, g_free);

      /* In a ninjs item, all flavours' ways of carrying it. */
      item = g_strdup_printf ("{\"uri\":\"urn:x\",\"headlines\":[{\"role\":\"main\","
                              "\"value\":\"%s\"}]}", text);
      imported = nd_ninjs_import (item, -1, NULL, &error);
      g_assert_null (imported);
      g_assert_error (error, ND_NINJS_ERROR, ND_NINJS_ERROR_INVALID_FIELD);
      g_assert_nonnull (strstr (error->message, "too long"));
      g_clear_error (&error);
      g_free (item);
      item = g_strdup_printf ("{\"guid\":\"x\",\"type\":\"text\",\"headline\":\"%s\"}", text);
      imported = nd_ninjs_import (item, -1, NULL, &error);
      g_assert_null (imported);
      g_assert_error (error, ND_NINJS_ERROR, ND_NINJS_ERROR_INVALID_FIELD);
      g_clear_error (&error);
      g_clear_pointer (&item, g_free);

      /* What is made from a headline stays small and quick. */
      slug = nd_wordpress_slugify (text);
      g_assert_cmpuint (strlen (slug), <=, 80);
      page = g_strdup_printf ("<html><head><title>%s</title></head></html>", text);
      title = nd_page_title_parse (page, strlen (page));
      g_assert_nonnull (title);
      g_assert_cmpint (g_utf8_strlen (title, -1), <=, ND_PAGE_TITLE_MAX_CHARS);
      return;
    }
  run_bounded (5.0);
}

/* ---- HTML nested 100,000 deep ------------------------------------------------------- */

static void
test_html_deep (void)
{
  if (g_test_subprocess ())
    {
      const char *shapes[][2] = {
        { "<div>", "</div>" },
        { "<blockquote><ul><li>", "</li></ul></blockquote>" },
        { "<a href=\"https://example.org/\"><b><i>", "</i></b></a>" },
        { "<table><tr><td>", "</td></tr></table>" },
      };

      for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
        {
          GString *html = g_string_new ("<p>before</p>");
          g_autoptr(GError) error = NULL;
          g_autofree char *clean = NULL;

          for (guint d = 0; d < 100000; d++)
            g_string_append (html, shapes[i][0]);
          g_string_append (html, "deep");
          for (guint d = 0; d < 100000; d++)
            g_string_append (html, shapes[i][1]);
          g_string_append (html, "<p>after</p>");
          clean = nd_html_sanitize (html->str, html->len, &error);
          g_assert_no_error (error);
          g_assert_true (g_str_has_prefix (clean, "<p>before</p>"));
          g_string_free (html, TRUE);
        }
      return;
    }
  run_bounded (10.0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* The parent makes the inputs once; the children (same environment) find them. */
  if (!g_test_subprocess ())
    {
      home = nd_test_isolate_home ();
      dir = g_build_filename (home, "hostile", NULL);
      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv ("ND_HOSTILE_DIR", dir, TRUE);
    }

  g_test_add_func ("/hostile/json-100mb/loader", test_json_100mb_loader);
  g_test_add_func ("/hostile/json-100mb/store", test_json_100mb_store);
  g_test_add_func ("/hostile/json-100mb/cli", test_json_100mb_cli);
  g_test_add_func ("/hostile/photo-50000x50000", test_photo_50000);
  g_test_add_func ("/hostile/headline-10mb", test_headline_10mb);
  g_test_add_func ("/hostile/html-nested-100000", test_html_deep);

  status = g_test_run ();
  if (home)
    nd_rm_rf (home, NULL);
  return status;
}
