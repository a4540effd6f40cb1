/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-publish-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-checklist.h"
#include "nd-outbox.h"
#include "nd-preferences.h"
#include "nd-a11y.h"
#include "nd-publish-dialog.h"
#include "nd-publisher-factory.h"
#include "nd-resources.h"
#include "nd-secrets.h"
#include "nd-wordpress-publisher.h"

/* The order of the status combo row. */
enum
{
  STATUS_DRAFT,
  STATUS_PUBLISH,
  STATUS_FUTURE,
};

struct _NdPublishDialog
{
  AdwWindow             parent_instance;

  /* template */
  AdwWindowTitle       *window_title;
  GtkButton            *cancel_button;
  GtkButton            *publish_button;
  GtkStack             *stack;
  AdwActionRow         *account_row;
  GtkDropDown          *account_dropdown;
  AdwActionRow         *no_account_row;
  AdwComboRow          *status_row;
  AdwActionRow         *when_row;
  GtkMenuButton        *when_button;
  AdwPreferencesGroup  *checklist_group;
  GtkExpander          *request_expander;
  GtkTextView          *request_view;
  GtkLabel             *progress_title;
  GtkListBox           *steps_list;
  GtkProgressBar       *upload_bar;
  AdwStatusPage        *success_page;
  GtkLinkButton        *post_link;
  AdwStatusPage        *error_page;
  GtkLabel             *error_label;
  GtkLabel             *unchanged_label;
  GtkCalendar          *calendar;
  GtkSpinButton        *hour_spin;
  GtkSpinButton        *minute_spin;

  NdArticleStore       *store;
  NdAccountStore       *accounts;
  NdArticle            *article;
  NdArticleEditor      *editor;
  GPtrArray            *checklist;       /* NdCheckItem */
  GPtrArray            *checklist_rows;
  GCancellable         *cancellable;     /* the publish under way; cancelled by Cancel */
  GCancellable         *life;            /* everything else; cancelled in dispose */
  NdPublisher          *publisher;       /* of the publish under way */
  char                 *status;          /* ditto */
  NdPublishFlags        flags;           /* ditto */
  NdArticle            *copy;            /* "Open Theirs as a Copy", being saved */
  GDateTime            *when;            /* local time picked for "Schedule" */
  GtkWidget            *step_row;        /* the step in progress */
  char                 *step_text;
  NdOutbox             *outbox;          /* where a publish that cannot reach its site waits */
  AdwStatusPage        *queued_page;
  gboolean              busy;
  gboolean              disposed;
};

G_DEFINE_FINAL_TYPE (NdPublishDialog, nd_publish_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_PUBLISHED,
  SIGNAL_ARTICLE_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_publish (NdPublishDialog *self, NdPublishFlags flags);

/* ---- helpers ------------------------------------------------------------------------ */

static NdAccount *
selected_account (NdPublishDialog *self)
{
  return gtk_drop_down_get_selected_item (self->account_dropdown);
}

static const char *
selected_status (NdPublishDialog *self)
{
  switch (adw_combo_row_get_selected (self->status_row))
    {
    case STATUS_PUBLISH:
      return ND_PUBLISH_STATUS_PUBLISH;
    case STATUS_FUTURE:
      return ND_PUBLISH_STATUS_FUTURE;
    default:
      return ND_PUBLISH_STATUS_DRAFT;
    }
}

/* The scheduled time in UTC (what the publisher sends as date_gmt), or NULL. */
static GDateTime *
dup_publish_at (NdPublishDialog *self)
{
  if (!g_str_equal (selected_status (self), ND_PUBLISH_STATUS_FUTURE) || self->when == NULL)
    return NULL;
  return g_date_time_to_utc (self->when);
}

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
}

/* "3.2 of 25 MB": the unit of the total, decimals only where they say something. */
static char *
format_upload (gint64 done,
               gint64 total)
{
  const double mb = 1000.0 * 1000.0;

  if (total < mb)
    return g_strdup_printf (_("%.0f of %.0f kB"), done / 1000.0, total / 1000.0);
  if (total < 10 * mb)
    return g_strdup_printf (_("%.1f of %.1f MB"), done / mb, total / mb);
  return g_strdup_printf (_("%.1f of %.0f MB"), done / mb, total / mb);
}

