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
} NdPublishError;

GQuark nd_publish_error_quark (void);

G_END_DECLS
