/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-article-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-a11y.h"
#include "nd-article-editor.h"
#include "nd-body-view.h"
#include "nd-checklist.h"
#include "nd-photo-pane.h"
#include "nd-preview.h"
#include "nd-related-links.h"
#include "nd-resources.h"
#include "nd-section-picker.h"
#include "nd-spell-checker.h"
#include "nd-tag-entry.h"

/* How long the body may go unserialized after typing stops: the checklist and the word
 * count in the model follow after this. Serializing is kept off the keystroke path. */
#define BODY_FLUSH_DELAY_MS 400
#define CHECKLIST_DELAY_MS  150
/* While the reporter types without a pause, the autosave is put off for at most this many
 * autosave delays (and fires one delay later): with the default 2 s, typing is saved at
 * least every 10 s, so a crash never loses more than that. */
#define AUTOSAVE_MAX_DELAYS 4

struct _NdArticleEditor
{
  GtkWidget        parent_instance;

  /* template */
  GtkStack        *stack;
  AdwFlap         *flap;
  GtkEntry        *headline_entry;
  GtkLabel        *headline_counter;
  GtkTextView     *standfirst_view;
  GtkEntry        *byline_entry;
  GtkEntry        *dateline_entry;
  GtkDropDown     *language_dropdown;
  GtkBox          *body_box;
  GtkScrolledWindow *body_scroller;
  GtkLabel        *word_count_label;
  GtkBox          *photo_box;
  GtkBox          *section_box;
  GtkBox          *tags_box;
  GtkBox          *related_box;
  GtkListBox      *checklist_list;

  /* created in code */
  NdBodyView      *body_view;
  NdPhotoPane     *photo_pane;
  NdSectionPicker *section_picker;
  NdTagEntry      *tag_entry;
  NdRelatedLinks  *related_links;
  NdSpellChecker  *spell_checker;
  NdPreview       *preview;        /* created the first time it is shown */

  NdArticleStore  *store;
  NdArticle       *article;
  GBindingGroup   *bindings;
  GSignalGroup    *article_signals;
  GSettings       *settings;
  GCancellable    *cancellable;
  GPtrArray       *checklist;

  guint            autosave_id;
  gint64           autosave_pending_since;  /* monotonic µs of the first unsaved edit */
  guint            body_flush_id;
  guint            checklist_id;
  gboolean         dirty;
  gboolean         body_dirty;
  gboolean         saving;
  gboolean         save_again;
  gboolean         loading;
  GList           *save_waiters;    /* GTask*, completed when the current save lands */
};

G_DEFINE_FINAL_TYPE (NdArticleEditor, nd_article_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ARTICLE,
  PROP_DIRTY,
  N_PROPS
};

enum {
  SAVED,
  ERROR,
  CHECKLIST_CHANGED,
  PHOTO_REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const languages[][2] = {
  { "en", N_("English") },
  { "es", N_("Spanish") },
  { "pt", N_("Portuguese") },
  { "fr", N_("French") },
  { "de", N_("German") },
  { "ru", N_("Russian") },
};

static void do_save (NdArticleEditor *self);

static void
set_dirty (NdArticleEditor *self,
           gboolean         dirty)
{
  if (self->dirty == dirty)
    return;
  self->dirty = dirty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

static void
flush_body (NdArticleEditor *self)
{
  g_autofree char *html = NULL;

  g_clear_handle_id (&self->body_flush_id, g_source_remove);
  if (!self->body_dirty || self->article == NULL)
    return;

  self->body_dirty = FALSE;
  html = nd_body_view_dup_html (self->body_view);
  nd_article_set_body_html (self->article, html);
}

static gboolean
autosave_cb (gpointer user_data)
{
  NdArticleEditor *self = user_data;

  self->autosave_id = 0;
  do_save (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (NdArticleEditor *self)
{
  guint delay = g_settings_get_uint (self->settings, "autosave-delay");
  gint64 now = g_get_monotonic_time ();

  /* Restarted by every edit: saves happen in the pauses, not while the reporter types;
   * but never put off for longer than AUTOSAVE_MAX_DELAYS delays. */
  if (self->autosave_id == 0)
    self->autosave_pending_since = now;
  else if (now - self->autosave_pending_since >= (gint64) delay * 1000 * AUTOSAVE_MAX_DELAYS)
    return;
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (delay, autosave_cb, self);
}

static void
update_headline_counter (NdArticleEditor *self)
{
  guint limit = g_settings_get_uint (self->settings, "headline-limit");
  const char *headline = self->article ? nd_article_get_headline (self->article) : "";
  glong n = g_utf8_strlen (headline, -1);
  g_autofree char *text = g_strdup_printf ("%ld / %u", n, limit);
  g_autofree char *description = NULL;

  gtk_label_set_text (self->headline_counter, text);
  if (n > (glong) limit)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->headline_counter), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->headline_entry), "warning");
      description = g_strdup_printf (_("%ld characters, over the limit of %u"), n, limit);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->headline_counter), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->headline_entry), "warning");
      description = g_strdup_printf (_("%ld of %u characters"), n, limit);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->headline_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
