/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <gexiv2/gexiv2.h>
#include <glib/gstdio.h>
#include <string.h>

#include "nd-article-store.h"
#include "nd-photo-pane.h"
#include "nd-test-util.h"
#include "nd-util.h"

typedef struct
{
  char           *home;
  NdArticleStore *store;
  GtkWindow      *window;
  NdPhotoPane    *pane;
  GPtrArray      *errors;
} Fixture;

static void
on_error_cb (NdPhotoPane *pane,
             const char  *message,
             Fixture     *f)
{
  g_ptr_array_add (f->errors, g_strdup (message));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->home = nd_test_isolate_home ();
  f->store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
  f->errors = g_ptr_array_new_with_free_func (g_free);
  f->pane = ND_PHOTO_PANE (nd_photo_pane_new ());
  g_signal_connect (f->pane, "error", G_CALLBACK (on_error_cb), f);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 360, 560);
  gtk_widget_set_margin_start (GTK_WIDGET (f->pane), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (f->pane), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (f->pane), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (f->pane), 12);
  gtk_window_set_child (f->window, GTK_WIDGET (f->pane));
  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (f->pane), (gpointer *) &f->pane);
  gtk_window_destroy (f->window);
  while (f->pane != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_finalize_object (f->store);
  g_ptr_array_unref (f->errors);
  nd_rm_rf (f->home, NULL);
  g_free (f->home);
}

/* Widgets are found the way a screen reader (and the e2e tests) find them: by name. */
static GtkWidget *
find_by_label (GtkWidget  *widget,
               const char *label)
{
  g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                 GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                 label);
  /* A visible label names the control after it the same way; the control is wanted. */
  if (mismatch == NULL && !GTK_IS_LABEL (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_label (child, label);

      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
get (Fixture    *f,
     const char *label)
{
  GtkWidget *widget = find_by_label (GTK_WIDGET (f->pane), label);

  if (widget == NULL)
    g_error ("No widget named “%s” in the photo pane", label);
  return widget;
}

static const char *
entry_text (Fixture    *f,
            const char *label)
{
  return gtk_editable_get_text (GTK_EDITABLE (get (f, label)));
}

static GtkPicture *
find_picture (GtkWidget *widget)
{
  if (GTK_IS_PICTURE (widget))
    return GTK_PICTURE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkPicture *found = find_picture (child);

      if (found)
        return found;
    }
  return NULL;
}

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

/* What the user can read in the pane right now. */
static char *
visible_text (Fixture *f)
{
  GString *out = g_string_new (NULL);

  collect_labels (GTK_WIDGET (f->pane), out);
  return g_string_free (out, FALSE);
}

typedef gboolean (*Condition) (Fixture *f);

static gboolean
wait_for (Fixture   *f,
          Condition  condition)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!condition (f))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
has_thumbnail (Fixture *f)
{
  GtkPicture *picture = find_picture (GTK_WIDGET (f->pane));

  return gtk_picture_get_paintable (picture) != NULL && gtk_widget_get_mapped (GTK_WIDGET (picture));
}

static gboolean
is_idle (Fixture *f)
{
  return !nd_photo_pane_get_busy (f->pane);
}

/* An article on disk whose photo (a real image of the given size) is in its folder. */
static NdArticle *
article_with_photo (Fixture *f,
                    int      width,
                    int      height)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *image = NULL;

  nd_article_store_save (f->store, article, &error);
  g_assert_no_error (error);
  dir = nd_article_store_article_dir (f->store, nd_article_get_id (article));
  image = nd_test_write_image (dir, "photo.jpg", width, height, "jpeg");
  g_object_set (nd_article_get_photo (article), "width", width, "height", height, NULL);
  return g_steal_pointer (&article);
}

static NdArticle *
article_without_photo (Fixture *f)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(GError) error = NULL;

  nd_article_set_photo (article, NULL);
  nd_article_store_save (f->store, article, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&article);
}

