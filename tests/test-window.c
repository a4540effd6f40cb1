/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "nd-application.h"
#include "nd-article-store.h"
#include "nd-test-util.h"
#include "nd-util.h"
#include "nd-window.h"
#include "nd-wordpress.h"
#include "nd-tag-entry.h"
#include "nd-section-picker.h"

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

/* What the user can read in the window right now. */
static char *
visible_text (GtkWidget *window)
{
  GString *out = g_string_new (NULL);

  collect_labels (window, out);
  return g_string_free (out, FALSE);
}

static gboolean
wait_for_text (GtkWidget  *window,
               const char *needle)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *text = visible_text (window);

      if (strstr (text, needle))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return FALSE;
}

/* One application per process, as in the real program; each test opens its own window
 * on a library of its own (NEWSDESK_LIBRARY, read when the store is created). */
static NdApplication *app;
static const char *home_dir;

static void
start_app (void)
{
  g_autoptr(GError) error = NULL;

  app = nd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
}

static void
test_lists_library (void)
{
  g_autoptr(NdArticleStore) store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  NdWindow *window;
  const char *headlines[] = { "Russia Commits To Fruitful Partnership With Latam - Lavrov",
                              "Segunda noticia: Faría", "Third story" };

  for (guint i = 0; i < G_N_ELEMENTS (headlines); i++)
    {
      g_autoptr(NdArticle) article = nd_test_article_complete ();
      g_autoptr(GDateTime) when = g_date_time_new_utc (2022, 7, 4, 10 + i, 0, 0);

      nd_article_set_headline (article, headlines[i]);
      nd_article_set_modified (article, when);
      if (i == 2)
        nd_article_set_status (article, "published");
      g_assert_true (nd_article_store_save (store, article, &error));
    }

  window = nd_window_new (app);
  gtk_window_present (GTK_WINDOW (window));

  for (guint i = 0; i < G_N_ELEMENTS (headlines); i++)
    g_assert_true (wait_for_text (GTK_WIDGET (window), headlines[i]));

  text = visible_text (GTK_WIDGET (window));
  g_assert_nonnull (strstr (text, "News > Russia"));
  g_assert_nonnull (strstr (text, "Published"));
  g_assert_nonnull (strstr (text, "Scheduled"));
  /* Newest first. */
  g_assert_true (strstr (text, "Third story") < strstr (text, "Segunda noticia"));
  g_assert_cmpuint (g_list_model_get_n_items (nd_window_get_library (window)), ==, 3);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_empty_library (void)
{
  NdWindow *window = nd_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for_text (GTK_WIDGET (window), "No Articles Yet"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
collect_type (GtkWidget *widget,
              GType      type,
              GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_type (child, type, out);
}

/* Every label under widget, mapped or not, joined with "|". */
static char *
all_labels (GtkWidget *widget)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  collect_type (widget, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    g_string_append_printf (out, "%s|", gtk_label_get_text (labels->pdata[i]));
  return g_string_free (out, FALSE);
}

/* The sections and tags of the default WordPress account, cached from an earlier run,
 * reach the section picker and the tag entry's suggestions; the site itself is
 * unreachable here, so the cache is what stays. */
static void
test_cms_terms (void)
{
  NdAccountStore *accounts = nd_application_get_account_store (app);
  g_autoptr(NdAccount) account = nd_account_new (ND_ACCOUNT_KIND_WORDPRESS, "Newsroom CMS");
  g_autoptr(NdArticleStore) store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pickers = g_ptr_array_new ();
  g_autoptr(GPtrArray) tag_entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  const char *sections[] = { "Regional", "Regional > Andes", "News > Russia", NULL };
  const char *tags[] = { "Caf\u00e9 \u2014 Bar", "Cafeteras", NULL };
  GtkPopover *popover;
  gint64 deadline;
  NdWindow *window;
  gboolean found = FALSE;
  int pos = 0;

  nd_account_set_url (account, "http://127.0.0.1:1/");
  nd_account_set_user (account, "editor");
  /* The test's own config folder, never the real one. */
  g_assert_true (g_str_has_prefix (nd_account_store_get_path (accounts), home_dir));
  g_assert_true (nd_account_store_add (accounts, account, &error));
  g_assert_no_error (error);
  g_assert_true (nd_account_store_set_default (accounts, account, &error));
  g_assert_no_error (error);
  g_assert_true (nd_wordpress_terms_cache_write (nd_account_get_id (account), sections, tags,
                                                 &error));
  g_assert_no_error (error);
  nd_article_set_headline (article, "CMS terms");
  nd_article_set_photo (article, NULL);
  g_assert_true (nd_article_store_save (store, article, &error));

  window = nd_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  nd_window_open_article (window, nd_article_get_id (article));
  g_assert_true (wait_for_text (GTK_WIDGET (window), "CMS terms"));

  collect_type (GTK_WIDGET (window), ND_TYPE_SECTION_PICKER, pickers);
  g_assert_cmpuint (pickers->len, ==, 1);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (
    gtk_widget_get_first_child (pickers->pdata[0])));
  if (!GTK_IS_POPOVER (popover))
    {
      g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
      collect_type (pickers->pdata[0], GTK_TYPE_MENU_BUTTON, buttons);
      popover = gtk_menu_button_get_popover (buttons->pdata[0]);
    }
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!found && g_get_monotonic_time () < deadline)
    {
      g_autofree char *rows = all_labels (GTK_WIDGET (popover));

      /* The settings' sections first, then the CMS's own, merged. */
      found = strstr (rows, "|Regional|") && strstr (rows, "|Andes|") && strstr (rows, "|Sport|");
      if (!found)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
    }
  g_assert_true (found);

  /* Typing "Caf" in the tags suggests the CMS's tags. */
  collect_type (GTK_WIDGET (window), ND_TYPE_TAG_ENTRY, tag_entries);
  g_assert_cmpuint (tag_entries->len, ==, 1);
  collect_type (tag_entries->pdata[0], GTK_TYPE_ENTRY, texts);
  g_assert_cmpuint (texts->len, ==, 1);
  /* Suggestions only show on screen: wait for the editor to be shown. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!gtk_widget_get_mapped (tag_entries->pdata[0]) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (tag_entries->pdata[0]));
  gtk_editable_insert_text (GTK_EDITABLE (texts->pdata[0]), "Caf", -1, &pos);
  found = FALSE;
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!found && g_get_monotonic_time () < deadline)
    {
      g_autofree char *text = all_labels (tag_entries->pdata[0]);

      found = strstr (text, "Caf\u00e9 \u2014 Bar") && strstr (text, "Cafeteras");
      if (!found)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
    }
  g_assert_true (found);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (nd_account_store_remove (accounts, account, &error));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  int status;

  /* First: GTK's start-up reads the config folder, and GLib keeps the first answer. */
  home = nd_test_isolate_home ();
  home_dir = home;
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  start_app ();

  /* In this order: the library starts empty, then the second test fills it. */
  g_test_add_func ("/window/empty-library", test_empty_library);
  g_test_add_func ("/window/lists-library", test_lists_library);
  g_test_add_func ("/window/cms-terms", test_cms_terms);

  status = g_test_run ();
  g_clear_object (&app);
  nd_rm_rf (home, NULL);
  return status;
}