static void
set_cancel_label (NdPublishDialog *self,
                  gboolean         close)
{
  gtk_button_set_label (self->cancel_button, close ? _("_Close") : _("_Cancel"));
  set_accessible_label (GTK_WIDGET (self->cancel_button), close ? _("Close") : _("Cancel"));
}

/* ---- the form ----------------------------------------------------------------------- */

static void
update_when_label (NdPublishDialog *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gboolean past;

  if (self->when == NULL)
    return;
  /* TRANSLATORS: the scheduled time, see g_date_time_format() */
  text = g_date_time_format (self->when, _("%-d %B %Y, %H:%M"));
  gtk_menu_button_set_label (self->when_button, text);
  past = g_date_time_compare (self->when, now) <= 0;
  adw_action_row_set_subtitle (self->when_row, past ? _("Pick a time in the future") : NULL);
  if (past)
    gtk_widget_add_css_class (GTK_WIDGET (self->when_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->when_row), "error");
}

/* The publisher for the selected account, with the GUI's preferences applied: the
 * "caption-format" GSettings key wins over the account's own caption_format (which the
 * CLI uses). */
static NdPublisher *
new_publisher (NdPublishDialog  *self,
               const char       *secret,
               GError          **error)
{
  NdPublisher *publisher = nd_publisher_factory_new_publisher (selected_account (self), secret,
                                                               self->store, error);

  if (publisher && ND_IS_WORDPRESS_PUBLISHER (publisher))
    {
      g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
      g_autofree char *format = g_settings_get_string (settings, "caption-format");

      nd_wordpress_publisher_set_caption_format (ND_WORDPRESS_PUBLISHER (publisher), format);
    }
  return publisher;
}

static void
update_request (NdPublishDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->request_view);
  NdAccount *account = selected_account (self);
  g_autoptr(NdPublisher) publisher = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *text = NULL;

  if (!gtk_expander_get_expanded (self->request_expander))
    return;
  if (account == NULL)
    {
      gtk_text_buffer_set_text (buffer, _("Choose an account first."), -1);
      return;
    }

  /* Describing needs no password: Authorization is masked anyway. */
  publisher = new_publisher (self, NULL, NULL);
  at = dup_publish_at (self);
  if (publisher)
    text = nd_publisher_factory_describe (publisher, self->article, selected_status (self), at);
  gtk_text_buffer_set_text (buffer, text ? text
                            : _("This kind of account cannot show its requests."), -1);
}

static void
update_publish_sensitive (NdPublishDialog *self)
{
  gboolean ok = !self->busy && selected_account (self) != NULL && self->checklist != NULL &&
                !nd_checklist_has_blocking (self->checklist);

  if (ok && g_str_equal (selected_status (self), ND_PUBLISH_STATUS_FUTURE))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      ok = self->when && g_date_time_compare (self->when, now) > 0;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->publish_button), ok);
}

static void
on_form_changed_cb (NdPublishDialog *self)
{
  if (self->disposed)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->when_row),
                          adw_combo_row_get_selected (self->status_row) == STATUS_FUTURE);
  update_when_label (self);
  update_request (self);
  update_publish_sensitive (self);
}

static void
on_when_changed_cb (NdPublishDialog *self)
{
  g_autoptr(GDateTime) day = NULL;

  if (self->disposed || self->calendar == NULL)
    return;
  day = gtk_calendar_get_date (self->calendar);
  g_clear_pointer (&self->when, g_date_time_unref);
  self->when = g_date_time_new_local (g_date_time_get_year (day),
                                      g_date_time_get_month (day),
                                      g_date_time_get_day_of_month (day),
                                      gtk_spin_button_get_value_as_int (self->hour_spin),
                                      gtk_spin_button_get_value_as_int (self->minute_spin),
                                      0);
  on_form_changed_cb (self);
}

