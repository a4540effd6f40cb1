/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nd-article-store.h"
#include <json-glib/json-glib.h>

#include "nd-article.h"
#include "nd-publish-error.h"

G_BEGIN_DECLS

typedef enum
{
  ND_PUBLISH_FLAGS_NONE  = 0,
  ND_PUBLISH_FLAGS_FORCE = 1 << 0,   /* overwrite even if the server copy changed */
} NdPublishFlags;

/* The statuses a publish can ask for. */
#define ND_PUBLISH_STATUS_DRAFT   "draft"
#define ND_PUBLISH_STATUS_PUBLISH "publish"
#define ND_PUBLISH_STATUS_FUTURE  "future"

/* step is a sentence for the user ("Uploading the photo"); for uploads done/total are
 * bytes, otherwise both are -1. Called on the caller's main context. */
typedef void (*NdPublishProgressFunc) (const char *step,
                                       gint64      done,
                                       gint64      total,
                                       gpointer    user_data);

#define ND_TYPE_PUBLISHER (nd_publisher_get_type ())
G_DECLARE_INTERFACE (NdPublisher, nd_publisher, ND, PUBLISHER, GObject)

struct _NdPublisherInterface
{
  GTypeInterface parent_iface;

  void        (*publish_async)       (NdPublisher           *self,
                                      NdArticle             *article,
                                      const char            *status,
                                      GDateTime             *publish_at,
                                      NdPublishFlags         flags,
                                      NdPublishProgressFunc  progress,
                                      gpointer               progress_data,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data);
  JsonObject *(*publish_finish)      (NdPublisher           *self,
                                      GAsyncResult          *result,
                                      GError               **error);
  void        (*fetch_remote_async)  (NdPublisher           *self,
                                      NdArticle             *article,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data);
  JsonObject *(*fetch_remote_finish) (NdPublisher           *self,
                                      GAsyncResult          *result,
                                      GError               **error);
};

/* Publishes (creates, or updates what an earlier publish created) the article with
 * status (ND_PUBLISH_STATUS_*), at publish_at (nullable; needed for "future"). The
 * content is taken from a snapshot made at the call; the remote state (ids, link,
 * modification time, photo hash) is written into article as soon as each part is known,
 * so a crash or failure half-way never leads to duplicates. An update first compares the
 * server's copy with the one recorded at the last publish: ND_PUBLISH_ERROR_CONFLICT
 * unless ND_PUBLISH_FLAGS_FORCE. Returns the final remote state (transfer full). */
void        nd_publisher_publish_async       (NdPublisher           *self,
                                              NdArticle             *article,
                                              const char            *status,
                                              GDateTime             *publish_at,
                                              NdPublishFlags         flags,
                                              NdPublishProgressFunc  progress,
                                              gpointer               progress_data,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
JsonObject *nd_publisher_publish_finish      (NdPublisher           *self,
                                              GAsyncResult          *result,
                                              GError               **error);
/* What the server holds now for the article (the CMS's own representation), for
 * conflict handling. ND_PUBLISH_ERROR_NOT_FOUND if it was never published there. */
void        nd_publisher_fetch_remote_async  (NdPublisher           *self,
                                              NdArticle             *article,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
JsonObject *nd_publisher_fetch_remote_finish (NdPublisher           *self,
                                              GAsyncResult          *result,
                                              GError               **error);

/* For publishers: writes a copy of remote (what the server holds so far) into the article
 * and saves it at once, so a crash or retry after this point updates instead of creating
 * again. Blocking: call it where blocking I/O is allowed. */
gboolean nd_publisher_record_remote (NdArticleStore  *store,
                                     NdArticle       *article,
                                     const char      *account_id,
                                     JsonObject      *remote,
                                     GError         **error);
/* The same without blocking: the article is updated and serialised on the calling thread
 * at the call, the file is written in a worker. There is no cancellable on purpose: what
 * the server already holds must be recorded even when the user cancels the publish. The
 * publishers chain their next step on it. */
void     nd_publisher_record_remote_async  (NdArticleStore      *store,
                                            NdArticle           *article,
                                            const char          *account_id,
                                            JsonObject          *remote,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean nd_publisher_record_remote_finish (NdArticleStore      *store,
                                            GAsyncResult        *result,
                                            GError             **error);

/* A step of a publisher's job: takes over the reference to task. */
typedef void (*NdPublisherStep) (GTask *task);
/* nd_publisher_record_remote_async(), then next (task) once it is written; if it could
 * not be written, the error is returned on task instead (and task is unreffed). */
void     nd_publisher_record_remote_then   (NdArticleStore      *store,
                                            NdArticle           *article,
                                            const char          *account_id,
                                            JsonObject          *remote,
                                            GTask               *task,
                                            NdPublisherStep      next);

G_END_DECLS
