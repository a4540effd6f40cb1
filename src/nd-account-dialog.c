/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-account-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-account-dialog.h"
#include "nd-secrets.h"
#include "nd-tls.h"
#include "nd-wordpress.h"

struct _NdAccountDialog
{
  AdwWindow             parent_instance;

  GtkWidget            *save_button;
  AdwEntryRow          *name_row;
  AdwEntryRow          *url_row;
  AdwEntryRow          *user_row;
  AdwEntryRow          *password_row;
  GtkSwitch            *http_switch;
  GtkWidget            *test_button;
  GtkSpinner           *test_spinner;
  AdwPreferencesGroup  *results_group;
  GPtrArray            *result_rows;
  GtkLabel             *error_label;
  /* The server certificate: a refused one to look at and perhaps trust, or the pin. */
  AdwPreferencesGroup  *cert_group;
  GtkLabel             *cert_details;
  GtkWidget            *trust_button;
  AdwActionRow         *pinned_row;
  GtkWidget            *forget_button;
  GTlsCertificate      *offered;         /* refused by the last test */
  GTlsCertificateFlags  offered_flags;   /* what is wrong with it */
  char                 *pinned_pem;      /* saved to the account with the other fields */

  NdAccountStore       *store;
  NdAccount            *account;         /* NULL when adding */
  NdAccount            *pending;         /* being added, until the keyring has its password */
  NdWordpressClient    *client;          /* of the test under way */
  GCancellable         *test_cancellable;
  GCancellable         *life;
  gboolean              disposed;
};

G_DEFINE_FINAL_TYPE (NdAccountDialog, nd_account_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers ------------------------------------------------------------------------ */

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
dup_stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (text_of (row)));
}

static void
set_busy (NdAccountDialog *self,
          gboolean         busy)
{
  gtk_spinner_set_spinning (self->test_spinner, busy);
  gtk_widget_set_sensitive (self->test_button, !busy);
}

static void
clear_results (NdAccountDialog *self)
{
  for (guint i = 0; i < self->result_rows->len; i++)
    adw_preferences_group_remove (self->results_group, g_ptr_array_index (self->result_rows, i));
  g_ptr_array_set_size (self->result_rows, 0);
}

/* One line of the test report: what was checked, and the client's own words on failure. */
static void
add_result (NdAccountDialog *self,
            gboolean         ok,
            const char      *text)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");

  gtk_widget_add_css_class (icon, ok ? "success" : "error");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_widget_set_name (row, ok ? "test-ok" : "test-failed");
  adw_preferences_group_add (self->results_group, row);
  g_ptr_array_add (self->result_rows, row);
}

static void
show_error (NdAccountDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  gtk_widget_set_sensitive (self->save_button, TRUE);
}

/* ---- the server certificate -------------------------------------------------------- */

static void
update_certificate (NdAccountDialog *self)
{
  gboolean offered = self->offered != NULL;
  gboolean pinned = self->pinned_pem != NULL;

  if (offered)
    {
      g_autofree char *details = nd_tls_certificate_describe (self->offered, self->offered_flags);

      g_strchomp (details);
      gtk_label_set_text (self->cert_details, details);
    }
  if (pinned)
    {
      g_autofree char *fingerprint = nd_tls_pem_fingerprint (self->pinned_pem);
      adw_action_row_set_subtitle (self->pinned_row, fingerprint ? fingerprint : "?");
    }
  /* The card with the details and the Trust button. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->cert_details)), offered);
  gtk_widget_set_visible (GTK_WIDGET (self->pinned_row), pinned);
  gtk_widget_set_visible (GTK_WIDGET (self->cert_group), offered || pinned);
}

/* After a failed test: a certificate problem offers the certificate to trust. */
static void
offer_certificate (NdAccountDialog *self,
                   const GError    *error)
{
  GTlsCertificateFlags flags = 0;
  GTlsCertificate *rejected = NULL;

  if (g_error_matches (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TLS) && self->client)
    rejected = nd_wordpress_client_get_rejected_certificate (self->client, &flags);
  g_set_object (&self->offered, rejected);
  self->offered_flags = flags;
  update_certificate (self);
}

static void on_test_clicked_cb (NdAccountDialog *self);

static void
on_trust_clicked_cb (NdAccountDialog *self)
{
  if (self->offered == NULL)
    return;
  g_free (self->pinned_pem);
  self->pinned_pem = nd_tls_certificate_get_pem (self->offered);
  g_clear_object (&self->offered);
  update_certificate (self);
  /* Kept with Save, like the other fields; tested at once. */
  on_test_clicked_cb (self);
}

static void
on_forget_clicked_cb (NdAccountDialog *self)
{
  g_clear_pointer (&self->pinned_pem, g_free);
  update_certificate (self);
}

/* ---- test connection ---------------------------------------------------------------- */

static void
on_whoami_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(NdAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) me = nd_wordpress_client_whoami_finish (ND_WORDPRESS_CLIENT (source),
                                                                result, &error);
  g_autofree char *text = NULL;

  if (self->disposed)
    return;
  set_busy (self, FALSE);
  if (me == NULL)
    {
      add_result (self, FALSE, error->message);
      offer_certificate (self, error);
      return;
    }
  text = g_strdup_printf (_("Signed in as %s"),
                          json_object_get_string_member_with_default (me, "name", "?"));
  add_result (self, TRUE, text);
}