update_word_count (NdArticleEditor *self)
{
  guint words = nd_body_view_get_word_count (self->body_view);
  guint minutes = (words + 229) / 230;
  g_autofree char *text = NULL;

  if (words == 0)
    text = g_strdup (_("No words yet"));
  else
    /* Translators: word count and reading time under the body */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u word", "%u words", words), words);
  if (minutes > 0)
    {
      g_autofree char *with_time = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "%s · %u minute read",
                                                                 "%s · %u minutes read", minutes),
                                                    text, minutes);
      gtk_label_set_text (self->word_count_label, with_time);
    }
  else
    gtk_label_set_text (self->word_count_label, text);
}

static void
rebuild_checklist (NdArticleEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checklist_list))))
    gtk_list_box_remove (self->checklist_list, child);

  g_clear_pointer (&self->checklist, g_ptr_array_unref);
  if (self->article == NULL)
    return;

  self->checklist = nd_checklist_run (self->article,
                                      g_settings_get_uint (self->settings, "headline-limit"));

  if (self->checklist->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Ready to publish"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("emblem-ok-symbolic"));
      gtk_list_box_append (self->checklist_list, row);
    }

  for (guint i = 0; i < self->checklist->len; i++)
    {
      NdCheckItem *item = g_ptr_array_index (self->checklist, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->message);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (item->severity == ND_CHECK_BLOCKING)
        {
          icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
          gtk_widget_add_css_class (icon, "error");
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Needed before publishing"));
        }
      else
        {
          icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
          gtk_widget_add_css_class (icon, "warning");
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Recommended"));
        }
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->checklist_list, row);
    }

  g_signal_emit (self, signals[CHECKLIST_CHANGED], 0);
}

