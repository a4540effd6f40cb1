/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Passwords (application passwords, tokens) live only in the Secret Service, keyed by
 * the account id: schema "io.github.newsdesk.Newsdesk.Account", attribute "account-id".
 * Never in a file, never in a log line. The sync calls are for the CLI; the GUI uses the
 * async ones. */

/* Stores (or replaces) the password in the default collection. label is what keyring
 * managers show, e.g. "Newsdesk: Newsroom WordPress". */
gboolean  nd_secrets_store_sync     (const char           *account_id,
                                     const char           *label,
                                     const char           *password,
                                     GCancellable         *cancellable,
                                     GError              **error);
/* The password, or NULL with no error set when there is none. Free with nd_secrets_free. */
char     *nd_secrets_lookup_sync    (const char           *account_id,
                                     GCancellable         *cancellable,
                                     GError              **error);
/* TRUE also when there was nothing to delete. */
gboolean  nd_secrets_delete_sync    (const char           *account_id,
                                     GCancellable         *cancellable,
                                     GError              **error);

void      nd_secrets_store_async    (const char           *account_id,
                                     const char           *label,
                                     const char           *password,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
gboolean  nd_secrets_store_finish   (GAsyncResult         *result,
                                     GError              **error);
void      nd_secrets_lookup_async   (const char           *account_id,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
char     *nd_secrets_lookup_finish  (GAsyncResult         *result,
                                     GError              **error);
void      nd_secrets_delete_async   (const char           *account_id,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
gboolean  nd_secrets_delete_finish  (GAsyncResult         *result,
                                     GError              **error);

/* Wipes and frees a password returned by this module. */
void      nd_secrets_free           (char                 *password);

G_END_DECLS
