/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "nd-article-editor.h"
#include "nd-article-store.h"
#include "nd-body-view.h"
#include "nd-spell-checker.h"
#include "nd-test-util.h"
#include "nd-test-widget.h"

/* ------------------------------------------------------------------------------------ */
/* Helpers                                                                               */
/* ------------------------------------------------------------------------------------ */

static NdBodyView *
new_body (const char *html)
{
  NdBodyView *view = ND_BODY_VIEW (nd_body_view_new ());

  g_object_ref_sink (view);
  nd_body_view_set_html (view, html);
  return view;
}

static NdSpellChecker *
new_checker (const char *language)
{
  NdSpellChecker *checker = nd_spell_checker_new ();

  nd_spell_checker_set_language (checker, language);
  return checker;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until the checker has loaded its dictionary and checked everything
 * (the 150 ms typing pause included). */
static void
wait_checked (NdSpellChecker *checker)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (nd_spell_checker_get_pending (checker))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, until);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

/* The misspelt words of a buffer, as "word@offset" joined by spaces. */
static char *
misspelled (GtkTextBuffer *buffer)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                               "nd-misspelled");
  g_autoptr(GString) out = g_string_new (NULL);
  GtkTextIter iter;

  if (tag == NULL)
    return g_strdup ("");
  gtk_text_buffer_get_start_iter (buffer, &iter);
  if (!gtk_text_iter_starts_tag (&iter, tag))
    gtk_text_iter_forward_to_tag_toggle (&iter, tag);
  while (!gtk_text_iter_is_end (&iter))
    {
      GtkTextIter end = iter;
      g_autofree char *word = NULL;

      gtk_text_iter_forward_to_tag_toggle (&end, tag);
      word = gtk_text_iter_get_slice (&iter, &end);
      g_string_append_printf (out, "%s%s@%d", out->len ? " " : "", word,
                              gtk_text_iter_get_offset (&iter));
      iter = end;
      gtk_text_iter_forward_to_tag_toggle (&iter, tag);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_misspelled(buffer, expected)                                  \
  G_STMT_START {                                                             \
    g_autofree char *_m = misspelled (buffer);                               \
    g_assert_cmpstr (_m, ==, (expected));                                    \
  } G_STMT_END

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* Types like the keyboard does: one interactive insert (= one user action) per char. */
static void
type_text (GtkTextBuffer *buffer,
           const char    *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    gtk_text_buffer_insert_interactive_at_cursor (buffer, p, g_utf8_next_char (p) - p, TRUE);
}

static void
cursor_at (GtkTextBuffer *buffer,
           int            offset)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_buffer_place_cursor (buffer, &iter);
}

static gboolean
strv_has (char       **strv,
          const char  *s)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, s);
}

/* Finds the item labelled label (in any section) of the spelling menu: its action and
 * target, exactly what clicking it would activate. */
static gboolean
find_menu_item (GMenuModel  *menu,
                const char  *label,
                char       **action,
                GVariant   **target)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *l = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (section != NULL && find_menu_item (section, label, action, target))
        return TRUE;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &l)
          && g_str_equal (l, label))
        {
          g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", action);
          *target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                           NULL);
          return TRUE;
        }
    }
  return FALSE;
}

static int
count_menu_items (GMenuModel *menu)
{
  int n = 0;

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      n += section != NULL ? count_menu_items (section) : 1;
    }
  return n;
}

/* Clicks the menu item: activates its action with its target on the widget. */
static void
activate_menu_item (NdSpellChecker *checker,
                    GtkWidget      *widget,
                    int             offset,
                    const char     *label)
{
  GMenuModel *menu = nd_spell_checker_update_menu (checker, widget, offset);
  g_autofree char *action = NULL;
  g_autoptr(GVariant) target = NULL;

  g_assert_true (find_menu_item (menu, label, &action, &target));
  g_assert_nonnull (action);
  g_assert_true (gtk_widget_activate_action_variant (widget, action, target));
}

static void
count_cb (gpointer data)
{
  (*(guint *) data)++;
}

/* ------------------------------------------------------------------------------------ */
/* Tests                                                                                 */
/* ------------------------------------------------------------------------------------ */

