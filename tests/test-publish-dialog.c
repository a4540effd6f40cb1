/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "nd-account-dialog.h"
#include "nd-account-store.h"
#include "nd-accounts-page.h"
#include "nd-article-store.h"
#include "nd-publish-dialog.h"
#include "nd-secrets.h"
#include "nd-test-keyring.h"
#include "nd-test-util.h"
#include "nd-test-widget.h"
#include "nd-test-wp-server.h"
#include "nd-tls.h"
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
  GtkWidget      *dialog;
  char           *dir;
} Fixture;

static const char *
page_of (Fixture *f)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (f->dialog, ND_TYPE_PUBLISH_DIALOG,
                                                              "stack"));
  return gtk_stack_get_visible_child_name (stack);
}

static void
wait_for_page (Fixture    *f,
               const char *page)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_strcmp0 (page_of (f), page) != 0)
    {
      if (g_get_monotonic_time () > end)
        g_error ("the dialog never showed the “%s” page (it shows “%s”)", page, page_of (f));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *library = NULL;
  g_autofree char *accounts = NULL;

  f->wp = nd_test_wp_new (GPOINTER_TO_INT (data));
  f->dir = g_dir_make_tmp ("newsdesk-publish-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  library = g_build_filename (f->dir, "library", NULL);
  accounts = g_build_filename (f->dir, "accounts.json", NULL);
  f->store = nd_article_store_new (library);
  f->accounts = nd_account_store_new (accounts);
  f->account = nd_test_wp_add_account (f->wp, f->accounts, "Fake Desk", PASSWORD);
  f->article = nd_test_article_saved_with_photo (f->store, f->dir);
}

static void
open_dialog (Fixture *f)
{
  f->dialog = GTK_WIDGET (nd_publish_dialog_new (NULL, f->store, f->accounts, f->article, NULL));
  gtk_window_present (GTK_WINDOW (f->dialog));
  nd_test_spin (100);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->dialog)
    gtk_window_destroy (GTK_WINDOW (f->dialog));
  nd_test_spin (50);
  nd_secrets_delete_sync (nd_account_get_id (f->account), NULL, NULL);
  g_clear_object (&f->article);
  g_clear_object (&f->account);
  g_clear_object (&f->accounts);
  g_clear_object (&f->store);
  nd_test_wp_free (f->wp);
  nd_rm_rf (f->dir, NULL);
  g_free (f->dir);
}

static char *
request_text (Fixture *f)
{
  GtkTextView *view = GTK_TEXT_VIEW (nd_test_find_by_label (f->dialog, "Requests that will be sent"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_ready (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *publish, *account, *expander, *status, *when;
  g_autofree char *requests = NULL;

  open_dialog (f);
  publish = nd_test_find_typed (f->dialog, "Publish", GTK_TYPE_BUTTON);
  account = nd_test_find_by_label (f->dialog, "Account");
  g_assert_nonnull (publish);
  g_assert_true (GTK_IS_DROP_DOWN (account));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (account)), ==, 0);
  g_assert_true (gtk_widget_get_sensitive (publish));
  g_assert_false (gtk_widget_is_visible (nd_test_find_by_label (f->dialog, "Add an account in Preferences")));
  /* The complete article passes the checklist: nothing blocking is listed. */
  g_assert_null (nd_test_find_by_label (f->dialog, "Add a headline"));
  g_assert_cmpstr (page_of (f), ==, "form");

  /* Schedule shows the date and time; Draft hides it. */
  status = nd_test_find_by_label (f->dialog, "Status");
  when = nd_test_find_by_label (f->dialog, "Publication date and time");
  adw_combo_row_set_selected (ADW_COMBO_ROW (status), 0);
  g_assert_false (gtk_widget_is_visible (when));
  adw_combo_row_set_selected (ADW_COMBO_ROW (status), 2);
  g_assert_true (gtk_widget_is_visible (when));
  g_assert_true (gtk_widget_get_sensitive (publish));
  adw_combo_row_set_selected (ADW_COMBO_ROW (status), 0);
  g_assert_false (gtk_widget_is_visible (when));

  /* "Show request": the exact requests, the password nowhere. */
  expander = nd_test_find_by_label (f->dialog, "Show request");
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  requests = request_text (f);
  g_assert_nonnull (strstr (requests, "POST /wp/v2/posts"));
  g_assert_nonnull (strstr (requests, "POST /wp/v2/media"));
  g_assert_nonnull (strstr (requests, "Authorization: Basic ********"));
  g_assert_nonnull (strstr (requests, "\"status\" : \"draft\""));
  g_assert_null (strstr (requests, "abcd"));
  nd_test_screenshot ("publish-form");
}

static void
test_blocking (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *row;

  nd_article_set_headline (f->article, "");
  open_dialog (f);
  g_assert_false (gtk_widget_get_sensitive (nd_test_find_typed (f->dialog, "Publish", GTK_TYPE_BUTTON)));
  row = nd_test_find_by_label (f->dialog, "Add a headline");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_visible (row));
  nd_test_screenshot ("publish-blocking");
}

