/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-a11y.h"
#include "nd-bench.h"
#include "nd-library-item.h"
#include "nd-outbox-window.h"
#include "nd-publish-dialog.h"
#include "nd-resources.h"
#include "nd-secrets.h"
#include "nd-window.h"
#include "nd-wordpress.h"

struct _NdWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *status_filter;
  GtkStack             *library_stack;
  GtkSpinner           *loading_spinner;
  GtkListView          *library_view;
  AdwStatusPage        *error_page;
  AdwWindowTitle       *editor_title;
  GtkBox               *editor_box;
  GtkButton            *publish_button;
  GtkWidget            *outbox_button;
  AdwButtonContent     *outbox_content;

  NdArticleEditor      *editor;
  NdOutbox             *outbox;
  GtkWidget            *outbox_window;
  GListStore           *library;
  GtkFilterListModel   *filtered;
  GtkCustomFilter      *filter;
  GtkSingleSelection   *selection;
  GCancellable         *cancellable;
  GCancellable         *open_cancellable;
  NdArticleStore       *store;
  GHashTable           *known_tags;     /* casefolded → first spelling seen */
  GSignalGroup         *title_signals;  /* follows the open article's headline */
  char                 *open_id;        /* the article in the editor, or being opened */
  gboolean             session_read;    /* until then, the session file must not be rewritten */
  gboolean             closing;
  GSettings            *settings;
  char                **cms_sections;   /* from the CMS account (cache, then refreshed) */
  /* The library listing waits for the first painted frame: filling 10,000 rows before it
   * would delay the window itself. */
  gboolean             painted;
  GPtrArray            *pending_entries;
  guint                 pending_idle;
  guint                 spinner_timeout;
  guint                 list_timeout;   /* the first listing, if no frame comes first */
};

G_DEFINE_FINAL_TYPE (NdWindow, nd_window, ADW_TYPE_APPLICATION_WINDOW)

static void open_article (NdWindow *self, const char *id, gboolean focus_headline);

/* ---- library list ------------------------------------------------------------------- */

static void
on_row_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (list_item, box);
}

static void
on_row_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  NdLibraryItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  const NdIndexEntry *entry = nd_library_item_get_entry (item);
  g_autofree char *headline = NULL;
  g_autofree char *when = nd_library_item_dup_modified_text (item);
  g_autofree char *line = NULL;

  g_object_get (item, "headline", &headline, NULL);
  gtk_label_set_text (GTK_LABEL (title), headline);
  if (entry->section && *entry->section)
    line = g_strdup_printf ("%s · %s · %s", entry->section,
                            nd_status_display_name (entry->status), when);
  else
    line = g_strdup_printf ("%s · %s", nd_status_display_name (entry->status), when);
  gtk_label_set_text (GTK_LABEL (subtitle), line);

  /* The row the list view wraps around the child is what takes focus: name it, so a
   * screen reader reads the headline and its details. */
  if (gtk_widget_get_parent (box))
    {
      g_autofree char *name = g_strdup_printf ("%s, %s", headline, line);

      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  NdWindow *self = user_data;
  const NdIndexEntry *entry = nd_library_item_get_entry (item);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  static const char * const statuses[] = { NULL, "draft", "scheduled", "published" };
  guint status = gtk_drop_down_get_selected (self->status_filter);
  g_autofree char *needle = NULL;
  g_autofree char *headline = NULL;

  if (status > 0 && status < G_N_ELEMENTS (statuses) &&
      g_strcmp0 (entry->status, statuses[status]) != 0)
    return FALSE;

  if (text == NULL || *text == '\0')
    return TRUE;

  needle = g_utf8_casefold (text, -1);
  headline = g_utf8_casefold (entry->headline ? entry->headline : "", -1);
  if (strstr (headline, needle))
    return TRUE;
  for (guint i = 0; entry->tags && entry->tags[i]; i++)
    {
      g_autofree char *tag = g_utf8_casefold (entry->tags[i], -1);
      if (strstr (tag, needle))
        return TRUE;
    }
  return FALSE;
}

static void
on_filter_changed_cb (NdWindow *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static gint
find_item (NdWindow   *self,
           const char *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->library));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NdLibraryItem) item = g_list_model_get_item (G_LIST_MODEL (self->library), i);

      if (g_strcmp0 (nd_library_item_get_id (item), id) == 0)
        return i;
    }
  return -1;
}

