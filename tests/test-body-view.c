/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "nd-body-view.h"
#include "nd-html.h"
#include "nd-test-util.h"
#include "nd-test-widget.h"
#include "nd-util.h"

/* ------------------------------------------------------------------------------------ */
/* Helpers                                                                               */
/* ------------------------------------------------------------------------------------ */

static NdBodyView *
new_view (void)
{
  NdBodyView *view = ND_BODY_VIEW (nd_body_view_new ());

  g_object_ref_sink (view);
  return view;
}

#define assert_html(view, expected)                                   \
  G_STMT_START {                                                      \
    g_autofree char *_html = nd_body_view_dup_html (view);            \
    g_assert_cmpstr (_html, ==, (expected));                          \
  } G_STMT_END

static char *
buffer_text (NdBodyView *view)
{
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

#define assert_text(view, expected)                                   \
  G_STMT_START {                                                      \
    g_autofree char *_text = buffer_text (view);                      \
    g_assert_cmpstr (_text, ==, (expected));                          \
  } G_STMT_END

/* Types like the keyboard does: one interactive insert (= one user action) per char. */
static void
type_text (NdBodyView *view,
           const char *text)
{
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    gtk_text_buffer_insert_interactive_at_cursor (buffer, p, g_utf8_next_char (p) - p, TRUE);
}

static void
cursor_at (NdBodyView *view,
           int         offset)
{
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);
  GtkTextIter iter;

  if (offset < 0)
    gtk_text_buffer_get_end_iter (buffer, &iter);
  else
    gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_buffer_place_cursor (buffer, &iter);
}

static void
select_range (NdBodyView *view,
              int         start,
              int         end)
{
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);
  GtkTextIter a, b;

  gtk_text_buffer_get_iter_at_offset (buffer, &a, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, end);
  gtk_text_buffer_select_range (buffer, &a, &b);
}

static void
act (NdBodyView *view,
     const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), name, NULL));
}

static gboolean
wait_for_html (NdBodyView *view,
               const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *html = nd_body_view_dup_html (view);

      if (g_strcmp0 (html, expected) == 0)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return FALSE;
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* ------------------------------------------------------------------------------------ */
/* Round trips                                                                           */
/* ------------------------------------------------------------------------------------ */

static void
test_round_trip (void)
{
  const char *cases[] = {
    "<p>Plain paragraph.</p>",
    "<h2>Heading two</h2>",
    "<h3>Heading three</h3>",
    "<blockquote><p>A quote</p></blockquote>",
    "<blockquote><p>First</p>\n<p>Second</p></blockquote>",
    "<ul><li>One</li>\n<li>Two</li></ul>",
    "<ol><li>First</li>\n<li>Second</li></ol>",
    "<ul><li>Bullet</li></ul>\n<ol><li>Number</li></ol>",
    "<p>a <strong>bold</strong> and <em>italic</em> and <strong><em>both</em></strong></p>",
    "<p>See <a href=\"https://example.com/a?b=1&amp;c=2\">the </a>"
    "<a href=\"https://example.com/a?b=1&amp;c=2\"><strong>site</strong></a> now</p>",
    "<p><a href=\"https://a.example/\">one</a><a href=\"mailto:desk@example.org\">two</a></p>",
    "<p>line one<br>line two</p>",
    "<p>Moscow — Lavrov said “fruitful” &amp; <em>Faría</em> &lt;ok&gt;</p>",
    "<h2>Title</h2>\n<p>Lead <strong>text</strong>.</p>\n<blockquote><p>Quote</p></blockquote>\n"
    "<ul><li>a</li>\n<li><em>b</em></li></ul>\n<ol><li><a href=\"http://x.example/\">c</a></li></ol>\n"
    "<h3>Sub</h3>\n<p>End.</p>",
  };
  g_autoptr(NdBodyView) view = new_view ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expected = nd_html_sanitize (cases[i], -1, NULL);

      /* The cases are canonical already: the view must not change a byte. */
      g_assert_cmpstr (expected, ==, cases[i]);
      nd_body_view_set_html (view, cases[i]);
      assert_html (view, expected);
    }

  nd_body_view_set_html (view, NULL);
  assert_html (view, "");
  assert_text (view, "");

  /* Whatever comes in is reduced to the subset first. */
  nd_body_view_set_html (view, "<div><b>Bold</b> <script>x()</script><i>it</i></div>");
  assert_html (view, "<p><strong>Bold</strong> <em>it</em></p>");
  assert_text (view, "Bold it");
}

/* ------------------------------------------------------------------------------------ */
/* Typing and inline styles                                                              */
/* ------------------------------------------------------------------------------------ */

