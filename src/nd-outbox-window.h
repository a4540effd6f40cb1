/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nd-outbox.h"

G_BEGIN_DECLS

#define ND_TYPE_OUTBOX_WINDOW (nd_outbox_window_get_type ())
G_DECLARE_FINAL_TYPE (NdOutboxWindow, nd_outbox_window, ND, OUTBOX_WINDOW, AdwWindow)

/* The outbox: every publish waiting for its site (queued, publishing now, or needing the
 * reporter), with the reason, "Retry Now" and "Cancel". Cancel has Undo (the job is queued
 * again from the article in the library). */
GtkWidget *nd_outbox_window_new (GtkWindow      *parent,
                                 NdOutbox       *outbox,
                                 NdArticleStore *store,
                                 NdAccountStore *accounts);

/* A short sentence for job's state ("Waiting for the site — next try at 14:05…"). */
char      *nd_outbox_job_describe (NdOutboxJob *job);

G_END_DECLS
