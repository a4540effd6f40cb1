/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nd-account-store.h"
#include "nd-article-store.h"
#include "nd-outbox.h"

G_BEGIN_DECLS

#define ND_TYPE_APPLICATION (nd_application_get_type ())
G_DECLARE_FINAL_TYPE (NdApplication, nd_application, ND, APPLICATION, AdwApplication)

NdApplication  *nd_application_new       (void);
NdArticleStore *nd_application_get_store (NdApplication *self);
/* The publishing accounts, loaded on first use (shared by the windows and Preferences). */
NdAccountStore *nd_application_get_account_store (NdApplication *self);
/* The outbox of the library: publishes waiting for their site. Created on first use;
 * started (jobs read and retried in the background) after the first window is shown. */
NdOutbox       *nd_application_get_outbox (NdApplication *self);
/* Starts the outbox (once): called by a window after its first painted frame. */
void            nd_application_start_outbox (NdApplication *self);

G_END_DECLS