static void
test_typing_bold_italic (void)
{
  g_autoptr(NdBodyView) view = new_view ();
  guint changed = 0;

  g_signal_connect (view, "changed", G_CALLBACK (count_cb), &changed);
  nd_body_view_set_html (view, "");
  g_assert_cmpuint (changed, ==, 0);

  type_text (view, "Hello world");
  assert_html (view, "<p>Hello world</p>");
  g_assert_cmpuint (changed, ==, 11);

  select_range (view, 6, 11);
  act (view, "body.bold");
  assert_html (view, "<p>Hello <strong>world</strong></p>");
  g_assert_cmpuint (changed, ==, 12);

  /* Typing at the end of bold text continues it. */
  cursor_at (view, -1);
  type_text (view, "!");
  assert_html (view, "<p>Hello <strong>world!</strong></p>");

  /* No selection: toggles the style of what is typed next. */
  act (view, "body.bold");
  type_text (view, " plain");
  assert_html (view, "<p>Hello <strong>world!</strong> plain</p>");
  act (view, "body.italic");
  type_text (view, " it");
  assert_html (view, "<p>Hello <strong>world!</strong> plain<em> it</em></p>");

  /* Bold over a selection that is partly bold makes all of it bold; again removes it. */
  select_range (view, 0, 12);
  act (view, "body.bold");
  assert_html (view, "<p><strong>Hello world!</strong> plain<em> it</em></p>");
  act (view, "body.bold");
  assert_html (view, "<p>Hello world! plain<em> it</em></p>");

  select_range (view, 0, 5);
  act (view, "body.italic");
  assert_html (view, "<p><em>Hello</em> world! plain<em> it</em></p>");

  /* Typing inside an italic word is italic too. */
  cursor_at (view, 2);
  type_text (view, "X");
  assert_html (view, "<p><em>HeXllo</em> world! plain<em> it</em></p>");
}

/* ------------------------------------------------------------------------------------ */
/* Links                                                                                 */
/* ------------------------------------------------------------------------------------ */

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_links (void)
{
  g_autoptr(NdBodyView) view = new_view ();
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);
  GtkTextIter start, end;

  nd_body_view_set_html (view, "<p>Read the report today</p>");
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 9);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, 15);
  g_assert_true (nd_body_view_set_link (view, &start, &end, "https://example.org/report"));
  assert_html (view, "<p>Read the <a href=\"https://example.org/report\">report</a> today</p>");
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 10);
  g_assert_cmpstr (nd_body_view_get_link_at (view, &start), ==, "https://example.org/report");

  /* Unsafe URLs are refused and change nothing. */
  {
    const char *bad[] = { "javascript:alert(1)", "java\nscript:alert(1)", "data:text/html,x",
                          "vbscript:x", "file:///etc/passwd", "https://", "not a url" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        gtk_text_buffer_get_iter_at_offset (buffer, &start, 0);
        gtk_text_buffer_get_iter_at_offset (buffer, &end, 4);
        g_assert_false (nd_body_view_set_link (view, &start, &end, bad[i]));
      }
    assert_html (view, "<p>Read the <a href=\"https://example.org/report\">report</a> today</p>");
  }

  /* A new link over part of an old one replaces it there. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 12);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, 21);
  g_assert_true (nd_body_view_set_link (view, &start, &end, "mailto:desk@example.org"));
  assert_html (view, "<p>Read the <a href=\"https://example.org/report\">rep</a>"
                     "<a href=\"mailto:desk@example.org\">ort today</a></p>");

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_assert_true (nd_body_view_set_link (view, &start, &end, NULL));
  assert_html (view, "<p>Read the report today</p>");

  /* Undo brings the links back exactly. */
  act (view, "body.undo");
  assert_html (view, "<p>Read the <a href=\"https://example.org/report\">rep</a>"
                     "<a href=\"mailto:desk@example.org\">ort today</a></p>");
  act (view, "body.undo");
  assert_html (view, "<p>Read the <a href=\"https://example.org/report\">report</a> today</p>");
  act (view, "body.redo");
  act (view, "body.redo");
  assert_html (view, "<p>Read the report today</p>");
}