/* The issue's "done when": type a misspelt word, see it underlined, replace it from the
 * suggestions, undo. */
static void
test_type_and_replace (void)
{
  g_autoptr(NdBodyView) view = new_body ("");
  g_autoptr(NdSpellChecker) checker = new_checker ("en");
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);
  g_auto(GStrv) suggestions = NULL;
  g_autofree char *html = NULL;
  g_autofree char *text = NULL;
  GMenuModel *menu;
  guint changed = 0;

  nd_spell_checker_attach_text_view (checker, GTK_TEXT_VIEW (view));
  wait_checked (checker);
  g_assert_cmpstr (nd_spell_checker_get_dictionary (checker), ==, "en_US");

  type_text (buffer, "Do you recieve it");
  wait_checked (checker);
  assert_misspelled (buffer, "recieve@7");

  suggestions = nd_spell_checker_suggest (checker, "recieve");
  g_assert_true (strv_has (suggestions, "receive"));
  g_assert_cmpuint (g_strv_length (suggestions), <=, 5);

  /* The right-click menu on the word: suggestions, Add to Dictionary, Ignore. */
  menu = nd_spell_checker_update_menu (checker, GTK_WIDGET (view), 9);
  g_assert_cmpint (count_menu_items (menu), ==, g_strv_length (suggestions) + 2);
  g_assert_true (gtk_text_view_get_extra_menu (GTK_TEXT_VIEW (view)) == menu);

  g_signal_connect_swapped (view, "changed", G_CALLBACK (count_cb), &changed);
  activate_menu_item (checker, GTK_WIDGET (view), 9, "receive");
  g_assert_cmpuint (changed, ==, 1);
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "Do you receive it");
  html = nd_body_view_dup_html (view);
  g_assert_nonnull (strstr (html, "receive"));
  g_assert_null (strstr (html, "recieve"));
  wait_checked (checker);
  assert_misspelled (buffer, "");

  /* One undo step brings the typo back, and it is flagged again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "body.undo", NULL));
  g_clear_pointer (&text, g_free);
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "Do you recieve it");
  cursor_at (buffer, 0);
  wait_checked (checker);
  assert_misspelled (buffer, "recieve@7");

  /* The marks are not edits: checking emitted no "changed". */
  g_assert_cmpuint (changed, ==, 2);

  /* A word on a line that moved is still found. */
  cursor_at (buffer, 0);
  type_text (buffer, "\n");
  cursor_at (buffer, 0);
  wait_checked (checker);
  assert_misspelled (buffer, "recieve@8");
}

/* The marks never reach the HTML, and never enter the undo history. */
static void
test_not_serialized (void)
{
  const char *html = "<p><strong>Teh</strong> cat <em>sat</em> on <a href=\"https://example.org/\">"
                     "teh matt</a>.</p>\n<h2>Anothr heading</h2>";
  g_autoptr(NdBodyView) reference = new_body (html);
  g_autoptr(NdBodyView) view = new_body (html);
  g_autoptr(NdSpellChecker) checker = new_checker ("en");
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);
  g_autofree char *expected = nd_body_view_dup_html (reference);
  g_autofree char *got = NULL;
  guint changed = 0;

  g_signal_connect_swapped (view, "changed", G_CALLBACK (count_cb), &changed);
  nd_spell_checker_attach_text_view (checker, GTK_TEXT_VIEW (view));
  wait_checked (checker);
  assert_misspelled (buffer, "Teh@0 teh@15 matt@19 Anothr@25");

  got = nd_body_view_dup_html (view);
  g_assert_cmpstr (got, ==, expected);
  g_assert_null (strstr (got, "misspell"));
  nd_test_spin (50);
  g_assert_cmpuint (changed, ==, 0);
  /* Nothing to undo: undo changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (view), "body.undo", NULL);
  g_clear_pointer (&got, g_free);
  got = nd_body_view_dup_html (view);
  g_assert_cmpstr (got, ==, expected);

  /* Typing a bold word, then undoing it, leaves no stray marks either. */
  cursor_at (buffer, 3);
  type_text (buffer, " zzblorp");
  cursor_at (buffer, 0);
  wait_checked (checker);
  assert_misspelled (buffer, "Teh@0 zzblorp@4 teh@23 matt@27 Anothr@33");
  gtk_widget_activate_action (GTK_WIDGET (view), "body.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (view), "body.undo", NULL);
  g_clear_pointer (&got, g_free);
  got = nd_body_view_dup_html (view);
  g_assert_cmpstr (got, ==, expected);
  cursor_at (buffer, 0);
  wait_checked (checker);
  assert_misspelled (buffer, "Teh@0 teh@15 matt@19 Anothr@25");
}