/* Two digits, as on a clock. */
static gboolean
on_spin_output_cb (GtkSpinButton *spin,
                   gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
set_when (NdPublishDialog *self,
          GDateTime       *local)
{
  g_clear_pointer (&self->when, g_date_time_unref);
  self->when = g_date_time_ref (local);
  g_signal_handlers_block_by_func (self->calendar, on_when_changed_cb, self);
  g_signal_handlers_block_by_func (self->hour_spin, on_when_changed_cb, self);
  g_signal_handlers_block_by_func (self->minute_spin, on_when_changed_cb, self);
  gtk_calendar_select_day (self->calendar, local);
  gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (local));
  gtk_spin_button_set_value (self->minute_spin, g_date_time_get_minute (local));
  g_signal_handlers_unblock_by_func (self->calendar, on_when_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->hour_spin, on_when_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->minute_spin, on_when_changed_cb, self);
}

static void
rebuild_checklist (NdPublishDialog *self)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);

  for (guint i = 0; i < self->checklist_rows->len; i++)
    adw_preferences_group_remove (self->checklist_group,
                                  g_ptr_array_index (self->checklist_rows, i));
  g_ptr_array_set_size (self->checklist_rows, 0);
  g_clear_pointer (&self->checklist, g_ptr_array_unref);

  self->checklist = nd_checklist_run (self->article, g_settings_get_uint (settings, "headline-limit"));
  for (guint i = 0; i <= self->checklist->len; i++)
    {
      NdCheckItem *item = i < self->checklist->len ? g_ptr_array_index (self->checklist, i) : NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon;
      const char *title;

      if (item == NULL && self->checklist->len > 0)
        break;
      if (item == NULL)
        {
          icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
          gtk_widget_add_css_class (icon, "success");
          title = _("Everything is ready");
        }
      else if (item->severity == ND_CHECK_BLOCKING)
        {
          icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
          gtk_widget_add_css_class (icon, "error");
          title = item->message;
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Needed before publishing"));
        }
      else
        {
          icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
          gtk_widget_add_css_class (icon, "warning");
          title = item->message;
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Allowed, but worth a look"));
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      set_accessible_label (row, title);
      if (item)
        gtk_widget_set_name (row, item->id);
      adw_preferences_group_add (self->checklist_group, row);
      g_ptr_array_add (self->checklist_rows, row);
    }
  update_publish_sensitive (self);
}

static void
update_accounts (NdPublishDialog *self)
{
  GListModel *model = nd_account_store_get_accounts (self->accounts);
  gboolean empty = g_list_model_get_n_items (model) == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->account_row), !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->no_account_row), empty);
  on_form_changed_cb (self);
}

/* The account the article was last published to, so republishing is one click. */
static void
select_initial_account (NdPublishDialog *self)
{
  GListModel *model = nd_account_store_get_accounts (self->accounts);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NdAccount) account = g_list_model_get_item (model, i);
      JsonObject *remote = nd_article_get_remote (self->article, nd_account_get_id (account));

      if (remote)
        {
          const char *status = json_object_get_string_member_with_default (remote, "status", NULL);

          gtk_drop_down_set_selected (self->account_dropdown, i);
          if (g_strcmp0 (status, ND_PUBLISH_STATUS_PUBLISH) == 0)
            adw_combo_row_set_selected (self->status_row, STATUS_PUBLISH);
          return;
        }
    }
  /* Otherwise the default account ("Local folder" on a fresh install). */
  {
    NdAccount *fallback = nd_account_store_get_default (self->accounts);

    for (guint i = 0; fallback && i < n; i++)
      {
        g_autoptr(NdAccount) account = g_list_model_get_item (model, i);

        if (account == fallback)
          gtk_drop_down_set_selected (self->account_dropdown, i);
      }
  }
}

/* ---- progress ----------------------------------------------------------------------- */

static void
finish_step (NdPublishDialog *self,
             const char      *icon_name,
             const char      *css_class)
{
  GtkWidget *box, *stack;

  if (self->step_row == NULL)
    return;
  box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (self->step_row));
  stack = gtk_widget_get_first_child (box);
  gtk_image_set_from_icon_name (GTK_IMAGE (gtk_stack_get_child_by_name (GTK_STACK (stack), "icon")),
                                icon_name);
  gtk_widget_add_css_class (gtk_stack_get_child_by_name (GTK_STACK (stack), "icon"), css_class);
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "icon");
  gtk_spinner_stop (GTK_SPINNER (gtk_stack_get_child_by_name (GTK_STACK (stack), "spinner")));
  self->step_row = NULL;
  g_clear_pointer (&self->step_text, g_free);
}

