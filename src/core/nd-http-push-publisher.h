/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "nd-account.h"
#include "nd-article-store.h"
#include "nd-ninjs.h"
#include "nd-publisher.h"

G_BEGIN_DECLS

/*
 * Superdesk-compatible HTTP push (see PROTOCOLS.md, "HTTP push"). An account of kind
 * ND_ACCOUNT_KIND_HTTP_PUSH keeps the resource URL (items are POSTed there) as its url, and
 * in its settings:
 *
 *   "assets_url"  where pictures go: GET <assets_url>/<media_id>, POST <assets_url>
 *   "format"      "ninjs-2.2" (default), "ninjs-3.1" or "superdesk"
 *   "has_token"   TRUE when a secret token is kept in the keyring for the account (the
 *                 token itself never leaves libsecret and this object)
 *
 * With a token every request carries "x-superdesk-signature: sha1=<hex HMAC-SHA1 of the
 * exact body bytes>". The remote state recorded in the article is
 * {"version": N, "media_id": "…", "photo_sha256": "…", "url": <resource url>}: an update
 * re-sends the item with version N + 1, and the photo again only when its hash changed.
 */

#define ND_HTTP_PUSH_SETTING_ASSETS_URL "assets_url"
#define ND_HTTP_PUSH_SETTING_FORMAT     "format"
#define ND_HTTP_PUSH_SETTING_HAS_TOKEN  "has_token"

#define ND_TYPE_HTTP_PUSH_PUBLISHER (nd_http_push_publisher_get_type ())
G_DECLARE_FINAL_TYPE (NdHttpPushPublisher, nd_http_push_publisher, ND, HTTP_PUSH_PUBLISHER, GObject)

/* token: the secret token, or NULL to send unsigned requests. store is where the article
 * lives: the photo is read from there and the article is saved there as soon as each part
 * of the remote state is known. */
NdHttpPushPublisher *nd_http_push_publisher_new         (NdAccount           *account,
                                                         const char          *token,
                                                         NdArticleStore      *store);
SoupSession         *nd_http_push_publisher_get_session (NdHttpPushPublisher *self);
/* The last server certificate refused (see nd-tls.h), with what is wrong; NULL if none. */
GTlsCertificate     *nd_http_push_publisher_get_rejected_certificate (NdHttpPushPublisher  *self,
                                                                      GTlsCertificateFlags *flags);
/* Seconds to wait for a connection or an answer (libsoup's default is 60). */
void                 nd_http_push_publisher_set_timeout (NdHttpPushPublisher *self,
                                                         guint                seconds);
/* The requests a publish would send, with the signature masked (for --dry-run). */
char                *nd_http_push_publisher_describe    (NdHttpPushPublisher *self,
                                                         NdArticle           *article,
                                                         const char          *status,
                                                         GDateTime           *publish_at);

/* Account settings. */
void                 nd_http_push_account_configure     (NdAccount           *account,
                                                         const char          *assets_url,
                                                         NdNinjsFlavour       format,
                                                         gboolean             has_token);
const char          *nd_http_push_account_get_assets_url (NdAccount          *account);
NdNinjsFlavour       nd_http_push_account_get_format    (NdAccount           *account);
gboolean             nd_http_push_account_get_has_token (NdAccount           *account);
/* ND_PUBLISH_ERROR_INVALID_URL unless the resource URL (and the assets URL, when given)
 * are http(s) addresses. */
gboolean             nd_http_push_check_urls            (const char          *resource_url,
                                                         const char          *assets_url,
                                                         GError             **error);

/* "sha1=<hex HMAC-SHA1 of data keyed by token>". */
char                *nd_http_push_signature             (const char          *token,
                                                         const guint8        *data,
                                                         gsize                len);
/* The stable media id of a picture: "newsdesk-<first 32 hex digits of sha256>.<ext>". */
char                *nd_http_push_media_id              (const char          *sha256,
                                                         const char          *file_name);
/* <assets_url>/<media_id>, with exactly one slash between. */
char                *nd_http_push_asset_url             (const char          *assets_url,
                                                         const char          *media_id);

G_END_DECLS