static void
on_upload_text_cb (GtkProgressBar *bar,
                   GParamSpec     *pspec,
                   char          **last)
{
  g_free (*last);
  *last = g_strdup (gtk_progress_bar_get_text (bar));
}

static void
test_publish_success (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *link;
  GtkWidget *bar;
  g_autofree char *upload_text = NULL;
  g_autofree char *expected = NULL;
  JsonObject *remote;
  guint published = 0;

  open_dialog (f);
  g_signal_connect_swapped (f->dialog, "published", G_CALLBACK (g_atomic_int_inc), &published);
  bar = GTK_WIDGET (gtk_widget_get_template_child (f->dialog, ND_TYPE_PUBLISH_DIALOG, "upload_bar"));
  g_signal_connect (bar, "notify::text", G_CALLBACK (on_upload_text_cb), &upload_text);
  adw_combo_row_set_selected (ADW_COMBO_ROW (nd_test_find_by_label (f->dialog, "Status")), 1);
  nd_test_click (nd_test_find_typed (f->dialog, "Publish", GTK_TYPE_BUTTON));

  /* Step by step, the upload in bytes. */
  nd_test_wait_for_label (f->dialog, "Uploading the photo");
  wait_for_page (f, "success");
  g_assert_nonnull (nd_test_find_by_label (f->dialog, "Reading the password from the keyring"));
  g_assert_nonnull (nd_test_find_by_label (f->dialog, "Creating the post"));
  g_assert_nonnull (upload_text);
  g_assert_true (g_str_has_suffix (upload_text, " kB"));
  g_assert_nonnull (strstr (upload_text, " of "));

  link = nd_test_find_typed (f->dialog, "Open the post in the browser", GTK_TYPE_LINK_BUTTON);
  expected = g_strdup_printf ("%s?p=40", f->wp->url);
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (link)), ==, expected);
  g_assert_true (gtk_widget_is_visible (link));
  g_assert_nonnull (nd_test_find_typed (f->dialog, "Close", GTK_TYPE_BUTTON));
  g_assert_cmpuint (published, ==, 1);
  nd_test_screenshot ("publish-success");

  g_assert_cmpuint (f->wp->posts_created, ==, 1);
  remote = nd_article_get_remote (f->article, nd_account_get_id (f->account));
  g_assert_cmpstr (json_object_get_string_member (remote, "id"), ==, "40");
  g_assert_cmpstr (nd_article_get_status (f->article), ==, "published");
}

static void
test_server_error (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(NdArticle) before = nd_article_copy (f->article);
  GtkLabel *message;

  open_dialog (f);
  nd_test_click (nd_test_find_typed (f->dialog, "Publish", GTK_TYPE_BUTTON));
  wait_for_page (f, "error");

  /* In words, with the server's own message. */
  message = GTK_LABEL (gtk_widget_get_template_child (f->dialog, ND_TYPE_PUBLISH_DIALOG,
                                                     "error_label"));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (message)));
  g_test_message ("error page: %s", gtk_label_get_text (message));
  nd_test_screenshot ("publish-error");
  g_assert_nonnull (strstr (gtk_label_get_text (message), "Could not insert post into the database."));
  g_assert_nonnull (nd_test_find_by_label (f->dialog, "Try again"));
  /* The article is as it was (the publisher only records the photo that did reach the site). */
  nd_test_assert_articles_equal (before, f->article);
  g_assert_cmpstr (nd_article_get_status (f->article), ==, nd_article_get_status (before));
  g_assert_cmpuint (f->wp->posts_created, ==, 0);

  /* Back to the form to try again. */
  nd_test_click (nd_test_find_by_label (f->dialog, "Try again"));
  g_assert_cmpstr (page_of (f), ==, "form");
  g_assert_true (gtk_widget_get_sensitive (nd_test_find_typed (f->dialog, "Publish", GTK_TYPE_BUTTON)));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(NdArticle) before = nd_article_copy (f->article);
  gint64 end;

  open_dialog (f);
  nd_test_click (nd_test_find_typed (f->dialog, "Publish", GTK_TYPE_BUTTON));
  nd_test_wait_for_label (f->dialog, "Creating the post");
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!f->wp->post_pending && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (f->wp->post_pending);
  g_assert_cmpstr (page_of (f), ==, "progress");

  nd_test_click (nd_test_find_typed (f->dialog, "Cancel", GTK_TYPE_BUTTON));
  wait_for_page (f, "error");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (
                     gtk_widget_get_template_child (f->dialog, ND_TYPE_PUBLISH_DIALOG, "error_page"))),
                   ==, "Publishing Cancelled");
  nd_test_assert_articles_equal (before, f->article);
}