static void
begin_step (NdPublishDialog *self,
            const char      *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *label = gtk_label_new (text);

  if (g_strcmp0 (self->step_text, text) == 0)
    return;
  finish_step (self, "emblem-ok-symbolic", "success");

  gtk_stack_add_named (GTK_STACK (stack), spinner, "spinner");
  gtk_stack_add_named (GTK_STACK (stack), gtk_image_new (), "icon");
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), stack);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  set_accessible_label (row, text);
  gtk_list_box_append (self->steps_list, row);

  self->step_row = row;
  self->step_text = g_strdup (text);
  gtk_widget_set_visible (GTK_WIDGET (self->upload_bar), FALSE);
}

static void
progress_cb (const char *step,
             gint64      done,
             gint64      total,
             gpointer    user_data)
{
  NdPublishDialog *self = user_data;
  g_autofree char *text = NULL;

  if (self->disposed)
    return;
  begin_step (self, step);
  if (total <= 0)
    return;
  text = format_upload (done, total);
  gtk_widget_set_visible (GTK_WIDGET (self->upload_bar), TRUE);
  gtk_progress_bar_set_fraction (self->upload_bar, CLAMP ((double) done / total, 0.0, 1.0));
  gtk_progress_bar_set_text (self->upload_bar, text);
}

static void
clear_steps (NdPublishDialog *self)
{
  GtkWidget *child;

  self->step_row = NULL;
  g_clear_pointer (&self->step_text, g_free);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list))))
    gtk_list_box_remove (self->steps_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->upload_bar), FALSE);
}

/* ---- outcomes ----------------------------------------------------------------------- */

static void
show_form (NdPublishDialog *self)
{
  self->busy = FALSE;
  g_clear_object (&self->publisher);
  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_set_visible (GTK_WIDGET (self->publish_button), TRUE);
  set_cancel_label (self, FALSE);
  update_publish_sensitive (self);
}

static void
show_error (NdPublishDialog *self,
            const GError    *error)
{
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                       g_error_matches (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CANCELLED);

  finish_step (self, "dialog-error-symbolic", "error");
  self->busy = FALSE;
  g_clear_object (&self->publisher);
  adw_status_page_set_title (self->error_page, cancelled ? _("Publishing Cancelled")
                                                         : _("Not Published"));
  adw_status_page_set_icon_name (self->error_page, cancelled ? "process-stop-symbolic"
                                                             : "dialog-error-symbolic");
  /* The message names what failed and carries the server's own words. */
  gtk_label_set_text (self->error_label,
                      cancelled ? _("Publishing stopped. Publishing again later finishes the "
                                    "job without making a second post.")
                                : error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_widget_set_visible (GTK_WIDGET (self->publish_button), FALSE);
  set_cancel_label (self, TRUE);
}

static void
show_success (NdPublishDialog *self,
              JsonObject      *remote)
{
  const char *url = json_object_get_string_member_with_default (remote, "url", "");
  const char *headline = nd_article_get_headline (self->article);
  NdAccount *account = selected_account (self);
  g_autofree char *description = NULL;
  const char *title;

  finish_step (self, "emblem-ok-symbolic", "success");
  if (g_str_equal (self->status, ND_PUBLISH_STATUS_DRAFT))
    title = _("Saved as a Draft");
  else if (g_str_equal (self->status, ND_PUBLISH_STATUS_FUTURE))
    title = _("Scheduled");
  else
    title = _("Published");
  description = g_strdup_printf (_("“%s” is on %s."), headline ? headline : "",
                                 account ? nd_account_get_name (account) : "");
  adw_status_page_set_title (self->success_page, title);
  adw_status_page_set_description (self->success_page, description);
  gtk_link_button_set_uri (self->post_link, url);
  gtk_button_set_label (GTK_BUTTON (self->post_link), url);
  /* Setting the label renames the button for screen readers: name it again. */
  set_accessible_label (GTK_WIDGET (self->post_link), _("Open the post in the browser"));
  gtk_widget_set_visible (GTK_WIDGET (self->post_link), *url != '\0');

  self->busy = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "success");
  gtk_widget_set_visible (GTK_WIDGET (self->publish_button), FALSE);
  set_cancel_label (self, TRUE);
}