/* Selects the row of id without reopening it. */
static void
select_id (NdWindow   *self,
           const char *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NdLibraryItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (g_strcmp0 (nd_library_item_get_id (item), id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* Feeds the tag entry's completion with every tag used in the library so far. */
static void
learn_tags (NdWindow           *self,
            const char * const *tags)
{
  g_autoptr(GPtrArray) all = NULL;
  gboolean changed = FALSE;
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; tags && tags[i]; i++)
    {
      char *key = g_utf8_casefold (tags[i], -1);

      if (g_hash_table_contains (self->known_tags, key))
        {
          g_free (key);
          continue;
        }
      g_hash_table_insert (self->known_tags, key, g_strdup (tags[i]));
      changed = TRUE;
    }
  if (!changed)
    return;

  all = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->known_tags);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (all, value);
  g_ptr_array_sort (all, compare_strings);
  g_ptr_array_add (all, NULL);
  nd_article_editor_set_known_tags (self->editor, (const char * const *) all->pdata);
}

/* ---- sections and tags from the CMS ------------------------------------------------- */

/* The section picker offers the sections of the settings, then those of the CMS. */
static void
update_sections (NdWindow *self)
{
  g_auto(GStrv) mine = g_settings_get_strv (self->settings, "sections");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) all = NULL;

  for (guint pass = 0; pass < 2; pass++)
    {
      char **list = pass == 0 ? mine : self->cms_sections;

      for (guint i = 0; list && list[i]; i++)
        {
          /* Normalised, so "News>Russia" and "News > Russia" are one. */
          g_auto(GStrv) parts = nd_section_path_split (list[i]);
          g_autofree char *path = g_strjoinv (" > ", parts);

          if (*path == '\0' || !g_hash_table_add (seen, g_utf8_casefold (path, -1)))
            continue;
          g_strv_builder_add (builder, path);
        }
    }
  all = g_strv_builder_end (builder);
  nd_article_editor_set_sections (self->editor, (const char * const *) all);
}

static void
apply_cms_terms (NdWindow  *self,
                 char     **sections,
                 char     **tags)
{
  g_strfreev (self->cms_sections);
  self->cms_sections = g_strdupv (sections);
  update_sections (self);
  learn_tags (self, (const char * const *) tags);
}

static void
on_terms_refreshed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(NdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sections = NULL;
  g_auto(GStrv) tags = NULL;

  if (!nd_wordpress_client_refresh_terms_finish (ND_WORDPRESS_CLIENT (source), result, &sections,
                                                 &tags, &error))
    {
      /* In the background: the cached lists (if any) stay. */
      g_debug ("Could not refresh the sections and tags: %s", error->message);
      return;
    }
  if (self->cancellable == NULL)
    return;
  apply_cms_terms (self, sections, tags);
}

static void
on_terms_secret_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(NdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(NdWordpressClient) client = NULL;
  NdAccount *account;
  char *password;

  password = nd_secrets_lookup_finish (result, &error);
  if (self->cancellable == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      nd_secrets_free (password);
      return;
    }
  /* Without a password, the public lists are still readable. */
  if (error)
    g_debug ("No password for the sections and tags: %s", error->message);
  account = g_object_get_data (G_OBJECT (self), "nd-terms-account");
  if (account == NULL)
    {
      nd_secrets_free (password);
      return;
    }
  client = nd_wordpress_client_new_for_account (account, password);
  nd_secrets_free (password);
  nd_wordpress_client_refresh_terms_async (client, nd_account_get_id (account), self->cancellable,
                                           on_terms_refreshed_cb, g_object_ref (self));
}

static void
on_terms_cache_read_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(NdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sections = NULL;
  g_auto(GStrv) tags = NULL;

  if (!nd_wordpress_terms_cache_read_finish (result, &sections, &tags, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("Could not read the cached sections and tags: %s", error->message);
      return;
    }
  if (self->cancellable == NULL)
    return;
  apply_cms_terms (self, sections, tags);
}

/* The WordPress account whose sections and tags feed the pickers: the default account,
 * else the one last published to, else the first WordPress account. */
static NdAccount *
terms_account (NdAccountStore *accounts,
               const char     *last_id)
{
  GListModel *model = nd_account_store_get_accounts (accounts);
  NdAccount *fallback = nd_account_store_get_default (accounts);
  g_autoptr(NdAccount) first = NULL;

  if (fallback && g_str_equal (nd_account_get_kind (fallback), ND_ACCOUNT_KIND_WORDPRESS))
    return g_object_ref (fallback);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(NdAccount) account = g_list_model_get_item (model, i);

      if (!g_str_equal (nd_account_get_kind (account), ND_ACCOUNT_KIND_WORDPRESS))
        continue;
      if (g_strcmp0 (nd_account_get_id (account), last_id) == 0)
        return g_steal_pointer (&account);
      if (first == NULL)
        first = g_steal_pointer (&account);
    }
  return g_steal_pointer (&first);
}

/* Shows the cached sections and tags of the CMS at once, then asks the site for fresh
 * ones in the background. */