static void
test_skipped_words (void)
{
  g_autoptr(NdBodyView) view = new_body ("<p>Visit https://exampel.org/foo or www.exampel.com, "
                                         "mail someone@exampel.org about NASA and UNESCO in 2024, "
                                         "abc123 and 3rd; don’t and don't are fine.</p>");
  g_autoptr(NdSpellChecker) checker = new_checker ("en");
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);

  nd_spell_checker_attach_text_view (checker, GTK_TEXT_VIEW (view));
  wait_checked (checker);
  assert_misspelled (buffer, "");

  g_assert_true (nd_spell_checker_check_word (checker, "NASA"));
  g_assert_true (nd_spell_checker_check_word (checker, "abc123"));
  g_assert_true (nd_spell_checker_check_word (checker, "https://exampel.org"));
  g_assert_false (nd_spell_checker_check_word (checker, "exampel"));
  g_assert_false (nd_spell_checker_check_word (checker, "Exampel"));
}

/* The word being typed is not flagged until the cursor leaves it. */
static void
test_word_at_cursor (void)
{
  g_autoptr(NdBodyView) view = new_body ("");
  g_autoptr(NdSpellChecker) checker = new_checker ("en");
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);

  nd_spell_checker_attach_text_view (checker, GTK_TEXT_VIEW (view));
  wait_checked (checker);

  type_text (buffer, "Teh recieve");
  wait_checked (checker);
  assert_misspelled (buffer, "Teh@0");

  type_text (buffer, " ");
  wait_checked (checker);
  assert_misspelled (buffer, "Teh@0 recieve@4");

  /* Fixing it by typing inside: flagged until fixed, gone when fixed. */
  cursor_at (buffer, 2);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "h", -1, TRUE);
  wait_checked (checker);
  assert_misspelled (buffer, "recieve@5");
  cursor_at (buffer, 0);
  wait_checked (checker);
  assert_misspelled (buffer, "Tehh@0 recieve@5");
}

static void
test_spanish (void)
{
  g_autoptr(NdBodyView) view = new_body ("<p>La canción y la cancion.</p>");
  g_autoptr(NdSpellChecker) checker = new_checker ("es");
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);

  nd_spell_checker_attach_text_view (checker, GTK_TEXT_VIEW (view));
  wait_checked (checker);
  g_assert_cmpstr (nd_spell_checker_get_dictionary (checker), ==, "es_ES");
  g_assert_true (nd_spell_checker_check_word (checker, "canción"));
  g_assert_false (nd_spell_checker_check_word (checker, "cancion"));
  assert_misspelled (buffer, "cancion@16");
}

static void
test_switch_language (void)
{
  g_autoptr(NdBodyView) view = new_body ("<p>The house. La cigüeña vuela.</p>");
  g_autoptr(NdSpellChecker) checker = new_checker ("en-US");
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);
  guint notified = 0;

  g_signal_connect_swapped (checker, "notify::dictionary", G_CALLBACK (count_cb), &notified);
  nd_spell_checker_attach_text_view (checker, GTK_TEXT_VIEW (view));
  wait_checked (checker);
  g_assert_cmpstr (nd_spell_checker_get_dictionary (checker), ==, "en_US");
  assert_misspelled (buffer, "cigüeña@14 vuela@22");

  nd_spell_checker_set_language (checker, "es");
  g_assert_cmpstr (nd_spell_checker_get_language (checker), ==, "es");
  wait_checked (checker);
  g_assert_cmpstr (nd_spell_checker_get_dictionary (checker), ==, "es_ES");
  assert_misspelled (buffer, "The@0 house@4");

  /* Back to a loaded language: at once. */
  nd_spell_checker_set_language (checker, "en-US");
  g_assert_cmpstr (nd_spell_checker_get_dictionary (checker), ==, "en_US");
  wait_checked (checker);
  assert_misspelled (buffer, "cigüeña@14 vuela@22");

  /* No dictionary: checking is off and the marks go. */
  nd_spell_checker_set_language (checker, "zz");
  wait_checked (checker);
  g_assert_null (nd_spell_checker_get_dictionary (checker));
  assert_misspelled (buffer, "");
  g_assert_true (nd_spell_checker_check_word (checker, "recieve"));

  nd_spell_checker_set_language (checker, NULL);
  wait_checked (checker);
  assert_misspelled (buffer, "");
  /* en_US, none while es loads, es_ES, en_US, none. */
  g_assert_cmpuint (notified, ==, 5);
}