static void
on_discovered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(NdAccountDialog) self = user_data;
  NdWordpressClient *client = ND_WORDPRESS_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *site;

  if (!nd_wordpress_client_discover_finish (client, result, &error))
    {
      if (!self->disposed)
        {
          set_busy (self, FALSE);
          add_result (self, FALSE, error->message);
          offer_certificate (self, error);
        }
      return;
    }
  if (self->disposed)
    return;
  site = nd_wordpress_client_get_site_name (client);
  text = g_strdup_printf (_("WordPress found: %s"), site && *site ? site
                          : nd_wordpress_client_get_api_root (client));
  add_result (self, TRUE, text);

  if (!nd_wordpress_client_check_app_passwords (client, &error))
    {
      set_busy (self, FALSE);
      add_result (self, FALSE, error->message);
      return;
    }
  add_result (self, TRUE, _("Application passwords are available"));
  nd_wordpress_client_whoami_async (client, self->test_cancellable, on_whoami_cb,
                                    g_object_ref (self));
}

static void
test_with_password (NdAccountDialog *self,
                    const char      *password)
{
  g_autofree char *url = dup_stripped (self->url_row);
  g_autofree char *user = dup_stripped (self->user_row);
  gboolean allow = gtk_switch_get_active (self->http_switch);
  g_autoptr(GError) error = NULL;

  if (!nd_wordpress_check_url (url, allow, &error))
    {
      set_busy (self, FALSE);
      add_result (self, FALSE, error->message);
      return;
    }
  g_clear_object (&self->client);
  self->client = nd_wordpress_client_new (url, user, password, allow);
  nd_wordpress_client_set_pinned_certificate (self->client, self->pinned_pem);
  nd_wordpress_client_discover_async (self->client, self->test_cancellable, on_discovered_cb,
                                      g_object_ref (self));
}

static void
on_stored_password_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(NdAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password = nd_secrets_lookup_finish (result, &error);

  if (self->disposed)
    {
      nd_secrets_free (password);
      return;
    }
  if (error)
    {
      set_busy (self, FALSE);
      add_result (self, FALSE, error->message);
      return;
    }
  test_with_password (self, password);
  nd_secrets_free (password);
}

static void
on_test_clicked_cb (NdAccountDialog *self)
{
  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  self->test_cancellable = g_cancellable_new ();
  clear_results (self);
  set_busy (self, TRUE);
  g_clear_object (&self->offered);
  update_certificate (self);

  /* Editing with the password left empty tests the one in the keyring. */
  if (*text_of (self->password_row) == '\0' && self->account)
    nd_secrets_lookup_async (nd_account_get_id (self->account), self->test_cancellable,
                             on_stored_password_cb, g_object_ref (self));
  else
    test_with_password (self, text_of (self->password_row));
}

/* ---- save --------------------------------------------------------------------------- */

static void
apply_fields (NdAccountDialog *self,
              NdAccount       *account)
{
  g_autofree char *name = dup_stripped (self->name_row);
  g_autofree char *url = dup_stripped (self->url_row);
  g_autofree char *user = dup_stripped (self->user_row);

  nd_account_set_name (account, name);
  nd_account_set_url (account, url);
  nd_account_set_user (account, user);
  nd_account_set_allow_insecure_http (account, gtk_switch_get_active (self->http_switch));
  nd_account_set_pinned_certificate (account, self->pinned_pem);
}

