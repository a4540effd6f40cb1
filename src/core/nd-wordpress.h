/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "nd-account.h"
#include "nd-publish-error.h"

G_BEGIN_DECLS

#define ND_TYPE_WORDPRESS_CLIENT (nd_wordpress_client_get_type ())
G_DECLARE_FINAL_TYPE (NdWordpressClient, nd_wordpress_client, ND, WORDPRESS_CLIENT, GObject)

/* TRUE for "localhost", *.localhost, 127.0.0.0/8 and ::1. */
gboolean            nd_host_is_loopback                      (const char         *host);
/* Checks that url is an http(s) address with a host, and that a password may be sent to
 * it: plain http only to loopback, unless allow_insecure_http. The errors are
 * ND_PUBLISH_ERROR_INVALID_URL and ND_PUBLISH_ERROR_APP_PASSWORDS_UNAVAILABLE. */
gboolean            nd_wordpress_check_url                   (const char         *url,
                                                              gboolean            allow_insecure_http,
                                                              GError            **error);

/* A client for one site; password may be NULL for anonymous discovery. One SoupSession
 * per client, user agent "Newsdesk/VERSION ". */
NdWordpressClient  *nd_wordpress_client_new                  (const char         *site_url,
                                                              const char         *user,
                                                              const char         *password,
                                                              gboolean            allow_insecure_http);
NdWordpressClient  *nd_wordpress_client_new_for_account      (NdAccount          *account,
                                                              const char         *password);
SoupSession        *nd_wordpress_client_get_session          (NdWordpressClient  *self);
/* A server certificate this computer cannot verify is accepted only when it is exactly
 * pem (set from the account by new_for_account; NULL: none). See nd-tls.h. */
void                nd_wordpress_client_set_pinned_certificate (NdWordpressClient *self,
                                                              const char         *pem);
/* The last certificate refused (a call failed with ND_PUBLISH_ERROR_TLS), with what is
 * wrong with it, to show and perhaps pin; NULL if none. Transfer none. */
GTlsCertificate    *nd_wordpress_client_get_rejected_certificate (NdWordpressClient    *self,
                                                              GTlsCertificateFlags *flags);
const char         *nd_wordpress_client_get_site_url         (NdWordpressClient  *self);

/* Finds the REST API root: HEAD on the site for Link rel="https://api.w.org/", else
 * "?rest_route=/"; then GET the root and check it serves wp/v2. Refuses plain http to a
 * non-loopback host before connecting (unless allowed). */
void                nd_wordpress_client_discover_async       (NdWordpressClient  *self,
                                                              GCancellable       *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer            user_data);
gboolean            nd_wordpress_client_discover_finish      (NdWordpressClient  *self,
                                                              GAsyncResult       *result,
                                                              GError            **error);
/* After discovery: the API root URL, the site's name, and whether the index offered
 * application passwords on this connection. */
const char         *nd_wordpress_client_get_api_root         (NdWordpressClient  *self);
const char         *nd_wordpress_client_get_site_name        (NdWordpressClient  *self);
gboolean            nd_wordpress_client_get_app_passwords_available (NdWordpressClient *self);
/* ND_PUBLISH_ERROR_APP_PASSWORDS_UNAVAILABLE explained (plain http, or switched off)
 * when the index did not offer them; TRUE otherwise. */
gboolean            nd_wordpress_client_check_app_passwords  (NdWordpressClient  *self,
                                                              GError            **error);

/* One REST call after discovery. route is like "/wp/v2/posts/5"; query is already
 * encoded ("context=edit&per_page=100") or NULL; body is sent as JSON when not NULL.
 * Sends preemptive Basic auth (when there is a password), never follows redirects.
 * Returns the parsed JSON; non-2xx answers become ND_PUBLISH_ERROR errors. status_out
 * (nullable) gets the HTTP status, also on error. */
void                nd_wordpress_client_call_async           (NdWordpressClient  *self,
                                                              const char         *method,
                                                              const char         *route,
                                                              const char         *query,
                                                              JsonNode           *body,
                                                              GCancellable       *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer            user_data);
