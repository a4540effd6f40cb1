/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-outbox-window"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-outbox-window.h"

struct _NdOutboxWindow
{
  AdwWindow        parent_instance;

  NdOutbox        *outbox;
  NdArticleStore  *store;
  NdAccountStore  *accounts;
  GCancellable    *cancellable;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *list;
  GtkButton       *retry_all_button;
};

G_DEFINE_FINAL_TYPE (NdOutboxWindow, nd_outbox_window, ADW_TYPE_WINDOW)

char *
nd_outbox_job_describe (NdOutboxJob *job)
{
  const char *error = nd_outbox_job_get_last_error (job);
  guint attempts = nd_outbox_job_get_attempts (job);

  switch (nd_outbox_job_get_state (job))
    {
    case ND_OUTBOX_JOB_RUNNING:
      return g_strdup (_("Publishing now…"));

    case ND_OUTBOX_JOB_FAILED:
      return g_strdup_printf (_("Needs your attention: %s"),
                              error ? error : _("the last attempt failed."));

    case ND_OUTBOX_JOB_QUEUED:
    default:
      {
        GDateTime *next = nd_outbox_job_get_next_attempt (job);
        g_autofree char *when = NULL;
        g_autofree char *waiting = NULL;

        if (next)
          {
            g_autoptr(GDateTime) local = g_date_time_to_local (next);
            g_autoptr(GDateTime) now = g_date_time_new_now_local ();

            if (g_date_time_compare (local, now) <= 0)
              when = g_strdup (_("Next try: as soon as possible."));
            else if (g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now) &&
                     g_date_time_get_year (local) == g_date_time_get_year (now))
              {
                g_autofree char *time = g_date_time_format (local, "%H:%M");
                /* Translators: %s is a time such as 14:05 */
                when = g_strdup_printf (_("Next try at %s."), time);
              }
            else
              {
                g_autofree char *time = g_date_time_format (local, "%x %H:%M");
                when = g_strdup_printf (_("Next try at %s."), time);
              }
          }
        else
          when = g_strdup (_("Next try when the network is back."));

        if (attempts == 0)
          waiting = g_strdup (_("Waiting to be sent."));
        else
          waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Not sent after %u attempt.",
                                                  "Not sent after %u attempts.", attempts),
                                     attempts);

        if (error)
          return g_strdup_printf ("%s %s %s", waiting, error, when);
        return g_strdup_printf ("%s %s", waiting, when);
      }
    }
}

/* ---- rows --------------------------------------------------------------------------- */

static void
update_row (GtkWidget   *row,
            NdOutboxJob *job)
{
  AdwActionRow *action_row = ADW_ACTION_ROW (row);
  GtkWidget *retry = g_object_get_data (G_OBJECT (row), "retry");
  GtkWidget *cancel = g_object_get_data (G_OBJECT (row), "cancel");
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), "icon");
  NdOutboxJobState state = nd_outbox_job_get_state (job);
  const char *headline = nd_outbox_job_get_headline (job);
  g_autofree char *title = g_markup_escape_text (headline && *headline ? headline
                                                                       : _("Untitled article"),
                                                 -1);
  g_autofree char *description = nd_outbox_job_describe (job);
  g_autofree char *account = NULL;
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Translators: "account name — what is happening" in the outbox */
  account = g_strdup_printf (_("To %s"), nd_outbox_job_get_account_name (job));
  subtitle = g_strdup_printf ("%s — %s", account, description);
  {
    g_autofree char *escaped = g_markup_escape_text (subtitle, -1);
    adw_action_row_set_subtitle (action_row, escaped);
  }

  gtk_widget_set_sensitive (retry, state != ND_OUTBOX_JOB_RUNNING);
  gtk_widget_set_sensitive (cancel, state != ND_OUTBOX_JOB_RUNNING);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon),
                                state == ND_OUTBOX_JOB_FAILED ? "dialog-warning-symbolic"
                                : state == ND_OUTBOX_JOB_RUNNING ? "mail-send-symbolic"
                                : "network-offline-symbolic");
  if (state == ND_OUTBOX_JOB_FAILED)
    gtk_widget_add_css_class (icon, "warning");
  else
    gtk_widget_remove_css_class (icon, "warning");

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, headline && *headline ? headline
                                                                 : _("Untitled article"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);
}

static void
on_job_notify_cb (NdOutboxJob *job,
                  GParamSpec  *pspec,
                  GtkWidget   *row)
{
  update_row (row, job);
}

static void
on_retry_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(NdOutboxWindow) self = user_data;

  /* Each job's row says how its attempt went (published rows leave the list), so a failed
   * attempt needs no toast of its own. */
  nd_outbox_retry_finish (ND_OUTBOX (source), result, NULL, NULL, NULL, NULL);
}