/* ---- conflict ----------------------------------------------------------------------- */

static const char *
rendered_or_raw (JsonObject *post,
                 const char *member)
{
  JsonNode *node = json_object_get_member (post, member);
  JsonObject *object;

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node))
    return json_node_get_string (node);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  /* "raw" (context=edit) is what the author typed; "rendered" has filters applied. */
  return json_object_get_string_member_with_default (object, "raw",
           json_object_get_string_member_with_default (object, "rendered", NULL));
}

static void
on_copy_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(NdPublishDialog) self = user_data;
  g_autoptr(NdArticle) copy = g_steal_pointer (&self->copy);
  g_autoptr(GError) error = NULL;

  if (!nd_article_store_save_finish (ND_ARTICLE_STORE (source), result, &error))
    {
      if (!self->disposed)
        show_error (self, error);
      return;
    }
  if (self->disposed)
    return;
  g_signal_emit (self, signals[SIGNAL_ARTICLE_CREATED], 0, copy);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_remote_fetched_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(NdPublishDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) post = NULL;
  g_autoptr(NdArticle) copy = NULL;
  const char *title, *content;

  post = nd_publisher_fetch_remote_finish (ND_PUBLISHER (source), result, &error);
  if (self->disposed)
    return;
  if (post == NULL)
    {
      show_error (self, error);
      return;
    }

  title = rendered_or_raw (post, "title");
  content = rendered_or_raw (post, "content");
  copy = nd_article_new ();
  nd_article_set_language (copy, nd_article_get_language (self->article));
  nd_article_set_headline (copy, title ? title : "");
  /* The server's HTML is anything an editor there typed: only the subset is kept. */
  if (content && !nd_article_set_body_from_untrusted (copy, content, &error))
    {
      show_error (self, error);
      return;
    }
  begin_step (self, _("Saving their version as a new article"));
  g_set_object (&self->copy, copy);
  nd_article_store_save_async (self->store, copy, self->life, on_copy_saved_cb,
                               g_object_ref (self));
}

static void
on_conflict_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         NdPublishDialog  *self)
{
  if (self->disposed)
    return;
  if (g_str_equal (response, "overwrite"))
    {
      start_publish (self, ND_PUBLISH_FLAGS_FORCE);
    }
  else if (g_str_equal (response, "copy"))
    {
      finish_step (self, "emblem-ok-symbolic", "success");
      begin_step (self, _("Fetching their version from the site"));
      self->busy = TRUE;
      nd_publisher_fetch_remote_async (self->publisher, self->article, self->cancellable,
                                       on_remote_fetched_cb, g_object_ref (self));
    }
  else
    {
      show_form (self);
    }
}

static void
ask_about_conflict (NdPublishDialog *self,
                    const GError    *error)
{
  GtkWidget *dialog;

  finish_step (self, "dialog-warning-symbolic", "warning");
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Changed on the Site"), error->message);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "copy", _("_Open Theirs as a Copy"),
                                    "overwrite", _("_Overwrite"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "overwrite",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_conflict_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- publishing --------------------------------------------------------------------- */

static void
on_open_outbox_clicked_cb (NdPublishDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.outbox", NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
show_queued (NdPublishDialog *self,
             NdOutboxJob     *job,
             const GError    *reason)
{
  g_autofree char *description = NULL;
  g_autofree char *escaped = g_markup_escape_text (reason->message, -1);

  finish_step (self, "mail-send-symbolic", "dim-label");
  self->busy = FALSE;
  g_clear_object (&self->publisher);
  if (self->queued_page == NULL)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("Open _Outbox"));

      self->queued_page = ADW_STATUS_PAGE (adw_status_page_new ());
      adw_status_page_set_icon_name (self->queued_page, "network-offline-symbolic");
      adw_status_page_set_title (self->queued_page, _("Waiting in the Outbox"));
      gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "pill");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open Outbox"), -1);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_open_outbox_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      adw_status_page_set_child (self->queued_page, button);
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->queued_page), "queued");
    }
  description = g_strdup_printf (_("%s\n\nThe story is safe in the outbox. Newsdesk publishes it "
                                   "by itself as soon as the site answers, also after a "
                                   "restart, exactly as it is now. To send later changes, "
                                   "publish again."), escaped);
  adw_status_page_set_description (self->queued_page, description);
  gtk_stack_set_visible_child_name (self->stack, "queued");
  gtk_widget_set_visible (GTK_WIDGET (self->publish_button), FALSE);
  set_cancel_label (self, TRUE);
}