static void
test_no_accounts (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *add;

  g_assert_true (nd_account_store_remove (f->accounts, f->account, &error));
  open_dialog (f);
  add = nd_test_find_by_label (f->dialog, "Add an account in Preferences");
  g_assert_true (gtk_widget_is_visible (add));
  g_assert_false (gtk_widget_get_sensitive (nd_test_find_typed (f->dialog, "Publish", GTK_TYPE_BUTTON)));

  /* An account added meanwhile (in Preferences) shows up at once. */
  g_assert_true (nd_account_store_add (f->accounts, f->account, &error));
  g_assert_false (gtk_widget_is_visible (add));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (nd_test_find_by_label (f->dialog, "Account")), 0);
  g_assert_true (gtk_widget_get_sensitive (nd_test_find_typed (f->dialog, "Publish", GTK_TYPE_BUTTON)));
}

/* ---- Preferences → Accounts --------------------------------------------------------- */

static void
test_accounts_page (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = nd_accounts_page_new (f->accounts);
  g_autoptr(NdAccountDialog) dialog = NULL;
  GtkWidget *results;
  NdAccount *added;
  char *password;

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
  nd_test_spin (50);
  g_assert_nonnull (nd_test_find_by_label (page, "Fake Desk"));
  g_assert_nonnull (nd_test_find_by_label (page, "Edit Fake Desk"));
  g_assert_nonnull (nd_test_find_by_label (page, "Remove Fake Desk"));
  g_assert_nonnull (nd_test_find_by_label (page, "Add account"));

  /* Add one: what was typed is tested first, then saved; the password goes to the keyring. */
  dialog = g_object_ref_sink (nd_account_dialog_new (GTK_WINDOW (window), f->accounts, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (GTK_EDITABLE (nd_test_find_by_label (GTK_WIDGET (dialog), "Account name")), "Second");
  gtk_editable_set_text (GTK_EDITABLE (nd_test_find_by_label (GTK_WIDGET (dialog), "Site address")), f->wp->url);
  gtk_editable_set_text (GTK_EDITABLE (nd_test_find_by_label (GTK_WIDGET (dialog), "User name")), "editor");
  gtk_editable_set_text (GTK_EDITABLE (nd_test_find_by_label (GTK_WIDGET (dialog), "Application password")),
                         PASSWORD);
  nd_test_click (nd_test_find_by_label (GTK_WIDGET (dialog), "Test connection"));
  results = nd_test_wait_for_label (GTK_WIDGET (dialog), "Signed in as Desk Editor");
  g_assert_nonnull (results);
  g_assert_nonnull (nd_test_find_by_label (GTK_WIDGET (dialog), "WordPress found: Fake Desk"));

  nd_test_click (nd_test_find_by_label (GTK_WIDGET (dialog), "Save account"));
  nd_test_wait_for_label (page, "Second");
  added = nd_account_store_find_by_name (f->accounts, "Second");
  g_assert_nonnull (added);
  g_assert_cmpstr (nd_account_get_url (added), ==, f->wp->url);
  password = nd_secrets_lookup_sync (nd_account_get_id (added), NULL, NULL);
  g_assert_cmpstr (password, ==, PASSWORD);
  nd_secrets_free (password);
  nd_secrets_delete_sync (nd_account_get_id (added), NULL, NULL);

  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_by_name (GtkWidget  *root,
              const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_str_equal (gtk_widget_get_name (child), name))
        return child;
      if ((found = find_by_name (child, name)))
        return found;
    }
  return NULL;
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(NdAccountDialog) dialog = NULL;
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GtkWidget *failed;

  dialog = g_object_ref_sink (nd_account_dialog_new (NULL, f->accounts, f->account));
  gtk_window_present (GTK_WINDOW (dialog));
  /* Editing: the password left empty is the one in the keyring; the site refuses it, and
   * the report says so in the client's words. */
  nd_test_click (nd_test_find_by_label (GTK_WIDGET (dialog), "Test connection"));
  while ((failed = find_by_name (GTK_WIDGET (dialog), "test-failed")) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_test_message ("reported: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (failed)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (failed)), !=, "");
  g_assert_nonnull (nd_test_find_by_label (GTK_WIDGET (dialog), "WordPress found: Fake Desk"));
  g_assert_null (nd_test_find_by_label (GTK_WIDGET (dialog), "Signed in as Desk Editor"));
  nd_test_screenshot ("account-test-failed");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* ---- a self-signed certificate: shown, trusted for this account, forgotten ----------- */

static GTlsCertificate *
load_certificate (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "tls", name, NULL);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_file (path, &error);

  g_assert_no_error (error);
  return certificate;
}

static GtkWidget *
wait_for_name (GtkWidget  *root,
               const char *name)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GtkWidget *found;

  while ((found = find_by_name (root, name)) == NULL)
    {
      if (g_get_monotonic_time () > end)
        g_error ("no widget named “%s” appeared", name);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return found;
}

/* Scrolls the window's content so that widget shows in a screenshot. */
static void
scroll_to_end (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  nd_test_spin (100);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
}

static void
test_trust_certificate (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GTlsCertificate) certificate = load_certificate ("self-signed-a.pem");
  g_autoptr(NdTestWp) tls = nd_test_wp_new_https (ND_TEST_WP_OK, certificate);
  g_autofree char *fingerprint = nd_tls_certificate_fingerprint (certificate);
  g_autoptr(NdAccountDialog) dialog = NULL;
  g_autoptr(NdAccountDialog) again = NULL;
  GtkWidget *failed, *trust, *details, *forget;
  NdAccount *added;

  dialog = g_object_ref_sink (nd_account_dialog_new (NULL, f->accounts, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (GTK_EDITABLE (nd_test_find_by_label (GTK_WIDGET (dialog), "Account name")), "Self Signed");
  gtk_editable_set_text (GTK_EDITABLE (nd_test_find_by_label (GTK_WIDGET (dialog), "Site address")), tls->url);
  gtk_editable_set_text (GTK_EDITABLE (nd_test_find_by_label (GTK_WIDGET (dialog), "User name")), "editor");
  gtk_editable_set_text (GTK_EDITABLE (nd_test_find_by_label (GTK_WIDGET (dialog), "Application password")),
                         PASSWORD);
  /* Nothing about certificates before a test found a problem. */
  g_assert_false (gtk_widget_is_visible (nd_test_find_typed (GTK_WIDGET (dialog), "Trust This Certificate", GTK_TYPE_BUTTON)));
  g_assert_false (gtk_widget_is_visible (nd_test_find_typed (GTK_WIDGET (dialog), "Forget Trusted Certificate", GTK_TYPE_BUTTON)));

  nd_test_click (nd_test_find_by_label (GTK_WIDGET (dialog), "Test connection"));
  failed = wait_for_name (GTK_WIDGET (dialog), "test-failed");
  g_test_message ("reported: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (failed)));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (failed)),
                            "cannot be trusted: it is not signed by an authority"));
  /* What is wrong and what it is, to compare with what the administrator says. */
  details = find_by_name (GTK_WIDGET (dialog), "certificate-details");
  g_assert_true (gtk_widget_is_visible (details));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (details)), "Problem: it is not signed"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (details)), "Issued to: O=Newsdesk Tests,CN=Test Site A"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (details)), "Valid until: 2126-"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (details)), fingerprint));
  trust = nd_test_find_typed (GTK_WIDGET (dialog), "Trust This Certificate", GTK_TYPE_BUTTON);
  g_assert_true (gtk_widget_is_visible (trust));
  g_assert_cmpuint (tls->requests, ==, 0);
  scroll_to_end (trust);
  nd_test_screenshot ("account-certificate-refused");

  /* Trust: tested again at once, and it works. */
  nd_test_click (trust);
  nd_test_wait_for_label (GTK_WIDGET (dialog), "Signed in as Desk Editor");
  g_assert_false (gtk_widget_is_visible (details));
  forget = nd_test_find_typed (GTK_WIDGET (dialog), "Forget Trusted Certificate", GTK_TYPE_BUTTON);
  g_assert_true (gtk_widget_is_visible (forget));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_ancestor (forget, ADW_TYPE_ACTION_ROW))),
                   ==, fingerprint);
  scroll_to_end (forget);
  nd_test_screenshot ("account-certificate-trusted");

  nd_test_click (nd_test_find_by_label (GTK_WIDGET (dialog), "Save account"));
  added = NULL;
  {
    gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    while ((added = nd_account_store_find_by_name (f->accounts, "Self Signed")) == NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        g_main_context_iteration (NULL, FALSE);
      }
  }
  g_assert_true (nd_tls_certificate_matches_pin (certificate, nd_account_get_pinned_certificate (added)));
  /* Not the other account of the same store. */
  g_assert_null (nd_account_get_pinned_certificate (f->account));

  /* Editing it: the pin is shown and can be forgotten. */
  again = g_object_ref_sink (nd_account_dialog_new (NULL, f->accounts, added));
  gtk_window_present (GTK_WINDOW (again));
  nd_test_spin (50);
  forget = nd_test_find_typed (GTK_WIDGET (again), "Forget Trusted Certificate", GTK_TYPE_BUTTON);
  g_assert_true (gtk_widget_is_visible (forget));
  nd_test_click (forget);
  g_assert_false (gtk_widget_is_visible (forget));
  nd_test_click (nd_test_find_by_label (GTK_WIDGET (again), "Save account"));
  nd_test_spin (50);
  g_assert_null (nd_account_get_pinned_certificate (added));
  nd_secrets_delete_sync (nd_account_get_id (added), NULL, NULL);
}