static void
on_retry_clicked_cb (GtkButton      *button,
                     NdOutboxWindow *self)
{
  NdOutboxJob *job = g_object_get_data (G_OBJECT (button), "job");

  nd_outbox_retry_async (self->outbox, job, self->cancellable, on_retry_done_cb,
                         g_object_ref (self));
}

typedef struct
{
  char           *article_id;
  char           *account_id;
  char           *status;
  GDateTime      *publish_at;
  NdPublishFlags  flags;
} UndoData;

static void
undo_data_free (gpointer data)
{
  UndoData *undo = data;

  g_free (undo->article_id);
  g_free (undo->account_id);
  g_free (undo->status);
  g_clear_pointer (&undo->publish_at, g_date_time_unref);
  g_free (undo);
}

static void
on_requeued_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(NdOutboxWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(NdOutboxJob) job = nd_outbox_enqueue_finish (ND_OUTBOX (source), result, &error);

  if (job == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
    }
}

static void
on_undo_article_loaded_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdOutboxWindow *self = g_task_get_source_object (task);
  UndoData *undo = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(NdArticle) article = nd_article_store_load_finish (ND_ARTICLE_STORE (source),
                                                               result, &error);
  NdAccount *account;

  if (article == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *escaped = g_markup_escape_text (error->message, -1);
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
        }
      return;
    }

  account = nd_account_store_find_by_id (self->accounts, undo->account_id);
  if (account == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("The account no longer exists.")));
      return;
    }
  nd_outbox_enqueue_async (self->outbox, article, account, undo->status, undo->publish_at,
                           undo->flags, NULL, self->cancellable, on_requeued_cb,
                           g_object_ref (self));
}

static void
on_undo_cancel_cb (AdwToast       *toast,
                   NdOutboxWindow *self)
{
  UndoData *undo = g_object_steal_data (G_OBJECT (toast), "undo");
  GTask *task;

  if (undo == NULL)
    return;
  /* The snapshot is gone: queue the article as it is in the library now. */
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (task, undo, undo_data_free);
  nd_article_store_load_async (self->store, undo->article_id, self->cancellable,
                               on_undo_article_loaded_cb, task);
}

typedef struct
{
  NdOutboxWindow *self;
  AdwToast       *toast;
} CancelData;

static void
on_cancel_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CancelData *data = user_data;
  g_autoptr(NdOutboxWindow) self = data->self;
  g_autoptr(AdwToast) toast = data->toast;
  g_autoptr(GError) error = NULL;

  g_free (data);
  if (!nd_outbox_cancel_finish (ND_OUTBOX (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *escaped = g_markup_escape_text (error->message, -1);
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
        }
      return;
    }
  adw_toast_overlay_add_toast (self->toast_overlay, g_steal_pointer (&toast));
}

