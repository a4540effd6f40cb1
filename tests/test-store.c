/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "nd-article-store.h"
#include "nd-test-util.h"
#include "nd-util.h"

typedef struct
{
  char           *home;
  char           *libdir;
  NdArticleStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->home = nd_test_isolate_home ();
  f->libdir = g_strdup (g_getenv ("NEWSDESK_LIBRARY"));
  f->store = nd_article_store_new (f->libdir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* A worker thread lets go of its task (and so of the store) just after the result was
   * delivered: give it that moment, then the store must go away. */
  while (G_OBJECT (f->store)->ref_count > 1 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (f->store);
  nd_rm_rf (f->home, NULL);
  g_free (f->home);
  g_free (f->libdir);
}

static char *
article_path (Fixture    *f,
              const char *id,
              const char *file)
{
  return g_build_filename (f->libdir, "articles", id, file, NULL);
}

static void
test_default_location (void)
{
  g_autofree char *home = nd_test_isolate_home ();
  g_autofree char *expected = g_build_filename (home, "data", "newsdesk", NULL);
  g_autoptr(NdArticleStore) store = NULL;

  /* Must run first: GLib reads XDG_DATA_HOME once per process. */
  store = nd_article_store_new (NULL);
  g_assert_cmpstr (nd_article_store_get_dir (store), ==, expected);
  g_assert_cmpuint (nd_test_file_mode (expected), ==, 0700);
  nd_rm_rf (home, NULL);
}

static void
test_save_load (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(NdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *file = NULL;

  nd_photo_set_file (nd_article_get_photo (article), "photo.jpg");
  g_assert_true (nd_article_store_save (f->store, article, &error));
  g_assert_no_error (error);

  folder = nd_article_store_article_dir (f->store, nd_article_get_id (article));
  file = article_path (f, nd_article_get_id (article), "article.json");
  g_assert_cmpuint (nd_test_file_mode (folder), ==, 0700);
  g_assert_cmpuint (nd_test_file_mode (file), ==, 0600);
  g_assert_true (nd_article_store_exists (f->store, nd_article_get_id (article)));

  loaded = nd_article_store_load (f->store, nd_article_get_id (article), &error);
  g_assert_no_error (error);
  nd_test_assert_articles_equal (article, loaded);

  /* No temp file is left behind by a completed save. */
  {
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (dir)))
      g_assert_false (nd_is_temp_name (name));
  }
}

static void
test_load_missing (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NdArticle) article = NULL;

  article = nd_article_store_load (f->store, "6f1c2c3e-8d0b-4b7e-9a4e-2f2d8a1c9b10", &error);
  g_assert_null (article);
  g_assert_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Ids are folder names: a path is never accepted as one. */
  article = nd_article_store_load (f->store, "../../etc", &error);
  g_assert_null (article);
  g_assert_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_FOUND);
}

static void
test_quarantine (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(NdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *file = NULL;
  g_autofree char *qdir = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  const char *id;
  guint found = 0;

  g_assert_true (nd_article_store_save (f->store, article, &error));
  id = nd_article_get_id (article);
  file = article_path (f, id, "article.json");
  g_assert_true (g_file_set_contents (file, "{\"format\":\"newsdesk-article\",\"version\":1,\"id\":\"x", -1, NULL));

  loaded = nd_article_store_load (f->store, id, &error);
  g_assert_null (loaded);
  g_assert_error (error, ND_STORE_ERROR, ND_STORE_ERROR_QUARANTINED);
  /* The message says which file and where it went. */
  g_assert_nonnull (strstr (error->message, id));
  g_assert_nonnull (strstr (error->message, "quarantine"));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* The broken bytes are kept, with the reason beside them. */
  qdir = g_build_filename (f->libdir, "quarantine", NULL);
  dir = g_dir_open (qdir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *kept = g_build_filename (qdir, name, "article.json", NULL);
      g_autofree char *reason_path = g_build_filename (qdir, name, "reason.txt", NULL);
      g_autofree char *contents = NULL;
      g_autofree char *reason = NULL;

      g_assert_true (g_str_has_prefix (name, id));
      g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "{\"format\":\"newsdesk-article\",\"version\":1,\"id\":\"x");
      g_assert_true (g_file_get_contents (reason_path, &reason, NULL, NULL));
      g_assert_nonnull (strstr (reason, "not valid JSON"));
      found++;
    }
  g_assert_cmpuint (found, ==, 1);

  /* The library still lists (without it). */
  entries = nd_article_store_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
}

