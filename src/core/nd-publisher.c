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

static void
record_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!nd_article_store_save_finish (ND_ARTICLE_STORE (object), result, &error))
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                               _("The server has the article, but Newsdesk could not record that in the "
                                 "library: %s"), error->message);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
nd_publisher_record_remote_async (NdArticleStore      *store,
                                  NdArticle           *article,
                                  const char          *account_id,
                                  JsonObject          *remote,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) copy = NULL;
  GTask *task;

  g_return_if_fail (ND_IS_ARTICLE_STORE (store));
  g_return_if_fail (ND_IS_ARTICLE (article));

  task = g_task_new (store, NULL, callback, user_data);
  g_task_set_source_tag (task, nd_publisher_record_remote_async);
  copy = nd_json_object_copy (remote);
  nd_article_set_remote (article, account_id, copy);
  /* save_async takes its snapshot now, so later changes to the article cannot race it. */
  nd_article_store_save_async (store, article, NULL, record_saved_cb, task);
}

gboolean
nd_publisher_record_remote_finish (NdArticleStore  *store,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GTask           *task;
  NdPublisherStep  next;
} RecordCall;

static void
record_then_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RecordCall *call = user_data;
  GTask *task = call->task;
  NdPublisherStep next = call->next;
  GError *error = NULL;

  g_free (call);
  if (!nd_publisher_record_remote_finish (ND_ARTICLE_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  next (task);
}

void
nd_publisher_record_remote_then (NdArticleStore  *store,
                                 NdArticle       *article,
                                 const char      *account_id,
                                 JsonObject      *remote,
                                 GTask           *task,
                                 NdPublisherStep  next)
{
  RecordCall *call = g_new0 (RecordCall, 1);

  call->task = task;
  call->next = next;
  nd_publisher_record_remote_async (store, article, account_id, remote, record_then_cb, call);
}