/* ---- conflicts: "Overwrite", "Open Theirs as a Copy", "Cancel" ----------------------- */

static AdwMessageDialog *
wait_for_message_dialog (void)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      GListModel *windows = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
        {
          g_autoptr(GObject) window = g_list_model_get_item (windows, i);
          if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
            return ADW_MESSAGE_DIALOG (window);
        }
      if (g_get_monotonic_time () > end)
        g_error ("no question was asked");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Publishes once, then the post is edited on the site behind Newsdesk's back, and
 * Publish is pressed again: the question comes. */
static AdwMessageDialog *
make_conflict (Fixture  *f,
               char    **first_post)
{
  AdwMessageDialog *question;

  open_dialog (f);
  nd_test_click (nd_test_find_typed (f->dialog, "Publish", GTK_TYPE_BUTTON));
  wait_for_page (f, "success");
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  nd_test_spin (50);

  g_free (f->wp->modified_gmt);
  f->wp->modified_gmt = g_strdup ("2026-02-02T08:00:00");
  *first_post = g_strdup (f->wp->post_json);

  open_dialog (f);
  nd_test_click (nd_test_find_typed (f->dialog, "Publish", GTK_TYPE_BUTTON));
  question = wait_for_message_dialog ();
  g_assert_cmpstr (page_of (f), ==, "progress");
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Changed on the Site");
  g_test_message ("asked: %s", adw_message_dialog_get_body (question));
  g_assert_true (adw_message_dialog_has_response (question, "overwrite"));
  g_assert_true (adw_message_dialog_has_response (question, "copy"));
  g_assert_true (adw_message_dialog_has_response (question, "cancel"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (question, "overwrite"), ==, "_Overwrite");
  g_assert_cmpstr (adw_message_dialog_get_response_label (question, "copy"), ==, "_Open Theirs as a Copy");
  g_assert_cmpstr (adw_message_dialog_get_response_label (question, "cancel"), ==, "_Cancel");
  /* Never a silent overwrite: nothing was sent yet. */
  g_assert_cmpstr (f->wp->post_json, ==, *first_post);
  return question;
}

static void
test_conflict_overwrite (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autoptr(JsonNode) sent = NULL;
  AdwMessageDialog *question;

  nd_article_set_headline (f->article, "Our headline, first version");
  question = make_conflict (f, &first);
  nd_test_screenshot ("publish-conflict");
  nd_article_set_headline (f->article, "Our headline, after their edit");
  adw_message_dialog_response (question, "overwrite");
  wait_for_page (f, "success");

  /* The server's copy now has our text: the same post, updated. */
  sent = json_from_string (f->wp->post_json, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (sent), "title"), ==,
                   "Our headline, after their edit");
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (nd_article_get_remote (f->article,
                                                                         nd_account_get_id (f->account)),
                                                  "modified"), ==, f->wp->modified_gmt);
}