static void
maybe_screenshot (const char *name)
{
  const char *dir = g_getenv ("ND_TEST_SCREENSHOT_DIR");
  g_autofree char *command = NULL;

  if (dir == NULL)
    return;
  /* Let the last frame reach the screen. */
  for (int i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  command = g_strdup_printf ("import -window root %s/%s.png", dir, name);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

static void
test_shows_photo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(NdArticle) article = article_with_photo (f, 1200, 800);
  g_autofree char *text = NULL;
  GdkPaintable *thumb;

  nd_photo_pane_set_article (f->pane, f->store, article);
  g_assert_true (wait_for (f, has_thumbnail));

  /* Decoded at thumbnail size, not full size. */
  thumb = gtk_picture_get_paintable (find_picture (GTK_WIDGET (f->pane)));
  g_assert_true (GDK_IS_TEXTURE (thumb));
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (thumb)), <, 1200);
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (thumb)), >=, 200);

  g_assert_cmpstr (entry_text (f, "Caption"), ==, "Lavrov en la rueda de prensa “anual”");
  g_assert_cmpstr (entry_text (f, "Credit"), ==, "Twitter/@LaVigesima");
  g_assert_cmpstr (entry_text (f, "Alt text"), ==,
                   "Sergey Lavrov speaking at a lectern in front of flags");
  g_assert_true (gtk_widget_is_sensitive (get (f, "Caption")));
  g_assert_true (gtk_widget_is_sensitive (get (f, "Remove photo")));
  g_assert_true (gtk_widget_is_sensitive (get (f, "Choose photo")));

  text = visible_text (f);
  g_assert_nonnull (strstr (text, "1200 × 800"));
  g_assert_null (strstr (text, "No photo"));

  maybe_screenshot ("photo-pane");
}

static void
test_typing_updates_model (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(NdArticle) article = article_with_photo (f, 640, 480);
  GtkEditable *caption;
  int changed = 0;
  int pos;

  nd_photo_pane_set_article (f->pane, f->store, article);
  g_signal_connect_swapped (article, "changed", G_CALLBACK (g_atomic_int_inc), &changed);
  caption = GTK_EDITABLE (get (f, "Caption"));

  /* What a key press does: insert at the cursor. */
  gtk_editable_set_text (caption, "");
  pos = 0;
  gtk_editable_insert_text (caption, "Faría en Caracas 🎉", -1, &pos);
  g_assert_cmpstr (nd_photo_get_caption (nd_article_get_photo (article)), ==,
                   "Faría en Caracas 🎉");
  g_assert_cmpint (changed, >, 0);

  gtk_editable_set_text (GTK_EDITABLE (get (f, "Alt text")), "A crowd in a square");
  g_assert_cmpstr (nd_photo_get_alt (nd_article_get_photo (article)), ==, "A crowd in a square");

  /* And the other way: the model changes (undo, reload), the field follows. */
  nd_photo_set_credit (nd_article_get_photo (article), "EFE");
  g_assert_cmpstr (entry_text (f, "Credit"), ==, "EFE");
}