static void
test_list_and_index (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *index_path = nd_article_store_index_path (f->store);
  g_autofree char *first_id = NULL;
  NdIndexEntry *e;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(NdArticle) article = nd_test_article_complete ();
      g_autoptr(GDateTime) modified = g_date_time_new_utc (2022, 7, 4 + i, 12, 0, 0);
      g_autofree char *headline = g_strdup_printf ("Story %u — ñ", i);

      nd_article_set_headline (article, headline);
      nd_article_set_modified (article, modified);
      g_assert_true (nd_article_store_save (f->store, article, &error));
      if (i == 0)
        first_id = g_strdup (nd_article_get_id (article));
    }

  entries = nd_article_store_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 5);
  e = g_ptr_array_index (entries, 0);
  /* Newest first. */
  g_assert_cmpstr (e->headline, ==, "Story 4 — ñ");
  g_assert_cmpstr (e->section, ==, "News > Russia");
  g_assert_cmpstr (e->status, ==, "scheduled");
  g_assert_cmpstr (e->tags[0], ==, "Russia");
  g_assert_true (g_file_test (index_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* A change made behind the index's back (another process) is picked up. */
  {
    g_autoptr(NdArticle) article = nd_article_store_load (f->store, first_id, &error);
    g_autoptr(GDateTime) modified = g_date_time_new_utc (2030, 1, 1, 0, 0, 0);

    nd_article_set_headline (article, "Changed elsewhere, now a longer headline");
    nd_article_set_modified (article, modified);
    g_assert_true (nd_article_store_save (f->store, article, &error));
  }
  entries = nd_article_store_list (f->store, &error);
  e = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (e->id, ==, first_id);
  g_assert_cmpstr (e->headline, ==, "Changed elsewhere, now a longer headline");
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* A corrupt index is rebuilt, not trusted. */
  g_assert_true (g_file_set_contents (index_path, "garbage", -1, NULL));
  entries = nd_article_store_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 5);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* A missing one too. */
  g_assert_cmpint (g_unlink (index_path), ==, 0);
  entries = nd_article_store_list (f->store, &error);
  g_assert_cmpuint (entries->len, ==, 5);
  g_assert_true (g_file_test (index_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (nd_test_file_mode (index_path), ==, 0600);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* An index that names an article which is gone drops it. */
  g_assert_true (nd_article_store_trash (f->store, first_id, &error));
  entries = nd_article_store_list (f->store, &error);
  g_assert_cmpuint (entries->len, ==, 4);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (((NdIndexEntry *) g_ptr_array_index (entries, i))->id, !=, first_id);
}

static void
test_index_is_used (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *index_path = nd_article_store_index_path (f->store);
  g_autofree char *index = NULL;
  g_autofree char *edited = NULL;

  g_assert_true (nd_article_store_save (f->store, article, &error));
  entries = nd_article_store_list (f->store, &error);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Listing reads the index, not the articles: an index row edited in place (with the
   * article untouched) is what comes back. This is what keeps 10,000 articles fast. */
  g_assert_true (g_file_get_contents (index_path, &index, NULL, NULL));
  {
    g_auto(GStrv) parts = g_strsplit (index, "Russia Commits To Fruitful Partnership With Latam - Lavrov", -1);
    edited = g_strjoinv ("From the index", parts);
  }
  g_assert_true (g_file_set_contents (index_path, edited, -1, NULL));
  entries = nd_article_store_list (f->store, &error);
  g_assert_cmpstr (((NdIndexEntry *) g_ptr_array_index (entries, 0))->headline, ==, "From the index");

  /* And a rebuild goes back to the articles themselves. */
  g_assert_true (nd_article_store_rebuild_index (f->store, &error));
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = nd_article_store_list (f->store, &error);
  g_assert_cmpstr (((NdIndexEntry *) g_ptr_array_index (entries, 0))->headline, ==,
                   "Russia Commits To Fruitful Partnership With Latam - Lavrov");
}

static void
test_photo (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(NdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *jpeg = nd_test_write_image (f->home, "lead.jpg", 120, 80, "jpeg");
  g_autofree char *png = nd_test_write_image (f->home, "other.png", 64, 48, "png");
  g_autofree char *stored = NULL;
  g_autofree char *expected_sum = nd_file_sha256 (jpeg, NULL);
  g_autofree char *old_path = NULL;
  NdPhoto *photo;

  nd_article_set_photo (article, NULL);
  g_assert_true (nd_article_store_attach_photo (f->store, article, jpeg, &error));
  g_assert_no_error (error);

  photo = nd_article_get_photo (article);
  g_assert_cmpstr (nd_photo_get_file (photo), ==, "photo.jpg");
  g_assert_cmpuint (nd_photo_get_width (photo), ==, 120);
  g_assert_cmpuint (nd_photo_get_height (photo), ==, 80);
  g_assert_cmpstr (nd_photo_get_sha256 (photo), ==, expected_sum);

  stored = nd_article_store_photo_path (f->store, article);
  g_assert_cmpuint (nd_test_file_mode (stored), ==, 0600);
  /* The article owns its copy: the original can go. */
  g_assert_cmpint (g_unlink (jpeg), ==, 0);
  g_assert_true (g_file_test (stored, G_FILE_TEST_IS_REGULAR));

  /* The caption typed so far survives replacing the photo; the old file goes. */
  nd_photo_set_caption (photo, "Kept caption");
  old_path = g_strdup (stored);
  g_assert_true (nd_article_store_attach_photo (f->store, article, png, &error));
  g_assert_cmpstr (nd_photo_get_file (nd_article_get_photo (article)), ==, "photo.png");
  g_assert_cmpstr (nd_photo_get_caption (nd_article_get_photo (article)), ==, "Kept caption");
  g_assert_false (g_file_test (old_path, G_FILE_TEST_EXISTS));

  loaded = nd_article_store_load (f->store, nd_article_get_id (article), &error);
  g_assert_no_error (error);
  nd_test_assert_articles_equal (article, loaded);

  g_assert_true (nd_article_store_remove_photo (f->store, article, &error));
  g_assert_null (nd_article_get_photo (article));
  {
    g_autofree char *png_path = article_path (f, nd_article_get_id (article), "photo.png");
    g_assert_false (g_file_test (png_path, G_FILE_TEST_EXISTS));
  }
}

static void
test_photo_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_build_filename (f->home, "notes.jpg", NULL);
  g_autofree char *huge = nd_test_write_image (f->home, "huge.jpg", 16, 16, "jpeg");
  g_autofree char *bytes = NULL;
  gsize len;


  g_assert_true (g_file_set_contents (text, "this is not a photo", -1, NULL));
  nd_article_set_photo (article, NULL);
  g_assert_false (nd_article_store_attach_photo (f->store, article, text, &error));
  g_assert_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_AN_IMAGE);
  g_assert_nonnull (strstr (error->message, "notes.jpg"));
  /* The article is unchanged. */
  g_assert_null (nd_article_get_photo (article));
  g_clear_error (&error);

  /* A real JPEG whose frame header (SOF0) is patched to claim 50,000 × 50,000 pixels. */
  g_assert_true (g_file_get_contents (huge, &bytes, &len, NULL));
  for (gsize i = 0; i + 9 < len; i++)
    if ((guint8) bytes[i] == 0xff && (guint8) bytes[i + 1] == 0xc0)
      {
        bytes[i + 5] = (char) 0xc3; bytes[i + 6] = 0x50;
        bytes[i + 7] = (char) 0xc3; bytes[i + 8] = 0x50;
        break;
      }
  g_assert_true (g_file_set_contents (huge, bytes, len, NULL));
  g_assert_false (nd_article_store_attach_photo (f->store, article, huge, &error));
  g_assert_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_AN_IMAGE);
  g_assert_nonnull (strstr (error->message, "50000"));
  g_assert_null (nd_article_get_photo (article));
}