static void
test_link_dialog (void)
{
  g_autoptr(NdBodyView) view = new_view ();
  GtkWidget *window = gtk_window_new ();
  AdwMessageDialog *dialog;
  GtkWidget *entry, *error;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));

  nd_body_view_set_html (view, "<p>Read the report today</p>");
  /* The cursor in a word, no selection: the dialog links that word. */
  cursor_at (view, 11);
  act (view, "body.link");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_has_response (dialog, "remove"));
  entry = gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog));
  error = gtk_widget_get_next_sibling (entry);
  g_assert_true (GTK_IS_ENTRY (entry));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "javascript:alert(1)");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error)), !=, "");
  /* Even if it is answered anyway, nothing is applied. */
  adw_message_dialog_response (dialog, "apply");
  assert_html (view, "<p>Read the report today</p>");

  gtk_editable_set_text (GTK_EDITABLE (entry), "example.org/report");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "apply"));
  g_assert_false (gtk_widget_get_visible (error));
  adw_message_dialog_response (dialog, "apply");
  gtk_window_destroy (GTK_WINDOW (dialog));
  assert_html (view, "<p>Read the <a href=\"https://example.org/report\">report</a> today</p>");

  /* Inside a link, the dialog edits it and offers to remove it. */
  cursor_at (view, 12);
  act (view, "body.link");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "remove"));
  entry = gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "https://example.org/report");
  gtk_editable_set_text (GTK_EDITABLE (entry), "https://example.org/new");
  adw_message_dialog_response (dialog, "apply");
  gtk_window_destroy (GTK_WINDOW (dialog));
  assert_html (view, "<p>Read the <a href=\"https://example.org/new\">report</a> today</p>");

  cursor_at (view, 15);  /* right after the link */
  act (view, "body.link");
  dialog = find_message_dialog ();
  adw_message_dialog_response (dialog, "remove");
  gtk_window_destroy (GTK_WINDOW (dialog));
  assert_html (view, "<p>Read the report today</p>");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ------------------------------------------------------------------------------------ */
/* Blocks                                                                                */
/* ------------------------------------------------------------------------------------ */

static void
test_block_actions (void)
{
  g_autoptr(NdBodyView) view = new_view ();

  nd_body_view_set_html (view, "<p>Title</p><p>Body</p><p>Item one</p><p>Item two</p>");
  cursor_at (view, 2);
  act (view, "body.heading2");
  assert_html (view, "<h2>Title</h2>\n<p>Body</p>\n<p>Item one</p>\n<p>Item two</p>");
  act (view, "body.heading3");
  assert_html (view, "<h3>Title</h3>\n<p>Body</p>\n<p>Item one</p>\n<p>Item two</p>");
  /* The same kind again toggles back to a paragraph. */
  act (view, "body.heading3");
  assert_html (view, "<p>Title</p>\n<p>Body</p>\n<p>Item one</p>\n<p>Item two</p>");
  act (view, "body.heading2");

  cursor_at (view, 7);
  act (view, "body.quote");
  assert_html (view, "<h2>Title</h2>\n<blockquote><p>Body</p></blockquote>\n<p>Item one</p>\n<p>Item two</p>");

  /* Over a selection: every line it touches. */
  select_range (view, 13, 22);
  act (view, "body.bullets");
  assert_html (view, "<h2>Title</h2>\n<blockquote><p>Body</p></blockquote>\n"
                     "<ul><li>Item one</li>\n<li>Item two</li></ul>");
  act (view, "body.numbers");
  assert_html (view, "<h2>Title</h2>\n<blockquote><p>Body</p></blockquote>\n"
                     "<ol><li>Item one</li>\n<li>Item two</li></ol>");
  act (view, "body.paragraph");
  assert_html (view, "<h2>Title</h2>\n<blockquote><p>Body</p></blockquote>\n"
                     "<p>Item one</p>\n<p>Item two</p>");

  /* Each is one undo step. */
  act (view, "body.undo");
  assert_html (view, "<h2>Title</h2>\n<blockquote><p>Body</p></blockquote>\n"
                     "<ol><li>Item one</li>\n<li>Item two</li></ol>");
  act (view, "body.undo");
  act (view, "body.undo");
  assert_html (view, "<h2>Title</h2>\n<blockquote><p>Body</p></blockquote>\n<p>Item one</p>\n<p>Item two</p>");
}

