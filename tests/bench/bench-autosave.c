/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: autosave of a 20,000-word article with a photo in the article editor. Measures
 * the main-thread time of one save (the editor's body flush and serialisation plus the
 * synchronous part of nd_article_store_save_async: exactly what the autosave timeout runs)
 * and the longest interval between painted frames while the save runs (the frame clock is
 * kept ticking, as during an animation). Prints figures; not a test.
 * Usage: bench-autosave [--runs N] [--words N] */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "nd-article-editor.h"
#include "nd-article-store.h"
#include "nd-body-view.h"
#include "nd-util.h"

static guint n_runs = 10;
static guint n_words = 20000;

typedef struct
{
  gboolean saving;
  gboolean done;
  gint64   last_paint;
  gint64   longest;
  guint    frames_after;
} Save;

static Save *current;

static char *
make_body_html (void)
{
  static const char * const words[] = {
    "the", "minister", "said", "on", "Tuesday", "that", "talks", "would", "continue",
    "with", "partners", "across", "the", "region", "despite", "pressure", "from", "abroad",
  };
  GString *html = g_string_new (NULL);
  guint n = 0, para = 0;

  while (n < n_words)
    {
      g_string_append (html, "<p>");
      for (guint i = 0; i < 10 && n < n_words; i++, n++)
        g_string_append_printf (html, "%s%s", i ? " " : "",
                                words[(para * 7 + i) % G_N_ELEMENTS (words)]);
      g_string_append (html, "</p>\n");
      para++;
    }
  return g_string_free (html, FALSE);
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  gint64 now = g_get_monotonic_time ();

  if (current == NULL)
    return;
  if (current->saving && current->last_paint)
    current->longest = MAX (current->longest, now - current->last_paint);
  current->last_paint = now;
  if (current->done)
    current->frames_after++;
}

static gboolean
keep_ticking (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  return G_SOURCE_CONTINUE;
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Save *save = data;
  g_autoptr(GError) error = NULL;

  if (!nd_article_editor_save_finish (ND_ARTICLE_EDITOR (source), result, &error))
    g_printerr ("save failed: %s\n", error->message);
  save->done = TRUE;
}

static void
iterate_for (gint64 usec)
{
  gint64 end = g_get_monotonic_time () + usec;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static NdBodyView *
find_body (GtkWidget *root)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      NdBodyView *found;

      if (ND_IS_BODY_VIEW (c))
        return ND_BODY_VIEW (c);
      found = find_body (c);
      if (found)
        return found;
    }
  return NULL;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* A number argument, at least min (MAX would evaluate argv[++i] twice). */
static guint
arg_uint (const char *text,
          guint       min)
{
  int value = atoi (text);

  return value < (int) min ? min : (guint) value;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *html = NULL, *tmp = NULL, *photo_path = NULL;
  g_autoptr(NdArticleStore) store = NULL;
  g_autoptr(NdArticle) article = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sync_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window, *editor;
  GtkTextBuffer *buffer;
  GdkFrameClock *clock;
  NdBodyView *body;

  for (int i = 1; i + 1 < argc; i++)
    {
      if (g_str_equal (argv[i], "--runs"))
        n_runs = arg_uint (argv[++i], 1);
      else if (g_str_equal (argv[i], "--words"))
        n_words = arg_uint (argv[++i], 10);
    }

  gtk_init ();
  adw_init ();

  tmp = g_dir_make_tmp ("newsdesk-bench-autosave-XXXXXX", NULL);
  store = nd_article_store_new (tmp);
  article = nd_article_new ();
  nd_article_set_headline (article, "A 20,000-word story with a photo");
  nd_article_set_language (article, "en");
  html = make_body_html ();
  nd_article_set_body_html (article, html);
  nd_article_store_save (store, article, NULL);
  /* A 2400×1600 JPEG, as a camera would give after resizing. */
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 2400, 1600);
  gdk_pixbuf_fill (pixbuf, 0xa51d2dff);
  photo_path = g_build_filename (tmp, "lead.jpg", NULL);
  if (!gdk_pixbuf_save (pixbuf, photo_path, "jpeg", &error, NULL) ||
      !nd_article_store_attach_photo (store, article, photo_path, &error))
    g_error ("photo: %s", error->message);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  editor = nd_article_editor_new (store);
  gtk_window_set_child (GTK_WINDOW (window), editor);
  nd_article_editor_set_article (ND_ARTICLE_EDITOR (editor), article);
  body = find_body (editor);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (body));
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (1500 * 1000);   /* layout, the photo thumbnail, the first spell-check pass */

  clock = gtk_widget_get_frame_clock (editor);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  gtk_widget_add_tick_callback (editor, keep_ticking, NULL, NULL);

  for (guint run = 0; run <= n_runs; run++)   /* run 0 is the warm-up */
    {
      Save save = { 0 };
      GtkTextIter iter;
      gint64 t0, t1;
      double ms;

      /* One keystroke in the middle of the story: the article is dirty. */
      gtk_text_buffer_get_iter_at_line (buffer, &iter, gtk_text_buffer_get_line_count (buffer) / 2);
      gtk_text_iter_forward_to_line_end (&iter);
      gtk_text_buffer_place_cursor (buffer, &iter);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, "a", 1, TRUE);
      iterate_for (100 * 1000);

      current = &save;
      iterate_for (50 * 1000);
      save.saving = TRUE;
      t0 = g_get_monotonic_time ();
      nd_article_editor_save_async (ND_ARTICLE_EDITOR (editor), FALSE, NULL, on_saved, &save);
      t1 = g_get_monotonic_time ();
      while (!save.done || save.frames_after < 2)
        g_main_context_iteration (NULL, TRUE);
      current = NULL;
      if (run == 0)
        continue;
      ms = (t1 - t0) / 1000.0;
      g_array_append_val (sync_ms, ms);
      ms = save.longest / 1000.0;
      g_array_append_val (frame_ms, ms);
    }

  g_array_sort (sync_ms, cmp_double);
  g_array_sort (frame_ms, cmp_double);
  {
    double sync_med = g_array_index (sync_ms, double, sync_ms->len / 2);
    double frame_med = g_array_index (frame_ms, double, frame_ms->len / 2);
    double frame_max = g_array_index (frame_ms, double, frame_ms->len - 1);

    g_print ("autosave, %u words with a photo, %u runs after a warm-up:\n", n_words, n_runs);
    g_print ("  main-thread time of one save: median %.2f ms (goal ≤ 15 ms)\n", sync_med);
    g_print ("  longest frame interval while saving: median %.2f ms, worst %.2f ms "
             "(goal ≤ 20 ms)\n", frame_med, frame_max);
    g_print ("@result autosave %.3f %.3f %.3f\n", sync_med, frame_med, frame_max);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  nd_rm_rf (tmp, NULL);
  return 0;
}