/* An agency photo with IPTC caption and credit and an XMP alt text, as gexiv2 writes them. */
static char *
write_agency_photo (Fixture *f)
{
  g_autofree char *path = nd_test_write_image (f->home, "agency.jpg", 640, 480, "jpeg");
  g_autoptr(GExiv2Metadata) meta = gexiv2_metadata_new ();
  g_autoptr(GError) error = NULL;

  gexiv2_initialize ();
  gexiv2_metadata_open_path (meta, path, &error);
  g_assert_no_error (error);
  gexiv2_metadata_try_set_tag_string (meta, "Iptc.Envelope.CharacterSet", "\033%G", &error);
  gexiv2_metadata_try_set_tag_string (meta, "Iptc.Application2.Caption",
                                      "Maduro recibe a Lavrov en Caracas", &error);
  gexiv2_metadata_try_set_tag_string (meta, "Iptc.Application2.Credit", "EFE/Miguel Gutiérrez",
                                      &error);
  g_assert_no_error (error);
  gexiv2_metadata_save_file (meta, path, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
test_attach_prefills (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(NdArticle) article = article_with_photo (f, 1200, 800);
  g_autofree char *agency = write_agency_photo (f);
  g_autoptr(GFile) file = g_file_new_for_path (agency);
  g_autofree char *text = NULL;
  g_autofree char *stored = NULL;
  NdPhoto *photo;

  nd_photo_pane_set_article (f->pane, f->store, article);
  g_assert_true (wait_for (f, has_thumbnail));

  /* The reporter cleared the caption and typed their own credit before choosing a
   * better photo. */
  gtk_editable_set_text (GTK_EDITABLE (get (f, "Caption")), "");
  gtk_editable_set_text (GTK_EDITABLE (get (f, "Credit")), "Twitter/@LaVigesima 📷");

  nd_photo_pane_attach_file (f->pane, file);
  g_assert_true (nd_photo_pane_get_busy (f->pane));
  g_assert_false (gtk_widget_is_sensitive (get (f, "Choose photo")));
  g_assert_true (wait_for (f, is_idle));
  g_assert_cmpuint (f->errors->len, ==, 0);

  photo = nd_article_get_photo (article);
  g_assert_cmpuint (nd_photo_get_width (photo), ==, 640);
  g_assert_cmpuint (nd_photo_get_height (photo), ==, 480);
  g_assert_cmpstr (nd_photo_get_caption (photo), ==, "Maduro recibe a Lavrov en Caracas");
  g_assert_cmpstr (nd_photo_get_credit (photo), ==, "Twitter/@LaVigesima 📷");
  /* Alt text was there already and the file has none: kept. */
  g_assert_cmpstr (nd_photo_get_alt (photo), ==,
                   "Sergey Lavrov speaking at a lectern in front of flags");

  g_assert_cmpstr (entry_text (f, "Caption"), ==, "Maduro recibe a Lavrov en Caracas");
  g_assert_cmpstr (entry_text (f, "Credit"), ==, "Twitter/@LaVigesima 📷");
  g_assert_true (gtk_widget_is_sensitive (get (f, "Choose photo")));

  stored = nd_article_store_photo_path (f->store, article);
  g_assert_true (g_file_test (stored, G_FILE_TEST_IS_REGULAR));
  g_assert_true (wait_for (f, has_thumbnail));
  text = visible_text (f);
  g_assert_nonnull (strstr (text, "640 × 480"));
}

static void
test_attach_to_empty_article (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(NdArticle) article = article_without_photo (f);
  g_autofree char *agency = write_agency_photo (f);
  g_autoptr(GFile) file = g_file_new_for_path (agency);
  g_autofree char *text = NULL;

  nd_photo_pane_set_article (f->pane, f->store, article);
  text = visible_text (f);
  g_assert_nonnull (strstr (text, "No photo"));
  g_assert_false (gtk_widget_is_sensitive (get (f, "Caption")));
  g_assert_false (gtk_widget_is_sensitive (get (f, "Credit")));
  g_assert_false (gtk_widget_is_sensitive (get (f, "Alt text")));
  g_assert_false (gtk_widget_is_sensitive (get (f, "Remove photo")));
  g_assert_true (gtk_widget_is_sensitive (get (f, "Choose photo")));
  maybe_screenshot ("photo-pane-empty");

  nd_photo_pane_attach_file (f->pane, file);
  g_assert_true (wait_for (f, is_idle));
  g_assert_cmpuint (f->errors->len, ==, 0);
  g_assert_true (wait_for (f, has_thumbnail));
  g_assert_cmpstr (entry_text (f, "Caption"), ==, "Maduro recibe a Lavrov en Caracas");
  g_assert_cmpstr (entry_text (f, "Credit"), ==, "EFE/Miguel Gutiérrez");
  g_assert_cmpstr (entry_text (f, "Alt text"), ==, "");
  g_assert_true (gtk_widget_is_sensitive (get (f, "Alt text")));
}

static void
test_attach_not_an_image (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(NdArticle) article = article_with_photo (f, 1200, 800);
  g_autoptr(NdArticle) before = NULL;
  g_autofree char *path = g_build_filename (f->home, "notas de Faría.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "Not a photo.\n", -1, &error);
  g_assert_no_error (error);
  nd_photo_pane_set_article (f->pane, f->store, article);
  before = nd_article_copy (article);

  nd_photo_pane_attach_file (f->pane, file);
  g_assert_true (wait_for (f, is_idle));

  g_assert_cmpuint (f->errors->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (f->errors, 0), "notas de Faría.txt"));
  nd_test_assert_articles_equal (article, before);
  g_assert_cmpstr (entry_text (f, "Caption"), ==, "Lavrov en la rueda de prensa “anual”");
  g_assert_true (gtk_widget_is_sensitive (get (f, "Choose photo")));
}

static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(NdArticle) article = article_with_photo (f, 1200, 800);
  g_autoptr(NdArticle) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = nd_article_store_photo_path (f->store, article);
  g_autofree char *text = NULL;

  nd_photo_pane_set_article (f->pane, f->store, article);
  g_assert_true (wait_for (f, has_thumbnail));

  g_signal_emit_by_name (get (f, "Remove photo"), "clicked");

  g_assert_null (nd_article_get_photo (article));
  g_assert_false (g_file_test (stored, G_FILE_TEST_EXISTS));
  reloaded = nd_article_store_load (f->store, nd_article_get_id (article), &error);
  g_assert_no_error (error);
  g_assert_null (nd_article_get_photo (reloaded));

  g_assert_false (gtk_widget_is_sensitive (get (f, "Caption")));
  g_assert_false (gtk_widget_is_sensitive (get (f, "Credit")));
  g_assert_false (gtk_widget_is_sensitive (get (f, "Alt text")));
  g_assert_false (gtk_widget_is_sensitive (get (f, "Remove photo")));
  g_assert_cmpstr (entry_text (f, "Caption"), ==, "");
  text = visible_text (f);
  g_assert_nonnull (strstr (text, "No photo"));
  g_assert_null (strstr (text, "1200 × 800"));
  g_assert_cmpuint (f->errors->len, ==, 0);
}

static void
count_removed_cb (NdPhotoPane *pane,
                  guint       *count)
{
  (*count)++;
}

static gboolean
has_photo_again (Fixture *f)
{
  NdArticle *article = nd_photo_pane_get_article (f->pane);

  return article && nd_article_get_photo (article) && !nd_photo_pane_get_busy (f->pane);
}

static void
test_remove_undo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(NdArticle) article = article_with_photo (f, 640, 480);
  g_autoptr(NdArticle) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = nd_article_store_photo_path (f->store, article);
  g_autofree char *sum = nd_file_sha256 (stored, NULL);
  guint removed = 0;
  NdPhoto *photo;

  nd_photo_pane_set_article (f->pane, f->store, article);
  g_assert_true (wait_for (f, has_thumbnail));
  g_signal_connect (f->pane, "removed", G_CALLBACK (count_removed_cb), &removed);
  g_assert_false (nd_photo_pane_can_undo_remove (f->pane));

  g_signal_emit_by_name (get (f, "Remove photo"), "clicked");
  g_assert_cmpuint (removed, ==, 1);
  g_assert_null (nd_article_get_photo (article));
  g_assert_false (g_file_test (stored, G_FILE_TEST_EXISTS));
  g_assert_true (nd_photo_pane_can_undo_remove (f->pane));

  /* Undo: the same bytes come back, with the reporter's caption, credit and alt text. */
  nd_photo_pane_undo_remove (f->pane);
  g_assert_true (wait_for (f, has_photo_again));
  photo = nd_article_get_photo (article);
  g_assert_cmpstr (nd_photo_get_sha256 (photo), ==, sum);
  g_assert_cmpstr (nd_photo_get_caption (photo), ==, "Lavrov en la rueda de prensa “anual”");
  g_assert_cmpstr (nd_photo_get_credit (photo), ==, "Twitter/@LaVigesima");
  g_assert_cmpstr (nd_photo_get_alt (photo), ==, "Sergey Lavrov speaking at a lectern in front of flags");
  g_assert_true (wait_for (f, has_thumbnail));
  g_assert_cmpstr (entry_text (f, "Credit"), ==, "Twitter/@LaVigesima");
  g_assert_false (nd_photo_pane_can_undo_remove (f->pane));

  /* And it is on disk, not only in memory. */
  reloaded = nd_article_store_load (f->store, nd_article_get_id (article), &error);
  g_assert_no_error (error);
  g_assert_nonnull (nd_article_get_photo (reloaded));
  g_assert_cmpuint (f->errors->len, ==, 0);
}