static void
test_enter_and_backspace (void)
{
  g_autoptr(NdBodyView) view = new_view ();

  /* Enter at the end of a heading: the next line is a paragraph. */
  nd_body_view_set_html (view, "<h2>Title</h2>");
  cursor_at (view, -1);
  type_text (view, "\nText");
  assert_html (view, "<h2>Title</h2>\n<p>Text</p>");

  /* Enter in the middle of a heading: both halves stay headings. */
  nd_body_view_set_html (view, "<h2>TitleRest</h2>");
  cursor_at (view, 5);
  type_text (view, "\n");
  assert_html (view, "<h2>Title</h2>\n<h2>Rest</h2>");

  /* Enter in a list continues it; Enter on an empty item ends it. */
  nd_body_view_set_html (view, "<ul><li>One</li></ul>");
  cursor_at (view, -1);
  type_text (view, "\nTwo\n");
  assert_html (view, "<ul><li>One</li>\n<li>Two</li></ul>");
  type_text (view, "\nAfter");
  assert_html (view, "<ul><li>One</li>\n<li>Two</li></ul>\n<p>After</p>");
  assert_text (view, "One\nTwo\nAfter");

  /* The same in the middle of the document. */
  nd_body_view_set_html (view, "<ol><li>One</li></ol><p>End</p>");
  cursor_at (view, 3);
  type_text (view, "\n\nMiddle");
  assert_html (view, "<ol><li>One</li></ol>\n<p>Middle</p>\n<p>End</p>");

  /* Backspace at the start of an item makes it a paragraph first, then joins. */
  nd_body_view_set_html (view, "<p>Para</p><ul><li>Item</li></ul>");
  cursor_at (view, 5);
  g_signal_emit_by_name (view, "backspace");
  assert_html (view, "<p>Para</p>\n<p>Item</p>");
  g_signal_emit_by_name (view, "backspace");
  assert_html (view, "<p>ParaItem</p>");
  act (view, "body.undo");
  act (view, "body.undo");
  assert_html (view, "<p>Para</p>\n<ul><li>Item</li></ul>");

  /* Joining a heading and a paragraph keeps the first line's kind. */
  nd_body_view_set_html (view, "<h3>Head</h3><p>tail</p>");
  cursor_at (view, 4);
  gtk_text_buffer_insert_interactive_at_cursor (nd_body_view_get_buffer (view), "", 0, TRUE);
  {
    GtkTextBuffer *buffer = nd_body_view_get_buffer (view);
    GtkTextIter a, b;

    gtk_text_buffer_get_iter_at_offset (buffer, &a, 4);
    gtk_text_buffer_get_iter_at_offset (buffer, &b, 5);
    gtk_text_buffer_delete_interactive (buffer, &a, &b, TRUE);
  }
  assert_html (view, "<h3>Headtail</h3>");

  /* Shift+Enter's line break stays inside the block. */
  nd_body_view_set_html (view, "<p>ab</p>");
  cursor_at (view, 1);
  g_signal_emit_by_name (view, "insert-at-cursor", "\xe2\x80\xa8");
  assert_html (view, "<p>a<br>b</p>");
}

/* ------------------------------------------------------------------------------------ */
/* Undo                                                                                  */
/* ------------------------------------------------------------------------------------ */

static void
test_undo_typing (void)
{
  g_autoptr(NdBodyView) view = new_view ();
  g_autofree char *canon = NULL;

  nd_body_view_set_html (view, "<p>Start</p>");
  cursor_at (view, -1);
  type_text (view, " Hello world");
  assert_text (view, "Start Hello world");

  /* Word-sized steps: "world", "Hello ", " ". */
  act (view, "body.undo");
  assert_text (view, "Start Hello ");
  canon = nd_html_sanitize ("<p>Start Hello </p>", -1, NULL);
  assert_html (view, canon);
  act (view, "body.undo");
  assert_text (view, "Start ");
  act (view, "body.undo");
  assert_text (view, "Start");
  assert_html (view, "<p>Start</p>");
  /* set_html left nothing to undo. */
  act (view, "body.undo");
  assert_html (view, "<p>Start</p>");

  act (view, "body.redo");
  act (view, "body.redo");
  act (view, "body.redo");
  assert_text (view, "Start Hello world");
  act (view, "body.redo");
  assert_text (view, "Start Hello world");

  /* A new edit after undo drops the redo history. */
  act (view, "body.undo");
  cursor_at (view, -1);
  type_text (view, "there");
  act (view, "body.redo");
  assert_text (view, "Start Hello there");

  /* Backspaces coalesce too, and undo restores the deleted text with its formatting. */
  nd_body_view_set_html (view, "<p>a <strong>bold</strong> <em>b</em></p>");
  cursor_at (view, 6);
  for (int i = 0; i < 4; i++)
    g_signal_emit_by_name (view, "backspace");
  assert_text (view, "a  b");
  act (view, "body.undo");
  assert_html (view, "<p>a <strong>bold</strong> <em>b</em></p>");
  act (view, "body.redo");
  assert_text (view, "a  b");

  /* Deleting across blocks and undoing it gives back the exact blocks. */
  nd_body_view_set_html (view, "<h2>Head</h2><ul><li>one <a href=\"https://x.example/\">link</a></li><li>two</li></ul><p>end</p>");
  {
    GtkTextBuffer *buffer = nd_body_view_get_buffer (view);
    GtkTextIter a, b;

    gtk_text_buffer_get_iter_at_offset (buffer, &a, 2);
    gtk_text_buffer_get_iter_at_offset (buffer, &b, 15);
    gtk_text_buffer_delete_interactive (buffer, &a, &b, TRUE);
  }
  assert_html (view, "<h2>Hewo</h2>\n<p>end</p>");
  act (view, "body.undo");
  assert_html (view, "<h2>Head</h2>\n<ul><li>one <a href=\"https://x.example/\">link</a></li>\n<li>two</li></ul>\n<p>end</p>");
  act (view, "body.redo");
  assert_html (view, "<h2>Hewo</h2>\n<p>end</p>");
}

