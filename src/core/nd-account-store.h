/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nd-account.h"

G_BEGIN_DECLS

#define ND_TYPE_ACCOUNT_STORE (nd_account_store_get_type ())
G_DECLARE_FINAL_TYPE (NdAccountStore, nd_account_store, ND, ACCOUNT_STORE, GObject)

/* $XDG_CONFIG_HOME/newsdesk/accounts.json */
char           *nd_account_store_default_path (void);
/* A store for path (NULL: the default path). Nothing is read until load. */
NdAccountStore *nd_account_store_new          (const char      *path);
const char     *nd_account_store_get_path     (NdAccountStore  *self);
/* Reads the file; a missing file is an empty list. The file is small: sync is fine. */
gboolean        nd_account_store_load         (NdAccountStore  *self,
                                               GError         **error);
/* Writes the file atomically (folder 0700, file 0600). Never contains a secret. */
gboolean        nd_account_store_save         (NdAccountStore  *self,
                                               GError         **error);
/* The accounts, in the order they were added: a GListModel of NdAccount (borrowed). */
GListModel     *nd_account_store_get_accounts (NdAccountStore  *self);
/* Adds and saves; ND_ACCOUNT_ERROR_EXISTS if another account has that name (case-
 * insensitive) or that id. */
gboolean        nd_account_store_add          (NdAccountStore  *self,
                                               NdAccount       *account,
                                               GError         **error);
/* Removes and saves; ND_ACCOUNT_ERROR_NOT_FOUND if it is not in the store. The secret
 * is not touched: see nd_secrets_delete_*. */
gboolean        nd_account_store_remove       (NdAccountStore  *self,
                                               NdAccount       *account,
                                               GError         **error);
NdAccount      *nd_account_store_find_by_id   (NdAccountStore  *self,
                                               const char      *id);
NdAccount      *nd_account_store_find_by_name (NdAccountStore  *self,
                                               const char      *name);
/* By name first, then by id. Borrowed; NULL if none. */
NdAccount      *nd_account_store_find         (NdAccountStore  *self,
                                               const char      *name_or_id);

/* The account used when none is named ("default" in accounts.json): borrowed, NULL when
 * none is set or it was removed. */
NdAccount      *nd_account_store_get_default  (NdAccountStore  *self);
/* Makes account (in the store; NULL: none) the default one and saves. */
gboolean        nd_account_store_set_default  (NdAccountStore  *self,
                                               NdAccount       *account,
                                               GError         **error);
/* First start: when the last load found no accounts file, adds the "Local folder"
 * account (kind folder, writing to nd_folder_publisher_default_folder()), makes it the
 * default and saves, so publishing works with no set-up at all. Otherwise does nothing:
 * a user who removed it does not get it back. Call after a successful load. */
gboolean        nd_account_store_ensure_default (NdAccountStore *self,
                                                 GError        **error);

G_END_DECLS