static void
on_queued_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(NdPublishDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(NdOutboxJob) job = nd_outbox_enqueue_finish (ND_OUTBOX (source), result, &error);
  g_autoptr(GError) reason = g_object_steal_data (G_OBJECT (self), "queue-reason");

  if (self->disposed)
    return;
  if (job == NULL)
    show_error (self, error);
  else
    show_queued (self, job, reason);
}

static void
queue_publish (NdPublishDialog *self,
               const GError    *reason)
{
  g_autoptr(GDateTime) at = dup_publish_at (self);

  finish_step (self, "dialog-warning-symbolic", "warning");
  begin_step (self, _("Putting the story in the outbox"));
  g_object_set_data_full (G_OBJECT (self), "queue-reason", g_error_copy (reason),
                          (GDestroyNotify) g_error_free);
  nd_outbox_enqueue_async (self->outbox, self->article, selected_account (self), self->status,
                           at, self->flags, reason, self->life, on_queued_cb,
                           g_object_ref (self));
}

static void
on_published_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(NdPublishDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;

  remote = nd_publisher_publish_finish (ND_PUBLISHER (source), result, &error);
  if (self->disposed)
    return;
  if (remote == NULL)
    {
      if (g_error_matches (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CONFLICT))
        ask_about_conflict (self, error);
      else if (self->outbox && nd_outbox_error_is_retryable (error, NULL))
        queue_publish (self, error);
      else
        show_error (self, error);
      return;
    }
  /* An older queued snapshot of this article must never overwrite what just went out. */
  if (self->outbox && selected_account (self))
    nd_outbox_forget_async (self->outbox, nd_article_get_id (self->article),
                            nd_account_get_id (selected_account (self)), NULL, NULL, NULL);
  {
    g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
    NdAccount *account = selected_account (self);

    /* The window loads this account's sections and tags for the pickers next time. */
    if (account)
      g_settings_set_string (settings, "last-account", nd_account_get_id (account));
  }
  show_success (self, remote);
  g_signal_emit (self, signals[SIGNAL_PUBLISHED], 0, remote);
}

static void
publish_with_secret (NdPublishDialog *self,
                     const char      *secret)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = dup_publish_at (self);

  g_clear_object (&self->publisher);
  self->publisher = new_publisher (self, secret, &error);
  if (self->publisher == NULL)
    {
      show_error (self, error);
      return;
    }
  /* The publisher snapshots the article now and saves the remote ids it learns with
   * nd_article_store_save, synchronously, on this thread (small files). */
  nd_publisher_publish_async (self->publisher, self->article, self->status, at, self->flags,
                              progress_cb, self, self->cancellable, on_published_cb,
                              g_object_ref (self));
}

static void
on_secret_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(NdPublishDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = nd_secrets_lookup_finish (result, &error);

  if (self->disposed)
    {
      nd_secrets_free (secret);
      return;
    }
  if (secret == NULL && error == NULL &&
      nd_publisher_factory_needs_secret (nd_account_get_kind (selected_account (self))))
    g_set_error (&error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_AUTH,
                 _("No password is stored for “%s”. Enter its application password in "
                   "Preferences → Accounts."), nd_account_get_name (selected_account (self)));
  if (error)
    {
      show_error (self, error);
      return;
    }
  publish_with_secret (self, secret);
  nd_secrets_free (secret);
}

static void
after_flush (NdPublishDialog *self)
{
  NdAccount *account = selected_account (self);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "");
      show_error (self, error);
      return;
    }

  /* An http-push token is optional: looked up, and used when there is one. */
  if (nd_publisher_factory_needs_secret (nd_account_get_kind (account)) ||
      g_str_equal (nd_account_get_kind (account), ND_ACCOUNT_KIND_HTTP_PUSH))
    {
      /* libsecret may prompt or wait for the keyring: never on this thread synchronously. */
      begin_step (self, _("Reading the password from the keyring"));
      nd_secrets_lookup_async (nd_account_get_id (account), self->cancellable, on_secret_cb,
                               g_object_ref (self));
    }
  else
    publish_with_secret (self, NULL);
}