static void
test_undo_formatting (void)
{
  g_autoptr(NdBodyView) view = new_view ();

  nd_body_view_set_html (view, "<p>one two three</p>");
  select_range (view, 4, 7);
  act (view, "body.bold");
  assert_html (view, "<p>one <strong>two</strong> three</p>");
  select_range (view, 0, 7);
  act (view, "body.italic");
  assert_html (view, "<p><em>one </em><strong><em>two</em></strong> three</p>");
  cursor_at (view, 0);
  act (view, "body.heading2");
  assert_html (view, "<h2><em>one </em><strong><em>two</em></strong> three</h2>");

  act (view, "body.undo");
  assert_html (view, "<p><em>one </em><strong><em>two</em></strong> three</p>");
  act (view, "body.undo");
  assert_html (view, "<p>one <strong>two</strong> three</p>");
  act (view, "body.undo");
  assert_html (view, "<p>one two three</p>");
  act (view, "body.redo");
  assert_html (view, "<p>one <strong>two</strong> three</p>");
  act (view, "body.redo");
  act (view, "body.redo");
  assert_html (view, "<h2><em>one </em><strong><em>two</em></strong> three</h2>");

  /* Typing into formatted text and undoing it leaves the formatting as it was. */
  cursor_at (view, 5);
  type_text (view, "XY");
  assert_html (view, "<h2><em>one </em><strong><em>tXYwo</em></strong> three</h2>");
  act (view, "body.undo");
  assert_html (view, "<h2><em>one </em><strong><em>two</em></strong> three</h2>");
  act (view, "body.redo");
  assert_html (view, "<h2><em>one </em><strong><em>tXYwo</em></strong> three</h2>");

  /* Enter (a kind change for the new line) undoes as one step. */
  cursor_at (view, -1);
  type_text (view, "\n");
  type_text (view, "p");
  assert_html (view, "<h2><em>one </em><strong><em>tXYwo</em></strong> three</h2>\n<p>p</p>");
  act (view, "body.undo");
  act (view, "body.undo");
  assert_html (view, "<h2><em>one </em><strong><em>tXYwo</em></strong> three</h2>");
  act (view, "body.redo");
  act (view, "body.redo");
  assert_html (view, "<h2><em>one </em><strong><em>tXYwo</em></strong> three</h2>\n<p>p</p>");
}

/* ------------------------------------------------------------------------------------ */
/* Paste                                                                                 */
/* ------------------------------------------------------------------------------------ */

static const char hostile[] =
  "<html><head><style>p{color:red}</style><script>alert('head')</script></head><body>"
  "<p onclick=\"steal()\">Hi <script>alert(1)</script><img src=x onerror=\"alert(2)\">"
  "<a href=\"javascript:alert(3)\">click</a> <a href=\" https://ok.example/path \">ok</a>"
  "<b style=\"x:expression(alert(4))\">bold</b></p>"
  "<table><tr><td><table><tr><td>cell <i>one</i></td></tr></table></td><td>two</td></tr></table>"
  "<iframe src=\"https://evil.example/\"></iframe><svg><script>alert(5)</script></svg>"
  "<form action=\"https://evil.example/\"><input value=\"x\"></form>"
  "<h2 onmouseover=\"x()\">Heading</h2><ul><li>item<ul><li>nested</li></ul></li></ul>"
  "<a href=\"data:text/html,<script>alert(6)</script>\">data</a>"
  "</body></html>";

static void
assert_subset_only (const char *html)
{
  const char *forbidden[] = { "script", "onerror", "onclick", "onmouseover", "javascript",
                              "data:", "<table", "<td", "<img", "iframe", "<svg", "style",
                              "expression", "<form", "<input", "alert(", "<div", "<span" };

  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    if (strstr (html, forbidden[i]) != NULL)
      g_error ("\"%s\" survived in %s", forbidden[i], html);
}