static void
refresh_cms_terms (NdWindow      *self,
                   NdApplication *app)
{
  g_autofree char *last_id = g_settings_get_string (self->settings, "last-account");
  g_autoptr(NdAccount) account = terms_account (nd_application_get_account_store (app), last_id);

  if (account == NULL)
    return;
  g_object_set_data_full (G_OBJECT (self), "nd-terms-account", g_object_ref (account),
                          g_object_unref);
  nd_wordpress_terms_cache_read_async (nd_account_get_id (account), self->cancellable,
                                       on_terms_cache_read_cb, g_object_ref (self));
  nd_secrets_lookup_async (nd_account_get_id (account), self->cancellable, on_terms_secret_cb,
                           g_object_ref (self));
}

static void
update_library_page (NdWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->library));

  gtk_stack_set_visible_child_name (self->library_stack, n > 0 ? "library" : "empty");
}

static void
on_selection_changed_cb (NdWindow *self)
{
  NdLibraryItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item == NULL || g_strcmp0 (nd_library_item_get_id (item), self->open_id) == 0)
    return;
  open_article (self, nd_library_item_get_id (item), FALSE);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
show_entries (NdWindow  *self,
              GPtrArray *entries)
{
  g_autoptr(GPtrArray) items = NULL;

  /* The items take the entries over: no copy of 10,000 rows of strings. */
  g_ptr_array_set_free_func (entries, NULL);
  items = g_ptr_array_new_full (entries->len, g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    {
      NdIndexEntry *entry = g_ptr_array_index (entries, i);

      learn_tags (self, (const char * const *) entry->tags);
      g_ptr_array_add (items, nd_library_item_new_take (entry));
    }
  g_ptr_array_set_size (entries, 0);
  g_list_store_splice (self->library, 0, g_list_model_get_n_items (G_LIST_MODEL (self->library)),
                       items->pdata, items->len);
  update_library_page (self);
  nd_bench_mark ("library-shown");
  if (self->open_id)
    select_id (self, self->open_id);
  else
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static gboolean
show_pending_entries_cb (gpointer user_data)
{
  NdWindow *self = user_data;
  g_autoptr(GPtrArray) entries = g_steal_pointer (&self->pending_entries);

  self->pending_idle = 0;
  if (entries)
    show_entries (self, entries);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   NdWindow      *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, self);
  self->painted = TRUE;
  if (self->pending_entries && self->pending_idle == 0)
    self->pending_idle = g_idle_add (show_pending_entries_cb, self);
  /* The first listing starts once the window is on screen. */
  if (self->list_timeout)
    {
      g_clear_handle_id (&self->list_timeout, g_source_remove);
      nd_window_reload_library (self);
    }
  /* So does the outbox: reading and retrying waiting stories never delays the window. */
  if (gtk_window_get_application (GTK_WINDOW (self)))
    nd_application_start_outbox (ND_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

/* A window that is not shown (tests) lists its library all the same. */
static gboolean
list_timeout_cb (gpointer user_data)
{
  NdWindow *self = user_data;

  self->list_timeout = 0;
  nd_window_reload_library (self);
  return G_SOURCE_REMOVE;
}

static gboolean
show_spinner_cb (gpointer user_data)
{
  NdWindow *self = user_data;

  self->spinner_timeout = 0;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->library_stack), "loading") == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), TRUE);
      gtk_spinner_start (self->loading_spinner);
    }
  return G_SOURCE_REMOVE;
}

static void
on_realize_cb (NdWindow *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (on_after_paint_cb), self, 0);
}

static void
on_list_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(NdWindow) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = nd_article_store_list_finish (ND_ARTICLE_STORE (source), result, &error);
  if (entries == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->library_stack, "error");
      return;
    }

  /* Shown but not painted yet: the rows come right after the first frame. A window that
   * is not shown (tests) gets them at once. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->painted)
    {
      g_clear_pointer (&self->pending_entries, g_ptr_array_unref);
      self->pending_entries = g_steal_pointer (&entries);
      return;
    }
  g_clear_pointer (&self->pending_entries, g_ptr_array_unref);
  show_entries (self, entries);
}

void
nd_window_reload_library (NdWindow *self)
{
  g_return_if_fail (ND_IS_WINDOW (self));

  nd_article_store_list_async (self->store, self->cancellable, on_list_ready_cb,
                               g_object_ref (self));
}

/* ---- the open article ---------------------------------------------------------------- */