static void
on_flushed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(NdPublishDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = nd_article_editor_save_finish (ND_ARTICLE_EDITOR (source), result, &error);

  if (self->disposed)
    return;
  if (!ok)
    show_error (self, error);
  else
    after_flush (self);
}

static void
start_publish (NdPublishDialog *self,
               NdPublishFlags   flags)
{
  NdAccount *account = selected_account (self);
  g_autofree char *title = NULL;

  g_return_if_fail (account != NULL);

  self->busy = TRUE;
  g_free (self->status);
  self->status = g_strdup (selected_status (self));
  self->flags = flags;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  clear_steps (self);
  title = g_strdup_printf (_("Publishing to %s"), nd_account_get_name (account));
  gtk_label_set_text (self->progress_title, title);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  gtk_widget_set_visible (GTK_WIDGET (self->publish_button), FALSE);
  set_cancel_label (self, FALSE);

  /* What is published is what the reporter sees: typed text not yet in the model lands
   * first. */
  begin_step (self, _("Saving the article"));
  if (self->editor && nd_article_editor_get_article (self->editor) == self->article)
    nd_article_editor_save_async (self->editor, FALSE, self->cancellable, on_flushed_cb,
                                  g_object_ref (self));
  else
    after_flush (self);
}

/* ---- callbacks ---------------------------------------------------------------------- */

static void
on_publish_button_clicked_cb (NdPublishDialog *self)
{
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->publish_button)) ||
      !gtk_widget_get_visible (GTK_WIDGET (self->publish_button)))
    return;
  start_publish (self, ND_PUBLISH_FLAGS_NONE);
}

static void
on_cancel_button_clicked_cb (NdPublishDialog *self)
{
  if (self->busy)
    {
      /* The publisher stops at the next step and answers with an error; an ambiguous
       * create is resolved by the next publish, without duplicates. */
      g_cancellable_cancel (self->cancellable);
      gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_retry_button_clicked_cb (NdPublishDialog *self)
{
  show_form (self);
}

static void
on_add_account_button_clicked_cb (NdPublishDialog *self)
{
  GtkWidget *preferences = nd_preferences_new (GTK_WINDOW (self));

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "accounts");
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
on_editor_flushed_at_open_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(NdPublishDialog) self = user_data;

  /* A failed save was reported by the editor; the checklist runs on the model anyway. */
  nd_article_editor_save_finish (ND_ARTICLE_EDITOR (source), result, NULL);
  if (self->disposed)
    return;
  rebuild_checklist (self);
  update_request (self);
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  on_publish_button_clicked_cb (ND_PUBLISH_DIALOG (widget));
}

/* ---- GObject ------------------------------------------------------------------------ */

static gboolean
nd_publish_dialog_close_request (GtkWindow *window)
{
  NdPublishDialog *self = ND_PUBLISH_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (nd_publish_dialog_parent_class)->close_request (window);
}

static void
nd_publish_dialog_dispose (GObject *object)
{
  NdPublishDialog *self = ND_PUBLISH_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->life);
  gtk_widget_dispose_template (GTK_WIDGET (self), ND_TYPE_PUBLISH_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->life);
  g_clear_object (&self->publisher);
  g_clear_object (&self->store);
  g_clear_object (&self->accounts);
  g_clear_object (&self->article);
  g_clear_object (&self->copy);
  g_clear_object (&self->editor);
  g_clear_object (&self->outbox);
  g_clear_pointer (&self->checklist, g_ptr_array_unref);
  g_clear_pointer (&self->checklist_rows, g_ptr_array_unref);
  self->step_row = NULL;

  G_OBJECT_CLASS (nd_publish_dialog_parent_class)->dispose (object);
}

