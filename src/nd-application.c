/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-application.h"
#include "nd-preferences.h"
#include "nd-resources.h"
#include "nd-window.h"

struct _NdApplication
{
  AdwApplication  parent_instance;

  NdArticleStore *store;
  NdAccountStore *accounts;
  NdOutbox       *outbox;
};

G_DEFINE_FINAL_TYPE (NdApplication, nd_application, ADW_TYPE_APPLICATION)

static void
nd_application_activate (GApplication *app)
{
  NdApplication *self = ND_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (nd_window_new (self));
  gtk_window_present (window);
}

static void
on_quit_activated (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* Closing (not quitting outright) lets each window write what is still unsaved. */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
on_about_activated (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "The Newsdesk team", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Newsdesk"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Newsdesk team"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Write news articles and publish them to your newsroom’s CMS"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         NULL);
}

static void
on_preferences_activated (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  gtk_window_present (GTK_WINDOW (nd_preferences_new (gtk_application_get_active_window (app))));
}

static const GActionEntry app_actions[] = {
  { "quit", on_quit_activated },
  { "preferences", on_preferences_activated },
  { "about", on_about_activated },
};

static void
clear_undo_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  nd_article_store_clear_undo (source_object);
  g_task_return_boolean (task, TRUE);
}

static void
nd_application_startup (GApplication *app)
{
  NdApplication *self = ND_APPLICATION (app);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (nd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);

  /* The library location can be overridden for tests and for keeping several desks. */
  self->store = nd_article_store_new (g_getenv ("NEWSDESK_LIBRARY"));
  {
    /* Files kept for Undo by an earlier session can no longer be undone. */
    g_autoptr(GTask) task = g_task_new (self->store, NULL, NULL, NULL);
    g_task_run_in_thread (task, clear_undo_thread);
  }
}

static void
nd_application_dispose (GObject *object)
{
  NdApplication *self = ND_APPLICATION (object);

  if (self->outbox)
    nd_outbox_stop (self->outbox);
  g_clear_object (&self->outbox);
  g_clear_object (&self->store);
  g_clear_object (&self->accounts);

  G_OBJECT_CLASS (nd_application_parent_class)->dispose (object);
}

static void
nd_application_class_init (NdApplicationClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = nd_application_dispose;
  G_APPLICATION_CLASS (klass)->activate = nd_application_activate;
  G_APPLICATION_CLASS (klass)->startup = nd_application_startup;
}

static void
nd_application_init (NdApplication *self)
{
  /* Before startup, where libadwaita loads style.css from the resource base path. */
  nd_ensure_resources ();
}

NdApplication *
nd_application_new (void)
{
  return g_object_new (ND_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

NdArticleStore *
nd_application_get_store (NdApplication *self)
{
  g_return_val_if_fail (ND_IS_APPLICATION (self), NULL);
  return self->store;
}

NdAccountStore *
nd_application_get_account_store (NdApplication *self)
{
  g_return_val_if_fail (ND_IS_APPLICATION (self), NULL);

  if (self->accounts == NULL)
    {
      g_autoptr(GError) error = NULL;

      /* A few hundred bytes: reading it on the main thread is fine. A damaged file leaves
       * the list empty rather than stopping the app. */
      self->accounts = nd_account_store_new (NULL);
      /* First start: the "Local folder" account, so publishing needs no set-up. */
      if (!nd_account_store_load (self->accounts, &error) ||
          !nd_account_store_ensure_default (self->accounts, &error))
        g_warning ("Could not read the accounts: %s", error->message);
    }
  return self->accounts;
}

NdOutbox *
nd_application_get_outbox (NdApplication *self)
{
  g_return_val_if_fail (ND_IS_APPLICATION (self), NULL);

  if (self->outbox == NULL)
    self->outbox = nd_outbox_new (self->store, nd_application_get_account_store (self));
  return self->outbox;
}

void
nd_application_start_outbox (NdApplication *self)
{
  NdOutbox *outbox;

  g_return_if_fail (ND_IS_APPLICATION (self));

  outbox = nd_application_get_outbox (self);
  /* Reads the jobs in a worker, then publishes whatever is due, in the background. */
  if (!nd_outbox_get_running (outbox))
    nd_outbox_start (outbox);
}
