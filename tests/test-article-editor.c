/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "nd-article-editor.h"
#include "nd-article-store.h"
#include "nd-body-view.h"
#include "nd-checklist.h"
#include "nd-test-util.h"
#include "nd-test-widget.h"
#include "nd-util.h"

typedef struct
{
  NdArticleStore *store;
  const char     *id;
  const char     *headline;
} DiskCheck;

static gboolean
disk_has_headline (gpointer data)
{
  DiskCheck *check = data;
  g_autoptr(NdArticle) on_disk = nd_article_store_load (check->store, check->id, NULL);

  return on_disk && g_strcmp0 (nd_article_get_headline (on_disk), check->headline) == 0;
}

static gboolean
not_dirty (gpointer data)
{
  return !nd_article_editor_get_dirty (data);
}

static void
test_fields_and_autosave (void)
{
  g_autoptr(NdArticleStore) store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *editor = nd_article_editor_new (store);
  GtkWidget *headline, *byline, *dateline;
  DiskCheck check = { store, NULL, NULL };

  nd_article_set_photo (article, NULL);
  g_assert_true (nd_article_store_save (store, article, &error));
  gtk_window_set_child (GTK_WINDOW (window), editor);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  nd_article_editor_set_article (ND_ARTICLE_EDITOR (editor), article);
  nd_test_spin (100);

  headline = nd_test_find_by_label (editor, "Headline");
  byline = nd_test_find_by_label (editor, "Byline");
  dateline = nd_test_find_by_label (editor, "Dateline");
  g_assert_nonnull (headline);
  g_assert_nonnull (byline);
  g_assert_nonnull (dateline);
  g_assert_nonnull (nd_test_find_by_label (editor, "Standfirst"));
  g_assert_nonnull (nd_test_find_by_label (editor, "Body"));
  g_assert_nonnull (nd_test_find_by_label (editor, "Section"));
  g_assert_nonnull (nd_test_find_by_label (editor, "Tags"));
  g_assert_nonnull (nd_test_find_by_label (editor, "Caption"));
  g_assert_nonnull (nd_test_find_by_label (editor, "Credit"));
  g_assert_nonnull (nd_test_find_by_label (editor, "Alt text"));
  g_assert_nonnull (nd_test_find_by_label (editor, "Add link"));
  g_assert_nonnull (nd_test_find_by_label (editor, "Choose photo"));

  /* The fields show the article. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (headline)), ==,
                   "Russia Commits To Fruitful Partnership With Latam - Lavrov");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (byline)), ==, "María José Faría");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dateline)), ==, "Moscú");

  /* Typing goes to the model at once and to disk after the autosave delay (2 s). */
  gtk_editable_set_text (GTK_EDITABLE (headline), "Lavrov: “a partnership” — ñ");
  g_assert_cmpstr (nd_article_get_headline (article), ==, "Lavrov: “a partnership” — ñ");
  g_assert_true (nd_article_editor_get_dirty (ND_ARTICLE_EDITOR (editor)));
  check.id = nd_article_get_id (article);
  check.headline = "Lavrov: “a partnership” — ñ";
  g_assert_false (disk_has_headline (&check));
  nd_test_wait_until (disk_has_headline, &check, "the new headline on disk");
  nd_test_wait_until (not_dirty, editor, "the editor to save");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_body_autosave_and_switch (void)
{
  g_autoptr(NdArticleStore) store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
  g_autoptr(NdArticle) first = nd_test_article_complete ();
  g_autoptr(NdArticle) second = nd_article_new ();
  g_autoptr(NdArticle) on_disk = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *editor = nd_article_editor_new (store);
  NdBodyView *body;
  GtkTextBuffer *buffer;
  GtkTextIter end;

  nd_article_set_photo (first, NULL);
  g_assert_true (nd_article_store_save (store, first, &error));
  g_assert_true (nd_article_store_save (store, second, &error));
  gtk_window_set_child (GTK_WINDOW (window), editor);
  gtk_window_present (GTK_WINDOW (window));
  nd_article_editor_set_article (ND_ARTICLE_EDITOR (editor), first);
  nd_test_spin (50);

  body = ND_BODY_VIEW (nd_test_find_by_label (editor, "Body"));
  if (!ND_IS_BODY_VIEW (body))
    body = ND_BODY_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (body), ND_TYPE_BODY_VIEW));
  g_assert_true (ND_IS_BODY_VIEW (body));
  buffer = nd_body_view_get_buffer (body);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert_interactive (buffer, &end, " Typed last.", -1, TRUE);

  /* Switching articles right away must not lose the typing. */
  nd_article_editor_set_article (ND_ARTICLE_EDITOR (editor), second);
  nd_test_wait_until (not_dirty, editor, "the editor to save");
  nd_test_spin (100);
  on_disk = nd_article_store_load (store, nd_article_get_id (first), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (nd_article_get_body_html (on_disk), "Typed last."));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_checklist_live (void)
{
  g_autoptr(NdArticleStore) store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
  g_autoptr(NdArticle) article = nd_article_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *editor = nd_article_editor_new (store);
  GPtrArray *items;

  gtk_window_set_child (GTK_WINDOW (window), editor);
  gtk_window_present (GTK_WINDOW (window));
  nd_article_editor_set_article (ND_ARTICLE_EDITOR (editor), article);
  nd_test_spin (50);

  items = nd_article_editor_get_checklist (ND_ARTICLE_EDITOR (editor));
  g_assert_nonnull (nd_checklist_find (items, "headline"));
  g_assert_true (nd_checklist_has_blocking (items));

  nd_article_set_headline (article, "A headline");
  nd_test_spin (400);
  items = nd_article_editor_get_checklist (ND_ARTICLE_EDITOR (editor));
  g_assert_null (nd_checklist_find (items, "headline"));
  g_assert_nonnull (nd_checklist_find (items, "section"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_saved_with_snapshot_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (nd_article_editor_save_finish (ND_ARTICLE_EDITOR (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_save_keeps_revision (void)
{
  g_autoptr(NdArticleStore) store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(NdArticle) kept = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *editor = nd_article_editor_new (store);
  gboolean done = FALSE;

  nd_article_set_photo (article, NULL);
  g_assert_true (nd_article_store_save (store, article, &error));
  gtk_window_set_child (GTK_WINDOW (window), editor);
  gtk_window_present (GTK_WINDOW (window));
  nd_article_editor_set_article (ND_ARTICLE_EDITOR (editor), article);
  nd_article_set_headline (article, "Saved by hand");

  /* Ctrl+S: written now (not after the autosave delay) and a revision is kept. */
  nd_article_editor_save_async (ND_ARTICLE_EDITOR (editor), TRUE, NULL, on_saved_with_snapshot_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  revisions = nd_article_store_list_revisions (store, nd_article_get_id (article), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 1);
  kept = nd_article_store_load_revision (store, nd_article_get_id (article),
                                         ((NdRevision *) g_ptr_array_index (revisions, 0))->name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nd_article_get_headline (kept), ==, "Saved by hand");

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

  g_test_add_func ("/editor/fields-and-autosave", test_fields_and_autosave);
  g_test_add_func ("/editor/body-autosave-and-switch", test_body_autosave_and_switch);
  g_test_add_func ("/editor/checklist-live", test_checklist_live);
  g_test_add_func ("/editor/save-keeps-revision", test_save_keeps_revision);

  status = g_test_run ();
  nd_rm_rf (home, NULL);
  return status;
}
