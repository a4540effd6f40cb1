/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nd-account-store.h"
#include "nd-article-store.h"

G_BEGIN_DECLS

#define ND_TYPE_APPLICATION (nd_application_get_type ())
G_DECLARE_FINAL_TYPE (NdApplication, nd_application, ND, APPLICATION, AdwApplication)

NdApplication  *nd_application_new       (void);
NdArticleStore *nd_application_get_store (NdApplication *self);
/* The publishing accounts, loaded on first use (shared by the windows and Preferences). */
NdAccountStore *nd_application_get_account_store (NdApplication *self);

G_END_DECLS
