/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Publishing records what the server holds in the article file as soon as each part is
 * known, and never writes that file on the calling (GUI) thread: every rename of an
 * article.json during a publish is counted by thread. A cancel while a record is being
 * written still leaves the record on disk. */
#define G_LOG_DOMAIN "test-publish-offthread"

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "nd-account.h"
#include "nd-article-store.h"
#include "nd-test-util.h"
#include "nd-test-wp-server.h"
#include "nd-util.h"
#include "nd-wordpress-publisher.h"

/* ---- counting renames by thread ----------------------------------------------------- */

static GThread *main_thread;
static gint counting;
static gint main_writes;
static gint worker_writes;
static GCancellable *cancel_on_first_write;

/* Atomic writes end in rename(2) (g_rename): this definition in the test program takes the
 * place of libc's for the library code linked into it, and passes the call on. */
int
rename (const char *from,
        const char *to)
{
  if (g_atomic_int_get (&counting) && g_str_has_suffix (to, "/article.json"))
    {
      if (g_thread_self () == main_thread)
        g_atomic_int_inc (&main_writes);
      else
        g_atomic_int_inc (&worker_writes);
      /* A cancel that lands while the worker is writing a record. */
      if (cancel_on_first_write)
        g_cancellable_cancel (cancel_on_first_write);
    }
  return renameat (AT_FDCWD, from, AT_FDCWD, to);
}

/* ---- fixture -------------------------------------------------------------------------- */

typedef struct
{
  char           *home;
  NdTestWp       *wp;
  NdArticleStore *store;
  NdAccount      *account;
  NdArticle      *article;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->home = nd_test_isolate_home ();
  f->wp = nd_test_wp_new (ND_TEST_WP_OK);
  f->store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
  f->account = nd_account_new (ND_ACCOUNT_KIND_WORDPRESS, "Fake Desk");
  nd_account_set_url (f->account, f->wp->url);
  nd_account_set_user (f->account, "editor");

  f->article = nd_test_article_saved_with_photo (f->store, f->home);

  main_writes = worker_writes = 0;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_atomic_int_set (&counting, FALSE);
  g_clear_object (&cancel_on_first_write);
  g_clear_object (&f->article);
  g_clear_object (&f->account);
  g_clear_object (&f->store);
  nd_test_wp_free (f->wp);
  nd_rm_rf (f->home, NULL);
  g_free (f->home);
}

static JsonObject *
publish (Fixture       *f,
         NdPublisher   *publisher,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_atomic_int_set (&counting, TRUE);
  nd_publisher_publish_async (publisher, f->article, ND_PUBLISH_STATUS_PUBLISH, NULL,
                              ND_PUBLISH_FLAGS_NONE, NULL, NULL, cancellable, nd_test_result_cb,
                              &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_atomic_int_set (&counting, FALSE);
  return nd_publisher_publish_finish (publisher, result, error);
}

/* What the article file on disk says the server holds. */
static JsonObject *
remote_on_disk (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NdArticle) saved = nd_article_store_load (f->store, nd_article_get_id (f->article),
                                                      &error);
  JsonObject *remote;

  g_assert_no_error (error);
  remote = nd_article_get_remote (saved, nd_account_get_id (f->account));
  return remote ? json_object_ref (remote) : NULL;
}

/* ---- tests ---------------------------------------------------------------------------- */

static void
test_wordpress_records_off_thread (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(NdWordpressPublisher) publisher = nd_wordpress_publisher_new (f->account, "secret",
                                                                          f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) saved = NULL;

  remote = publish (f, ND_PUBLISHER (publisher), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (remote);
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
  g_assert_cmpuint (f->wp->media_created, ==, 1);

  /* media id, "sending", post id and link, then the final status: each its own write. */
  g_assert_cmpint (main_writes, ==, 0);
  g_assert_cmpint (worker_writes, >=, 4);

  saved = remote_on_disk (f);
  g_assert_nonnull (saved);
  g_assert_cmpstr (json_object_get_string_member (saved, "id"), ==,
                   json_object_get_string_member (remote, "id"));
  g_assert_cmpstr (json_object_get_string_member (saved, "media_id"), ==, "30");
  g_assert_false (json_object_has_member (saved, "sending"));
  g_assert_cmpstr (nd_article_get_status (f->article), ==, "published");
}

static void
test_wordpress_cancel_still_records (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(NdWordpressPublisher) publisher = nd_wordpress_publisher_new (f->account, "secret",
                                                                          f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  /* The first record of this publish is the uploaded photo's id: cancel while it is being
   * written. The write completes, the publish stops before its next request. */
  cancel_on_first_write = g_object_ref (cancellable);
  remote = publish (f, ND_PUBLISHER (publisher), cancellable, &error);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CANCELLED);
  g_assert_null (remote);
  g_assert_cmpint (main_writes, ==, 0);
  g_assert_cmpint (worker_writes, ==, 1);
  g_assert_cmpuint (f->wp->media_created, ==, 1);
  g_assert_cmpuint (f->wp->posts_created, ==, 0);

  saved = remote_on_disk (f);
  g_assert_nonnull (saved);
  g_assert_cmpstr (json_object_get_string_member (saved, "media_id"), ==, "30");

  /* Publishing again goes on from there: one photo, one post. */
  g_clear_object (&cancel_on_first_write);
  g_clear_error (&error);
  remote = publish (f, ND_PUBLISHER (publisher), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->wp->media_created, ==, 1);
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
  g_assert_cmpint (main_writes, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

  g_test_add ("/publish-offthread/wordpress", Fixture, NULL, fixture_setup,
              test_wordpress_records_off_thread, fixture_teardown);
  g_test_add ("/publish-offthread/wordpress-cancel", Fixture, NULL, fixture_setup,
              test_wordpress_cancel_still_records, fixture_teardown);

  return g_test_run ();
}