static gboolean
checklist_cb (gpointer user_data)
{
  NdArticleEditor *self = user_data;

  self->checklist_id = 0;
  rebuild_checklist (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_checklist (NdArticleEditor *self)
{
  g_clear_handle_id (&self->checklist_id, g_source_remove);
  self->checklist_id = g_timeout_add (CHECKLIST_DELAY_MS, checklist_cb, self);
}

static void
on_article_changed_cb (NdArticleEditor *self)
{
  if (self->loading)
    return;
  set_dirty (self, TRUE);
  schedule_autosave (self);
  schedule_checklist (self);
}

static void
on_headline_notify_cb (NdArticleEditor *self)
{
  update_headline_counter (self);
}

static void
on_language_notify_cb (NdArticleEditor *self)
{
  if (self->spell_checker != NULL)
    nd_spell_checker_set_language (self->spell_checker,
                                   self->article ? nd_article_get_language (self->article) : NULL);
}

static gboolean
body_flush_cb (gpointer user_data)
{
  NdArticleEditor *self = user_data;

  self->body_flush_id = 0;
  flush_body (self);
  return G_SOURCE_REMOVE;
}

static void
on_body_changed_cb (NdArticleEditor *self)
{
  if (self->loading || self->article == NULL)
    return;
  self->body_dirty = TRUE;
  set_dirty (self, TRUE);
  schedule_autosave (self);
  g_clear_handle_id (&self->body_flush_id, g_source_remove);
  self->body_flush_id = g_timeout_add (BODY_FLUSH_DELAY_MS, body_flush_cb, self);
}

static void
on_photo_error_cb (NdArticleEditor *self,
                   const char      *message)
{
  g_signal_emit (self, signals[ERROR], 0, message);
}

static void
on_photo_removed_cb (NdArticleEditor *self)
{
  g_signal_emit (self, signals[PHOTO_REMOVED], 0);
}

static void
on_word_count_notify_cb (NdArticleEditor *self)
{
  update_word_count (self);
}

static void
on_standfirst_changed_cb (NdArticleEditor *self,
                          GtkTextBuffer   *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->loading || self->article == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  nd_article_set_standfirst (self->article, text);
}

static void
on_language_selected_cb (NdArticleEditor *self)
{
  guint i = gtk_drop_down_get_selected (self->language_dropdown);

  if (self->loading || self->article == NULL || i >= G_N_ELEMENTS (languages))
    return;
  nd_article_set_language (self->article, languages[i][0]);
}

static void
finish_waiters (NdArticleEditor *self,
                const GError    *error)
{
  GList *waiters = g_steal_pointer (&self->save_waiters);

  for (GList *l = waiters; l; l = l->next)
    {
      g_autoptr(GTask) task = l->data;

      if (error)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_list_free (waiters);
}

typedef struct
{
  NdArticleEditor *self;
  NdArticle       *article;   /* the one written, even if the editor moved on since */
} SaveCall;

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SaveCall *call = user_data;
  g_autoptr(NdArticleEditor) self = call->self;
  g_autoptr(NdArticle) article = call->article;
  g_autoptr(GError) error = NULL;

  g_free (call);

  self->saving = FALSE;

  if (!nd_article_store_save_finish (ND_ARTICLE_STORE (source), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* The edits are still in memory: say so, and keep trying. */
      message = g_strdup_printf (_("Your changes could not be saved: %s. Newsdesk keeps "
                                   "them and tries again."), error->message);
      g_signal_emit (self, signals[ERROR], 0, message);
      set_dirty (self, TRUE);
      finish_waiters (self, error);
      g_clear_handle_id (&self->autosave_id, g_source_remove);
      self->autosave_id = g_timeout_add_seconds (10, autosave_cb, self);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, article);

  if (self->save_again)
    {
      self->save_again = FALSE;
      do_save (self);
      return;
    }
  finish_waiters (self, NULL);
}

static void
do_save (NdArticleEditor *self)
{
  SaveCall *call;

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->article == NULL)
    return;
  if (self->saving)
    {
      /* One write at a time, in order; the next one carries everything typed since. */
      self->save_again = TRUE;
      return;
    }

  flush_body (self);
  nd_article_touch (self->article);
  set_dirty (self, FALSE);
  self->saving = TRUE;

  call = g_new0 (SaveCall, 1);
  call->self = g_object_ref (self);
  call->article = g_object_ref (self->article);
  nd_article_store_save_async (self->store, self->article, self->cancellable, on_saved_cb, call);
}

static void
snapshot_written_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (nd_article_store_snapshot_finish (ND_ARTICLE_STORE (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_snapshot_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdArticleEditor *self = g_task_get_source_object (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!nd_article_editor_save_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->article == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  nd_article_store_snapshot_async (self->store, self->article, "save", cancellable,
                                   snapshot_written_cb, g_steal_pointer (&task));
}

void
nd_article_editor_save_async (NdArticleEditor     *self,
                              gboolean             snapshot,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ND_IS_ARTICLE_EDITOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nd_article_editor_save_async);

  if (snapshot)
    {
      nd_article_editor_save_async (self, FALSE, cancellable, save_snapshot_cb,
                                    g_steal_pointer (&task));
      return;
    }

  if (self->article == NULL || (!self->dirty && !self->saving && !self->body_dirty))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->save_waiters = g_list_append (self->save_waiters, g_steal_pointer (&task));
  if (self->dirty || self->body_dirty)
    do_save (self);
}

gboolean
nd_article_editor_save_finish (NdArticleEditor  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_article_into_widgets (NdArticleEditor *self)
{
  NdArticle *article = self->article;
  GtkTextBuffer *standfirst = gtk_text_view_get_buffer (self->standfirst_view);

  self->loading = TRUE;

  g_binding_group_set_source (self->bindings, article);
  g_signal_group_set_target (self->article_signals, article);
  nd_photo_pane_set_article (self->photo_pane, self->store, article);
  nd_section_picker_set_article (self->section_picker, article);
  nd_tag_entry_set_article (self->tag_entry, article);
  nd_related_links_set_article (self->related_links, article);

  gtk_text_buffer_set_text (standfirst, article ? nd_article_get_standfirst (article) : "", -1);
  nd_body_view_set_html (self->body_view, article ? nd_article_get_body_html (article) : "");
  self->body_dirty = FALSE;
  on_language_notify_cb (self);

  if (article)
    {
      const char *lang = nd_article_get_language (article);
      guint selected = 0;

      for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
        if (g_str_has_prefix (lang, languages[i][0]))
          selected = i;
      gtk_drop_down_set_selected (self->language_dropdown, selected);
    }

  if (self->preview)
    nd_preview_set_article (self->preview, self->store, article);
  if (article == NULL || !self->preview ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "preview") != 0)
    gtk_stack_set_visible_child_name (self->stack, article ? "editor" : "empty");
  self->loading = FALSE;

  update_headline_counter (self);
  update_word_count (self);
  rebuild_checklist (self);
}

static void
nd_article_editor_dispose (GObject *object)
{
  NdArticleEditor *self = ND_ARTICLE_EDITOR (object);

  /* Pending edits are written before the editor goes: nothing typed is lost. */
  if (self->article && (self->dirty || self->body_dirty) && !self->saving)
    {
      g_autoptr(GError) error = NULL;

      flush_body (self);
      nd_article_touch (self->article);
      if (!nd_article_store_save (self->store, self->article, &error))
        g_warning ("Could not save on close: %s", error->message);
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_handle_id (&self->body_flush_id, g_source_remove);
  g_clear_handle_id (&self->checklist_id, g_source_remove);
  finish_waiters (self, NULL);
  if (self->bindings)
    g_binding_group_set_source (self->bindings, NULL);
  if (self->article_signals)
    g_signal_group_set_target (self->article_signals, NULL);
  /* Detaches from the fields before they go. */
  g_clear_object (&self->spell_checker);

  gtk_widget_dispose_template (GTK_WIDGET (self), ND_TYPE_ARTICLE_EDITOR);

  g_clear_object (&self->article);
  g_clear_object (&self->bindings);
  g_clear_object (&self->article_signals);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->checklist, g_ptr_array_unref);

  G_OBJECT_CLASS (nd_article_editor_parent_class)->dispose (object);
}

static void
nd_article_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  NdArticleEditor *self = ND_ARTICLE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      g_value_set_object (value, self->article);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_article_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  NdArticleEditor *self = ND_ARTICLE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      nd_article_editor_set_article (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  /* The window owns the feedback; the action just makes sure nothing waits. */
  nd_article_editor_save_async (ND_ARTICLE_EDITOR (widget), FALSE, NULL, NULL, NULL);
}

static void
preview_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  NdArticleEditor *self = ND_ARTICLE_EDITOR (widget);

  if (self->article == NULL)
    return;

  if (self->preview &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "preview") == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "editor");
      return;
    }

  /* WebKit is started only when a reporter first asks for the preview. */
  if (self->preview == NULL)
    {
      self->preview = ND_PREVIEW (nd_preview_new ());
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->preview), "preview");
    }
  flush_body (self);
  nd_preview_set_article (self->preview, self->store, self->article);
  gtk_stack_set_visible_child_name (self->stack, "preview");
}

