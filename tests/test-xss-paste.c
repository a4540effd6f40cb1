/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The XSS corpus (tests/data/xss-corpus.txt) pasted into the body the way a person pastes:
 * text/html on the clipboard, then the text view's paste-clipboard keybinding signal. What
 * the body holds afterwards must have no script, event handler, javascript:, vbscript: or
 * data: link, frame, object, style, base, meta or form.
 *
 * With ND_XSS_LIBRARY set, the article the pastes made is also saved into that library
 * (tests/test-xss.py then publishes it to a real WordPress and checks the copy there). */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "nd-article-store.h"
#include "nd-body-view.h"
#include "nd-html.h"
#include "nd-test-util.h"
#include "nd-util.h"

static GPtrArray *
read_corpus (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "xss-corpus.txt", NULL);
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *vectors = g_ptr_array_new_with_free_func (g_free);

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (*lines[i] && lines[i][0] != '#')
      g_ptr_array_add (vectors, g_strdup (lines[i]));
  g_assert_cmpuint (vectors->len, >, 80);
  return vectors;
}

/* The checks of tests/test-xss.py, on the body subset: lower-cased markup only. */
static void
assert_safe_markup (const char *html,
                    const char *vector)
{
  static const char *tags[] = { "<script", "<iframe", "<frame", "<object", "<embed", "<applet",
                                "<style", "<base", "<meta", "<form", "<link", "<svg", "<math",
                                "<img", "<input", "<button", "<body", "<template", NULL };
  g_autofree char *lower = g_ascii_strdown (html, -1);
  g_autoptr(GRegex) tag_re = g_regex_new ("<[a-z][^>]*>", 0, 0, NULL);
  g_autoptr(GRegex) attr_re = g_regex_new ("\\s(on[a-z]+|srcdoc|formaction|xlink:href|style|src|action)\\s*=",
                                           0, 0, NULL);
  g_autoptr(GRegex) href_re = g_regex_new ("href=\"([^\"]*)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) m = NULL;

  for (guint i = 0; tags[i]; i++)
    if (strstr (lower, tags[i]))
      g_error ("%s survived the paste of %s: %s", tags[i], vector, html);

  g_regex_match (tag_re, lower, 0, &m);
  while (g_match_info_matches (m))
    {
      g_autofree char *tag = g_match_info_fetch (m, 0);
      g_autoptr(GMatchInfo) hm = NULL;

      if (g_regex_match (attr_re, tag, 0, NULL))
        g_error ("a forbidden attribute survived the paste of %s: %s", vector, tag);
      if (strstr (tag, "javascript:") || strstr (tag, "vbscript:") || strstr (tag, "data:"))
        g_error ("a script URL survived the paste of %s: %s", vector, tag);
      /* Every link left is http(s) or mailto, by the sanitizer's own definition. */
      if (g_regex_match (href_re, tag, 0, &hm))
        {
          g_autofree char *href = g_match_info_fetch (hm, 1);
          g_autofree char *decoded = NULL;

          g_auto(GStrv) parts = g_strsplit (href, "&amp;", -1);

          decoded = g_strjoinv ("&", parts);
          if (!g_str_has_prefix (decoded, "https://") && !g_str_has_prefix (decoded, "http://") &&
              !g_str_has_prefix (decoded, "mailto:"))
            g_error ("the link %s survived the paste of %s", href, vector);
        }
      g_match_info_next (m, NULL);
    }
}

static gboolean
buffer_contains (GtkTextBuffer *buffer,
                 const char    *needle)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return strstr (text, needle) != NULL;
}

/* Pastes a marker paragraph followed by html, and waits for the marker to arrive: the
 * clipboard is read asynchronously, and a vector that is all markup adds no text. The
 * marker comes first so that no unclosed tag of the vector can swallow it. */
static void
paste_html (NdBodyView *view,
            const char *html,
            guint       n)
{
  g_autofree char *marker = g_strdup_printf ("PASTE-%u-DONE", n);
  g_autofree char *data = g_strdup_printf ("<p>%s</p>%s", marker, html);
  g_autoptr(GBytes) bytes = g_bytes_new (data, strlen (data));
  g_autoptr(GdkContentProvider) provider = gdk_content_provider_new_for_bytes ("text/html", bytes);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gdk_clipboard_set_content (clipboard, provider);
  /* What Ctrl+V does: the keybinding signal of GtkTextView. */
  g_signal_emit_by_name (view, "paste-clipboard");
  while (!buffer_contains (buffer, marker))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static void
test_paste_corpus (void)
{
  g_autoptr(GPtrArray) vectors = read_corpus ();
  GtkWidget *window = gtk_window_new ();
  NdBodyView *view = ND_BODY_VIEW (nd_body_view_new ());
  g_autoptr(GString) all = g_string_new (NULL);
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);
  g_autofree char *final_html = NULL;
  guint texts = 0;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (view));

  for (guint i = 0; i < vectors->len; i++)
    {
      const char *vector = g_ptr_array_index (vectors, i);
      g_autofree char *html = NULL;
      GtkTextIter end;

      /* Each vector on its own, after a paragraph of plain text (so that every paste
       * lands in a fresh paragraph, and the test sees the text of the vector arrive). */
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_place_cursor (buffer, &end);
      paste_html (view, vector, i);
      html = nd_body_view_dup_html (view);
      assert_safe_markup (html, vector);
      g_string_append_printf (all, "%s\n", vector);
    }

  /* All of it at once, as one document. */
  paste_html (view, all->str, vectors->len);
  final_html = nd_body_view_dup_html (view);
  assert_safe_markup (final_html, "the whole corpus");

  /* The paste did happen: the visible text of harmless parts came through. */
  if (strstr (final_html, "plain javascript link"))
    texts++;
  if (strstr (final_html, "good link, bad handler"))
    texts++;
  g_assert_cmpuint (texts, ==, 2);
  g_assert_nonnull (strstr (final_html, "<a href=\"https://example.org/ok\">good link, bad handler</a>"));
  g_assert_nonnull (strstr (final_html, "&lt;script&gt;alert(83)&lt;/script&gt;"));

  if (g_getenv ("ND_XSS_LIBRARY"))
    {
      g_autoptr(NdArticleStore) store = nd_article_store_new (g_getenv ("ND_XSS_LIBRARY"));
      g_autoptr(NdArticle) article = nd_article_new ();
      g_autoptr(GError) error = NULL;

      nd_article_set_headline (article, "Pasted XSS corpus");
      nd_article_set_body_html (article, final_html);
      g_assert_true (nd_article_store_save (store, article, &error));
      g_assert_no_error (error);
      g_print ("# saved the pasted article %s\n", nd_article_get_id (article));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  home = nd_test_isolate_home ();

  g_test_add_func ("/xss/paste-corpus", test_paste_corpus);
  return g_test_run ();
}