static void
test_revisions (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(NdArticle) first = NULL;
  g_autoptr(GError) error = NULL;
  NdRevision *rev;

  g_assert_true (nd_article_store_save (f->store, article, &error));
  g_assert_true (nd_article_store_snapshot (f->store, article, "save", &error));
  nd_article_set_headline (article, "Second version");
  g_assert_true (nd_article_store_snapshot (f->store, article, "publish", &error));

  revisions = nd_article_store_list_revisions (f->store, nd_article_get_id (article), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 2);
  rev = g_ptr_array_index (revisions, 0);
  g_assert_cmpstr (rev->reason, ==, "save");
  g_assert_cmpint (rev->taken, >, 0);

  first = nd_article_store_load_revision (f->store, nd_article_get_id (article), rev->name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nd_article_get_headline (first), ==,
                   "Russia Commits To Fruitful Partnership With Latam - Lavrov");
  rev = g_ptr_array_index (revisions, 1);
  g_assert_cmpstr (rev->reason, ==, "publish");
}

static void
test_trash_restore (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(NdArticle) back = NULL;
  g_autoptr(GPtrArray) trash = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *jpeg = nd_test_write_image (f->home, "lead.jpg", 40, 30, "jpeg");
  const char *id = nd_article_get_id (article);

  g_assert_true (nd_article_store_attach_photo (f->store, article, jpeg, &error));
  g_assert_true (nd_article_store_trash (f->store, id, &error));
  g_assert_false (nd_article_store_exists (f->store, id));

  entries = nd_article_store_list (f->store, &error);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);

  trash = nd_article_store_list_trash (f->store, &error);
  g_assert_cmpuint (trash->len, ==, 1);
  g_assert_cmpstr (((NdIndexEntry *) g_ptr_array_index (trash, 0))->id, ==, id);
  g_assert_cmpint (((NdIndexEntry *) g_ptr_array_index (trash, 0))->deleted, >, 0);

  g_assert_true (nd_article_store_restore (f->store, id, &error));
  g_assert_no_error (error);
  back = nd_article_store_load (f->store, id, &error);
  g_assert_no_error (error);
  nd_test_assert_articles_equal (article, back);
  {
    g_autofree char *photo = nd_article_store_photo_path (f->store, back);
    g_autofree char *marker = article_path (f, id, "trashed-at");
    g_assert_true (g_file_test (photo, G_FILE_TEST_IS_REGULAR));
    g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
  }
  entries = nd_article_store_list (f->store, &error);
  g_assert_cmpuint (entries->len, ==, 1);

  /* Restoring twice is refused, never an overwrite. */
  g_assert_true (nd_article_store_trash (f->store, id, &error));
  g_assert_true (nd_article_store_save (f->store, article, &error));
  g_assert_false (nd_article_store_restore (f->store, id, &error));
  g_assert_error (error, ND_STORE_ERROR, ND_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (nd_article_store_purge (f->store, id, &error));
  g_clear_pointer (&trash, g_ptr_array_unref);
  trash = nd_article_store_list_trash (f->store, &error);
  g_assert_cmpuint (trash->len, ==, 0);
}