static void
finish_saved (NdAccountDialog *self,
              NdAccount       *account)
{
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, account);
  gtk_window_destroy (GTK_WINDOW (self));
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
on_secret_stored_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(NdAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(NdAccount) pending = g_steal_pointer (&self->pending);

  if (!nd_secrets_store_finish (result, &error))
    {
      g_autofree char *message = NULL;

      if (self->disposed)
        return;
      message = g_strdup_printf (_("The password could not be kept in the keyring: %s"),
                                 error->message);
      show_error (self, message);
      return;
    }
  if (self->disposed)
    return;

  if (pending)
    {
      /* Added only now, so there is never an account whose password went missing. */
      if (!nd_account_store_add (self->store, pending, &error))
        {
          nd_secrets_delete_async (nd_account_get_id (pending), NULL, on_secret_deleted_cb, NULL);
          show_error (self, error->message);
          return;
        }
      finish_saved (self, pending);
      return;
    }
  finish_saved (self, self->account);
}

static void
on_save_clicked_cb (NdAccountDialog *self)
{
  g_autofree char *name = dup_stripped (self->name_row);
  g_autofree char *url = dup_stripped (self->url_row);
  g_autofree char *user = dup_stripped (self->user_row);
  const char *password = text_of (self->password_row);
  g_autoptr(GError) error = NULL;
  NdAccount *same_name;
  g_autofree char *label = NULL;

  if (*name == '\0')
    {
      show_error (self, _("Give the account a name."));
      return;
    }
  same_name = nd_account_store_find_by_name (self->store, name);
  if (same_name && same_name != self->account)
    {
      show_error (self, _("Another account already has that name."));
      return;
    }
  if (!nd_wordpress_check_url (url, gtk_switch_get_active (self->http_switch), &error))
    {
      show_error (self, error->message);
      return;
    }
  if (*user == '\0')
    {
      show_error (self, _("Enter the user name you sign in to the site with."));
      return;
    }
  if (self->account == NULL && *password == '\0')
    {
      show_error (self, _("Enter an application password (Users → Profile → "
                          "Application Passwords on the site)."));
      return;
    }

  show_error (self, NULL);
  gtk_widget_set_sensitive (self->save_button, FALSE);

  if (self->account)
    {
      apply_fields (self, self->account);
      if (!nd_account_store_save (self->store, &error))
        {
          show_error (self, error->message);
          return;
        }
      if (*password == '\0')
        {
          finish_saved (self, self->account);
          return;
        }
    }
  else
    {
      g_clear_object (&self->pending);
      self->pending = nd_account_new (ND_ACCOUNT_KIND_WORDPRESS, name);
      apply_fields (self, self->pending);
    }

  label = g_strdup_printf (_("Newsdesk: %s"), name);
  nd_secrets_store_async (nd_account_get_id (self->account ? self->account : self->pending),
                          label, password, self->life, on_secret_stored_cb, g_object_ref (self));
}

static void
on_cancel_clicked_cb (NdAccountDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
nd_account_dialog_dispose (GObject *object)
{
  NdAccountDialog *self = ND_ACCOUNT_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->test_cancellable);
  g_cancellable_cancel (self->life);
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->life);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->account);
  g_clear_object (&self->pending);
  g_clear_object (&self->offered);
  g_clear_pointer (&self->pinned_pem, g_free);
  g_clear_pointer (&self->result_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (nd_account_dialog_parent_class)->dispose (object);
}

static void
nd_account_dialog_class_init (NdAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nd_account_dialog_dispose;

  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ND_TYPE_ACCOUNT);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
labelled (GtkWidget  *widget,
          const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return widget;
}

static AdwEntryRow *
entry_row (AdwPreferencesGroup *group,
           GtkWidget           *row,
           const char          *title)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  labelled (row, title);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

