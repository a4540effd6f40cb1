/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outbox as the reporter sees it: Publish while the site is down puts the story in the
 * outbox and the dialog says so; the outbox window lists it with the reason; "Retry Now"
 * publishes it once the site is back; a job that needs the reporter says so, and
 * "Cancel Publishing" has Undo. Against the fake WordPress on loopback and a real keyring. */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "nd-account-store.h"
#include "nd-article-store.h"
#include "nd-outbox-window.h"
#include "nd-publish-dialog.h"
#include "nd-secrets.h"
#include "nd-test-keyring.h"
#include "nd-test-util.h"
#include "nd-test-widget.h"
#include "nd-test-wp-server.h"
#include "nd-util.h"

#define PASSWORD "abcd EFGH ijkl MNOP qrst UVWX"

static char *home;

typedef struct
{
  NdTestWp       *wp;
  NdArticleStore *store;
  NdAccountStore *accounts;
  NdAccount      *account;
  NdArticle      *article;
  NdOutbox       *outbox;
  GtkWidget      *dialog;
  GtkWidget      *window;
  char           *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *library = NULL;
  g_autofree char *accounts = NULL;

  f->wp = nd_test_wp_new (GPOINTER_TO_INT (data));
  f->wp->fail_retry_after = g_strdup ("3600");   /* while fail_status is set */
  f->dir = g_dir_make_tmp ("newsdesk-outbox-window-XXXXXX", &error);
  g_assert_no_error (error);
  library = g_build_filename (f->dir, "library", NULL);
  accounts = g_build_filename (f->dir, "accounts.json", NULL);
  f->store = nd_article_store_new (library);
  f->accounts = nd_account_store_new (accounts);
  f->account = nd_test_wp_add_account (f->wp, f->accounts, "Fake Desk", PASSWORD);
  f->article = nd_test_article_saved_with_photo (f->store, f->dir);
  f->outbox = nd_outbox_new (f->store, f->accounts);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->dialog)
    gtk_window_destroy (GTK_WINDOW (f->dialog));
  if (f->window)
    gtk_window_destroy (GTK_WINDOW (f->window));
  nd_test_spin (50);
  nd_outbox_stop (f->outbox);
  g_clear_object (&f->outbox);
  nd_secrets_delete_sync (nd_account_get_id (f->account), NULL, NULL);
  g_clear_object (&f->article);
  g_clear_object (&f->account);
  g_clear_object (&f->accounts);
  g_clear_object (&f->store);
  nd_test_wp_free (f->wp);
  nd_rm_rf (f->dir, NULL);
  g_free (f->dir);
}

static guint
n_jobs (Fixture *f)
{
  return g_list_model_get_n_items (nd_outbox_get_jobs (f->outbox));
}

static NdOutboxJob *
first_job (Fixture *f)
{
  g_autoptr(NdOutboxJob) job = g_list_model_get_item (nd_outbox_get_jobs (f->outbox), 0);

  return job;   /* the model keeps it alive */
}

static gboolean
outbox_empty (gpointer data)
{
  return n_jobs (data) == 0;
}

static gboolean
outbox_has_one (gpointer data)
{
  return n_jobs (data) == 1;
}

static gboolean
dialog_queued (gpointer data)
{
  Fixture *f = data;
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (f->dialog, ND_TYPE_PUBLISH_DIALOG,
                                                              "stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "queued") == 0;
}

static gboolean
job_needs_attention (gpointer data)
{
  Fixture *f = data;

  return n_jobs (f) == 1 && nd_outbox_job_get_state (first_job (f)) == ND_OUTBOX_JOB_FAILED;
}

static GtkWidget *
find_stack (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_STACK (child))
        return child;
      if ((found = find_stack (child)))
        return found;
    }
  return NULL;
}

/* "list" or "empty": what the outbox window shows. */
static const char *
visible_page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (find_stack (f->window)));
}

static AdwActionRow *
row_for (Fixture    *f,
         const char *headline)
{
  GtkWidget *row = nd_test_wait_for_label (f->window, headline);

  g_assert_true (ADW_IS_ACTION_ROW (row));
  return ADW_ACTION_ROW (row);
}

static void
open_outbox_window (Fixture *f)
{
  f->window = nd_outbox_window_new (NULL, f->outbox, f->store, f->accounts);
  gtk_window_present (GTK_WINDOW (f->window));
  nd_test_spin (100);
}

static void
enqueue_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NdOutboxJob) job = nd_outbox_enqueue_finish (ND_OUTBOX (source), result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (job);
}

/* ---- tests -------------------------------------------------------------------------- */