static void
on_cancel_clicked_cb (GtkButton      *button,
                      NdOutboxWindow *self)
{
  NdOutboxJob *job = g_object_get_data (G_OBJECT (button), "job");
  const char *headline = nd_outbox_job_get_headline (job);
  g_autofree char *escaped = NULL;
  g_autofree char *title = NULL;
  UndoData *undo = g_new0 (UndoData, 1);
  CancelData *data = g_new0 (CancelData, 1);

  undo->article_id = g_strdup (nd_outbox_job_get_article_id (job));
  undo->account_id = g_strdup (nd_outbox_job_get_account_id (job));
  undo->status = g_strdup (nd_outbox_job_get_status (job));
  undo->publish_at = nd_outbox_job_get_publish_at (job)
                       ? g_date_time_ref (nd_outbox_job_get_publish_at (job)) : NULL;
  undo->flags = nd_outbox_job_get_flags (job);

  escaped = g_markup_escape_text (headline && *headline ? headline : _("Untitled article"), -1);
  title = g_strdup_printf (_("“%s” will not be published"), escaped);
  data->self = g_object_ref (self);
  data->toast = adw_toast_new (title);
  adw_toast_set_button_label (data->toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (data->toast), "undo", undo, undo_data_free);
  g_signal_connect_object (data->toast, "button-clicked", G_CALLBACK (on_undo_cancel_cb), self, 0);
  nd_outbox_cancel_async (self->outbox, job, self->cancellable, on_cancel_done_cb, data);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  NdOutboxWindow *self = user_data;
  NdOutboxJob *job = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *retry = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  GtkWidget *cancel = gtk_button_new_from_icon_name ("edit-delete-symbolic");

  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (retry, "flat");
  gtk_widget_set_tooltip_text (retry, _("Retry Now"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (retry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Retry Now"), -1);
  g_object_set_data_full (G_OBJECT (retry), "job", g_object_ref (job), g_object_unref);
  g_signal_connect (retry, "clicked", G_CALLBACK (on_retry_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), retry);

  gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (cancel, "flat");
  gtk_widget_set_tooltip_text (cancel, _("Cancel Publishing"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (cancel),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cancel Publishing"), -1);
  g_object_set_data_full (G_OBJECT (cancel), "job", g_object_ref (job), g_object_unref);
  g_signal_connect (cancel, "clicked", G_CALLBACK (on_cancel_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), cancel);

  g_object_set_data (G_OBJECT (row), "retry", retry);
  g_object_set_data (G_OBJECT (row), "cancel", cancel);
  g_object_set_data (G_OBJECT (row), "icon", icon);
  update_row (row, job);
  g_signal_connect_object (job, "notify", G_CALLBACK (on_job_notify_cb), row, 0);
  return row;
}

static void
update_stack (NdOutboxWindow *self)
{
  GListModel *jobs = nd_outbox_get_jobs (self->outbox);
  guint n = g_list_model_get_n_items (jobs);

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_all_button), n > 0);
}

static void
on_items_changed_cb (GListModel     *model,
                     guint           position,
                     guint           removed,
                     guint           added,
                     NdOutboxWindow *self)
{
  update_stack (self);
}

static void
on_retry_all_clicked_cb (GtkButton      *button,
                         NdOutboxWindow *self)
{
  nd_outbox_retry_async (self->outbox, NULL, self->cancellable, on_retry_done_cb,
                         g_object_ref (self));
}

/* ---- window ------------------------------------------------------------------------- */

static void
nd_outbox_window_dispose (GObject *object)
{
  NdOutboxWindow *self = ND_OUTBOX_WINDOW (object);

  /* Attempts started here go on in the outbox; only our callbacks stop. */
  g_cancellable_cancel (self->cancellable);
  if (self->outbox)
    g_signal_handlers_disconnect_by_data (nd_outbox_get_jobs (self->outbox), self);

  G_OBJECT_CLASS (nd_outbox_window_parent_class)->dispose (object);
}

static void
nd_outbox_window_finalize (GObject *object)
{
  NdOutboxWindow *self = ND_OUTBOX_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->outbox);
  g_clear_object (&self->store);
  g_clear_object (&self->accounts);

  G_OBJECT_CLASS (nd_outbox_window_parent_class)->finalize (object);
}

static void
nd_outbox_window_class_init (NdOutboxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nd_outbox_window_dispose;
  object_class->finalize = nd_outbox_window_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
nd_outbox_window_init (NdOutboxWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *explanation;

  self->cancellable = g_cancellable_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Outbox"));
  gtk_window_set_default_size (GTK_WINDOW (self), 620, 460);

  self->retry_all_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Retry All")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->retry_all_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Retry All"), -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->retry_all_button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->retry_all_button),
                               _("Try to publish every waiting story now"));
  g_signal_connect (self->retry_all_button, "clicked", G_CALLBACK (on_retry_all_clicked_cb),
                    self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->retry_all_button));
  gtk_box_append (GTK_BOX (box), header);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "mail-send-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("The Outbox Is Empty"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("A story that cannot reach its site waits here and is "
                                     "published automatically as soon as the site answers."));

  explanation = gtk_label_new (_("These stories could not reach their site yet. Newsdesk keeps "
                                 "trying in the background, also after a restart, and sends "
                                 "each one exactly as it was when you pressed Publish."));
  gtk_label_set_wrap (GTK_LABEL (explanation), TRUE);
  gtk_label_set_xalign (GTK_LABEL (explanation), 0);
  gtk_widget_add_css_class (explanation, "dim-label");
  gtk_box_append (GTK_BOX (inner), explanation);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Waiting stories"), -1);
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->list));

  gtk_widget_set_margin_top (inner, 18);
  gtk_widget_set_margin_bottom (inner, 18);
  gtk_widget_set_margin_start (inner, 12);
  gtk_widget_set_margin_end (inner, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), inner);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_stack_add_named (self->stack, scrolled, "list");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));

  self->toast_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toast_overlay, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toast_overlay));
}

GtkWidget *
nd_outbox_window_new (GtkWindow      *parent,
                      NdOutbox       *outbox,
                      NdArticleStore *store,
                      NdAccountStore *accounts)
{
  NdOutboxWindow *self;
  GListModel *jobs;

  g_return_val_if_fail (ND_IS_OUTBOX (outbox), NULL);

  self = g_object_new (ND_TYPE_OUTBOX_WINDOW,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->outbox = g_object_ref (outbox);
  self->store = g_object_ref (store);
  self->accounts = g_object_ref (accounts);

  jobs = nd_outbox_get_jobs (outbox);
  gtk_list_box_bind_model (self->list, jobs, create_row, self, NULL);
  g_signal_connect (jobs, "items-changed", G_CALLBACK (on_items_changed_cb), self);
  update_stack (self);

  return GTK_WIDGET (self);
}
