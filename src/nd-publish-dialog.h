/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nd-account-store.h"
#include "nd-article-editor.h"
#include "nd-article-store.h"
#include "nd-outbox.h"

G_BEGIN_DECLS

#define ND_TYPE_PUBLISH_DIALOG (nd_publish_dialog_get_type ())
G_DECLARE_FINAL_TYPE (NdPublishDialog, nd_publish_dialog, ND, PUBLISH_DIALOG, AdwWindow)

/* A modal window, transient for parent, that publishes article (kept in store) to one of
 * the accounts. editor (nullable) is the editor showing article: its pending edits are
 * written before the checklist runs and again before publishing.
 *
 * Signals: "published" (JsonObject *remote: the remote state the publisher recorded) and
 * "article-created" (NdArticle *: the server's copy, saved in store as a new article,
 * after "Open Theirs as a Copy"; the dialog closes after it). */
NdPublishDialog *nd_publish_dialog_new (GtkWindow       *parent,
                                        NdArticleStore  *store,
                                        NdAccountStore  *accounts,
                                        NdArticle       *article,
                                        NdArticleEditor *editor);
/* With an outbox, a publish that cannot reach its site (offline, unreachable, 502, 503,
 * 504, 429) is queued there and the dialog says so, instead of failing. */
void             nd_publish_dialog_set_outbox (NdPublishDialog *self,
                                               NdOutbox        *outbox);

G_END_DECLS
