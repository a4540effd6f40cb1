/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-accounts-page"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-account-dialog.h"
#include "nd-accounts-page.h"
#include "nd-secrets.h"

struct _NdAccountsPage
{
  AdwPreferencesPage   parent_instance;

  AdwPreferencesGroup *group;
  GPtrArray           *rows;
  NdAccountStore      *store;
};

G_DEFINE_FINAL_TYPE (NdAccountsPage, nd_accounts_page, ADW_TYPE_PREFERENCES_PAGE)

static void rebuild (NdAccountsPage *self);

static const char *
kind_display_name (const char *kind)
{
  if (g_strcmp0 (kind, ND_ACCOUNT_KIND_WORDPRESS) == 0)
    return _("WordPress");
  if (g_strcmp0 (kind, ND_ACCOUNT_KIND_FOLDER) == 0)
    return _("Folder");
  if (g_strcmp0 (kind, ND_ACCOUNT_KIND_HTTP_PUSH) == 0)
    return _("HTTP push");
  return kind;
}

static GtkWindow *
parent_window (NdAccountsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
on_secret_deleted_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!nd_secrets_delete_finish (result, &error))
    g_warning ("Could not delete a password from the keyring: %s", error->message);
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       NdAccountsPage   *self)
{
  NdAccount *account = g_object_get_data (G_OBJECT (dialog), "account");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "remove"))
    return;
  if (!nd_account_store_remove (self->store, account, &error))
    {
      GtkWindow *parent = parent_window (self);

      if (ADW_IS_PREFERENCES_WINDOW (parent))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (parent),
                                          adw_toast_new (error->message));
      return;
    }
  nd_secrets_delete_async (nd_account_get_id (account), NULL, on_secret_deleted_cb, NULL);
}

static void
on_remove_clicked_cb (GtkButton      *button,
                      NdAccountsPage *self)
{
  NdAccount *account = g_object_get_data (G_OBJECT (button), "account");
  g_autofree char *heading = g_strdup_printf (_("Remove “%s”?"), nd_account_get_name (account));
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading,
                                              _("Its password is deleted from the keyring. "
                                                "Posts already published stay on the site."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "account", g_object_ref (account), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_edit_clicked_cb (GtkButton      *button,
                    NdAccountsPage *self)
{
  NdAccount *account = g_object_get_data (G_OBJECT (button), "account");
  NdAccountDialog *dialog = nd_account_dialog_new (parent_window (self), self->store, account);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_add_clicked_cb (NdAccountsPage *self)
{
  NdAccountDialog *dialog = nd_account_dialog_new (parent_window (self), self->store, NULL);

  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
row_button (NdAccount  *account,
            const char *icon_name,
            const char *tooltip,
            const char *label_format)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);
  g_autofree char *label = g_strdup_printf (label_format, nd_account_get_name (account));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "account", g_object_ref (account), g_object_unref);
  return button;
}

static void
rebuild (NdAccountsPage *self)
{
  GListModel *accounts = nd_account_store_get_accounts (self->store);
  guint n = g_list_model_get_n_items (accounts);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No accounts yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Add the WordPress site you publish to."));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("No accounts yet"), -1);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NdAccount) account = g_list_model_get_item (accounts, i);
      GtkWidget *row = adw_action_row_new ();
      const char *url = nd_account_get_url (account);
      g_autofree char *subtitle = NULL;
      GtkWidget *button;

      subtitle = url && *url
        ? g_strdup_printf ("%s · %s", kind_display_name (nd_account_get_kind (account)), url)
        : g_strdup (kind_display_name (nd_account_get_kind (account)));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), nd_account_get_name (account));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      nd_account_get_name (account), -1);

      /* Only WordPress accounts have an editor here so far. */
      if (g_str_equal (nd_account_get_kind (account), ND_ACCOUNT_KIND_WORDPRESS))
        {
          button = row_button (account, "document-edit-symbolic", _("Edit"), _("Edit %s"));
          g_signal_connect (button, "clicked", G_CALLBACK (on_edit_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      button = row_button (account, "user-trash-symbolic", _("Remove"), _("Remove %s"));
      g_signal_connect (button, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
nd_accounts_page_dispose (GObject *object)
{
  NdAccountsPage *self = ND_ACCOUNTS_PAGE (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (nd_accounts_page_parent_class)->dispose (object);
}

static void
nd_accounts_page_class_init (NdAccountsPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = nd_accounts_page_dispose;
}

static void
nd_accounts_page_init (NdAccountsPage *self)
{
  GtkWidget *add = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  self->rows = g_ptr_array_new ();

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Accounts"));
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (self), "accounts");
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "network-server-symbolic");

  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Publishing Accounts"));
  adw_preferences_group_set_description (self->group,
                                         _("Where Publish sends articles. Passwords are kept "
                                           "in the system keyring, never in a file."));
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_Add Account"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (add), content);
  gtk_widget_add_css_class (add, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add account"), -1);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (on_add_clicked_cb), self);
  adw_preferences_group_set_header_suffix (self->group, add);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->group);
}

GtkWidget *
nd_accounts_page_new (NdAccountStore *store)
{
  NdAccountsPage *self;

  g_return_val_if_fail (ND_IS_ACCOUNT_STORE (store), NULL);

  self = g_object_new (ND_TYPE_ACCOUNTS_PAGE, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (nd_account_store_get_accounts (store), "items-changed",
                           G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  rebuild (self);
  return GTK_WIDGET (self);
}