static void
write_session_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!nd_article_store_write_session (source_object, task_data, FALSE, &error))
    g_warning ("Could not record the session: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
remember_open_article (NdWindow *self)
{
  g_autoptr(GTask) task = NULL;

  /* Writing before the last session was read would forget what to reopen. */
  if (!self->session_read)
    return;

  task = g_task_new (self->store, NULL, NULL, NULL);
  g_task_set_task_data (task, g_strdup (self->open_id), g_free);
  g_task_run_in_thread (task, write_session_thread);
}

static void
update_title (NdWindow *self)
{
  NdArticle *article = nd_article_editor_get_article (self->editor);
  const char *headline = article ? nd_article_get_headline (article) : NULL;

  adw_window_title_set_title (self->editor_title,
                              headline && *headline ? headline
                              : article ? _("Untitled article") : _("Newsdesk"));
  if (article == NULL)
    adw_window_title_set_subtitle (self->editor_title, NULL);
  else if (nd_article_editor_get_dirty (self->editor))
    adw_window_title_set_subtitle (self->editor_title, _("Saving…"));
  else
    adw_window_title_set_subtitle (self->editor_title, _("Saved"));
}

static void
set_editor_article (NdWindow  *self,
                    NdArticle *article)
{
  g_free (self->open_id);
  self->open_id = article ? g_strdup (nd_article_get_id (article)) : NULL;
  nd_article_editor_set_article (self->editor, article);
  g_signal_group_set_target (self->title_signals, article);
  update_title (self);
  remember_open_article (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.duplicate", article != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete", article != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", article != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preview", article != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-panel", article != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.publish", article != NULL);
}

typedef struct
{
  NdWindow *self;
  gboolean  focus_headline;
  gboolean  recovered;
} OpenCall;

static void
on_article_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  OpenCall *call = user_data;
  g_autoptr(NdWindow) self = call->self;
  g_autoptr(NdArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  gboolean focus = call->focus_headline, recovered = call->recovered;

  g_free (call);

  article = nd_article_store_load_finish (ND_ARTICLE_STORE (source), result, &error);
  if (article == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      nd_window_add_toast (self, error->message);
      g_clear_pointer (&self->open_id, g_free);
      /* A quarantined article is gone from the library: show that. */
      nd_window_reload_library (self);
      return;
    }

  set_editor_article (self, article);
  select_id (self, nd_article_get_id (article));
  if (focus)
    nd_article_editor_focus_headline (self->editor);
  if (recovered)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (nd_article_get_modified (article));
      g_autofree char *time = g_date_time_format (local, "%H:%M");
      g_autofree char *message =
        g_strdup_printf (_("Recovered after an unexpected exit: “%s” as autosaved at %s"),
                         *nd_article_get_headline (article) ? nd_article_get_headline (article)
                                                            : _("Untitled article"),
                         time);
      nd_window_add_toast (self, message);
    }
}

static void
open_article_full (NdWindow   *self,
                   const char *id,
                   gboolean    focus_headline,
                   gboolean    recovered)
{
  OpenCall *call;

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();

  g_free (self->open_id);
  self->open_id = g_strdup (id);

  call = g_new0 (OpenCall, 1);
  call->self = g_object_ref (self);
  call->focus_headline = focus_headline;
  call->recovered = recovered;
  nd_article_store_load_async (self->store, id, self->open_cancellable, on_article_loaded_cb, call);
}

static void
open_article (NdWindow   *self,
              const char *id,
              gboolean    focus_headline)
{
  open_article_full (self, id, focus_headline, FALSE);
}

void
nd_window_open_article (NdWindow   *self,
                        const char *id)
{
  g_return_if_fail (ND_IS_WINDOW (self));
  open_article (self, id, FALSE);
}

static void
on_editor_saved_cb (NdWindow  *self,
                    NdArticle *article)
{
  g_autoptr(NdIndexEntry) entry = nd_index_entry_new_for_article (article);
  g_autoptr(NdLibraryItem) item = nd_library_item_new (entry);
  gint pos = find_item (self, entry->id);
  gboolean was_selected = g_strcmp0 (entry->id, self->open_id) == 0;

  learn_tags (self, (const char * const *) entry->tags);
  if (pos >= 0)
    g_list_store_splice (self->library, pos, 1, (gpointer *) &item, 1);
  else
    g_list_store_insert (self->library, 0, item);
  update_library_page (self);
  if (was_selected)
    select_id (self, entry->id);
  update_title (self);
}

static void
on_undo_photo_cb (AdwToast *toast,
                  NdWindow *self)
{
  nd_article_editor_undo_photo_remove (self->editor);
}