static void
test_publish_queues_then_retry_now (Fixture       *f,
                                    gconstpointer  data)
{
  const char *headline = nd_article_get_headline (f->article);
  GtkWidget *page;
  AdwActionRow *row;
  g_autofree char *subtitle = NULL;

  f->wp->fail_status = 503;
  f->dialog = GTK_WIDGET (nd_publish_dialog_new (NULL, f->store, f->accounts, f->article, NULL));
  nd_publish_dialog_set_outbox (ND_PUBLISH_DIALOG (f->dialog), f->outbox);
  gtk_window_present (GTK_WINDOW (f->dialog));
  nd_test_spin (100);

  nd_test_click (nd_test_find_typed (f->dialog, "Publish", GTK_TYPE_BUTTON));
  nd_test_wait_until (dialog_queued, f, "the dialog to say the story is in the outbox");

  /* The dialog says what happened, in the server's words, and what happens next. */
  page = gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_template_child (
    f->dialog, ND_TYPE_PUBLISH_DIALOG, "stack")));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==,
                   "Waiting in the Outbox");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)),
                            "temporarily unavailable (HTTP 503)"));
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)),
                            "as soon as the site answers"));
  g_assert_nonnull (nd_test_find_typed (f->dialog, "Open Outbox", GTK_TYPE_BUTTON));
  nd_test_screenshot ("outbox-publish-queued");

  g_assert_cmpuint (n_jobs (f), ==, 1);
  g_assert_cmpint (nd_outbox_job_get_state (first_job (f)), ==, ND_OUTBOX_JOB_QUEUED);
  g_assert_cmpuint (f->wp->posts_created, ==, 0);
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  f->dialog = NULL;

  /* The outbox lists it with the reason and when it will try again (Retry-After: 1 h). */
  open_outbox_window (f);
  g_assert_cmpstr (visible_page (f), ==, "list");
  row = row_for (f, headline);
  subtitle = g_strdup (adw_action_row_get_subtitle (row));
  g_assert_nonnull (strstr (subtitle, "To Fake Desk"));
  g_assert_nonnull (strstr (subtitle, "Not sent after 1 attempt."));
  g_assert_nonnull (strstr (subtitle, "temporarily unavailable"));
  g_assert_nonnull (strstr (subtitle, "Next try at"));
  nd_test_screenshot ("outbox-window");

  /* The site is back: Retry Now publishes it, once, and the outbox is empty. */
  f->wp->fail_status = 0;
  nd_test_click (nd_test_find_typed (GTK_WIDGET (row), "Retry Now", GTK_TYPE_BUTTON));
  nd_test_wait_until (outbox_empty, f, "the job to be published and leave the outbox");
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
  g_assert_cmpuint (f->wp->media_created, ==, 1);
  g_assert_cmpstr (visible_page (f), ==, "empty");
  nd_test_screenshot ("outbox-window-empty");

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(NdArticle) saved = nd_article_store_load (f->store, nd_article_get_id (f->article),
                                                       &error);
    JsonObject *remote;

    g_assert_no_error (error);
    remote = nd_article_get_remote (saved, nd_account_get_id (f->account));
    g_assert_nonnull (remote);
    g_assert_true (json_object_has_member (remote, "id"));
  }
}

static void
test_needs_attention_cancel_undo (Fixture       *f,
                                  gconstpointer  data)
{
  const char *headline = nd_article_get_headline (f->article);
  AdwActionRow *row;
  GtkWidget *undo;

  /* Wrong password: retrying cannot fix that, so it stops and asks the reporter. */
  nd_outbox_enqueue_async (f->outbox, f->article, f->account, "publish", NULL, 0, NULL, NULL,
                           enqueue_cb, NULL);
  nd_test_wait_until (outbox_has_one, f, "the job to be queued");
  open_outbox_window (f);
  row = row_for (f, headline);
  nd_test_click (nd_test_find_typed (GTK_WIDGET (row), "Retry Now", GTK_TYPE_BUTTON));
  nd_test_wait_until (job_needs_attention, f, "the job to need attention");
  nd_test_spin (100);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Needs your attention"));
  g_assert_cmpuint (f->wp->posts_created, ==, 0);
  nd_test_screenshot ("outbox-needs-attention");

  /* Cancel removes it; Undo puts the article back in the outbox. */
  nd_test_click (nd_test_find_typed (GTK_WIDGET (row), "Cancel Publishing", GTK_TYPE_BUTTON));
  nd_test_wait_until (outbox_empty, f, "the job to be cancelled");
  g_assert_cmpstr (visible_page (f), ==, "empty");
  {
    g_autofree char *jobs_dir = g_build_filename (nd_outbox_get_dir (f->outbox), NULL);
    g_autoptr(GDir) dir = g_dir_open (jobs_dir, 0, NULL);
    const char *name;
    guint n = 0;

    while (dir && (name = g_dir_read_name (dir)))
      n += name[0] != '.';
    g_assert_cmpuint (n, ==, 0);
  }
  nd_test_spin (200);
  undo = nd_test_find_button_text (f->window, "Undo");
  g_assert_nonnull (undo);
  nd_test_click (undo);
  nd_test_wait_until (outbox_has_one, f, "Undo to queue the article again");
  g_assert_cmpstr (nd_outbox_job_get_article_id (first_job (f)), ==,
                   nd_article_get_id (f->article));
  g_assert_cmpstr (visible_page (f), ==, "list");
}

#define ADD(name, mode, func) \
  g_test_add ("/outbox-window/" name, Fixture, GINT_TO_POINTER (mode), fixture_setup, func, \
              fixture_teardown)

int
main (int    argc,
      char **argv)
{
  g_autofree char *reason = NULL;
  int status;

  home = nd_test_isolate_home ();
  /* Before GTK: libadwaita connects to the session bus, which must be the private one. */
  reason = nd_test_keyring_start (home);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_unsetenv ("http_proxy");

  ADD ("publish-queues-then-retry-now", ND_TEST_WP_OK, test_publish_queues_then_retry_now);
  ADD ("needs-attention-cancel-undo", ND_TEST_WP_AUTH_401, test_needs_attention_cancel_undo);

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
