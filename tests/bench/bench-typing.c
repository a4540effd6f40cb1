/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: keystroke → painted frame in a 20,000-word body, Newsdesk's editor against a
 * bare GtkTextView holding the same text, in the same run. Prints figures; not a test.
 *
 * Each keystroke is what a key press does to a text view (an interactive insert at the
 * cursor); the time is taken from just before the insert to the frame clock's after-paint
 * for the frame that shows it. Usage: bench-typing [--keys N] [--words N] */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "nd-article-editor.h"
#include "nd-article-store.h"
#include "nd-body-view.h"
#include "nd-util.h"

typedef struct
{
  GtkTextView   *view;
  GtkTextBuffer *buffer;
  GArray        *samples;    /* gint64 µs */
  gint64         inserted_at;
  guint          remaining;
  guint          warmup;
  GMainLoop     *loop;
  gulong         paint_id;
  GdkFrameClock *clock;
} Run;

static guint n_keys = 200;
static guint n_words = 20000;

/* Real English words, and one misspelling per paragraph, so the spell checker has work. */
static const char *
word_at (guint para,
         guint i)
{
  static const char * const words[] = {
    "the", "minister", "said", "on", "Tuesday", "that", "talks", "would", "continue",
    "with", "partners", "across", "the", "region", "despite", "recieve", "pressure",
    "from", "abroad", "and", "at", "home",
  };
  return words[(para * 7 + i) % G_N_ELEMENTS (words)];
}

static char *
make_body_html (void)
{
  GString *html = g_string_new (NULL);
  guint words = 0, para = 0;

  /* 2,000 paragraphs of 10 words: paragraphs stay separate buffer lines. */
  while (words < n_words)
    {
      g_string_append (html, "<p>");
      for (guint i = 0; i < 10 && words < n_words; i++, words++)
        g_string_append_printf (html, "%s%s", i ? " " : "", word_at (para, i));
      g_string_append (html, "</p>\n");
      para++;
    }
  return g_string_free (html, FALSE);
}

static char *
make_plain (void)
{
  GString *text = g_string_new (NULL);
  guint words = 0, para = 0;

  while (words < n_words)
    {
      for (guint i = 0; i < 10 && words < n_words; i++, words++)
        g_string_append_printf (text, "%s%s", i ? " " : "", word_at (para, i));
      g_string_append_c (text, '\n');
      para++;
    }
  return g_string_free (text, FALSE);
}