static void
test_paste_hostile_html (void)
{
  g_autoptr(NdBodyView) view = new_view ();
  g_autofree char *html = NULL;
  g_autofree char *reference = nd_html_sanitize (hostile, -1, NULL);

  nd_body_view_set_html (view, "");
  nd_body_view_paste_html (view, hostile);
  html = nd_body_view_dup_html (view);
  g_test_message ("pasted: %s", html);
  assert_subset_only (html);
  /* Into an empty body: exactly what the sanitizer keeps. */
  g_assert_cmpstr (html, ==, reference);
  g_assert_nonnull (strstr (html, "<a href=\"https://ok.example/path\">ok</a>"));
  g_assert_nonnull (strstr (html, "<strong>bold</strong>"));
  g_assert_nonnull (strstr (html, "<h2>Heading</h2>"));

  /* One undo step takes it all out again. */
  act (view, "body.undo");
  assert_html (view, "");

  /* Into the middle of a paragraph: one block merges inline... */
  nd_body_view_set_html (view, "<p>ab</p>");
  cursor_at (view, 1);
  nd_body_view_paste_html (view, "<div><b>X</b><script>y</script></div>");
  assert_html (view, "<p>a<strong>X</strong>b</p>");

  /* ...several split it; the pasted blocks keep their kinds, the line pasted into its own. */
  nd_body_view_set_html (view, "<p>abcd</p>");
  cursor_at (view, 2);
  nd_body_view_paste_html (view, "<h2>H</h2><ul><li>L</li></ul><p>P</p>");
  assert_html (view, "<p>abH</p>\n<ul><li>L</li></ul>\n<p>Pcd</p>");

  /* Pasting over a selection replaces it. */
  nd_body_view_set_html (view, "<p>keep REPLACE keep</p>");
  select_range (view, 5, 12);
  nd_body_view_paste_html (view, "<em>new</em>");
  assert_html (view, "<p>keep <em>new</em> keep</p>");
  act (view, "body.undo");
  assert_html (view, "<p>keep REPLACE keep</p>");

  /* Pasted text does not pick up the bold it lands in. */
  nd_body_view_set_html (view, "<p><strong>bold</strong></p>");
  cursor_at (view, 2);
  nd_body_view_paste_html (view, "<p>x</p>");
  assert_html (view, "<p><strong>bo</strong>x<strong>ld</strong></p>");
}

static void
test_paste_plain_text (void)
{
  g_autoptr(NdBodyView) view = new_view ();

  nd_body_view_set_html (view, "");
  nd_body_view_paste_text (view, "one\ntwo\r\n\r\nthree <b>not a tag</b>");
  assert_html (view, "<p>one</p>\n<p>two</p>\n<p>three &lt;b&gt;not a tag&lt;/b&gt;</p>");
  assert_text (view, "one\ntwo\nthree <b>not a tag</b>");

  /* In a list, pasted lines become items. */
  nd_body_view_set_html (view, "<ul><li>x</li></ul>");
  cursor_at (view, -1);
  nd_body_view_paste_text (view, "a\nb");
  assert_html (view, "<ul><li>xa</li>\n<li>b</li></ul>");
}

static void
test_paste_clipboard (void)
{
  g_autoptr(NdBodyView) view = new_view ();
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
  g_autoptr(GBytes) bytes = g_bytes_new_static (hostile, strlen (hostile));
  g_autoptr(GdkContentProvider) provider = NULL;
  g_autofree char *reference = nd_html_sanitize (hostile, -1, NULL);

  /* Plain text on the clipboard: one paragraph per line. */
  nd_body_view_set_html (view, "");
  gdk_clipboard_set_text (clipboard, "first\nsecond");
  g_signal_emit_by_name (view, "paste-clipboard");
  g_assert_true (wait_for_html (view, "<p>first</p>\n<p>second</p>"));

  /* HTML on the clipboard is read as HTML and sanitized. */
  nd_body_view_set_html (view, "");
  provider = gdk_content_provider_new_for_bytes ("text/html", bytes);
  gdk_clipboard_set_content (clipboard, provider);
  g_signal_emit_by_name (view, "paste-clipboard");
  g_assert_true (wait_for_html (view, reference));

  /* Copy keeps the formatting for a paste in the body. */
  nd_body_view_set_html (view, "<p>a <strong>bold</strong> <a href=\"https://x.example/\">link</a></p>");
  select_range (view, 2, 11);
  g_signal_emit_by_name (view, "copy-clipboard");
  g_assert_true (gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard), "text/html"));
  g_assert_true (gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), G_TYPE_STRING));
  cursor_at (view, -1);
  g_signal_emit_by_name (view, "paste-clipboard");
  g_assert_true (wait_for_html (view, "<p>a <strong>bold</strong> <a href=\"https://x.example/\">link</a>"
                                      "<strong>bold</strong> <a href=\"https://x.example/\">link</a></p>"));

  /* Cut: the same, and the text goes. */
  select_range (view, 0, 2);
  g_signal_emit_by_name (view, "cut-clipboard");
  assert_html (view, "<p><strong>bold</strong> <a href=\"https://x.example/\">link</a>"
                     "<strong>bold</strong> <a href=\"https://x.example/\">link</a></p>");
}

