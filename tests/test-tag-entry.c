/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-tag-entry"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "nd-tag-entry.h"
#include "nd-test-util.h"

typedef struct
{
  GtkWindow  *window;
  NdTagEntry *tags;
  NdArticle  *article;
  GtkEntry   *entry;
} Fixture;

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (out, child);
      collect (child, type, out);
    }
}

/* The chip texts the user sees, joined with "|". */
static char *
chip_texts (Fixture *f)
{
  g_autoptr(GPtrArray) boxes = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);

  collect (GTK_WIDGET (f->tags), GTK_TYPE_FLOW_BOX_CHILD, boxes);
  for (guint i = 0; i < boxes->len; i++)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      if (!gtk_widget_get_visible (gtk_widget_get_parent (boxes->pdata[i])))
        continue;
      collect (boxes->pdata[i], GTK_TYPE_LABEL, labels);
      g_assert_cmpuint (labels->len, >=, 1);
      if (out->len)
        g_string_append_c (out, '|');
      g_string_append (out, gtk_label_get_text (labels->pdata[0]));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
model_tags (Fixture *f)
{
  return g_strjoinv ("|", (char **) nd_article_get_tags (f->article));
}

static GtkWidget *
find_button (Fixture    *f,
             const char *tooltip)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (f->tags), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (buttons->pdata[i]), tooltip) == 0)
      return buttons->pdata[i];
  return NULL;
}

static gboolean
press_key (Fixture *f,
           guint    keyval)
{
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->entry));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "nd-tag-entry-keys") == 0)
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  g_object_unref (controllers);
  return handled;
}

static void
type_text (Fixture    *f,
           const char *text)
{
  int pos = -1;

  pos = g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (f->entry)), -1);
  gtk_editable_insert_text (GTK_EDITABLE (f->entry), text, -1, &pos);
}

static void
iterate (void)
{
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  f->window = GTK_WINDOW (gtk_window_new ());
  f->tags = ND_TAG_ENTRY (nd_tag_entry_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->tags));
  gtk_window_set_default_size (f->window, 400, 200);
  f->article = nd_article_new ();
  nd_tag_entry_set_article (f->tags, f->article);
  gtk_window_present (f->window);

  collect (GTK_WIDGET (f->tags), GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 1);
  f->entry = entries->pdata[0];
  iterate ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  iterate ();
  g_assert_finalize_object (f->article);
}

static void
test_enter_adds (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *chips = NULL;
  g_autofree char *model = NULL;

  g_assert_cmpstr (gtk_entry_get_placeholder_text (f->entry), !=, NULL);
  gtk_editable_set_text (GTK_EDITABLE (f->entry), "  Russia ");
  g_signal_emit_by_name (f->entry, "activate");

  model = model_tags (f);
  chips = chip_texts (f);
  g_assert_cmpstr (model, ==, "Russia");
  g_assert_cmpstr (chips, ==, "Russia");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->entry)), ==, "");

  /* Empty input is ignored. */
  gtk_editable_set_text (GTK_EDITABLE (f->entry), "   ");
  g_signal_emit_by_name (f->entry, "activate");
  g_assert_cmpuint (g_strv_length ((char **) nd_article_get_tags (f->article)), ==, 1);
}

static void
test_duplicate_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *model = NULL;
  gboolean hint_shown = FALSE;

  nd_article_add_tag (f->article, "Russia");
  gtk_editable_set_text (GTK_EDITABLE (f->entry), "russia");
  g_signal_emit_by_name (f->entry, "activate");

  model = model_tags (f);
  g_assert_cmpstr (model, ==, "Russia");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->entry), "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->entry)), "Already tagged"));
  /* The refused text stays, so it can be corrected. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->entry)), ==, "russia");

  collect (GTK_WIDGET (f->tags), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i]) &&
        strstr (gtk_label_get_text (labels->pdata[i]), "Already tagged"))
      hint_shown = TRUE;
  g_assert_true (hint_shown);

  /* Typing again clears the hint. */
  type_text (f, "n");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->entry), "error"));
}

static void
test_comma_adds (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *model = NULL;

  type_text (f, "V");
  type_text (f, "enezuela");
  g_assert_cmpuint (g_strv_length ((char **) nd_article_get_tags (f->article)), ==, 0);
  type_text (f, ",");
  model = model_tags (f);
  g_assert_cmpstr (model, ==, "Venezuela");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->entry)), ==, "");
}

