/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "nd-account-store.h"

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
  /* Set by a test: while fail_status is non-zero, requests answer it (with WordPress's
   * JSON error and Retry-After: fail_retry_after if set) before reaching the fake:
   * POSTs to fail_path, or every REST request (/wp-json/wp/v2/...) if it is NULL.
   * fail_count is how many more to fail (-1, the default: forever); failed counts them. */
  guint         fail_status;
  const char   *fail_path;
  char         *fail_retry_after;
  int           fail_count;
  guint         failed;
} NdTestWp;

NdTestWp *nd_test_wp_new  (NdTestWpMode mode);
/* The same over https with certificate (which has its private key): url is
 * "https://127.0.0.1:PORT/". */
NdTestWp *nd_test_wp_new_https (NdTestWpMode     mode,
                                GTlsCertificate *certificate);
void      nd_test_wp_free (NdTestWp    *wp);

/* A WordPress account "name" for wp (user "editor") added to accounts, with password in
 * the keyring if it is not NULL (delete it with nd_secrets_delete_sync). */
NdAccount *nd_test_wp_add_account (NdTestWp       *wp,
                                   NdAccountStore *accounts,
                                   const char     *name,
                                   const char     *password);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NdTestWp, nd_test_wp_free)

G_END_DECLS
