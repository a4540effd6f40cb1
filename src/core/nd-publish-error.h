/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Errors of publishers and CMS clients. Messages are written for a reporter, name the site,
 * and carry the server's own message when there is one. */
#define ND_PUBLISH_ERROR (nd_publish_error_quark ())

typedef enum
{
  ND_PUBLISH_ERROR_FAILED,                     /* anything else (e.g. a 400 with its message) */
  ND_PUBLISH_ERROR_INVALID_URL,                /* not an http(s) address */
  ND_PUBLISH_ERROR_NO_API,                     /* no WordPress REST API at that address */
  ND_PUBLISH_ERROR_APP_PASSWORDS_UNAVAILABLE,  /* plain http, or application passwords off */
  ND_PUBLISH_ERROR_AUTH,                       /* wrong user or password (401) */
  ND_PUBLISH_ERROR_TLS,                        /* certificate problem */
  ND_PUBLISH_ERROR_UNREACHABLE,                /* DNS, refused, timeout, network down */
  ND_PUBLISH_ERROR_SERVER,                     /* 5xx */
  ND_PUBLISH_ERROR_NOT_JSON,                   /* a success that is not JSON (proxy page) */
  ND_PUBLISH_ERROR_TOO_LARGE,                  /* 413 */
  ND_PUBLISH_ERROR_FORBIDDEN,                  /* 403 */
  ND_PUBLISH_ERROR_NOT_FOUND,                  /* 404 on an API route (e.g. a deleted post) */
  ND_PUBLISH_ERROR_CONFLICT,                   /* changed on the server since our last publish */
  ND_PUBLISH_ERROR_CANCELLED,
  ND_PUBLISH_ERROR_UNAVAILABLE,                /* 502, 503, 504: try again later */
  ND_PUBLISH_ERROR_RATE_LIMITED,               /* 429 */
} NdPublishError;

GQuark nd_publish_error_quark (void);

/* The server's Retry-After carried by an ND_PUBLISH_ERROR (any code): seconds from when
 * the answer arrived, or -1 when it sent none (or error is not an ND_PUBLISH_ERROR). */
gint64 nd_publish_error_get_retry_after (const GError *error);
void   nd_publish_error_set_retry_after (GError       *error,
                                         gint64        seconds);
/* A Retry-After header value (delta seconds, or an HTTP-date compared with now_unix) in
 * seconds from now, >= 0; -1 when value is NULL or not understood. */
gint64 nd_publish_error_parse_retry_after (const char *value,
                                           gint64      now_unix);

G_END_DECLS