static void
test_add_to_dictionary (void)
{
  g_autoptr(NdBodyView) view = new_body ("<p>The zorblatt and the zorblatt again.</p>");
  g_autoptr(NdSpellChecker) checker = new_checker ("en");
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "enchant", "en_US.dic",
                                            NULL);
  g_autofree char *contents = NULL;

  nd_spell_checker_attach_text_view (checker, GTK_TEXT_VIEW (view));
  wait_checked (checker);
  assert_misspelled (buffer, "zorblatt@4 zorblatt@21");

  activate_menu_item (checker, GTK_WIDGET (view), 6, "Add to Dictionary");
  wait_checked (checker);
  assert_misspelled (buffer, "");
  g_assert_true (nd_spell_checker_check_word (checker, "zorblatt"));

  /* In the personal word list under $XDG_CONFIG_HOME, for the next session too. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "zorblatt"));
  {
    g_autoptr(NdSpellChecker) other = new_checker ("en");

    wait_checked (other);
    g_assert_true (nd_spell_checker_check_word (other, "zorblatt"));
  }
}

static void
test_ignore (void)
{
  g_autoptr(NdBodyView) view = new_body ("<p>The quuxbar and the quuxbar again.</p>");
  g_autoptr(NdSpellChecker) checker = new_checker ("en");
  GtkTextBuffer *buffer = nd_body_view_get_buffer (view);
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "enchant", "en_US.dic",
                                            NULL);
  g_autofree char *contents = NULL;

  nd_spell_checker_attach_text_view (checker, GTK_TEXT_VIEW (view));
  wait_checked (checker);
  assert_misspelled (buffer, "quuxbar@4 quuxbar@20");

  activate_menu_item (checker, GTK_WIDGET (view), 20, "Ignore");
  wait_checked (checker);
  assert_misspelled (buffer, "");
  g_assert_true (nd_spell_checker_check_word (checker, "quuxbar"));

  /* For this session only. */
  if (g_file_get_contents (path, &contents, NULL, NULL))
    g_assert_null (strstr (contents, "quuxbar"));
  {
    g_autoptr(NdSpellChecker) other = new_checker ("en");

    wait_checked (other);
    g_assert_false (nd_spell_checker_check_word (other, "quuxbar"));
  }
}

/* A plain GtkTextView (the standfirst) works the same way. */
static void
test_plain_text_view (void)
{
  GtkTextView *view = GTK_TEXT_VIEW (g_object_ref_sink (gtk_text_view_new ()));
  g_autoptr(NdSpellChecker) checker = new_checker ("en");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autofree char *text = NULL;

  gtk_text_buffer_set_text (buffer, "A standfrist with a tpyo", -1);
  nd_spell_checker_attach_text_view (checker, view);
  wait_checked (checker);
  assert_misspelled (buffer, "standfrist@2 tpyo@20");

  activate_menu_item (checker, GTK_WIDGET (view), 20, "typo");
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "A standfrist with a typo");
  wait_checked (checker);
  assert_misspelled (buffer, "standfrist@2");

  g_clear_object (&checker);
  /* Detached: marks and menu are gone. */
  assert_misspelled (buffer, "");
  g_assert_null (gtk_text_view_get_extra_menu (view));
  g_object_unref (view);
}

