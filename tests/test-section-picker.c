/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-section-picker"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "nd-section-picker.h"
#include "nd-test-util.h"

typedef struct
{
  GtkWindow       *window;
  NdSectionPicker *picker;
  NdArticle       *article;
  GtkMenuButton   *button;
  GtkPopover      *popover;
  GtkSearchEntry  *search;
  GtkListBox      *list;
} Fixture;

static const char *sections[] = {
  "News > Russia", "News > Latin America > Venezuela", "Sport", "News > Europe", "Opinion", NULL
};

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

static gpointer
find_one (GtkWidget *root,
          GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, type, found);
  g_assert_cmpuint (found->len, >=, 1);
  return found->pdata[0];
}

static void
iterate (void)
{
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* The text on the button, as the user reads it. */
static const char *
button_text (Fixture *f)
{
  return gtk_menu_button_get_label (f->button);
}

/* Visible rows' texts, indented by two spaces per level, joined with "|". */
static char *
visible_rows (Fixture *f)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (f->list)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      GtkWidget *child = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

      if (!gtk_widget_get_visible (row))
        continue;
      collect (row, GTK_TYPE_LABEL, labels);
      if (out->len)
        g_string_append_c (out, '|');
      for (int i = 0; i < gtk_widget_get_margin_start (child) / 18; i++)
        g_string_append (out, "  ");
      g_string_append (out, gtk_label_get_text (labels->pdata[0]));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GtkListBoxRow *
row_with_text (Fixture    *f,
               const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (GTK_WIDGET (f->list), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_str_equal (gtk_label_get_text (labels->pdata[i]), text))
      return GTK_LIST_BOX_ROW (gtk_widget_get_ancestor (labels->pdata[i], GTK_TYPE_LIST_BOX_ROW));
  return NULL;
}

static void
open_popover (Fixture *f)
{
  gtk_menu_button_popup (f->button);
  iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->popover)));
}

static void
search (Fixture    *f,
        const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (f->search), text);
  /* search-changed is delayed by GtkSearchEntry; wait for it. */
  for (guint i = 0; i < 100; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 400, 300);
  f->picker = ND_SECTION_PICKER (nd_section_picker_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->picker));
  f->article = nd_article_new ();
  nd_section_picker_set_sections (f->picker, sections);
  nd_section_picker_set_article (f->picker, f->article);
  gtk_window_present (f->window);
  iterate ();

  f->button = find_one (GTK_WIDGET (f->picker), GTK_TYPE_MENU_BUTTON);
  f->popover = GTK_POPOVER (gtk_menu_button_get_popover (f->button));
  f->search = find_one (GTK_WIDGET (f->popover), GTK_TYPE_SEARCH_ENTRY);
  f->list = find_one (GTK_WIDGET (f->popover), GTK_TYPE_LIST_BOX);
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
test_tree (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *rows = NULL;

  g_assert_cmpstr (button_text (f), ==, "Choose section");
  open_popover (f);
  rows = visible_rows (f);
  /* Parents implied by the paths are there, children indented under them. */
  g_assert_cmpstr (rows, ==,
                   "No section|News|  Russia|  Latin America|    Venezuela|  Europe|Sport|Opinion");
}

static void
test_choose (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *parent = NULL;

  open_popover (f);
  g_signal_emit_by_name (f->list, "row-activated", row_with_text (f, "Russia"));
  iterate ();

  path = nd_article_dup_section_path (f->article);
  g_assert_cmpstr (path, ==, "News > Russia");
  g_assert_cmpstr (button_text (f), ==, "News › Russia");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->popover)));

  /* A parent is a section of its own. */
  open_popover (f);
  g_signal_emit_by_name (f->list, "row-activated", row_with_text (f, "News"));
  parent = nd_article_dup_section_path (f->article);
  g_assert_cmpstr (parent, ==, "News");
  g_assert_cmpstr (button_text (f), ==, "News");
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *rus = NULL;
  g_autofree char *ven = NULL;
  g_autofree char *news = NULL;
  g_autofree char *none = NULL;
  g_autofree char *path = NULL;

  open_popover (f);
  search (f, "rus");
  rus = visible_rows (f);
  g_assert_cmpstr (rus, ==, "News|  Russia|Use new section “rus”");

  search (f, "VENEZ");
  ven = visible_rows (f);
  g_assert_cmpstr (ven, ==, "News|  Latin America|    Venezuela|Use new section “VENEZ”");

  /* "By any level": a parent's name finds its whole branch. */
  search (f, "latin");
  news = visible_rows (f);
  g_assert_cmpstr (news, ==, "News|  Latin America|    Venezuela|Use new section “latin”");

  search (f, "zzz");
  none = visible_rows (f);
  g_assert_cmpstr (none, ==, "Use new section “zzz”");

  /* Enter takes the first match. */
  search (f, "rus");
  g_signal_emit_by_name (f->search, "activate");
  path = nd_article_dup_section_path (f->article);
  g_assert_cmpstr (path, ==, "News > Russia");
}

static void
test_new_path (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *exact = NULL;
  g_autofree char *rows = NULL;

  open_popover (f);
  search (f, "News >  Venezuela ");
  g_signal_emit_by_name (f->search, "activate");
  iterate ();
  path = nd_article_dup_section_path (f->article);
  g_assert_cmpstr (path, ==, "News > Venezuela");
  g_assert_cmpstr (button_text (f), ==, "News › Venezuela");

  /* The new section is now in the tree, marked as the current one. */
  open_popover (f);
  rows = visible_rows (f);
  g_assert_cmpstr (rows, ==,
                   "No section|News|  Russia|  Latin America|    Venezuela|  Europe|  Venezuela|Sport|Opinion");

  /* An exact match in other case keeps the known spelling. */
  search (f, "news > europe");
  g_signal_emit_by_name (f->search, "activate");
  exact = nd_article_dup_section_path (f->article);
  g_assert_cmpstr (exact, ==, "News > Europe");
}

static void
test_clear (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = NULL;

  nd_article_set_section_path (f->article, "Sport");
  g_assert_cmpstr (button_text (f), ==, "Sport");
  open_popover (f);
  g_signal_emit_by_name (f->list, "row-activated", row_with_text (f, "No section"));
  path = nd_article_dup_section_path (f->article);
  g_assert_cmpstr (path, ==, "");
  g_assert_cmpstr (button_text (f), ==, "Choose section");
}

static void
test_switch_article (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(NdArticle) other = nd_test_article_complete ();
  g_auto(GStrv) levels = g_strdupv ((char **) nd_article_get_section (other));
  g_autofree char *expected = g_strjoinv (" › ", levels);

  g_assert_nonnull (levels[0]);
  nd_section_picker_set_article (f->picker, other);
  g_assert_cmpstr (button_text (f), ==, expected);

  /* The old article no longer drives the label. */
  nd_article_set_section_path (f->article, "Opinion");
  g_assert_cmpstr (button_text (f), ==, expected);

  nd_section_picker_set_article (f->picker, NULL);
  g_assert_cmpstr (button_text (f), ==, "Choose section");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (f->button)));
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
  ADD ("/section-picker/tree", test_tree);
  ADD ("/section-picker/choose", test_choose);
  ADD ("/section-picker/filter", test_filter);
  ADD ("/section-picker/new-path", test_new_path);
  ADD ("/section-picker/clear", test_clear);
  ADD ("/section-picker/switch-article", test_switch_article);
#undef ADD

  return g_test_run ();
}