static void
on_photo_removed_cb (NdWindow *self)
{
  AdwToast *toast = adw_toast_new (_("Photo removed"));

  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_photo_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_editor_error_cb (NdWindow   *self,
                    const char *message)
{
  nd_window_add_toast (self, message);
}

/* ---- actions -------------------------------------------------------------------------- */

static void
on_new_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(NdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!nd_article_store_save_finish (ND_ARTICLE_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        nd_window_add_toast (self, error->message);
    }
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  NdWindow *self = ND_WINDOW (widget);
  g_autoptr(NdArticle) article = nd_article_new ();
  g_autoptr(NdIndexEntry) entry = nd_index_entry_new_for_article (article);
  g_autoptr(NdLibraryItem) item = nd_library_item_new (entry);

  /* On disk at once: even an empty new article survives a crash in the next second. */
  nd_article_store_save_async (self->store, article, self->cancellable, on_new_saved_cb,
                               g_object_ref (self));

  g_list_store_insert (self->library, 0, item);
  update_library_page (self);
  /* Clear the search so the new article is visible in the list. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->status_filter, 0);
  set_editor_article (self, article);
  select_id (self, nd_article_get_id (article));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  nd_article_editor_focus_headline (self->editor);
}

static void
duplicate_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  NdArticle *copy = nd_article_store_duplicate (source_object, task_data, &error);

  if (copy)
    g_task_return_pointer (task, copy, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
on_duplicated_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(NdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(NdArticle) copy = g_task_propagate_pointer (G_TASK (result), &error);

  if (copy == NULL)
    {
      nd_window_add_toast (self, error->message);
      return;
    }
  on_editor_saved_cb (self, copy);
  set_editor_article (self, copy);
  select_id (self, nd_article_get_id (copy));
  nd_window_add_toast (self, _("Duplicated: you are now editing the copy"));
}

static void
on_saved_before_duplicate_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(NdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  if (!nd_article_editor_save_finish (self->editor, result, &error))
    {
      nd_window_add_toast (self, error->message);
      return;
    }
  task = g_task_new (self->store, self->cancellable, on_duplicated_cb, g_object_ref (self));
  g_task_set_task_data (task, g_strdup (self->open_id), g_free);
  g_task_run_in_thread (task, duplicate_thread);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  NdWindow *self = ND_WINDOW (widget);

  if (self->open_id == NULL)
    return;
  /* What is duplicated is what the reporter sees, so pending edits land first. */
  nd_article_editor_save_async (self->editor, FALSE, self->cancellable,
                                on_saved_before_duplicate_cb, g_object_ref (self));
}

static void
trash_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  const char *action = g_object_get_data (G_OBJECT (task), "action");
  gboolean ok = g_str_equal (action, "trash")
    ? nd_article_store_trash (source_object, task_data, &error)
    : nd_article_store_restore (source_object, task_data, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void run_trash_task (NdWindow *self, const char *action, const char *id, const char *headline);

static void
on_undo_delete_cb (AdwToast *toast,
                   NdWindow *self)
{
  run_trash_task (self, "restore", g_object_get_data (G_OBJECT (toast), "id"),
                  g_object_get_data (G_OBJECT (toast), "headline"));
}

static void
on_trash_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(NdWindow) self = user_data;
  GTask *task = G_TASK (result);
  const char *action = g_object_get_data (G_OBJECT (task), "action");
  const char *id = g_task_get_task_data (task);
  const char *headline = g_object_get_data (G_OBJECT (task), "headline");
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (task, &error))
    {
      nd_window_add_toast (self, error->message);
      nd_window_reload_library (self);
      return;
    }

  if (g_str_equal (action, "trash"))
    {
      g_autofree char *escaped = g_markup_escape_text (headline && *headline ? headline
                                                                             : _("Untitled article"), -1);
      g_autofree char *title = g_strdup_printf (_("“%s” moved to the trash"), escaped);
      AdwToast *toast = adw_toast_new (title);

      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_object_set_data_full (G_OBJECT (toast), "id", g_strdup (id), g_free);
      g_object_set_data_full (G_OBJECT (toast), "headline", g_strdup (headline), g_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_delete_cb), self, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  else
    {
      nd_window_reload_library (self);
      open_article (self, id, FALSE);
    }
}

static void
run_trash_task (NdWindow   *self,
                const char *action,
                const char *id,
                const char *headline)
{
  g_autoptr(GTask) task = g_task_new (self->store, self->cancellable, on_trash_done_cb,
                                      g_object_ref (self));

  g_task_set_task_data (task, g_strdup (id), g_free);
  g_object_set_data (G_OBJECT (task), "action", (gpointer) action);
  g_object_set_data_full (G_OBJECT (task), "headline", g_strdup (headline), g_free);
  g_task_run_in_thread (task, trash_thread);
}

static void
on_saved_before_delete_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(NdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Saved or not, the delete goes ahead: the trash keeps whatever is on disk, and the
   * reporter asked for it. A failed save was already reported. */
  nd_article_editor_save_finish (self->editor, result, &error);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  NdWindow *self = ND_WINDOW (widget);
  NdArticle *article = nd_article_editor_get_article (self->editor);
  g_autofree char *id = NULL;
  g_autofree char *headline = NULL;
  gint pos;

  if (article == NULL)
    return;

  id = g_strdup (nd_article_get_id (article));
  headline = g_strdup (nd_article_get_headline (article));

  /* Flush what was typed, then leave the editor before the folder moves. */
  nd_article_editor_save_async (self->editor, FALSE, NULL, on_saved_before_delete_cb,
                                g_object_ref (self));
  set_editor_article (self, NULL);

  pos = find_item (self, id);
  if (pos >= 0)
    g_list_store_remove (self->library, pos);
  update_library_page (self);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);

  run_trash_task (self, "trash", id, headline);
}

