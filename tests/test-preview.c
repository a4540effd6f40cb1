/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "nd-article-store.h"
#include "nd-preview.h"
#include "nd-test-util.h"
#include "nd-util.h"

static void
on_loaded_cb (NdPreview *preview,
              guint     *count)
{
  (*count)++;
}

static gboolean
wait_for_title (NdPreview  *preview,
                const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      if (g_strcmp0 (nd_preview_get_title (preview), expected) == 0)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_test_message ("title is “%s”", nd_preview_get_title (preview));
  return FALSE;
}

static void
test_shows_headline_and_follows_edits (void)
{
  g_autoptr(NdArticleStore) store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(GError) error = NULL;
  g_autofree char *image = nd_test_write_image (g_get_tmp_dir (), "nd-preview-test.jpg", 64, 48, "jpeg");
  GtkWidget *window = gtk_window_new ();
  NdPreview *preview = ND_PREVIEW (nd_preview_new ());
  guint loaded = 0;

  nd_article_set_photo (article, NULL);
  g_assert_true (nd_article_store_attach_photo (store, article, image, &error));
  g_assert_no_error (error);

  g_signal_connect (preview, "loaded", G_CALLBACK (on_loaded_cb), &loaded);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (preview));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  nd_preview_set_article (preview, store, article);
  gtk_window_present (GTK_WINDOW (window));

  /* WebKit parsed the rendered page: its title is the headline. */
  g_assert_true (wait_for_title (preview, "Russia Commits To Fruitful Partnership With Latam - Lavrov"));
  g_assert_cmpuint (loaded, >=, 1);

  /* Typing shows up after a short pause. */
  nd_article_set_headline (article, "Lavrov: “partners”, not a backyard <b>");
  g_assert_true (wait_for_title (preview, "Lavrov: “partners”, not a backyard <b>"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (image);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  /* WebKit names its data folders after the program: a full path (as meson runs tests)
   * would point its sandbox at the test binary itself. */
  g_set_prgname ("newsdesk-test-preview");
  adw_init ();
  home = nd_test_isolate_home ();

  g_test_add_func ("/preview/shows-headline-and-follows-edits", test_shows_headline_and_follows_edits);

  status = g_test_run ();
  nd_rm_rf (home, NULL);
  return status;
}
