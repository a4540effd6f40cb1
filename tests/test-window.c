/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "nd-application.h"
#include "nd-article-store.h"
#include "nd-test-util.h"
#include "nd-util.h"
#include "nd-window.h"

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

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  home = nd_test_isolate_home ();
  start_app ();

  /* In this order: the library starts empty, then the second test fills it. */
  g_test_add_func ("/window/empty-library", test_empty_library);
  g_test_add_func ("/window/lists-library", test_lists_library);

  status = g_test_run ();
  g_clear_object (&app);
  nd_rm_rf (home, NULL);
  return status;
}