static gboolean
entry_has_error_at (GtkEntry *entry,
                    int       start,
                    int       end)
{
  PangoAttrList *attrs = gtk_entry_get_attributes (entry);
  g_autoptr(GSList) list = NULL;
  gboolean found = FALSE;

  if (attrs == NULL)
    return FALSE;
  list = pango_attr_list_get_attributes (attrs);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_UNDERLINE
          && ((PangoAttrInt *) attr)->value == PANGO_UNDERLINE_ERROR
          && (int) attr->start_index == start && (int) attr->end_index == end)
        found = TRUE;
    }
  g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);
  return found;
}

static guint
entry_error_count (GtkEntry *entry)
{
  PangoAttrList *attrs = gtk_entry_get_attributes (entry);
  GSList *list;
  guint n = 0;

  if (attrs == NULL)
    return 0;
  list = pango_attr_list_get_attributes (attrs);
  for (GSList *l = list; l != NULL; l = l->next)
    if (((PangoAttribute *) l->data)->klass->type == PANGO_ATTR_UNDERLINE)
      n++;
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  return n;
}

static void
test_entry (void)
{
  GtkEntry *entry = GTK_ENTRY (g_object_ref_sink (gtk_entry_new ()));
  g_autoptr(NdSpellChecker) checker = new_checker ("en");

  /* Bytes: "Ñandú NASA " is 13 bytes, so "recieve" is [13, 20). */
  gtk_editable_set_text (GTK_EDITABLE (entry), "Ñandú NASA recieve headline");
  nd_spell_checker_attach_entry (checker, entry);
  wait_checked (checker);
  g_assert_true (entry_has_error_at (entry, 13, 20));
  g_assert_cmpuint (entry_error_count (entry), ==, 2); /* Ñandú is not English either */

  activate_menu_item (checker, GTK_WIDGET (entry), 13, "receive");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Ñandú NASA receive headline");
  wait_checked (checker);
  g_assert_cmpuint (entry_error_count (entry), ==, 1);
  g_assert_true (entry_has_error_at (entry, 0, 7));

  gtk_editable_set_text (GTK_EDITABLE (entry), "All good here");
  wait_checked (checker);
  g_assert_cmpuint (entry_error_count (entry), ==, 0);

  nd_spell_checker_set_language (checker, "es");
  gtk_editable_set_text (GTK_EDITABLE (entry), "Ñandú canción cancion");
  wait_checked (checker);
  g_assert_cmpuint (entry_error_count (entry), ==, 1);
  g_assert_true (entry_has_error_at (entry, 17, 24));

  g_clear_object (&checker);
  g_assert_cmpuint (entry_error_count (entry), ==, 0);
  g_object_unref (entry);
}

/* A 20,000-word body is checked in short chunks: typing never waits. */
static void
test_long_body (void)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(NdBodyView) view = NULL;
  g_autoptr(NdSpellChecker) checker = new_checker ("en");
  GtkTextBuffer *buffer;
  gint64 t0, longest = 0, total = 0;
  guint turns = 0;
  guint wake;
  g_autofree char *marks = NULL;

  for (guint p = 0; p < 400; p++)
    {
      g_string_append (html, "<p>");
      for (guint w = 0; w < 50; w++)
        g_string_append (html, w == 25 && p % 10 == 0 ? "recieve " : "story ");
      g_string_append (html, "</p>");
    }
  /* And one enormous paragraph. */
  g_string_append (html, "<p>");
  for (guint w = 0; w < 5000; w++)
    g_string_append (html, w == 4990 ? "lastt " : "words ");
  g_string_append (html, "</p>");

  view = new_body (html->str);
  buffer = nd_body_view_get_buffer (view);
  g_assert_cmpuint (nd_body_view_get_word_count (view), ==, 25000);

  /* The dictionary first, so only the checking is measured. */
  wait_checked (checker);
  t0 = g_get_monotonic_time ();
  nd_spell_checker_attach_text_view (checker, GTK_TEXT_VIEW (view));
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 50000);

  wake = g_timeout_add (1, wake_cb, NULL);
  while (nd_spell_checker_get_pending (checker))
    {
      gint64 t = g_get_monotonic_time ();
      gint64 dt;

      g_main_context_iteration (NULL, TRUE);
      dt = g_get_monotonic_time () - t;
      longest = MAX (longest, dt);
      total += dt;
      turns++;
      g_assert_cmpuint (turns, <, 100000);
    }
  g_source_remove (wake);
  g_test_message ("checked 25,000 words in %u turns, %.1f ms in all, longest turn %.2f ms",
                  turns, total / 1000., longest / 1000.);
  g_assert_cmpint (longest, <, 50000);
  g_assert_cmpuint (turns, >, 2);

  marks = misspelled (buffer);
  {
    g_auto(GStrv) words = g_strsplit (marks, " ", -1);

    g_assert_cmpuint (g_strv_length (words), ==, 41);
    for (guint i = 0; i < 40; i++)
      g_assert_true (g_str_has_prefix (words[i], "recieve@"));
    g_assert_true (g_str_has_prefix (words[40], "lastt@"));
  }

  /* A keystroke in the long body costs no checking. */
  cursor_at (buffer, 100);
  t0 = g_get_monotonic_time ();
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "x", -1, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 50000);
  g_assert_true (nd_spell_checker_get_pending (checker));
  wait_checked (checker);
}

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *text)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type)
      && (text == NULL || g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (root)), text) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Waits (up to 10 s) until the body shows exactly the expected marks. */
