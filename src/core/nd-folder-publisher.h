/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nd-account.h"
#include "nd-article-store.h"
#include "nd-publisher.h"

G_BEGIN_DECLS

/*
 * The local folder target (a "hot folder"): each story is written to
 * <folder>/<yyyy>/<mm>/<slug>/ as index.html (a standalone news page), article.ninjs.json
 * (ninjs 2.2) and the photo. The story folder appears whole or not at all: it is built
 * in a hidden ".<slug>.tmp-<pid>-<n>" beside it and swapped in with one rename.
 *
 * Remote state kept in the article under the account id:
 *   path       the story folder
 *   url        file:// URI of its index.html
 *   version    the ninjs version written (1, 2, …)
 *   published  RFC 3339, when the story was first written (decides <yyyy>/<mm>)
 *   status     draft, publish or future: what the last publish asked for
 */

/* Account settings key for the target folder (the account's url, a file:// URI or a
 * path, is used when it is missing). */
#define ND_FOLDER_SETTING_PATH "path"

#define ND_TYPE_FOLDER_PUBLISHER (nd_folder_publisher_get_type ())
G_DECLARE_FINAL_TYPE (NdFolderPublisher, nd_folder_publisher, ND, FOLDER_PUBLISHER, GObject)

/* The folder used when an account names none: "Newsdesk/Published" in the XDG documents
 * folder when the user has one, else in the home folder. */
char              *nd_folder_publisher_default_folder (void);
/* The folder account writes to (absolute; "~/" expanded). */
char              *nd_folder_publisher_account_folder (NdAccount         *account);

/* Publishes to the folder of account. store is where the article lives: the photo is
 * read from there and the article is saved there with its remote state. */
NdFolderPublisher *nd_folder_publisher_new            (NdAccount         *account,
                                                       NdArticleStore    *store);
const char        *nd_folder_publisher_get_folder     (NdFolderPublisher *self);

G_END_DECLS