static void
test_switch_and_null (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(NdArticle) first = article_with_photo (f, 1200, 800);
  g_autoptr(NdArticle) second = article_without_photo (f);

  nd_photo_pane_set_article (f->pane, f->store, first);
  g_assert_true (wait_for (f, has_thumbnail));

  nd_photo_pane_set_article (f->pane, f->store, second);
  g_assert_cmpstr (entry_text (f, "Caption"), ==, "");
  g_assert_false (gtk_widget_is_sensitive (get (f, "Caption")));

  /* Edits to the first article no longer reach the pane, and the pane's fields no longer
   * write into it. */
  nd_photo_set_caption (nd_article_get_photo (first), "Changed elsewhere");
  g_assert_cmpstr (entry_text (f, "Caption"), ==, "");

  nd_photo_pane_set_article (f->pane, NULL, NULL);
  g_assert_null (nd_photo_pane_get_article (f->pane));
  g_assert_false (gtk_widget_is_sensitive (get (f, "Choose photo")));
  g_assert_false (gtk_widget_is_sensitive (get (f, "Remove photo")));
  g_assert_false (gtk_widget_is_sensitive (get (f, "Caption")));

  nd_photo_pane_set_article (f->pane, f->store, first);
  g_assert_cmpstr (entry_text (f, "Caption"), ==, "Changed elsewhere");
  g_assert_true (wait_for (f, has_thumbnail));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/photo-pane/shows-photo", test_shows_photo);
  ADD ("/photo-pane/typing-updates-model", test_typing_updates_model);
  ADD ("/photo-pane/attach-prefills", test_attach_prefills);
  ADD ("/photo-pane/attach-to-empty-article", test_attach_to_empty_article);
  ADD ("/photo-pane/attach-not-an-image", test_attach_not_an_image);
  ADD ("/photo-pane/remove", test_remove);
  ADD ("/photo-pane/remove-undo", test_remove_undo);
  ADD ("/photo-pane/switch-and-null", test_switch_and_null);
#undef ADD

  return g_test_run ();
}