static void
on_revision_saved_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(NdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (nd_article_editor_save_finish (self->editor, result, &error))
    nd_window_add_toast (self, _("Saved, and a revision was kept"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    nd_window_add_toast (self, error->message);
  update_title (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  NdWindow *self = ND_WINDOW (widget);

  nd_article_editor_save_async (self->editor, TRUE, self->cancellable, on_revision_saved_cb,
                                g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  nd_window_reload_library (ND_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  NdWindow *self = ND_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The header bar is outside the editor, so its buttons reach the editor's actions here. */
static void
forward_to_editor_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  NdWindow *self = ND_WINDOW (widget);
  g_autofree char *editor_action = g_strdup_printf ("editor.%s", action_name + strlen ("win."));

  gtk_widget_activate_action (GTK_WIDGET (self->editor), editor_action, NULL);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  NdWindow *self = ND_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_published_cb (NdWindow *self)
{
  /* The publisher saved the article's new status and remote ids itself. */
  nd_window_reload_library (self);
}

/* ---- outbox ------------------------------------------------------------------------- */

static void
update_outbox_button (NdWindow *self)
{
  GListModel *jobs = nd_outbox_get_jobs (self->outbox);
  guint n = g_list_model_get_n_items (jobs);
  gboolean attention = FALSE;
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *description = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NdOutboxJob) job = g_list_model_get_item (jobs, i);

      attention |= nd_outbox_job_get_state (job) == ND_OUTBOX_JOB_FAILED;
    }
  gtk_widget_set_visible (self->outbox_button, n > 0);
  adw_button_content_set_label (self->outbox_content, count);
  adw_button_content_set_icon_name (self->outbox_content, attention ? "dialog-warning-symbolic"
                                                                    : "network-offline-symbolic");
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u story waiting to be published",
                                              "%u stories waiting to be published", n), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->outbox_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
on_outbox_items_changed_cb (GListModel *jobs,
                            guint       position,
                            guint       removed,
                            guint       added,
                            NdWindow   *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(NdOutboxJob) job = g_list_model_get_item (jobs, i);

      g_signal_connect_object (job, "notify::state", G_CALLBACK (update_outbox_button), self,
                               G_CONNECT_SWAPPED);
    }
  update_outbox_button (self);
}

static void
on_view_published_cb (AdwToast *toast,
                      NdWindow *self)
{
  const char *link = g_object_get_data (G_OBJECT (toast), "link");

  if (link)
    gtk_show_uri (GTK_WINDOW (self), link, GDK_CURRENT_TIME);
}

static void
on_job_published_cb (NdOutbox    *outbox,
                     NdOutboxJob *job,
                     const char  *link,
                     NdWindow    *self)
{
  const char *headline = nd_outbox_job_get_headline (job);
  /* Translators: a story that waited in the outbox went out */
  g_autofree char *title = g_markup_printf_escaped (_("Published “%s” from the outbox"),
                                                    headline && *headline ? headline
                                                                          : _("Untitled article"));
  AdwToast *toast = adw_toast_new (title);

  if (link && g_str_has_prefix (link, "http"))
    {
      adw_toast_set_button_label (toast, _("_View"));
      g_object_set_data_full (G_OBJECT (toast), "link", g_strdup (link), g_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_view_published_cb), self, 0);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  nd_window_reload_library (self);
}

static void
on_job_failed_cb (NdOutbox    *outbox,
                  NdOutboxJob *job,
                  GError      *error,
                  NdWindow    *self)
{
  const char *headline = nd_outbox_job_get_headline (job);
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* Retryable failures only change the outbox list; the reporter hears of what needs them. */
  if (nd_outbox_job_get_state (job) != ND_OUTBOX_JOB_FAILED)
    return;
  title = g_markup_printf_escaped (_("“%s” could not be published and needs your attention"),
                                   headline && *headline ? headline : _("Untitled article"));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("Open _Outbox"));
  adw_toast_set_action_name (toast, "win.outbox");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_remote_changed_cb (NdOutbox   *outbox,
                      const char *article_id,
                      const char *account_id,
                      JsonObject *remote,
                      const char *status,
                      NdWindow   *self)
{
  NdArticle *article = nd_article_editor_get_article (self->editor);

  /* The outbox wrote this into the file; the open copy must carry it too, or its next
   * autosave would drop the remote ids (and the next publish would duplicate the post). */
  if (article == NULL || g_strcmp0 (nd_article_get_id (article), article_id) != 0)
    return;
  nd_article_set_remote (article, account_id, remote);
  if (status)
    nd_article_set_status (article, status);
}

static void
outbox_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  NdWindow *self = ND_WINDOW (widget);
  NdApplication *app = ND_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (app == NULL || self->outbox == NULL)
    return;
  if (self->outbox_window == NULL)
    {
      self->outbox_window = nd_outbox_window_new (GTK_WINDOW (self), self->outbox, self->store,
                                                  nd_application_get_account_store (app));
      g_object_add_weak_pointer (G_OBJECT (self->outbox_window), (gpointer *) &self->outbox_window);
    }
  gtk_window_present (GTK_WINDOW (self->outbox_window));
}

static void
on_theirs_created_cb (NdWindow  *self,
                      NdArticle *copy)
{
  nd_window_reload_library (self);
  nd_window_open_article (self, nd_article_get_id (copy));
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  NdWindow *self = ND_WINDOW (widget);
  NdArticle *article = nd_article_editor_get_article (self->editor);
  NdApplication *app = ND_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  NdPublishDialog *dialog;

  if (article == NULL || app == NULL)
    return;
  dialog = nd_publish_dialog_new (GTK_WINDOW (self), self->store,
                                  nd_application_get_account_store (app), article, self->editor);
  g_signal_connect_object (dialog, "published", G_CALLBACK (on_published_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "article-created", G_CALLBACK (on_theirs_created_cb), self,
                           G_CONNECT_SWAPPED);
  nd_publish_dialog_set_outbox (dialog, self->outbox);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- start-up and close --------------------------------------------------------------- */

static void
read_session_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  char *open_id = NULL;
  gboolean clean_exit = TRUE;

  nd_article_store_read_session (source_object, &open_id, &clean_exit);
  g_object_set_data (G_OBJECT (task), "clean-exit", GINT_TO_POINTER (clean_exit));
  g_task_return_pointer (task, open_id, g_free);
}

static void
on_session_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(NdWindow) self = user_data;
  gboolean clean_exit = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "clean-exit"));
  g_autofree char *open_id = g_task_propagate_pointer (G_TASK (result), NULL);

  self->session_read = TRUE;

  /* Reopen what the reporter had open; after a crash, say that it was recovered. */
  if (open_id && self->open_id == NULL && nd_article_store_exists (self->store, open_id))
    open_article_full (self, open_id, FALSE, !clean_exit);
  /* Running now: until a clean exit says otherwise, the next start is a recovery. */
  remember_open_article (self);
}

