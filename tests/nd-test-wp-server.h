/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A small in-memory WordPress on a loopback SoupServer (on the thread-default main
 * context): discovery, application passwords, users/me, terms, media and posts. */

typedef enum
{
  ND_TEST_WP_OK,
  ND_TEST_WP_POST_500,     /* the post create answers 500 with WordPress's JSON error */
  ND_TEST_WP_POST_HANG,    /* the post create never answers (for Cancel) */
  ND_TEST_WP_AUTH_401,     /* every authenticated call answers 401 */
} NdTestWpMode;

typedef struct
{
  SoupServer   *server;
  char         *url;            /* "http://127.0.0.1:PORT/" */
  NdTestWpMode  mode;
  guint         posts_created;
  guint         media_created;
  char         *post_json;      /* the last post body sent */
  char         *modified_gmt;
  gboolean      post_pending;   /* a hanging post create arrived */
  /* Set by a test: every POST answers with this redirect (301, 302, 307, 308) to
   * redirect_target; redirected counts them, followed counts requests that reached the
   * target path afterwards (a client that followed the redirect). */
  guint         redirect_status;
  char         *redirect_path;  /* only POSTs to this path ("/wp-json/wp/v2/media"); NULL: all */
  char         *redirect_target;
  guint         redirected;
  guint         followed;
  guint         requests;       /* every request that arrived */
} NdTestWp;

NdTestWp *nd_test_wp_new  (NdTestWpMode mode);
/* The same over https with certificate (which has its private key): url is
 * "https://127.0.0.1:PORT/". */
NdTestWp *nd_test_wp_new_https (NdTestWpMode     mode,
                                GTlsCertificate *certificate);
void      nd_test_wp_free (NdTestWp    *wp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NdTestWp, nd_test_wp_free)

G_END_DECLS