static void
on_destroyed (GtkWidget  *widget,
              GtkWidget **where)
{
  *where = NULL;
}

static void
on_article_created (NdPublishDialog  *dialog,
                    NdArticle        *article,
                    NdArticle       **out)
{
  g_set_object (out, article);
}

static void
test_conflict_copy (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autoptr(NdArticle) before = NULL;
  g_autoptr(NdArticle) created = NULL;
  g_autoptr(NdArticle) loaded = NULL;
  g_autoptr(NdArticle) ours = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *question;
  gint64 end;

  question = make_conflict (f, &first);
  before = nd_article_copy (f->article);
  g_signal_connect (f->dialog, "destroy", G_CALLBACK (on_destroyed), &f->dialog);
  g_signal_connect (f->dialog, "article-created", G_CALLBACK (on_article_created), &created);
  adw_message_dialog_response (question, "copy");
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (created == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
    }
  nd_test_spin (50);
  /* The dialog closes: the window opens the copy. */
  g_assert_null (f->dialog);

  /* A new article in the library with the server's text… */
  entries = nd_article_store_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (nd_article_get_id (created), !=, nd_article_get_id (f->article));
  loaded = nd_article_store_load (f->store, nd_article_get_id (created), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nd_article_get_headline (loaded), ==, "Their headline");
  g_test_message ("their body: %s", nd_article_get_body_html (loaded));
  g_assert_nonnull (strstr (nd_article_get_body_html (loaded), "<p>Their <strong>edited</strong> text</p>"));
  /* …and ours is as it was, in memory, on disk and on the server. */
  nd_test_assert_articles_equal (before, f->article);
  ours = nd_article_store_load (f->store, nd_article_get_id (f->article), &error);
  g_assert_no_error (error);
  nd_test_assert_articles_equal (before, ours);
  g_assert_cmpstr (f->wp->post_json, ==, first);
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
}

