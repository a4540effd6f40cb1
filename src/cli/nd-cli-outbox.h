/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nd-account-store.h"
#include "nd-article-store.h"
#include "nd-outbox.h"

G_BEGIN_DECLS

/* "newsdesk-cli outbox list|retry|cancel …"; argv[0] is "outbox"; library may be NULL
 * (the default library). Exit status as documented in the man page. */
int  nd_cli_outbox        (const char      *library,
                           int              argc,
                           char           **argv);

/* For "publish": puts article in the outbox after reason (a failure retrying may fix),
 * prints that it was queued and when it is retried, and returns EXIT_QUEUED (EXIT_USER
 * when it could not be queued). */
int  nd_cli_outbox_queue  (NdArticleStore  *store,
                           NdAccountStore  *accounts,
                           NdArticle       *article,
                           NdAccount       *account,
                           const char      *status,
                           GDateTime       *publish_at,
                           NdPublishFlags   flags,
                           const GError    *reason);

/* For "publish": after a direct publish went through, drops the article's older queued
 * jobs for that account, so their snapshot never overwrites it. */
void nd_cli_outbox_forget (NdArticleStore  *store,
                           NdAccountStore  *accounts,
                           const char      *article_id,
                           const char      *account_id);

G_END_DECLS