static void
nd_publish_dialog_finalize (GObject *object)
{
  NdPublishDialog *self = ND_PUBLISH_DIALOG (object);

  g_free (self->status);
  g_free (self->step_text);
  g_clear_pointer (&self->when, g_date_time_unref);

  G_OBJECT_CLASS (nd_publish_dialog_parent_class)->finalize (object);
}

static void
nd_publish_dialog_class_init (NdPublishDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = nd_publish_dialog_dispose;
  object_class->finalize = nd_publish_dialog_finalize;
  window_class->close_request = nd_publish_dialog_close_request;

  signals[SIGNAL_PUBLISHED] =
    g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);
  signals[SIGNAL_ARTICLE_CREATED] =
    g_signal_new ("article-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, ND_TYPE_ARTICLE);

  nd_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/nd-publish-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, publish_button);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, account_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, no_account_row);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, when_row);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, when_button);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, checklist_group);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, request_expander);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, request_view);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, progress_title);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, steps_list);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, upload_bar);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, success_page);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, post_link);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, unchanged_label);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, NdPublishDialog, minute_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_when_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_spin_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_publish_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_account_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "dialog.publish", NULL, publish_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "dialog.publish", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "dialog.publish", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
nd_publish_dialog_init (NdPublishDialog *self)
{
  g_autoptr(GtkExpression) name = NULL;

  self->checklist_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->life = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  name = gtk_property_expression_new (ND_TYPE_ACCOUNT, NULL, "name");
  gtk_drop_down_set_expression (self->account_dropdown, name);

  nd_a11y_name_drop_down_rows (self->account_dropdown);
  nd_a11y_name_combo_row_rows (self->status_row);
}

/* ---- public API --------------------------------------------------------------------- */

NdPublishDialog *
nd_publish_dialog_new (GtkWindow       *parent,
                       NdArticleStore  *store,
                       NdAccountStore  *accounts,
                       NdArticle       *article,
                       NdArticleEditor *editor)
{
  NdPublishDialog *self;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) when = NULL;
  GDateTime *publish_at;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ND_IS_ARTICLE_STORE (store), NULL);
  g_return_val_if_fail (ND_IS_ACCOUNT_STORE (accounts), NULL);
  g_return_val_if_fail (ND_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (editor == NULL || ND_IS_ARTICLE_EDITOR (editor), NULL);

  self = g_object_new (ND_TYPE_PUBLISH_DIALOG,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->store = g_object_ref (store);
  self->accounts = g_object_ref (accounts);
  self->article = g_object_ref (article);
  self->editor = editor ? g_object_ref (editor) : NULL;

  adw_window_title_set_subtitle (self->window_title, nd_article_get_headline (article));

  /* Scheduling starts from the article's own time if it is ahead, else the next full hour. */
  publish_at = nd_article_get_publish_at (article);
  if (publish_at && g_date_time_compare (publish_at, now) > 0)
    when = g_date_time_to_local (publish_at);
  else
    {
      g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);
      when = g_date_time_new_local (g_date_time_get_year (later), g_date_time_get_month (later),
                                    g_date_time_get_day_of_month (later),
                                    g_date_time_get_hour (later), 0, 0);
    }
  set_when (self, when);
  if (g_strcmp0 (nd_article_get_status (article), "scheduled") == 0 && publish_at &&
      g_date_time_compare (publish_at, now) > 0)
    adw_combo_row_set_selected (self->status_row, STATUS_FUTURE);

  gtk_drop_down_set_model (self->account_dropdown, nd_account_store_get_accounts (accounts));
  g_signal_connect_object (nd_account_store_get_accounts (accounts), "items-changed",
                           G_CALLBACK (update_accounts), self, G_CONNECT_SWAPPED);
  select_initial_account (self);
  rebuild_checklist (self);
  update_accounts (self);

  if (editor && nd_article_editor_get_article (editor) == article)
    nd_article_editor_save_async (editor, FALSE, self->life, on_editor_flushed_at_open_cb,
                                  g_object_ref (self));
  return self;
}

void
nd_publish_dialog_set_outbox (NdPublishDialog *self,
                              NdOutbox        *outbox)
{
  g_return_if_fail (ND_IS_PUBLISH_DIALOG (self));
  g_return_if_fail (outbox == NULL || ND_IS_OUTBOX (outbox));

  g_set_object (&self->outbox, outbox);
}