static void
test_conflict_cancel (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autoptr(NdArticle) before = NULL;
  g_autoptr(NdArticle) ours = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *question;

  question = make_conflict (f, &first);
  before = nd_article_copy (f->article);
  adw_message_dialog_response (question, "cancel");
  nd_test_spin (100);

  /* Nothing changed: back at the form, the server's copy and ours as they were. */
  g_assert_cmpstr (page_of (f), ==, "form");
  g_assert_true (gtk_widget_get_sensitive (nd_test_find_typed (f->dialog, "Publish", GTK_TYPE_BUTTON)));
  g_assert_cmpstr (f->wp->post_json, ==, first);
  g_assert_cmpuint (f->wp->posts_created, ==, 1);
  nd_test_assert_articles_equal (before, f->article);
  ours = nd_article_store_load (f->store, nd_article_get_id (f->article), &error);
  g_assert_no_error (error);
  nd_test_assert_articles_equal (before, ours);
  entries = nd_article_store_list (f->store, &error);
  g_assert_cmpuint (entries->len, ==, 1);
}

#define ADD(path, mode, func) \
  g_test_add ("/publish-dialog/" path, Fixture, GINT_TO_POINTER (mode), fixture_setup, func, \
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

  ADD ("ready", ND_TEST_WP_OK, test_ready);
  ADD ("blocking-item-disables-publish", ND_TEST_WP_OK, test_blocking);
  ADD ("publish-shows-steps-and-link", ND_TEST_WP_OK, test_publish_success);
  ADD ("server-error-leaves-article", ND_TEST_WP_POST_500, test_server_error);
  ADD ("cancel", ND_TEST_WP_POST_HANG, test_cancel);
  ADD ("no-accounts", ND_TEST_WP_OK, test_no_accounts);
  ADD ("accounts-page-add-and-test", ND_TEST_WP_OK, test_accounts_page);
  ADD ("account-test-wrong-password", ND_TEST_WP_AUTH_401, test_wrong_password);
  ADD ("account-trust-certificate", ND_TEST_WP_OK, test_trust_certificate);
  ADD ("conflict-overwrite", ND_TEST_WP_OK, test_conflict_overwrite);
  ADD ("conflict-open-theirs-as-copy", ND_TEST_WP_OK, test_conflict_copy);
  ADD ("conflict-cancel", ND_TEST_WP_OK, test_conflict_cancel);

  /* No skipping: the dialog reads the password from a real Secret Service. */
  if (reason)
    {
      g_printerr ("Bail out! No Secret Service for the tests: %s\n", reason);
      g_print ("Bail out! No Secret Service for the tests: %s\n", reason);
      nd_test_keyring_stop ();
      return 1;
    }

  status = g_test_run ();
  nd_test_keyring_stop ();
  nd_rm_rf (home, NULL);
  return status;
}