static void
nd_account_dialog_init (NdAccountDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  AdwPreferencesGroup *site = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *http_row = adw_action_row_new ();
  GtkWidget *test_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->result_rows = g_ptr_array_new ();
  self->life = g_cancellable_new ();
  self->test_cancellable = g_cancellable_new ();

  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 620);

  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (on_cancel_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), labelled (cancel, _("Cancel")));
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (on_save_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), labelled (self->save_button, _("Save account")));
  gtk_box_append (GTK_BOX (box), header);

  adw_preferences_group_set_title (site, _("WordPress Site"));
  adw_preferences_group_set_description (site, _("Create an application password on the site "
                                                 "under Users → Profile → Application Passwords."));
  self->name_row = entry_row (site, adw_entry_row_new (), _("Account name"));
  self->url_row = entry_row (site, adw_entry_row_new (), _("Site address"));
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "https://");
  self->user_row = entry_row (site, adw_entry_row_new (), _("User name"));
  self->password_row = entry_row (site, adw_password_entry_row_new (), _("Application password"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (http_row),
                                 _("Allow credentials over plain http"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (http_row),
                               _("Anyone on the way can read the password. Only for sites on a "
                                 "network you trust."));
  self->http_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->http_switch), GTK_ALIGN_CENTER);
  labelled (GTK_WIDGET (self->http_switch), _("Allow credentials over plain http"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (http_row), GTK_WIDGET (self->http_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (http_row), GTK_WIDGET (self->http_switch));
  adw_preferences_group_add (site, http_row);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (site));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->error_label));

  self->results_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->results_group, _("Connection"));
  self->test_button = gtk_button_new_with_mnemonic (_("_Test Connection"));
  labelled (self->test_button, _("Test connection"));
  g_signal_connect_swapped (self->test_button, "clicked", G_CALLBACK (on_test_clicked_cb), self);
  self->test_spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_box_append (GTK_BOX (test_box), GTK_WIDGET (self->test_spinner));
  gtk_box_append (GTK_BOX (test_box), self->test_button);
  adw_preferences_group_set_header_suffix (self->results_group, test_box);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->results_group));

  self->cert_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->cert_group, _("Server Certificate"));
  adw_preferences_group_set_description (
    self->cert_group, _("Trust a certificate this computer cannot verify only if its fingerprint "
                        "is the one the site’s administrator gave you. It is trusted for this "
                        "account only; if the site’s certificate changes, it is refused again."));
  self->cert_details = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->cert_details, TRUE);
  gtk_label_set_wrap_mode (self->cert_details, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (self->cert_details, TRUE);
  gtk_label_set_xalign (self->cert_details, 0);
  gtk_widget_set_margin_top (GTK_WIDGET (self->cert_details), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->cert_details), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->cert_details), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->cert_details), 12);
  /* A screen reader reads the details themselves (the label's text is its name). */
  gtk_widget_set_name (GTK_WIDGET (self->cert_details), "certificate-details");
  {
    GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

    gtk_widget_add_css_class (frame, "card");
    gtk_box_append (GTK_BOX (frame), GTK_WIDGET (self->cert_details));
    gtk_widget_set_margin_bottom (buttons, 12);
    gtk_widget_set_margin_end (buttons, 12);
    self->trust_button = gtk_button_new_with_mnemonic (_("_Trust This Certificate"));
    gtk_widget_add_css_class (self->trust_button, "destructive-action");
    labelled (self->trust_button, _("Trust This Certificate"));
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->trust_button),
                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    g_signal_connect_swapped (self->trust_button, "clicked", G_CALLBACK (on_trust_clicked_cb), self);
    gtk_widget_set_halign (buttons, GTK_ALIGN_END);
    gtk_box_append (GTK_BOX (buttons), self->trust_button);
    gtk_box_append (GTK_BOX (frame), buttons);
    adw_preferences_group_add (self->cert_group, frame);
  }
  self->pinned_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pinned_row),
                                 _("Trusted certificate (SHA-256)"));
  self->forget_button = gtk_button_new_with_mnemonic (_("_Forget"));
  gtk_widget_set_valign (self->forget_button, GTK_ALIGN_CENTER);
  labelled (self->forget_button, _("Forget Trusted Certificate"));
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->forget_button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  g_signal_connect_swapped (self->forget_button, "clicked", G_CALLBACK (on_forget_clicked_cb), self);
  adw_action_row_add_suffix (self->pinned_row, self->forget_button);
  adw_preferences_group_add (self->cert_group, GTK_WIDGET (self->pinned_row));
  gtk_widget_set_visible (GTK_WIDGET (self->cert_group), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->cert_group));

  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);
}

/* ---- public API --------------------------------------------------------------------- */

NdAccountDialog *
nd_account_dialog_new (GtkWindow      *parent,
                       NdAccountStore *store,
                       NdAccount      *account)
{
  NdAccountDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ND_IS_ACCOUNT_STORE (store), NULL);
  g_return_val_if_fail (account == NULL || ND_IS_ACCOUNT (account), NULL);

  self = g_object_new (ND_TYPE_ACCOUNT_DIALOG,
                       "transient-for", parent,
                       "title", account ? _("Edit Account") : _("Add Account"),
                       NULL);
  self->store = g_object_ref (store);
  if (account)
    {
      self->account = g_object_ref (account);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), nd_account_get_name (account));
      gtk_editable_set_text (GTK_EDITABLE (self->url_row),
                             nd_account_get_url (account) ? nd_account_get_url (account) : "");
      gtk_editable_set_text (GTK_EDITABLE (self->user_row),
                             nd_account_get_user (account) ? nd_account_get_user (account) : "");
      gtk_switch_set_active (self->http_switch, nd_account_get_allow_insecure_http (account));
      self->pinned_pem = g_strdup (nd_account_get_pinned_certificate (account));
      update_certificate (self);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                     _("New application password (empty: keep)"));
    }
  return self;
}