static void
test_stale_temps (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(NdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dead = NULL;
  g_autofree char *live = NULL;

  g_assert_true (nd_article_store_save (f->store, article, &error));
  /* pid 2^22+1 cannot exist (pid_max is at most 2^22); the test's own pid does. */
  dead = article_path (f, nd_article_get_id (article), ".nd-tmp-4194305-abcdef");
  live = g_strdup_printf ("%s/articles/%s/.nd-tmp-%d-ghijkl", f->libdir, nd_article_get_id (article), 1);
  g_assert_true (g_file_set_contents (dead, "{half", -1, NULL));
  g_assert_true (g_file_set_contents (live, "{half", -1, NULL));

  loaded = nd_article_store_load (f->store, nd_article_get_id (article), &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (dead, G_FILE_TEST_EXISTS));
  /* pid 1 is alive: its temp file could still be renamed into place. */
  g_assert_true (g_file_test (live, G_FILE_TEST_EXISTS));
}

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(NdArticle) loaded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  nd_article_store_save_async (f->store, article, NULL, on_async_done, &result);
  /* Edits after the call do not reach the file: the save is a snapshot. */
  nd_article_set_headline (article, "Typed while saving");
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (nd_article_store_save_finish (f->store, result, &error));
  g_clear_object (&result);

  nd_article_store_load_async (f->store, nd_article_get_id (article), NULL, on_async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  loaded = nd_article_store_load_finish (f->store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nd_article_get_headline (loaded), ==,
                   "Russia Commits To Fruitful Partnership With Latam - Lavrov");
  g_clear_object (&result);

  nd_article_store_list_async (f->store, NULL, on_async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  entries = nd_article_store_list_finish (f->store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
}

/* What is saved always loads: an article over a loader limit (here a caption of 20,000
 * characters, pasted) is refused with a clear error, and the saved version is kept. */
static void
test_over_limit_not_written (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(NdArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GString) caption = g_string_new (NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *path = NULL;
  NdPhoto *photo;

  g_assert_true (nd_article_store_save (f->store, article, &error));
  g_assert_no_error (error);
  {
    g_autofree char *folder = nd_article_store_article_dir (f->store, nd_article_get_id (article));
    path = g_build_filename (folder, "article.json", NULL);
  }
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  photo = nd_article_get_photo (article);
  g_assert_nonnull (photo);
  for (guint i = 0; i < 2000; i++)
    g_string_append (caption, "Lavrov at ");
  nd_photo_set_caption (photo, caption->str);

  g_assert_false (nd_article_store_save (f->store, article, &error));
  g_assert_error (error, ND_STORE_ERROR, ND_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Not saved ("));
  g_assert_nonnull (strstr (error->message, "photo.caption"));
  g_clear_error (&error);

  nd_article_store_save_async (f->store, article, NULL, on_async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (nd_article_store_save_finish (f->store, result, &error));
  g_assert_error (error, ND_STORE_ERROR, ND_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (nd_article_store_snapshot (f->store, article, "manual", &error));
  g_assert_error (error, ND_STORE_ERROR, ND_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The file on disk is the last version that fit, byte for byte, and it loads. */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  loaded = nd_article_store_load (f->store, nd_article_get_id (article), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nd_photo_get_caption (nd_article_get_photo (loaded)), !=, caption->str);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/store/default-location", test_default_location);
  ADD ("/store/save-load", test_save_load);
  ADD ("/store/load-missing", test_load_missing);
  ADD ("/store/quarantine", test_quarantine);
  ADD ("/store/list-and-index", test_list_and_index);
  ADD ("/store/index-is-used", test_index_is_used);
  ADD ("/store/photo", test_photo);
  ADD ("/store/photo-refused", test_photo_refused);
  ADD ("/store/revisions", test_revisions);
  ADD ("/store/trash-restore", test_trash_restore);
  ADD ("/store/stale-temps", test_stale_temps);
  ADD ("/store/async", test_async);
  ADD ("/store/over-limit-not-written", test_over_limit_not_written);
#undef ADD

  return g_test_run ();
}
