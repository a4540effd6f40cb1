/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Start-up order of the main window: the first frame is painted before the library rows
 * are built (they would delay it with a large library), without the loading spinner
 * (its icon would load the SVG renderer), and the rows follow right after. */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "nd-application.h"
#include "nd-article-store.h"
#include "nd-test-util.h"
#include "nd-util.h"
#include "nd-window.h"

#define N_ARTICLES 120

static NdApplication *app;

typedef struct
{
  NdWindow *window;
  gint      painted;            /* after-paint emissions seen */
  gint      rows_at_first;      /* library items when the first frame was painted */
  gboolean  spinner_at_first;   /* a visible spinner in that frame */
} Watch;

static void
find_spinners (GtkWidget *widget,
               gboolean  *visible)
{
  if (GTK_IS_SPINNER (widget) && gtk_widget_get_visible (widget))
    *visible = TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    find_spinners (child, visible);
}

static void
on_after_paint (GdkFrameClock *clock,
                Watch         *watch)
{
  if (watch->painted++ > 0)
    return;
  watch->rows_at_first = g_list_model_get_n_items (nd_window_get_library (watch->window));
  find_spinners (GTK_WIDGET (watch->window), &watch->spinner_at_first);
}

static void
on_realize (GtkWidget *window,
            Watch     *watch)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), watch);
}

static void
test_rows_after_first_frame (void)
{
  g_autoptr(NdArticleStore) store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  Watch watch = { 0, };
  gint64 deadline;

  for (guint i = 0; i < N_ARTICLES; i++)
    {
      g_autoptr(NdArticle) article = nd_test_article_complete ();
      g_autofree char *headline = g_strdup_printf ("Start-up story %u", i);

      nd_article_set_headline (article, headline);
      g_assert_true (nd_article_store_save (store, article, &error));
      g_assert_no_error (error);
    }
  listed = nd_article_store_list (store, &error);   /* writes the index, as a first start */
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, N_ARTICLES);

  watch.window = nd_window_new (app);
  g_signal_connect (watch.window, "realize", G_CALLBACK (on_realize), &watch);
  gtk_window_present (GTK_WINDOW (watch.window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (watch.window)));

  /* Give a listing started with the window the time to finish in its worker before the
   * main loop runs again: its result would then be dispatched before the first frame, the
   * case where rows delay it. */
  g_usleep (G_USEC_PER_SEC / 2);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((watch.painted == 0 ||
          g_list_model_get_n_items (nd_window_get_library (watch.window)) < N_ARTICLES) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (watch.painted, >, 0);
  g_assert_cmpint (watch.rows_at_first, ==, 0);
  g_assert_false (watch.spinner_at_first);
  g_assert_cmpuint (g_list_model_get_n_items (nd_window_get_library (watch.window)), ==,
                    N_ARTICLES);

  gtk_window_destroy (GTK_WINDOW (watch.window));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  home = nd_test_isolate_home ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = nd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/library-startup/rows-after-first-frame", test_rows_after_first_frame);

  status = g_test_run ();
  g_clear_object (&app);
  nd_rm_rf (home, NULL);
  return status;
}