/* ------------------------------------------------------------------------------------ */
/* Word count, toolbar, size                                                             */
/* ------------------------------------------------------------------------------------ */

static void
test_word_count (void)
{
  g_autoptr(NdBodyView) view = new_view ();
  guint notified = 0;
  gint64 deadline;

  g_signal_connect (view, "notify::word-count", G_CALLBACK (notify_count_cb), &notified);
  nd_body_view_set_html (view, "<h2>Two words</h2><p>one two three</p><ul><li>Faría's item</li></ul>");
  g_assert_cmpuint (nd_body_view_get_word_count (view), ==, 7);
  g_assert_cmpuint (notified, ==, 1);
  nd_body_view_set_html (view, "<p>Other seven words, but the same count</p>");
  g_assert_cmpuint (notified, ==, 1);

  cursor_at (view, -1);
  type_text (view, " more words here");
  /* Debounced: not recounted on each keystroke, but soon after typing stops. */
  g_assert_cmpuint (nd_body_view_get_word_count (view), ==, 7);
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (nd_body_view_get_word_count (view) != 10 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (nd_body_view_get_word_count (view), ==, 10);
  g_assert_cmpuint (notified, ==, 2);
  {
    guint value = 0;

    g_object_get (view, "word-count", &value, NULL);
    g_assert_cmpuint (value, ==, 10);
  }
}

static GtkWidget *
find_button (GtkWidget  *toolbar,
             const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (toolbar); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child)
        && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
      return child;
  return NULL;
}

static void
test_toolbar (void)
{
  g_autoptr(NdBodyView) view = new_view ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *toolbar = nd_body_view_create_toolbar (view);
  const char *actions[] = { "body.undo", "body.redo", "body.bold", "body.italic", "body.link",
                            "body.heading2", "body.heading3", "body.quote", "body.bullets",
                            "body.numbers" };
  GtkWidget *undo, *bold, *h2;

  gtk_box_append (GTK_BOX (box), toolbar);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (view));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWidget *button = find_button (toolbar, actions[i]);

      g_assert_nonnull (button);
      g_assert_nonnull (gtk_widget_get_tooltip_text (button));
      g_assert_true (gtk_widget_has_css_class (button, "flat"));
    }
  h2 = find_button (toolbar, "body.heading2");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (h2)), ==, "H2");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_button (toolbar, "body.bold")), ==, "Bold (Ctrl+B)");

  nd_body_view_set_html (view, "<p>Some text</p>");
  nd_test_spin (50);
  undo = find_button (toolbar, "body.undo");
  g_assert_false (gtk_widget_get_sensitive (undo));

  select_range (view, 0, 4);
  bold = find_button (toolbar, "body.bold");
  g_signal_emit_by_name (bold, "clicked");
  assert_html (view, "<p><strong>Some</strong> text</p>");
  nd_test_spin (50);
  g_assert_true (gtk_widget_get_sensitive (undo));
  g_signal_emit_by_name (h2, "clicked");
  assert_html (view, "<h2><strong>Some</strong> text</h2>");
  g_signal_emit_by_name (undo, "clicked");
  g_signal_emit_by_name (undo, "clicked");
  assert_html (view, "<p>Some text</p>");
  nd_test_spin (50);
  g_assert_false (gtk_widget_get_sensitive (undo));
  g_assert_true (gtk_widget_get_sensitive (find_button (toolbar, "body.redo")));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_large_body (void)
{
  g_autoptr(NdBodyView) view = new_view ();
  g_autoptr(GString) input = g_string_new (NULL);
  g_autofree char *expected = NULL;
  g_autofree char *html = NULL;
  gint64 t0, t1, t2;
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);
  GtkTextIter iter;

  /* 2,000 paragraphs of 10 words: 20,000 words, with some formatting throughout. */
  for (int p = 0; p < 2000; p++)
    {
      if (p % 50 == 0)
        g_string_append_printf (input, "<h2>Section %d</h2>", p / 50);
      g_string_append_printf (input, "<p>Paragraph %d has <strong>some bold</strong> words, "
                                     "<a href=\"https://example.org/%d\">a link</a> and more</p>",
                              p, p);
      if (p % 100 == 0)
        g_string_append (input, "<ul><li>one item</li><li>and <em>another</em></li></ul>");
    }
  expected = nd_html_sanitize (input->str, input->len, NULL);

  t0 = g_get_monotonic_time ();
  nd_body_view_set_html (view, input->str);
  t1 = g_get_monotonic_time ();
  html = nd_body_view_dup_html (view);
  t2 = g_get_monotonic_time ();
  g_test_message ("20k words: set_html %.1f ms, dup_html %.1f ms",
                  (t1 - t0) / 1000.0, (t2 - t1) / 1000.0);
  g_assert_cmpstr (html, ==, expected);
  g_assert_cmpint (t2 - t0, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (nd_body_view_get_word_count (view), >, 20000);

  /* Keystrokes in the middle of the big body: no per-keystroke whole-document work. */
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 1000);
  gtk_text_buffer_place_cursor (buffer, &iter);
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < 500; i++)
    gtk_text_buffer_insert_interactive_at_cursor (buffer, i % 6 == 5 ? " " : "x", 1, TRUE);
  t1 = g_get_monotonic_time ();
  g_test_message ("500 keystrokes into 20k words: %.3f ms each", (t1 - t0) / 500.0 / 1000.0);
  g_assert_cmpint (t1 - t0, <, 2 * G_USEC_PER_SEC);

  /* And every one of them undoes. */
  for (int i = 0; i < 200; i++)
    gtk_widget_activate_action (GTK_WIDGET (view), "body.undo", NULL);
  g_clear_pointer (&html, g_free);
  html = nd_body_view_dup_html (view);
  g_assert_cmpstr (html, ==, expected);
}