static void
toggle_panel_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  NdArticleEditor *self = ND_ARTICLE_EDITOR (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
nd_article_editor_class_init (NdArticleEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nd_article_editor_dispose;
  object_class->get_property = nd_article_editor_get_property;
  object_class->set_property = nd_article_editor_set_property;

  properties[PROP_ARTICLE] = g_param_spec_object ("article", NULL, NULL, ND_TYPE_ARTICLE,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] = g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NdArticleEditor::saved:
   * @article: the article as it was written
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, ND_TYPE_ARTICLE);
  /**
   * NdArticleEditor::error:
   * @message: for the user, to show in a toast
   */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[PHOTO_REMOVED] = g_signal_new ("photo-removed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);
  signals[CHECKLIST_CHANGED] = g_signal_new ("checklist-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);

  nd_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/nd-article-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, flap);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, headline_entry);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, headline_counter);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, standfirst_view);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, byline_entry);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, dateline_entry);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, body_box);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, body_scroller);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, word_count_label);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, photo_box);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, section_box);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, tags_box);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, related_box);
  gtk_widget_class_bind_template_child (widget_class, NdArticleEditor, checklist_list);
  gtk_widget_class_bind_template_callback (widget_class, on_language_selected_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.toggle-panel", NULL, toggle_panel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "editor.toggle-panel", NULL);
  gtk_widget_class_install_action (widget_class, "editor.preview", NULL, preview_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "editor.preview", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "nd-article-editor");
}

