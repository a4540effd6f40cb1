/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ND_ACCOUNT_KIND_WORDPRESS "wordpress"
#define ND_ACCOUNT_KIND_FOLDER    "folder"
#define ND_ACCOUNT_KIND_HTTP_PUSH "http-push"

#define ND_ACCOUNT_ERROR (nd_account_error_quark ())

typedef enum
{
  ND_ACCOUNT_ERROR_INVALID,     /* a bad or missing field (accounts.json or user input) */
  ND_ACCOUNT_ERROR_EXISTS,      /* another account has that name */
  ND_ACCOUNT_ERROR_NOT_FOUND,
} NdAccountError;

GQuark       nd_account_error_quark            (void);

#define ND_TYPE_ACCOUNT (nd_account_get_type ())
G_DECLARE_FINAL_TYPE (NdAccount, nd_account, ND, ACCOUNT, GObject)

gboolean     nd_account_kind_is_valid          (const char *kind);

/* A new account with a fresh, stable id (a UUID). No secret is ever held here: passwords
 * live in libsecret, keyed by the id (see nd-secrets.h). */
NdAccount   *nd_account_new                    (const char *kind,
                                                const char *name);
NdAccount   *nd_account_copy                   (NdAccount  *self);

const char  *nd_account_get_id                 (NdAccount  *self);
const char  *nd_account_get_name               (NdAccount  *self);
void         nd_account_set_name               (NdAccount  *self,
                                                const char *name);
const char  *nd_account_get_kind               (NdAccount  *self);
const char  *nd_account_get_url                (NdAccount  *self);
void         nd_account_set_url                (NdAccount  *self,
                                                const char *url);
const char  *nd_account_get_user               (NdAccount  *self);
void         nd_account_set_user               (NdAccount  *self,
                                                const char *user);
/* Whether credentials may be sent over plain http to a host other than loopback. */
gboolean     nd_account_get_allow_insecure_http (NdAccount *self);
void         nd_account_set_allow_insecure_http (NdAccount *self,
                                                 gboolean   allow);
/* The server certificate the reporter chose to trust for this account although this
 * computer cannot verify it (PEM, certificate only; public, so it lives in accounts.json
 * with its SHA-256 fingerprint). NULL: none. See nd-tls.h. */
const char  *nd_account_get_pinned_certificate (NdAccount  *self);
void         nd_account_set_pinned_certificate (NdAccount  *self,
                                                const char *pem);
/* Settings of other kinds (folder path, push URLs, format…); never NULL. The account
 * keeps its own object: changing it in place does not notify. */
JsonObject  *nd_account_get_settings           (NdAccount  *self);
void         nd_account_set_settings           (NdAccount  *self,
                                                JsonObject *settings);

/* Serialisation for accounts.json. */
JsonNode    *nd_account_to_json                (NdAccount  *self);
NdAccount   *nd_account_new_from_json          (JsonNode   *node,
                                                GError    **error);

G_END_DECLS