/* Renders a window with the toolbar and a body using every style into a PNG, when
 * ND_SCREENSHOT_DIR is set (for looking at it, not an assertion). */
static void
test_screenshot (void)
{
  const char *dir = g_getenv ("ND_SCREENSHOT_DIR");
  g_autoptr(NdBodyView) view = new_view ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (g_getenv ("ND_DARK") != NULL)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);

  gtk_box_append (GTK_BOX (box), nd_body_view_create_toolbar (view));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (view));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 640);
  nd_body_view_set_html (view,
    "<h2>Russia commits to partnership with Latam</h2>"
    "<p>MOSCOW — Foreign Minister <strong>Sergei Lavrov</strong> said on Monday that the "
    "relationship was <em>fruitful</em>, according to a <a href=\"https://example.org\">statement</a>.</p>"
    "<h3>What was agreed</h3>"
    "<ul><li>Trade talks resume in May</li><li>A joint commission, to meet twice a year, with a "
    "mandate long enough to wrap onto a second line of text</li></ul>"
    "<ol><li>First step</li><li>Second step</li><li>Third step</li></ol>"
    "<blockquote><p>We are partners, not rivals.</p></blockquote>"
    "<p>Faría said the visit<br>would continue on Tuesday.</p>");
  gtk_window_present (GTK_WINDOW (window));
  nd_test_spin (500);

  if (dir != NULL)
    {
      paintable = gtk_widget_paintable_new (window);
      width = gdk_paintable_get_intrinsic_width (paintable);
      height = gdk_paintable_get_intrinsic_height (paintable);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
      path = g_build_filename (dir, g_getenv ("ND_DARK") ? "body-view-dark.png" : "body-view.png", NULL);
      g_assert_true (gdk_texture_save_to_png (texture, path));
      g_test_message ("screenshot: %s", path);
    }
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

  g_test_add_func ("/body-view/round-trip", test_round_trip);
  g_test_add_func ("/body-view/typing-bold-italic", test_typing_bold_italic);
  g_test_add_func ("/body-view/links", test_links);
  g_test_add_func ("/body-view/link-dialog", test_link_dialog);
  g_test_add_func ("/body-view/block-actions", test_block_actions);
  g_test_add_func ("/body-view/enter-and-backspace", test_enter_and_backspace);
  g_test_add_func ("/body-view/undo-typing", test_undo_typing);
  g_test_add_func ("/body-view/undo-formatting", test_undo_formatting);
  g_test_add_func ("/body-view/paste-hostile-html", test_paste_hostile_html);
  g_test_add_func ("/body-view/paste-plain-text", test_paste_plain_text);
  g_test_add_func ("/body-view/paste-clipboard", test_paste_clipboard);
  g_test_add_func ("/body-view/word-count", test_word_count);
  g_test_add_func ("/body-view/toolbar", test_toolbar);
  g_test_add_func ("/body-view/large-body", test_large_body);
  g_test_add_func ("/body-view/screenshot", test_screenshot);

  status = g_test_run ();
  nd_rm_rf (home, NULL);
  return status;
}