static void
wait_misspelled (GtkTextBuffer *buffer,
                 const char    *expected)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autofree char *marks = misspelled (buffer);

  while (g_strcmp0 (marks, expected) != 0 && g_get_monotonic_time () < until)
    {
      nd_test_spin (20);
      g_free (marks);
      marks = misspelled (buffer);
    }
  g_assert_cmpstr (marks, ==, expected);
}

/* The editor checks its body and headline in the article's language, and follows it. */
static void
test_editor (void)
{
  g_autoptr(NdArticleStore) store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
  g_autoptr(NdArticle) article = nd_article_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *editor = nd_article_editor_new (store);
  GtkWidget *body, *headline;
  GtkTextBuffer *buffer;

  g_object_set (article, "language", "es", "headline", "Una cancion", NULL);
  nd_article_set_body_html (article, "<p>Una cancion nueva.</p>");
  g_assert_true (nd_article_store_save (store, article, &error));
  gtk_window_set_child (GTK_WINDOW (window), editor);
  gtk_window_present (GTK_WINDOW (window));
  nd_article_editor_set_article (ND_ARTICLE_EDITOR (editor), article);

  body = find_widget (editor, ND_TYPE_BODY_VIEW, NULL);
  headline = find_widget (editor, GTK_TYPE_ENTRY, "Una cancion");
  g_assert_nonnull (body);
  g_assert_nonnull (headline);
  buffer = nd_body_view_get_buffer (ND_BODY_VIEW (body));
  wait_misspelled (buffer, "cancion@4");
  g_assert_cmpuint (entry_error_count (GTK_ENTRY (headline)), ==, 1);
  g_assert_true (entry_has_error_at (GTK_ENTRY (headline), 4, 11));

  nd_article_set_language (article, "en");
  wait_misspelled (buffer, "cancion@4 nueva@12");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  int status;

  /* Before GTK: GLib caches the config dir, where enchant keeps the personal word list. */
  home = nd_test_isolate_home ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/spell-checker/type-and-replace", test_type_and_replace);
  g_test_add_func ("/spell-checker/not-serialized", test_not_serialized);
  g_test_add_func ("/spell-checker/skipped-words", test_skipped_words);
  g_test_add_func ("/spell-checker/word-at-cursor", test_word_at_cursor);
  g_test_add_func ("/spell-checker/spanish", test_spanish);
  g_test_add_func ("/spell-checker/switch-language", test_switch_language);
  g_test_add_func ("/spell-checker/add-to-dictionary", test_add_to_dictionary);
  g_test_add_func ("/spell-checker/ignore", test_ignore);
  g_test_add_func ("/spell-checker/plain-text-view", test_plain_text_view);
  g_test_add_func ("/spell-checker/entry", test_entry);
  g_test_add_func ("/spell-checker/long-body", test_long_body);
  g_test_add_func ("/spell-checker/editor", test_editor);

  status = g_test_run ();
  g_assert_true (g_str_has_prefix (home, g_get_tmp_dir ()));
  return status;
}
