/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-outbox"

#include "config.h"

#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "nd-account-store.h"
#include "nd-article-store.h"
#include "nd-json-util.h"
#include "nd-outbox.h"
#include "nd-publisher-factory.h"
#include "nd-secrets.h"
#include "nd-test-keyring.h"
#include "nd-test-util.h"
#include "nd-test-wp-server.h"
#include "nd-util.h"

#define PASSWORD "abcd efgh ijkl mnop"

/* The outbox against the fake WordPress on loopback, with failures injected in front of it
 * (f->wp->fail_status, fail_path, fail_retry_after, fail_count). */
typedef struct
{
  NdTestWp       *wp;
  char           *dir;
  char           *library;
  NdArticleStore *store;
  NdAccountStore *accounts;
  NdAccount      *account;
  NdArticle      *article;

  guint           published_signals;
  char           *published_link;
} Fixture;

static char *home;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *accounts = NULL;

  f->wp = nd_test_wp_new (GPOINTER_TO_INT (data));
  f->dir = g_dir_make_tmp ("newsdesk-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  f->library = g_build_filename (f->dir, "library", NULL);
  accounts = g_build_filename (f->dir, "accounts.json", NULL);
  f->store = nd_article_store_new (f->library);
  f->accounts = nd_account_store_new (accounts);
  f->account = nd_test_wp_add_account (f->wp, f->accounts, "Fake Desk", PASSWORD);
  f->article = nd_test_article_saved_with_photo (f->store, f->dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  nd_secrets_delete_sync (nd_account_get_id (f->account), NULL, NULL);
  g_clear_object (&f->article);
  g_clear_object (&f->account);
  g_clear_object (&f->accounts);
  g_clear_object (&f->store);
  nd_test_wp_free (f->wp);
  nd_rm_rf (f->dir, NULL);
  g_free (f->dir);
  g_free (f->library);
  g_free (f->published_link);
}

/* ---- helpers ------------------------------------------------------------------------ */

static void
published_cb (NdOutbox    *outbox,
              NdOutboxJob *job,
              const char  *link,
              Fixture     *f)
{
  f->published_signals++;
  g_free (f->published_link);
  f->published_link = g_strdup (link);
}

static NdOutbox *
new_outbox (Fixture *f)
{
  NdOutbox *outbox = nd_outbox_new (f->store, f->accounts);

  g_signal_connect (outbox, "job-published", G_CALLBACK (published_cb), f);
  return outbox;
}

/* A direct publish, as the window or the CLI does before queueing. */
static JsonObject *
publish_direct (Fixture  *f,
                GError  **error)
{
  g_autoptr(NdPublisher) publisher = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  publisher = nd_publisher_factory_new_publisher (f->account, PASSWORD, f->store, error);
  g_assert_nonnull (publisher);
  nd_publisher_publish_async (publisher, f->article, ND_PUBLISH_STATUS_PUBLISH, NULL,
                              ND_PUBLISH_FLAGS_NONE, NULL, NULL, NULL, nd_test_result_cb, &result);
  return nd_publisher_publish_finish (publisher, nd_test_wait_result (&result), error);
}

static NdOutboxJob *
enqueue (Fixture      *f,
         NdOutbox     *outbox,
         const GError *reason)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  NdOutboxJob *job;

  nd_outbox_enqueue_async (outbox, f->article, f->account, ND_PUBLISH_STATUS_PUBLISH, NULL,
                           ND_PUBLISH_FLAGS_NONE, reason, NULL, nd_test_result_cb, &result);
  job = nd_outbox_enqueue_finish (outbox, nd_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (job);
  return job;
}

static gboolean
retry (NdOutbox    *outbox,
       NdOutboxJob *job,
       guint       *published,
       guint       *queued,
       guint       *failed,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  nd_outbox_retry_async (outbox, job, NULL, nd_test_result_cb, &result);
  return nd_outbox_retry_finish (outbox, nd_test_wait_result (&result), published, queued,
                                 failed, error);
}

static void
reload (NdOutbox *outbox)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  nd_outbox_reload_async (outbox, NULL, nd_test_result_cb, &result);
  g_assert_true (nd_outbox_reload_finish (outbox, nd_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static guint
n_jobs (NdOutbox *outbox)
{
  return g_list_model_get_n_items (nd_outbox_get_jobs (outbox));
}

static NdOutboxJob *
job_at (NdOutbox *outbox,
        guint     i)
{
  g_autoptr(NdOutboxJob) job = g_list_model_get_item (nd_outbox_get_jobs (outbox), i);

  return job;   /* the model keeps it */
}

static char *
job_dir (NdOutbox    *outbox,
         NdOutboxJob *job)
{
  return g_build_filename (nd_outbox_get_dir (outbox), nd_outbox_job_get_id (job), NULL);
}

static NdArticle *
library_article (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  NdArticle *article = nd_article_store_load (f->store, nd_article_get_id (f->article), &error);

  g_assert_no_error (error);
  return article;
}

static gint64
seconds_until (GDateTime *when)
{
  g_assert_nonnull (when);
  return g_date_time_to_unix (when) - g_get_real_time () / G_USEC_PER_SEC;
}

/* The publish fails with an error retrying may fix; the job is queued with it. */
static NdOutboxJob *
publish_or_queue (Fixture  *f,
                  NdOutbox *outbox,
                  gint64   *retry_after)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = publish_direct (f, &error);

  g_assert_null (remote);
  g_assert_nonnull (error);
  g_assert_true (nd_outbox_error_is_retryable (error, retry_after));
  return enqueue (f, outbox, error);
}

/* ---- tests -------------------------------------------------------------------------- */

static void
test_retry_after_parse (void)
{
  gint64 now = 1700000000;
  g_autoptr(GDateTime) later = g_date_time_new_from_unix_utc (now + 90);
  g_autofree char *date = g_date_time_format (later, "%a, %d %b %Y %H:%M:%S GMT");

  g_assert_cmpint (nd_publish_error_parse_retry_after ("120", now), ==, 120);
  g_assert_cmpint (nd_publish_error_parse_retry_after (" 0 ", now), ==, 0);
  g_assert_cmpint (nd_publish_error_parse_retry_after (date, now), ==, 90);
  g_assert_cmpint (nd_publish_error_parse_retry_after ("Thu, 01 Jan 1970 00:00:00 GMT", now), ==, 0);
  g_assert_cmpint (nd_publish_error_parse_retry_after ("soon", now), ==, -1);
  g_assert_cmpint (nd_publish_error_parse_retry_after ("12abc", now), ==, -1);
  g_assert_cmpint (nd_publish_error_parse_retry_after (NULL, now), ==, -1);
}

static void
test_backoff_bounds (void)
{
  for (guint attempts = 1; attempts <= 12; attempts++)
    {
      double base = MIN (30.0 * (1u << MIN (attempts - 1, 10)), 3600.0);
      gint64 lo = G_MAXINT64, hi = 0;

      for (guint i = 0; i < 2000; i++)
        {
          gint64 s = nd_outbox_backoff_seconds (attempts, -1);

          g_assert_cmpint (s, >=, (gint64) (base * 0.8));
          g_assert_cmpint (s, <=, (gint64) (base * 1.2 + 1));
          lo = MIN (lo, s);
          hi = MAX (hi, s);
        }
      /* Really jittered: the spread uses most of ±20 %. */
      g_assert_cmpint (hi - lo, >=, (gint64) (base * 0.3));
    }
  g_assert_cmpint (nd_outbox_backoff_seconds (1, 5000), >=, 5000);
  g_assert_cmpint (nd_outbox_backoff_seconds (1, 10 * 24 * 3600), ==, 24 * 3600);
}

static void
test_error_classes (void)
{
  struct { GQuark domain; int code; gboolean retry; } cases[] = {
    { ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_UNREACHABLE, TRUE },
    { ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_UNAVAILABLE, TRUE },
    { ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_RATE_LIMITED, TRUE },
    { ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_SERVER, TRUE },
    { ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_AUTH, FALSE },
    { ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FORBIDDEN, FALSE },
    { ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_FOUND, FALSE },
    { ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CONFLICT, FALSE },
    { ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TLS, FALSE },
    { ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TOO_LARGE, FALSE },
    { ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED, FALSE },
    { ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CANCELLED, FALSE },
    { G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, TRUE },
    { G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (cases[i].domain, cases[i].code, "x");
      gint64 after = 0;

      g_assert_cmpint (nd_outbox_error_is_retryable (error, &after), ==, cases[i].retry);
      g_assert_cmpint (after, ==, -1);
    }
  g_assert_false (nd_outbox_error_is_retryable (NULL, NULL));
}

static void
check_unavailable (Fixture    *f,
                   guint       status,
                   const char *retry_after,
                   int         code,
                   gint64      min_wait)
{
  g_autoptr(NdOutbox) outbox = new_outbox (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *http = g_strdup_printf ("HTTP %u", status);
  NdOutboxJob *job;
  gint64 after = -2;
  guint published = 0, queued = 0, failed = 0;

  f->wp->fail_status = status;
  f->wp->fail_retry_after = g_strdup (retry_after);

  job = publish_or_queue (f, outbox, &after);
  g_assert_cmpuint (n_jobs (outbox), ==, 1);
  g_assert_cmpint (nd_outbox_job_get_state (job), ==, ND_OUTBOX_JOB_QUEUED);
  g_assert_cmpint (nd_outbox_job_get_last_error_code (job), ==, code);
  if (status != 429)
    g_assert_nonnull (strstr (nd_outbox_job_get_last_error (job), http));
  g_assert_nonnull (strstr (nd_outbox_job_get_last_error (job), "Down for maintenance."));
  if (retry_after)
    {
      g_assert_cmpint (after, >=, min_wait - 2);
      g_assert_cmpint (seconds_until (nd_outbox_job_get_next_attempt (job)), >=, min_wait - 2);
    }
  else
    g_assert_cmpint (after, ==, -1);
  g_object_unref (job);

  /* Still down: the retry leaves it queued, counted, and later. */
  job = job_at (outbox, 0);
  g_assert_false (retry (outbox, job, &published, &queued, &failed, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, code);
  g_clear_error (&error);
  g_assert_cmpuint (queued, ==, 1);
  g_assert_cmpuint (nd_outbox_job_get_attempts (job), ==, 2);
  g_assert_cmpint (nd_outbox_job_get_state (job), ==, ND_OUTBOX_JOB_QUEUED);

  /* Up again: one post, one media item, the job gone, the library article published. */
  f->wp->fail_status = 0;
  g_assert_true (retry (outbox, NULL, &published, &queued, &failed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (published, ==, 1);
  g_assert_cmpuint (n_jobs (outbox), ==, 0);
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
  g_assert_cmpuint (f->wp->media_created, ==, 1);
  g_assert_cmpuint (f->published_signals, ==, 1);
  g_assert_nonnull (f->published_link);
  {
    g_autoptr(NdArticle) lib = library_article (f);
    JsonObject *remote = nd_article_get_remote (lib, nd_account_get_id (f->account));

    g_assert_nonnull (remote);
    g_assert_cmpstr (json_object_get_string_member (remote, "id"), ==, "40");
    g_assert_cmpstr (nd_article_get_status (lib), ==, "published");
  }
}

static void
test_503_retry_after (Fixture *f, gconstpointer data)
{
  check_unavailable (f, 503, "120", ND_PUBLISH_ERROR_UNAVAILABLE, 120);
}

static void
test_429_http_date (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 600);
  g_autofree char *date = g_date_time_format (later, "%a, %d %b %Y %H:%M:%S GMT");

  check_unavailable (f, 429, date, ND_PUBLISH_ERROR_RATE_LIMITED, 600);
}

static void
test_502 (Fixture *f, gconstpointer data)
{
  check_unavailable (f, 502, NULL, ND_PUBLISH_ERROR_UNAVAILABLE, 0);
}

static void
test_504 (Fixture *f, gconstpointer data)
{
  check_unavailable (f, 504, NULL, ND_PUBLISH_ERROR_UNAVAILABLE, 0);
}

/* The server is not listening at all; later it is. A post create that failed after the
 * photo went up must not upload it again. */
static void
test_refused_then_up (Fixture *f, gconstpointer data)
{
  g_autoptr(NdOutbox) outbox = new_outbox (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (f->wp->url, G_URI_FLAGS_NONE, NULL);
  NdOutboxJob *job;
  guint published = 0, queued = 0;

  soup_server_disconnect (f->wp->server);
  job = publish_or_queue (f, outbox, NULL);
  g_assert_cmpint (nd_outbox_job_get_last_error_code (job), ==, ND_PUBLISH_ERROR_UNREACHABLE);
  g_assert_cmpint (seconds_until (nd_outbox_job_get_next_attempt (job)), >=, 30 * 0.8 - 2);
  g_object_unref (job);
  g_assert_cmpuint (f->wp->posts_created + f->wp->media_created, ==, 0);

  /* Back, but the post create fails once after the photo upload went through. */
  g_assert_true (soup_server_listen_local (f->wp->server, g_uri_get_port (uri),
                                           SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  f->wp->fail_status = 503;
  f->wp->fail_path = "/wp-json/wp/v2/posts";
  f->wp->fail_count = 1;
  g_assert_false (retry (outbox, NULL, &published, &queued, NULL, &error));
  g_clear_error (&error);
  g_assert_cmpuint (queued, ==, 1);
  g_assert_cmpuint (f->wp->media_created, ==, 1);
  g_assert_cmpuint (f->wp->posts_created, ==, 0);
  {
    /* The media id is in the library's article already (no duplicate from there either). */
    g_autoptr(NdArticle) lib = library_article (f);
    JsonObject *remote = nd_article_get_remote (lib, nd_account_get_id (f->account));

    g_assert_nonnull (remote);
    g_assert_true (json_object_has_member (remote, "media_id"));
  }

  g_assert_true (retry (outbox, NULL, &published, &queued, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
  g_assert_cmpuint (f->wp->media_created, ==, 1);
  g_assert_cmpuint (n_jobs (outbox), ==, 0);
}

/* The job publishes what was there when Publish was pressed; the reporter's later edits
 * stay in the library, untouched by the outbox. */
static void
test_snapshot (Fixture *f, gconstpointer data)
{
  g_autoptr(NdOutbox) outbox = new_outbox (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(NdOutboxJob) job = NULL;
  g_autoptr(NdArticle) lib = NULL;
  g_autofree char *snapshot_headline = g_strdup (nd_article_get_headline (f->article));
  g_autofree char *dir = NULL;
  g_autofree char *snap_json = NULL;

  f->wp->fail_status = 503;
  job = publish_or_queue (f, outbox, NULL);
  dir = job_dir (outbox, job);
  snap_json = g_build_filename (dir, "snapshot", "articles", nd_article_get_id (f->article),
                                "article.json", NULL);
  g_assert_true (g_file_test (snap_json, G_FILE_TEST_EXISTS));

  nd_article_set_headline (f->article, "Edited after Publish");
  g_assert_true (nd_article_store_save (f->store, f->article, &error));
  g_assert_no_error (error);

  f->wp->fail_status = 0;
  g_assert_true (retry (outbox, job, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (f->wp->post_json, snapshot_headline));
  g_assert_null (strstr (f->wp->post_json, "Edited after Publish"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  lib = library_article (f);
  g_assert_cmpstr (nd_article_get_headline (lib), ==, "Edited after Publish");
  g_assert_nonnull (nd_article_get_remote (lib, nd_account_get_id (f->account)));
}

static void
test_restart (Fixture *f, gconstpointer data)
{
  g_autoptr(NdOutbox) first = new_outbox (f);
  g_autoptr(NdOutbox) second = NULL;
  g_autoptr(NdOutboxJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  NdOutboxJob *again;

  f->wp->fail_status = 503;
  job = publish_or_queue (f, first, NULL);
  id = g_strdup (nd_outbox_job_get_id (job));
  g_clear_object (&job);
  g_clear_object (&first);

  second = new_outbox (f);
  g_assert_cmpuint (n_jobs (second), ==, 0);
  reload (second);
  g_assert_cmpuint (n_jobs (second), ==, 1);
  again = job_at (second, 0);
  g_assert_cmpstr (nd_outbox_job_get_id (again), ==, id);
  g_assert_cmpstr (nd_outbox_job_get_article_id (again), ==, nd_article_get_id (f->article));
  g_assert_cmpstr (nd_outbox_job_get_headline (again), ==, nd_article_get_headline (f->article));
  g_assert_cmpstr (nd_outbox_job_get_account_name (again), ==, "Fake Desk");
  g_assert_cmpuint (nd_outbox_job_get_attempts (again), ==, 1);
  g_assert_nonnull (strstr (nd_outbox_job_get_last_error (again), "HTTP 503"));
  g_assert_cmpint (nd_outbox_job_get_state (again), ==, ND_OUTBOX_JOB_QUEUED);

  f->wp->fail_status = 0;
  g_assert_true (retry (second, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
}

static void
set_job_state_on_disk (const char *dir,
                       const char *state)
{
  g_autofree char *path = g_build_filename (dir, "job.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *obj;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  obj = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (obj, "state", state);
  text = json_to_string (json_parser_get_root (parser), TRUE);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
}

/* A job left "running" by a process that died goes back to the queue; one whose lock is
 * held (another process publishing it) is left alone and not run a second time. */
static void
test_stale_running (Fixture *f, gconstpointer data)
{
  g_autoptr(NdOutbox) outbox = new_outbox (f);
  g_autoptr(NdOutbox) other = NULL;
  g_autoptr(NdOutboxJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *lock = NULL;
  guint published = 0, queued = 0;
  int fd;

  f->wp->fail_status = 503;
  job = publish_or_queue (f, outbox, NULL);
  dir = job_dir (outbox, job);
  set_job_state_on_disk (dir, "running");

  /* Held by "another process": stays running, is not attempted. */
  lock = g_build_filename (dir, "lock", NULL);
  fd = g_open (lock, O_RDWR | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  other = new_outbox (f);
  reload (other);
  g_assert_cmpint (nd_outbox_job_get_state (job_at (other, 0)), ==, ND_OUTBOX_JOB_RUNNING);
  f->wp->fail_status = 0;
  g_assert_false (retry (other, job_at (other, 0), &published, &queued, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpuint (published, ==, 0);
  g_assert_cmpuint (queued, ==, 1);
  g_assert_cmpuint (f->wp->posts_created, ==, 0);

  /* The holder died: back to queued on the next read, and publishable. */
  close (fd);
  g_clear_object (&other);
  other = new_outbox (f);
  reload (other);
  g_assert_cmpint (nd_outbox_job_get_state (job_at (other, 0)), ==, ND_OUTBOX_JOB_QUEUED);
  g_assert_true (retry (other, NULL, &published, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
}

static void
check_needs_attention (Fixture  *f,
                       NdOutbox *outbox,
                       int       code)
{
  NdOutboxJob *job = job_at (outbox, 0);
  guint requests;
  gint64 end;

  g_assert_cmpint (nd_outbox_job_get_state (job), ==, ND_OUTBOX_JOB_FAILED);
  g_assert_cmpint (nd_outbox_job_get_last_error_code (job), ==, code);
  g_assert_null (nd_outbox_job_get_next_attempt (job));

  /* Never again on its own, even when the network comes back. */
  requests = f->wp->requests;
  nd_outbox_start (outbox);
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", FALSE);
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", TRUE);
  end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  nd_outbox_stop (outbox);
  g_assert_cmpuint (f->wp->requests, ==, requests);
  g_assert_cmpint (nd_outbox_job_get_state (job), ==, ND_OUTBOX_JOB_FAILED);
}

static void
test_401_needs_attention (Fixture *f, gconstpointer data)
{
  g_autoptr(NdOutbox) outbox = new_outbox (f);
  g_autoptr(NdOutboxJob) job = NULL;
  g_autoptr(GError) error = NULL;
  guint failed = 0;

  /* Queued while the site was down; when it answers, it refuses the password. */
  f->wp->fail_status = 503;
  job = publish_or_queue (f, outbox, NULL);
  f->wp->fail_status = 0;
  f->wp->mode = ND_TEST_WP_AUTH_401;
  g_assert_false (retry (outbox, NULL, NULL, NULL, &failed, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_AUTH);
  g_assert_cmpuint (failed, ==, 1);
  g_assert_nonnull (strstr (nd_outbox_job_get_last_error (job), "editor"));
  check_needs_attention (f, outbox, ND_PUBLISH_ERROR_AUTH);
  g_assert_cmpuint (f->wp->posts_created, ==, 0);
}

/* The post was changed on the site since our last publish: a conflict is never resolved
 * by the outbox. */
static void
test_conflict_needs_attention (Fixture *f, gconstpointer data)
{
  g_autoptr(NdOutbox) outbox = new_outbox (f);
  g_autoptr(NdOutboxJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) tampered = NULL;
  const char *account_id = nd_account_get_id (f->account);

  remote = publish_direct (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->wp->posts_created, ==, 1);

  /* Someone edits the post on the site while the reporter is offline. */
  tampered = nd_json_object_copy (nd_article_get_remote (f->article, account_id));
  json_object_set_string_member (tampered, "modified", "2001-01-01T00:00:00");
  nd_article_set_remote (f->article, account_id, tampered);
  g_assert_true (nd_article_store_save (f->store, f->article, &error));

  f->wp->fail_status = 503;
  job = publish_or_queue (f, outbox, NULL);
  f->wp->fail_status = 0;
  g_assert_false (retry (outbox, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CONFLICT);
  check_needs_attention (f, outbox, ND_PUBLISH_ERROR_CONFLICT);
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(NdOutbox) outbox = new_outbox (f);
  g_autoptr(NdOutbox) other = NULL;
  g_autoptr(NdOutboxJob) job = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;

  f->wp->fail_status = 503;
  job = publish_or_queue (f, outbox, NULL);
  dir = job_dir (outbox, job);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  nd_outbox_cancel_async (outbox, job, NULL, nd_test_result_cb, &result);
  g_assert_true (nd_outbox_cancel_finish (outbox, nd_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_jobs (outbox), ==, 0);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  listing = g_dir_open (nd_outbox_get_dir (outbox), 0, &error);
  g_assert_no_error (error);
  g_assert_null (g_dir_read_name (listing));

  other = new_outbox (f);
  reload (other);
  g_assert_cmpuint (n_jobs (other), ==, 0);
  /* The article itself is untouched. */
  g_assert_true (nd_article_store_exists (f->store, nd_article_get_id (f->article)));
}

/* Publishing again while a job waits replaces it: one article, one job per account. */
static void
test_enqueue_replaces (Fixture *f, gconstpointer data)
{
  g_autoptr(NdOutbox) outbox = new_outbox (f);
  g_autoptr(NdOutboxJob) first = NULL;
  g_autoptr(NdOutboxJob) second = NULL;
  g_autoptr(GError) error = NULL;

  f->wp->fail_status = 503;
  first = publish_or_queue (f, outbox, NULL);
  nd_article_set_headline (f->article, "Second version");
  second = publish_or_queue (f, outbox, NULL);
  g_assert_cmpuint (n_jobs (outbox), ==, 1);
  g_assert_true (job_at (outbox, 0) == second);
  reload (outbox);
  g_assert_cmpuint (n_jobs (outbox), ==, 1);

  f->wp->fail_status = 0;
  g_assert_true (retry (outbox, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
  g_assert_nonnull (strstr (f->wp->post_json, "Second version"));
}

/* Two outboxes on one folder (the app and the CLI) attempt the same job at once: it is
 * published once. */
static void
test_two_outboxes (Fixture *f, gconstpointer data)
{
  g_autoptr(NdOutbox) a = new_outbox (f);
  g_autoptr(NdOutbox) b = new_outbox (f);
  g_autoptr(NdOutboxJob) job = NULL;
  g_autoptr(GAsyncResult) ra = NULL;
  g_autoptr(GAsyncResult) rb = NULL;
  guint pa = 0, pb = 0, qa = 0, qb = 0;

  f->wp->fail_status = 503;
  job = publish_or_queue (f, a, NULL);
  reload (b);
  g_assert_cmpuint (n_jobs (b), ==, 1);
  f->wp->fail_status = 0;

  nd_outbox_retry_async (a, NULL, NULL, nd_test_result_cb, &ra);
  nd_outbox_retry_async (b, NULL, NULL, nd_test_result_cb, &rb);
  nd_outbox_retry_finish (a, nd_test_wait_result (&ra), &pa, &qa, NULL, NULL);
  nd_outbox_retry_finish (b, nd_test_wait_result (&rb), &pb, &qb, NULL, NULL);
  g_assert_cmpuint (pa + pb, ==, 1);
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
  g_assert_cmpuint (f->wp->media_created, ==, 1);
}

/* The scheduler: a job waiting out its backoff goes at once when the network comes back. */
static void
test_network_back (Fixture *f, gconstpointer data)
{
  g_autoptr(NdOutbox) outbox = new_outbox (f);
  g_autoptr(NdOutboxJob) job = NULL;
  GNetworkMonitor *monitor = g_network_monitor_get_default ();
  gint64 end;

  f->wp->fail_status = 503;
  job = publish_or_queue (f, outbox, NULL);
  g_assert_cmpint (seconds_until (nd_outbox_job_get_next_attempt (job)), >=, 20);
  f->wp->fail_status = 0;

  nd_outbox_start (outbox);
  g_assert_true (nd_outbox_get_running (outbox));
  g_signal_emit_by_name (monitor, "network-changed", FALSE);
  end = g_get_monotonic_time () + G_USEC_PER_SEC / 4;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (f->wp->posts_created, ==, 0);   /* the backoff holds */

  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (f->published_signals == 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (f->published_signals, ==, 1);
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
  g_assert_cmpuint (n_jobs (outbox), ==, 0);
  nd_outbox_stop (outbox);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *reason = NULL;
  int status;

  home = nd_test_isolate_home ();
  reason = nd_test_keyring_start (home);
  g_test_init (&argc, &argv, NULL);
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_unsetenv ("http_proxy");

#define ADD(name, func) \
  g_test_add ("/outbox/" name, Fixture, GINT_TO_POINTER (ND_TEST_WP_OK), fixture_setup, func, \
              fixture_teardown)
  g_test_add_func ("/outbox/retry-after-parse", test_retry_after_parse);
  g_test_add_func ("/outbox/backoff-jitter-bounds", test_backoff_bounds);
  g_test_add_func ("/outbox/error-classes", test_error_classes);
  ADD ("503-retry-after", test_503_retry_after);
  ADD ("429-http-date", test_429_http_date);
  ADD ("502", test_502);
  ADD ("504", test_504);
  ADD ("refused-then-up-no-duplicates", test_refused_then_up);
  ADD ("snapshot", test_snapshot);
  ADD ("restart", test_restart);
  ADD ("stale-running", test_stale_running);
  ADD ("401-needs-attention", test_401_needs_attention);
  ADD ("conflict-needs-attention", test_conflict_needs_attention);
  ADD ("cancel", test_cancel);
  ADD ("enqueue-replaces", test_enqueue_replaces);
  ADD ("two-outboxes", test_two_outboxes);
  ADD ("network-back", test_network_back);

  if (reason)
    {
      g_print ("Bail out! No Secret Service for the tests: %s\n", reason);
      nd_test_keyring_stop ();
      return 1;
    }

  status = g_test_run ();
  nd_test_keyring_stop ();
  nd_rm_rf (home, NULL);
  return status;
}
