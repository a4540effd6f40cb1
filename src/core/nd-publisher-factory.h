/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nd-account.h"
#include "nd-article-store.h"
#include "nd-publisher.h"

G_BEGIN_DECLS

/* One place that knows every kind of account, so the window, the dialog and the CLI
 * write their code against NdPublisher only. */

/* TRUE when publishing to accounts of kind needs a secret (password, token) from the
 * keyring: look it up (nd-secrets.h) before nd_publisher_factory_new_publisher. */
gboolean     nd_publisher_factory_needs_secret   (const char     *kind);
/* A publisher for account; secret as above (NULL when none is needed). store is where
 * the article lives. NULL with ND_PUBLISH_ERROR_FAILED for a kind with no publisher. */
NdPublisher *nd_publisher_factory_new_publisher  (NdAccount      *account,
                                                  const char     *secret,
                                                  NdArticleStore *store,
                                                  GError        **error);
/* What a publish would do, as text: the exact requests, Authorization masked ("Show
 * request", --dry-run). NULL when this kind of publisher cannot describe itself. */
char        *nd_publisher_factory_describe       (NdPublisher    *publisher,
                                                  NdArticle      *article,
                                                  const char     *status,
                                                  GDateTime      *publish_at);

G_END_DECLS