static void
write_clean_exit_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  nd_article_store_write_session (source_object, task_data, TRUE, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
on_clean_exit_recorded_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(NdWindow) self = user_data;

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_close_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(NdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!nd_article_editor_save_finish (self->editor, result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Newsdesk could not save your changes: %s"),
                                                  error->message);
      /* Stay open: closing now would lose what was typed. */
      self->closing = FALSE;
      nd_window_add_toast (self, message);
      return;
    }
  {
    g_autoptr(GTask) task = g_task_new (self->store, NULL, on_clean_exit_recorded_cb,
                                        g_object_ref (self));

    g_task_set_task_data (task, g_strdup (self->open_id), g_free);
    g_task_run_in_thread (task, write_clean_exit_thread);
  }
}

static gboolean
nd_window_close_request (GtkWindow *window)
{
  NdWindow *self = ND_WINDOW (window);

  if (self->closing)
    return TRUE;

  /* Never "save changes?": pending edits are written, then the window goes. */
  self->closing = TRUE;
  nd_article_editor_save_async (self->editor, FALSE, NULL, on_close_saved_cb, g_object_ref (self));
  return TRUE;
}

static void
nd_window_dispose (GObject *object)
{
  NdWindow *self = ND_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_handle_id (&self->pending_idle, g_source_remove);
  g_clear_handle_id (&self->spinner_timeout, g_source_remove);
  g_clear_handle_id (&self->list_timeout, g_source_remove);
  g_clear_pointer (&self->pending_entries, g_ptr_array_unref);
  if (self->outbox_window)
    gtk_window_destroy (GTK_WINDOW (self->outbox_window));
  if (self->outbox)
    {
      g_signal_handlers_disconnect_by_data (self->outbox, self);
      g_signal_handlers_disconnect_by_data (nd_outbox_get_jobs (self->outbox), self);
    }
  g_clear_object (&self->outbox);

  gtk_widget_dispose_template (GTK_WIDGET (self), ND_TYPE_WINDOW);

  if (self->title_signals)
    g_signal_group_set_target (self->title_signals, NULL);
  g_clear_object (&self->title_signals);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->library);
  g_clear_object (&self->store);
  g_clear_pointer (&self->open_id, g_free);
  g_clear_pointer (&self->known_tags, g_hash_table_unref);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->cms_sections, g_strfreev);

  G_OBJECT_CLASS (nd_window_parent_class)->dispose (object);
}