JsonNode           *nd_wordpress_client_call_finish          (NdWordpressClient  *self,
                                                              GAsyncResult       *result,
                                                              guint              *status_out,
                                                              GError            **error);
/* The JSON body of a failed call ({"code","message","data"}), or NULL: for answers
 * that are expected errors, such as 400 term_exists. Transfer none. */
JsonNode           *nd_wordpress_client_call_get_error_body  (NdWordpressClient  *self,
                                                              GAsyncResult       *result);

/* Streams the file at path as the raw body of a POST to route (a media upload), with
 * Content-Disposition filename (ASCII) and Content-MD5 (computed in a worker thread).
 * progress (nullable) is called on the caller's context with bytes sent and the total.
 * Finish with nd_wordpress_client_call_finish. */
typedef void (*NdUploadProgressFunc) (goffset  sent,
                                      goffset  total,
                                      gpointer user_data);
void                nd_wordpress_client_upload_async         (NdWordpressClient  *self,
                                                              const char         *route,
                                                              const char         *path,
                                                              const char         *content_type,
                                                              const char         *filename,
                                                              NdUploadProgressFunc progress,
                                                              gpointer            progress_data,
                                                              GCancellable       *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer            user_data);
/* The full URL of a route (after discovery), following the ?rest_route= form if needed. */
char               *nd_wordpress_client_build_url            (NdWordpressClient  *self,
                                                              const char         *route,
                                                              const char         *query);

/* GET /wp/v2/users/me: the connection test. Returns the user object ("name", "slug"). */
void                nd_wordpress_client_whoami_async         (NdWordpressClient  *self,
                                                              GCancellable       *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer            user_data);
JsonObject         *nd_wordpress_client_whoami_finish        (NdWordpressClient  *self,
                                                              GAsyncResult       *result,
                                                              GError            **error);

/* HTML entities in text decoded (&amp; &#8217; &#x2019; and the common named ones), as
 * WordPress escapes term names. */
char               *nd_wordpress_decode_entities             (const char         *text);

/* The site's sections and tags, for the editor's pickers: GET /wp/v2/categories and
 * /wp/v2/tags, 100 per page, following X-WP-TotalPages. sections are category paths
 * "Parent > Child" (every category, sorted), tags are names (sorted, no case-duplicates);
 * names HTML-entity-decoded. Discovers the API first if needed. */
void                nd_wordpress_client_list_terms_async     (NdWordpressClient  *self,
                                                              GCancellable       *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer            user_data);
gboolean            nd_wordpress_client_list_terms_finish    (NdWordpressClient  *self,
                                                              GAsyncResult       *result,
                                                              char             ***sections,
                                                              char             ***tags,
                                                              GError            **error);
/* list_terms, then writes the cache of account_id (in a worker thread). */
void                nd_wordpress_client_refresh_terms_async  (NdWordpressClient  *self,
                                                              const char         *account_id,
                                                              GCancellable       *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer            user_data);
gboolean            nd_wordpress_client_refresh_terms_finish (NdWordpressClient  *self,
                                                              GAsyncResult       *result,
                                                              char             ***sections,
                                                              char             ***tags,
                                                              GError            **error);

/* The cache of an account's sections and tags: $XDG_CACHE_HOME/newsdesk/terms-ID.json,
 * {"version":1,"updated":RFC3339,"sections":[…],"tags":[…]}, replaced atomically. The
 * sync calls block (CLI, tests, worker threads); the GUI reads with the async one. */
char               *nd_wordpress_terms_cache_path            (const char         *account_id);
gboolean            nd_wordpress_terms_cache_write           (const char         *account_id,
                                                              const char * const *sections,
                                                              const char * const *tags,
                                                              GError            **error);
gboolean            nd_wordpress_terms_cache_read            (const char         *account_id,
                                                              char             ***sections,
                                                              char             ***tags,
                                                              GError            **error);
void                nd_wordpress_terms_cache_read_async      (const char         *account_id,
                                                              GCancellable       *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer            user_data);
gboolean            nd_wordpress_terms_cache_read_finish     (GAsyncResult       *result,
                                                              char             ***sections,
                                                              char             ***tags,
                                                              GError            **error);

G_END_DECLS