static gboolean
type_one (gpointer data)
{
  Run *run = data;

  run->inserted_at = g_get_monotonic_time ();
  gtk_text_buffer_insert_interactive_at_cursor (run->buffer, "a", 1, TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                Run           *run)
{
  if (run->inserted_at == 0)
    return;

  if (run->warmup > 0)
    run->warmup--;
  else
    {
      gint64 dt = g_get_monotonic_time () - run->inserted_at;
      g_array_append_val (run->samples, dt);
      run->remaining--;
    }
  run->inserted_at = 0;

  if (run->remaining == 0)
    {
      g_main_loop_quit (run->loop);
      return;
    }
  /* The next key in a later main-loop turn, as the next key event would arrive. */
  g_timeout_add (5, type_one, run);
}

static void
wait_frames (guint n)
{
  for (guint i = 0; i < n; i++)
    {
      gint64 end = g_get_monotonic_time () + 16000;
      while (g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, FALSE);
    }
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

static gint
cmp_i64 (gconstpointer a,
         gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static void
measure (GtkWidget    *window,
         GtkTextView  *view,
         const char   *label,
         double       *median_out)
{
  Run run = { 0 };
  GtkTextIter iter;
  gint64 p50, p95;

  run.view = view;
  run.buffer = gtk_text_view_get_buffer (view);
  run.samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  run.remaining = n_keys;
  run.warmup = 10;
  run.loop = g_main_loop_new (NULL, FALSE);

  gtk_window_present (GTK_WINDOW (window));
  wait_frames (30);

  /* Type in the middle of the story, with the cursor on screen. */
  gtk_text_buffer_get_iter_at_line (run.buffer, &iter, gtk_text_buffer_get_line_count (run.buffer) / 2);
  gtk_text_iter_forward_to_line_end (&iter);
  gtk_text_buffer_place_cursor (run.buffer, &iter);
  gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (run.buffer), 0.1, FALSE, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  wait_frames (20);

  run.clock = gtk_widget_get_frame_clock (GTK_WIDGET (view));
  run.paint_id = g_signal_connect (run.clock, "after-paint", G_CALLBACK (on_after_paint), &run);
  g_timeout_add (5, type_one, &run);
  g_main_loop_run (run.loop);
  g_signal_handler_disconnect (run.clock, run.paint_id);

  g_array_sort (run.samples, cmp_i64);
  p50 = g_array_index (run.samples, gint64, run.samples->len / 2);
  p95 = g_array_index (run.samples, gint64, run.samples->len * 95 / 100);
  g_print ("%-34s median %6.2f ms   p95 %6.2f ms   (%u keys)\n", label, p50 / 1000.0,
           p95 / 1000.0, run.samples->len);
  *median_out = p50 / 1000.0;

  g_array_free (run.samples, TRUE);
  g_main_loop_unref (run.loop);
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
  g_autofree char *html = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(NdArticleStore) store = NULL;
  g_autoptr(NdArticle) article = NULL;
  GtkWidget *bare_window, *editor_window, *scroller, *bare, *editor;
  double bare_ms, bare2_ms, editor_ms;
  NdBodyView *body;
  gboolean spell_on;

  for (int i = 1; i + 1 < argc; i++)
    {
      if (g_str_equal (argv[i], "--keys"))
        n_keys = arg_uint (argv[++i], 1);
      else if (g_str_equal (argv[i], "--words"))
        n_words = arg_uint (argv[++i], 10);
    }

  gtk_init ();
  adw_init ();

  html = make_body_html ();
  plain = make_plain ();

  /* Newsdesk: the whole article editor (autosave, counts, checklist all live). */
  tmp = g_dir_make_tmp ("newsdesk-bench-XXXXXX", NULL);
  store = nd_article_store_new (tmp);
  article = nd_article_new ();
  nd_article_set_headline (article, "A 20,000-word story");
  /* Spell checking on: the editor's checker follows the article's language. */
  nd_article_set_language (article, "en");
  nd_article_set_body_html (article, html);
  nd_article_store_save (store, article, NULL);
  editor_window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (editor_window), 1200, 760);
  editor = nd_article_editor_new (store);
  gtk_window_set_child (GTK_WINDOW (editor_window), editor);
  nd_article_editor_set_article (ND_ARTICLE_EDITOR (editor), article);
  body = find_body (editor);
  gtk_window_present (GTK_WINDOW (editor_window));
  wait_frames (30);
  {
    /* Wait until the dictionary is loaded and the text checked, so typing pays for a live
     * spell checker (misspelt-word tags in the buffer show it is attached). */
    GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (
                                                   gtk_text_view_get_buffer (GTK_TEXT_VIEW (body))),
                                                 "nd-misspelled");
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    GtkTextIter start;

    gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (GTK_TEXT_VIEW (body)), &start);
    while (g_get_monotonic_time () < deadline &&
           (tag == NULL || !gtk_text_iter_forward_to_tag_toggle (&start, tag)))
      {
        g_main_context_iteration (NULL, FALSE);
        if (tag == NULL)
          tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (
                                             gtk_text_view_get_buffer (GTK_TEXT_VIEW (body))),
                                           "nd-misspelled");
        gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (GTK_TEXT_VIEW (body)), &start);
      }
    spell_on = tag != NULL && gtk_text_iter_forward_to_tag_toggle (&start, tag);
    g_print ("spell checking: %s\n", spell_on ? "on (misspelt words marked)" : "NOT active");
  }

  /* The reference: a bare GtkTextView with the same text, as wide and as tall as the
   * editor's body, so both lay out the same lines. */
  bare_window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (bare_window), gtk_widget_get_width (GTK_WIDGET (body)),
                               gtk_widget_get_height (GTK_WIDGET (body)));
  scroller = gtk_scrolled_window_new ();
  bare = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (bare), GTK_WRAP_WORD_CHAR);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (bare)), plain, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), bare);
  gtk_window_set_child (GTK_WINDOW (bare_window), scroller);

  g_print ("keystroke → painted frame, %u words in %u paragraphs, body %d px wide\n", n_words,
           (n_words + 9) / 10, gtk_widget_get_width (GTK_WIDGET (body)));
  /* Reference before and after, so drift on a shared machine shows. */
  measure (bare_window, GTK_TEXT_VIEW (bare), "bare GtkTextView (reference)", &bare_ms);
  measure (editor_window, GTK_TEXT_VIEW (body), "Newsdesk editor (body)", &editor_ms);
  measure (bare_window, GTK_TEXT_VIEW (bare), "bare GtkTextView (again)", &bare2_ms);
  bare_ms = (bare_ms + bare2_ms) / 2;
  gtk_window_destroy (GTK_WINDOW (bare_window));
  g_print ("ratio editor / bare: %.2fx (goal ≤ 1.25x)\n", editor_ms / bare_ms);
  /* For tests/bench/bench-all.py. */
  g_print ("@result typing %.3f %.3f %s\n", editor_ms, bare_ms, spell_on ? "spell-on" : "spell-off");

  gtk_window_destroy (GTK_WINDOW (editor_window));
  nd_rm_rf (tmp, NULL);
  return 0;
}
