/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nd-account-store.h"

G_BEGIN_DECLS

#define ND_TYPE_ACCOUNT_DIALOG (nd_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (NdAccountDialog, nd_account_dialog, ND, ACCOUNT_DIALOG, AdwWindow)

/* Adds a WordPress account to store (account NULL) or edits account, which is in store.
 * "Test Connection" tries what was typed, before anything is saved. The password goes to
 * the keyring (async), never into the store. Emits "saved" (NdAccount *) and closes. */
NdAccountDialog *nd_account_dialog_new (GtkWindow      *parent,
                                        NdAccountStore *store,
                                        NdAccount      *account);

G_END_DECLS
