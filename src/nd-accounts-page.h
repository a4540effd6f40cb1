/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nd-account-store.h"

G_BEGIN_DECLS

#define ND_TYPE_ACCOUNTS_PAGE (nd_accounts_page_get_type ())
G_DECLARE_FINAL_TYPE (NdAccountsPage, nd_accounts_page, ND, ACCOUNTS_PAGE, AdwPreferencesPage)

/* The "Accounts" page of Preferences (page name "accounts"): lists the accounts of store
 * with Add, Edit and Remove. */
GtkWidget *nd_accounts_page_new (NdAccountStore *store);

G_END_DECLS
