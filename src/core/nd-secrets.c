/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-secrets"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "nd-secrets.h"

#define ATTR_ACCOUNT_ID "account-id"

static const SecretSchema *
nd_secrets_schema (void)
{
  static const SecretSchema schema = {
    "io.github.newsdesk.Newsdesk.Account", SECRET_SCHEMA_NONE,
    {
      { ATTR_ACCOUNT_ID, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* libsecret's messages talk about D-Bus; say what it means for the user, keep the detail. */
static void
explain_error (GError **error)
{
  g_autofree char *detail = NULL;

  if (error == NULL || *error == NULL)
    return;
  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  detail = g_strdup ((*error)->message);
  g_clear_error (error);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("The password could not be reached in the keyring (Secret Service): %s"),
               detail);
}

gboolean
nd_secrets_store_sync (const char    *account_id,
                       const char    *label,
                       const char    *password,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (!secret_password_store_sync (nd_secrets_schema (), SECRET_COLLECTION_DEFAULT,
                                   label ? label : "Newsdesk", password, cancellable, error,
                                   ATTR_ACCOUNT_ID, account_id, NULL))
    {
      explain_error (error);
      return FALSE;
    }
  return TRUE;
}

char *
nd_secrets_lookup_sync (const char    *account_id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  GError *local_error = NULL;
  char *password;

  g_return_val_if_fail (account_id != NULL, NULL);

  password = secret_password_lookup_sync (nd_secrets_schema (), cancellable, &local_error,
                                          ATTR_ACCOUNT_ID, account_id, NULL);
  if (local_error)
    {
      g_propagate_error (error, local_error);
      explain_error (error);
    }
  return password;
}

gboolean
nd_secrets_delete_sync (const char    *account_id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (account_id != NULL, FALSE);

  /* FALSE without an error means "nothing matched", which is fine here. */
  secret_password_clear_sync (nd_secrets_schema (), cancellable, &local_error,
                              ATTR_ACCOUNT_ID, account_id, NULL);
  if (local_error)
    {
      g_propagate_error (error, local_error);
      explain_error (error);
      return FALSE;
    }
  return TRUE;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      explain_error (&error);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
nd_secrets_store_async (const char          *account_id,
                        const char          *label,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (account_id != NULL);
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, nd_secrets_store_async);
  secret_password_store (nd_secrets_schema (), SECRET_COLLECTION_DEFAULT,
                         label ? label : "Newsdesk", password, cancellable, store_cb, task,
                         ATTR_ACCOUNT_ID, account_id, NULL);
}

gboolean
nd_secrets_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error)
    {
      explain_error (&error);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

void
nd_secrets_lookup_async (const char          *account_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (account_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, nd_secrets_lookup_async);
  secret_password_lookup (nd_secrets_schema (), cancellable, lookup_cb, task,
                          ATTR_ACCOUNT_ID, account_id, NULL);
}

char *
nd_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error)
    {
      explain_error (&error);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
nd_secrets_delete_async (const char          *account_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (account_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, nd_secrets_delete_async);
  secret_password_clear (nd_secrets_schema (), cancellable, delete_cb, task,
                         ATTR_ACCOUNT_ID, account_id, NULL);
}

gboolean
nd_secrets_delete_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
nd_secrets_free (char *password)
{
  if (password)
    secret_password_free (password);
}