static void
nd_window_class_init (NdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = nd_window_dispose;
  window_class->close_request = nd_window_close_request;

  nd_ensure_resources ();
  g_type_ensure (ND_TYPE_ARTICLE_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/nd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, content);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, status_filter);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, library_stack);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, library_view);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, editor_title);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, editor_box);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, publish_button);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, outbox_button);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, outbox_content);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.preview", NULL, forward_to_editor_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-panel", NULL, forward_to_editor_action);
  gtk_widget_class_install_action (widget_class, "win.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "win.outbox", NULL, outbox_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.duplicate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK,
                                       "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-panel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.outbox", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.preview", NULL);
}

static void
nd_window_init (NdWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* A labelled button is also labelled-by its label; GTK 4.8 joins both into the name
   * ("Publish Publish…"). Screen readers and the tests expect exactly "Publish". */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->publish_button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  nd_a11y_name_drop_down_rows (self->status_filter);

  {
    /* Capture phase: the body (a GtkTextView) would take Ctrl+Return as a new paragraph. */
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                        gtk_named_action_new ("win.publish")));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->cancellable = g_cancellable_new ();
  self->known_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->settings = g_settings_new (SCHEMA_ID);
  self->title_signals = g_signal_group_new (ND_TYPE_ARTICLE);
  g_signal_group_connect_object (self->title_signals, "notify::headline",
                                 G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  self->library = g_list_store_new (ND_TYPE_LIBRARY_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->library)),
                                              GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind_cb), NULL);
  gtk_list_view_set_factory (self->library_view, factory);
  gtk_list_view_set_model (self->library_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self, "realize", G_CALLBACK (on_realize_cb), NULL);
  self->spinner_timeout = g_timeout_add (500, show_spinner_cb, self);
}

NdWindow *
nd_window_new (NdApplication *app)
{
  NdWindow *self = g_object_new (ND_TYPE_WINDOW, "application", app, NULL);
  g_autoptr(GTask) session = NULL;

  self->store = g_object_ref (nd_application_get_store (app));
  self->editor = ND_ARTICLE_EDITOR (nd_article_editor_new (self->store));
  gtk_widget_set_vexpand (GTK_WIDGET (self->editor), TRUE);
  gtk_box_append (self->editor_box, GTK_WIDGET (self->editor));
  g_signal_connect_object (self->editor, "saved", G_CALLBACK (on_editor_saved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "error", G_CALLBACK (on_editor_error_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "photo-removed", G_CALLBACK (on_photo_removed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "notify::dirty", G_CALLBACK (update_title), self,
                           G_CONNECT_SWAPPED);
  set_editor_article (self, NULL);

  /* The outbox is shared by the windows; it runs in the application. */
  self->outbox = g_object_ref (nd_application_get_outbox (app));
  g_signal_connect (nd_outbox_get_jobs (self->outbox), "items-changed",
                    G_CALLBACK (on_outbox_items_changed_cb), self);
  on_outbox_items_changed_cb (nd_outbox_get_jobs (self->outbox), 0, 0,
                              g_list_model_get_n_items (nd_outbox_get_jobs (self->outbox)), self);
  g_signal_connect (self->outbox, "job-published", G_CALLBACK (on_job_published_cb), self);
  g_signal_connect (self->outbox, "job-failed", G_CALLBACK (on_job_failed_cb), self);
  g_signal_connect (self->outbox, "remote-changed", G_CALLBACK (on_remote_changed_cb), self);

  /* Listing 10,000 articles (the index, a stat of each) takes a core for ~100 ms: on a
   * machine with two, that would slow the first frame down. It starts right after that
   * frame (on_after_paint_cb), or after a second for a window that is not shown. */
  self->list_timeout = g_timeout_add (1000, list_timeout_cb, self);
  g_signal_connect_object (self->settings, "changed::sections", G_CALLBACK (update_sections), self,
                           G_CONNECT_SWAPPED);
  refresh_cms_terms (self, app);
  session = g_task_new (self->store, self->cancellable, on_session_read_cb, g_object_ref (self));
  g_task_run_in_thread (session, read_session_thread);
  return self;
}

GListModel *
nd_window_get_library (NdWindow *self)
{
  g_return_val_if_fail (ND_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->library);
}

NdArticleEditor *
nd_window_get_editor (NdWindow *self)
{
  g_return_val_if_fail (ND_IS_WINDOW (self), NULL);
  return self->editor;
}

void
nd_window_add_toast (NdWindow   *self,
                     const char *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (ND_IS_WINDOW (self));

  /* Toast titles are markup in libadwaita 1.2: messages carry file names and headlines. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