static void
test_backspace_removes_last (Fixture       *f,
                             gconstpointer  data)
{
  const char *tags[] = { "Russia", "Venezuela", "Latam", NULL };
  g_autofree char *model = NULL;
  g_autofree char *chips = NULL;

  nd_article_set_tags (f->article, tags);

  /* Not while there is text: then Backspace edits the text. */
  gtk_editable_set_text (GTK_EDITABLE (f->entry), "x");
  g_assert_false (press_key (f, GDK_KEY_BackSpace));
  g_assert_cmpuint (g_strv_length ((char **) nd_article_get_tags (f->article)), ==, 3);

  gtk_editable_set_text (GTK_EDITABLE (f->entry), "");
  g_assert_true (press_key (f, GDK_KEY_BackSpace));
  model = model_tags (f);
  chips = chip_texts (f);
  g_assert_cmpstr (model, ==, "Russia|Venezuela");
  g_assert_cmpstr (chips, ==, "Russia|Venezuela");
}

static void
test_paste_list (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *model = NULL;
  g_autofree char *chips = NULL;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->entry));
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (f->entry));
  gint64 deadline;

  nd_article_add_tag (f->article, "b");
  gdk_clipboard_set_text (clipboard, "a, B ,c,,  ");
  gtk_widget_grab_focus (GTK_WIDGET (f->entry));
  g_signal_emit_by_name (text, "paste-clipboard");

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_strv_length ((char **) nd_article_get_tags (f->article)) < 3 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  model = model_tags (f);
  chips = chip_texts (f);
  g_assert_cmpstr (model, ==, "b|a|c");
  g_assert_cmpstr (chips, ==, "b|a|c");
  /* "B" was a duplicate: it is reported. */
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->entry), "error"));
}

static GPtrArray *
suggestion_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();
  GtkWidget *popover = NULL;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (f->tags)); c; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_POPOVER (c))
      popover = c;
  g_assert_nonnull (popover);
  if (gtk_widget_get_visible (popover))
    collect (popover, GTK_TYPE_LIST_BOX_ROW, rows);
  return rows;
}

static char *
row_text (GtkWidget *row)
{
  return g_strdup (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)))));
}

static void
test_suggestions (Fixture       *f,
                  gconstpointer  data)
{
  const char *known[] = { "Russia", "Rusal", "Venezuela", "rugby", "Latam", NULL };
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *model = NULL;

  nd_tag_entry_set_suggestions (f->tags, known);
  nd_article_add_tag (f->article, "Russia");

  type_text (f, "RU");
  iterate ();
  rows = suggestion_rows (f);
  g_assert_cmpuint (rows->len, ==, 2);
  first = row_text (rows->pdata[0]);
  second = row_text (rows->pdata[1]);
  g_assert_cmpstr (first, ==, "Rusal");
  g_assert_cmpstr (second, ==, "rugby");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Down, Down, Enter picks the second one, in its known spelling. */
  g_assert_true (press_key (f, GDK_KEY_Down));
  g_assert_true (press_key (f, GDK_KEY_Down));
  g_assert_true (press_key (f, GDK_KEY_Return));
  model = model_tags (f);
  g_assert_cmpstr (model, ==, "Russia|rugby");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->entry)), ==, "");
  rows = suggestion_rows (f);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* No match: no popover; Escape closes it. */
  type_text (f, "zz");
  rows = suggestion_rows (f);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  gtk_editable_set_text (GTK_EDITABLE (f->entry), "la");
  rows = suggestion_rows (f);
  g_assert_cmpuint (rows->len, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_true (press_key (f, GDK_KEY_Escape));
  rows = suggestion_rows (f);
  g_assert_cmpuint (rows->len, ==, 0);
}

static void
test_remove_button (Fixture       *f,
                    gconstpointer  data)
{
  const char *tags[] = { "Russia", "Venezuela", NULL };
  g_autofree char *model = NULL;
  g_autofree char *chips = NULL;
  GtkWidget *button;

  nd_article_set_tags (f->article, tags);
  button = find_button (f, "Remove tag Venezuela");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");

  model = model_tags (f);
  chips = chip_texts (f);
  g_assert_cmpstr (model, ==, "Russia");
  g_assert_cmpstr (chips, ==, "Russia");
  g_assert_null (find_button (f, "Remove tag Venezuela"));
}

