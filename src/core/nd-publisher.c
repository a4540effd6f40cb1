/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-publisher"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-json-util.h"
#include "nd-publish-error.h"
#include "nd-publisher.h"

G_DEFINE_INTERFACE (NdPublisher, nd_publisher, G_TYPE_OBJECT)

static void
nd_publisher_default_init (NdPublisherInterface *iface)
{
}

void
nd_publisher_publish_async (NdPublisher           *self,
                            NdArticle             *article,
                            const char            *status,
                            GDateTime             *publish_at,
                            NdPublishFlags         flags,
                            NdPublishProgressFunc  progress,
                            gpointer               progress_data,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  g_return_if_fail (ND_IS_PUBLISHER (self));
  g_return_if_fail (ND_IS_ARTICLE (article));
  g_return_if_fail (status != NULL);

  ND_PUBLISHER_GET_IFACE (self)->publish_async (self, article, status, publish_at, flags,
                                                progress, progress_data, cancellable,
                                                callback, user_data);
}

JsonObject *
nd_publisher_publish_finish (NdPublisher   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (ND_IS_PUBLISHER (self), NULL);
  return ND_PUBLISHER_GET_IFACE (self)->publish_finish (self, result, error);
}

void
nd_publisher_fetch_remote_async (NdPublisher         *self,
                                 NdArticle           *article,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (ND_IS_PUBLISHER (self));
  g_return_if_fail (ND_IS_ARTICLE (article));

  ND_PUBLISHER_GET_IFACE (self)->fetch_remote_async (self, article, cancellable, callback,
                                                     user_data);
}

JsonObject *
nd_publisher_fetch_remote_finish (NdPublisher   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (ND_IS_PUBLISHER (self), NULL);
  return ND_PUBLISHER_GET_IFACE (self)->fetch_remote_finish (self, result, error);
}

gboolean
nd_publisher_record_remote (NdArticleStore  *store,
                            NdArticle       *article,
                            const char      *account_id,
                            JsonObject      *remote,
                            GError         **error)
{
  g_autoptr(JsonObject) copy = nd_json_object_copy (remote);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (store), FALSE);
  g_return_val_if_fail (ND_IS_ARTICLE (article), FALSE);

  nd_article_set_remote (article, account_id, copy);
  if (!nd_article_store_save (store, article, &local_error))
    {
      g_set_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                   _("The server has the article, but Newsdesk could not record that in the "
                     "library: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}
