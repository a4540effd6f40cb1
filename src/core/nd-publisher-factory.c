/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-publisher-factory"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-folder-publisher.h"
#include "nd-http-push-publisher.h"
#include "nd-publisher-factory.h"
#include "nd-wordpress-publisher.h"

/* Other publishers are added here, each as one case in every function below (marked
 * "other kinds"), so no caller ever switches on the kind itself. */

gboolean
nd_publisher_factory_needs_secret (const char *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (g_str_equal (kind, ND_ACCOUNT_KIND_WORDPRESS))
    return TRUE;
  /* other kinds: ND_ACCOUNT_KIND_FOLDER → FALSE. ND_ACCOUNT_KIND_HTTP_PUSH: the token is
   * optional (nd_http_push_account_get_has_token); a lookup that finds none gives NULL,
   * which its publisher accepts. */
  return FALSE;
}

NdPublisher *
nd_publisher_factory_new_publisher (NdAccount       *account,
                                    const char      *secret,
                                    NdArticleStore  *store,
                                    GError         **error)
{
  const char *kind;

  g_return_val_if_fail (ND_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (ND_IS_ARTICLE_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kind = nd_account_get_kind (account);
  if (g_str_equal (kind, ND_ACCOUNT_KIND_WORDPRESS))
    return ND_PUBLISHER (nd_wordpress_publisher_new (account, secret, store));
  if (g_str_equal (kind, ND_ACCOUNT_KIND_FOLDER))
    return ND_PUBLISHER (nd_folder_publisher_new (account, store));
  if (g_str_equal (kind, ND_ACCOUNT_KIND_HTTP_PUSH))
    return ND_PUBLISHER (nd_http_push_publisher_new (account, secret, store));
  /* other kinds: ND_ACCOUNT_KIND_FOLDER → nd_folder_publisher_new (…);
   *              ND_ACCOUNT_KIND_HTTP_PUSH → nd_http_push_publisher_new (…) */

  g_set_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
               _("Newsdesk cannot publish to “%s” yet: it does not know accounts of the kind "
                 "“%s”."), nd_account_get_name (account), kind);
  return NULL;
}

char *
nd_publisher_factory_describe (NdPublisher *publisher,
                               NdArticle   *article,
                               const char  *status,
                               GDateTime   *publish_at)
{
  g_return_val_if_fail (ND_IS_PUBLISHER (publisher), NULL);
  g_return_val_if_fail (ND_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (status != NULL, NULL);

  if (ND_IS_WORDPRESS_PUBLISHER (publisher))
    return nd_wordpress_publisher_describe (ND_WORDPRESS_PUBLISHER (publisher), article,
                                            status, publish_at);
  if (ND_IS_HTTP_PUSH_PUBLISHER (publisher))
    return nd_http_push_publisher_describe (ND_HTTP_PUSH_PUBLISHER (publisher), article,
                                            status, publish_at);
  /* other kinds: their own describe function */
  return NULL;
}