static void
test_switch_article (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(NdArticle) other = nd_test_article_complete ();
  const char *tags[] = { "One", "Two", NULL };
  g_autofree char *expected = g_strjoinv ("|", (char **) nd_article_get_tags (other));
  g_autofree char *chips = NULL;
  g_autofree char *chips2 = NULL;
  g_autofree char *chips3 = NULL;
  g_autofree char *old_model = NULL;

  nd_article_add_tag (f->article, "Old");
  g_assert_cmpuint (g_strv_length ((char **) nd_article_get_tags (other)), >, 0);

  nd_tag_entry_set_article (f->tags, other);
  chips = chip_texts (f);
  g_assert_cmpstr (chips, ==, expected);

  /* The old article is no longer followed or edited. */
  nd_article_set_tags (f->article, tags);
  chips2 = chip_texts (f);
  g_assert_cmpstr (chips2, ==, expected);
  gtk_editable_set_text (GTK_EDITABLE (f->entry), "Fresh");
  g_signal_emit_by_name (f->entry, "activate");
  old_model = model_tags (f);
  g_assert_cmpstr (old_model, ==, "One|Two");

  /* Changes from elsewhere show up. */
  nd_article_set_tags (other, tags);
  chips3 = chip_texts (f);
  g_assert_cmpstr (chips3, ==, "One|Two");

  nd_tag_entry_set_article (f->tags, NULL);
  g_clear_pointer (&chips, g_free);
  chips = chip_texts (f);
  g_assert_cmpstr (chips, ==, "");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (f->entry)));
  g_assert_false (press_key (f, GDK_KEY_BackSpace));
}

static void
test_keyboard_reaches_chips (Fixture       *f,
                             gconstpointer  data)
{
  const char *tags[] = { "Russia", "Venezuela", NULL };
  gboolean entry_reached = FALSE;
  gboolean handled = FALSE;
  g_autofree char *model = NULL;
  GListModel *controllers;
  GtkWidget *focus, *chip;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *before = gtk_button_new_with_label ("Before");

  /* A window with something to tab from, as in the editor. */
  g_object_ref (f->tags);
  gtk_window_set_child (f->window, box);
  gtk_box_append (GTK_BOX (box), before);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->tags));
  g_object_unref (f->tags);

  nd_article_set_tags (f->article, tags);
  /* Focus only moves to mapped widgets: on a loaded machine the chips take a few frames. */
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    iterate ();
    while ((!gtk_widget_get_mapped (GTK_WIDGET (f->tags)) ||
            gtk_widget_get_width (GTK_WIDGET (f->tags)) == 0) &&
           g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    iterate ();
  }
  g_assert_true (gtk_widget_grab_focus (before));

  /* Tab: one stop on the chips (the first one), then the entry. */
  gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (GTK_IS_FLOW_BOX_CHILD (focus));
  chip = focus;
  g_assert_cmpstr (g_object_get_data (G_OBJECT (chip), "tag"), ==, "Russia");
  gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD);
  entry_reached = gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_WIDGET (f->entry));
  g_assert_true (entry_reached);
  /* Shift+Tab goes back to the chips. */
  gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_BACKWARD);
  g_assert_true (GTK_IS_FLOW_BOX_CHILD (gtk_root_get_focus (GTK_ROOT (f->window))));

  /* Delete on a focused chip removes it; the keyboard stays on the chips. */
  controllers = gtk_widget_observe_controllers (chip);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "nd-tag-chip-keys") == 0)
        g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Delete, 0, 0, &handled);
    }
  g_object_unref (controllers);
  g_assert_true (handled);
  model = model_tags (f);
  g_assert_cmpstr (model, ==, "Venezuela");
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (GTK_IS_FLOW_BOX_CHILD (focus));
  g_assert_cmpstr (g_object_get_data (G_OBJECT (focus), "tag"), ==, "Venezuela");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;

  home = nd_test_isolate_home ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/tag-entry/enter-adds", test_enter_adds);
  ADD ("/tag-entry/duplicate-refused", test_duplicate_refused);
  ADD ("/tag-entry/comma-adds", test_comma_adds);
  ADD ("/tag-entry/backspace-removes-last", test_backspace_removes_last);
  ADD ("/tag-entry/paste-list", test_paste_list);
  ADD ("/tag-entry/suggestions", test_suggestions);
  ADD ("/tag-entry/remove-button", test_remove_button);
  ADD ("/tag-entry/switch-article", test_switch_article);
  ADD ("/tag-entry/keyboard-reaches-chips", test_keyboard_reaches_chips);
#undef ADD

  return g_test_run ();
}
