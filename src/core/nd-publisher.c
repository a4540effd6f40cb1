/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-publisher"

#include "config.h"

#include <glib/gi18n.h>

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