static void
nd_article_editor_init (NdArticleEditor *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SCHEMA_ID);
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    gtk_string_list_append (names, _(languages[i][1]));
  gtk_drop_down_set_model (self->language_dropdown, G_LIST_MODEL (names));
  nd_a11y_name_drop_down_rows (self->language_dropdown);

  self->body_view = ND_BODY_VIEW (nd_body_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->body_view), TRUE);
  gtk_scrolled_window_set_child (self->body_scroller, GTK_WIDGET (self->body_view));
  {
    /* On a phone-width window the toolbar scrolls sideways instead of widening the window. */
    GtkWidget *toolbar_scroller = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (toolbar_scroller),
                                    GTK_POLICY_EXTERNAL, GTK_POLICY_NEVER);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (toolbar_scroller), TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (toolbar_scroller),
                                   nd_body_view_create_toolbar (self->body_view));
    gtk_box_prepend (self->body_box, toolbar_scroller);
  }
  g_signal_connect_object (self->body_view, "changed", G_CALLBACK (on_body_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->body_view, "notify::word-count",
                           G_CALLBACK (on_word_count_notify_cb), self, G_CONNECT_SWAPPED);

  self->photo_pane = ND_PHOTO_PANE (nd_photo_pane_new ());
  gtk_box_append (self->photo_box, GTK_WIDGET (self->photo_pane));
  g_signal_connect_object (self->photo_pane, "error", G_CALLBACK (on_photo_error_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->photo_pane, "removed", G_CALLBACK (on_photo_removed_cb),
                           self, G_CONNECT_SWAPPED);

  self->section_picker = ND_SECTION_PICKER (nd_section_picker_new ());
  gtk_box_append (self->section_box, GTK_WIDGET (self->section_picker));
  {
    g_auto(GStrv) sections = g_settings_get_strv (self->settings, "sections");
    nd_section_picker_set_sections (self->section_picker, (const char * const *) sections);
  }

  self->tag_entry = ND_TAG_ENTRY (nd_tag_entry_new ());
  gtk_box_append (self->tags_box, GTK_WIDGET (self->tag_entry));

  self->related_links = ND_RELATED_LINKS (nd_related_links_new ());
  gtk_box_append (self->related_box, GTK_WIDGET (self->related_links));

  self->spell_checker = nd_spell_checker_new ();
  nd_spell_checker_attach_entry (self->spell_checker, self->headline_entry);
  nd_spell_checker_attach_text_view (self->spell_checker, self->standfirst_view);
  nd_spell_checker_attach_text_view (self->spell_checker, GTK_TEXT_VIEW (self->body_view));
  nd_spell_checker_attach_entry (self->spell_checker,
                                 nd_photo_pane_get_caption_entry (self->photo_pane));

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "headline", self->headline_entry, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "byline", self->byline_entry, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "dateline", self->dateline_entry, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  self->article_signals = g_signal_group_new (ND_TYPE_ARTICLE);
  g_signal_group_connect_object (self->article_signals, "changed",
                                 G_CALLBACK (on_article_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->article_signals, "notify::headline",
                                 G_CALLBACK (on_headline_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->article_signals, "notify::language",
                                 G_CALLBACK (on_language_notify_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (gtk_text_view_get_buffer (self->standfirst_view), "changed",
                           G_CALLBACK (on_standfirst_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::headline-limit",
                           G_CALLBACK (update_headline_counter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::headline-limit",
                           G_CALLBACK (schedule_checklist), self, G_CONNECT_SWAPPED);

  load_article_into_widgets (self);
}

GtkWidget *
nd_article_editor_new (NdArticleStore *store)
{
  NdArticleEditor *self;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (store), NULL);

  self = g_object_new (ND_TYPE_ARTICLE_EDITOR, NULL);
  self->store = g_object_ref (store);
  return GTK_WIDGET (self);
}

NdArticle *
nd_article_editor_get_article (NdArticleEditor *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE_EDITOR (self), NULL);
  return self->article;
}

void
nd_article_editor_set_article (NdArticleEditor *self,
                               NdArticle       *article)
{
  g_return_if_fail (ND_IS_ARTICLE_EDITOR (self));
  g_return_if_fail (article == NULL || ND_IS_ARTICLE (article));

  if (self->article == article)
    return;

  /* The previous article's pending edits go to disk before it is let go. */
  if (self->article && (self->dirty || self->body_dirty))
    do_save (self);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->save_again = FALSE;

  g_set_object (&self->article, article);
  set_dirty (self, FALSE);
  load_article_into_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}

void
nd_article_editor_focus_headline (NdArticleEditor *self)
{
  g_return_if_fail (ND_IS_ARTICLE_EDITOR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->headline_entry));
}

gboolean
nd_article_editor_get_dirty (NdArticleEditor *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE_EDITOR (self), FALSE);
  return self->dirty || self->body_dirty || self->saving;
}

GPtrArray *
nd_article_editor_get_checklist (NdArticleEditor *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE_EDITOR (self), NULL);
  return self->checklist;
}

void
nd_article_editor_set_sections (NdArticleEditor    *self,
                                const char * const *sections)
{
  g_return_if_fail (ND_IS_ARTICLE_EDITOR (self));
  nd_section_picker_set_sections (self->section_picker, sections);
}

void
nd_article_editor_set_known_tags (NdArticleEditor    *self,
                                  const char * const *tags)
{
  g_return_if_fail (ND_IS_ARTICLE_EDITOR (self));
  nd_tag_entry_set_suggestions (self->tag_entry, tags);
}

void
nd_article_editor_undo_photo_remove (NdArticleEditor *self)
{
  g_return_if_fail (ND_IS_ARTICLE_EDITOR (self));
  nd_photo_pane_undo_remove (self->photo_pane);
}

NdPreview *
nd_article_editor_get_preview (NdArticleEditor *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE_EDITOR (self), NULL);
  return self->preview;
}
