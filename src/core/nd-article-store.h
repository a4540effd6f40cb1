/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nd-article.h"

G_BEGIN_DECLS

#define ND_STORE_ERROR (nd_store_error_quark ())

typedef enum
{
  ND_STORE_ERROR_NOT_FOUND,
  ND_STORE_ERROR_QUARANTINED,   /* the article file was broken and has been moved aside */
  ND_STORE_ERROR_EXISTS,
  ND_STORE_ERROR_NOT_AN_IMAGE,
  ND_STORE_ERROR_IO,
  ND_STORE_ERROR_INVALID,       /* the article is over a limit of the loader: not written */
} NdStoreError;

/* One row of the library listing, read from the index without parsing the article. */
typedef struct
{
  char   *id;
  char   *headline;
  char   *section;     /* "News > Russia" */
  char   *status;
  char  **tags;
  gint64  modified;    /* unix seconds, the article's own "modified" */
  gint64  deleted;     /* unix seconds, for trash listings; 0 otherwise */
} NdIndexEntry;

#define ND_TYPE_INDEX_ENTRY (nd_index_entry_get_type ())
GType          nd_index_entry_get_type (void) G_GNUC_CONST;
NdIndexEntry  *nd_index_entry_copy     (const NdIndexEntry *entry);
void           nd_index_entry_free     (NdIndexEntry       *entry);
/* The listing row for an article as it is in memory. */
NdIndexEntry  *nd_index_entry_new_for_article (NdArticle   *article);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NdIndexEntry, nd_index_entry_free)

/* A revision snapshot of an article. */
typedef struct
{
  char   *name;        /* file name inside revisions/ */
  gint64  taken;       /* unix seconds */
  char   *reason;      /* "save", "publish", … */
} NdRevision;

void           nd_revision_free        (NdRevision         *revision);

#define ND_TYPE_ARTICLE_STORE (nd_article_store_get_type ())
G_DECLARE_FINAL_TYPE (NdArticleStore, nd_article_store, ND, ARTICLE_STORE, GObject)

GQuark          nd_store_error_quark            (void);

/* The library at $XDG_DATA_HOME/newsdesk, or at dir. Opening creates the folders. */
char           *nd_article_store_default_dir    (void);
NdArticleStore *nd_article_store_new            (const char      *dir);
const char     *nd_article_store_get_dir        (NdArticleStore  *self);
char           *nd_article_store_article_dir    (NdArticleStore  *self,
                                                 const char      *id);
/* Absolute path of the article's photo, or NULL when it has none. */
char           *nd_article_store_photo_path     (NdArticleStore  *self,
                                                 NdArticle       *article);

/* All of these are thread-safe and blocking: the GUI calls the _async variants. */
gboolean        nd_article_store_save           (NdArticleStore  *self,
                                                 NdArticle       *article,
                                                 GError         **error);
/* A broken article.json is moved to quarantine/ and ND_STORE_ERROR_QUARANTINED returned
 * with the reason; it is never deleted or overwritten. */
NdArticle      *nd_article_store_load           (NdArticleStore  *self,
                                                 const char      *id,
                                                 GError         **error);
gboolean        nd_article_store_exists         (NdArticleStore  *self,
                                                 const char      *id);
/* The library, newest first, from the index (rebuilt for what is missing or stale). */
GPtrArray      *nd_article_store_list           (NdArticleStore  *self,
                                                 GError         **error);
gboolean        nd_article_store_rebuild_index  (NdArticleStore  *self,
                                                 GError         **error);
char           *nd_article_store_index_path     (NdArticleStore  *self);

/* Copies the image into the article folder as photo.<ext>, reads its size (header only)
 * and hash, and sets article's photo (keeping caption/credit/alt already there). The
 * article itself is saved too, so the folder never names a photo that is not there. */
gboolean        nd_article_store_attach_photo   (NdArticleStore  *self,
                                                 NdArticle       *article,
                                                 const char      *image_path,
                                                 GError         **error);
gboolean        nd_article_store_remove_photo   (NdArticleStore  *self,
                                                 NdArticle       *article,
                                                 GError         **error);
/* Same, but the file is moved to <library>/undo/ instead of deleted, so an Undo can attach
 * it again; *kept_path says where (NULL when there was no photo file). */
gboolean        nd_article_store_remove_photo_keep (NdArticleStore  *self,
                                                    NdArticle       *article,
                                                    char           **kept_path,
                                                    GError         **error);
/* Empties <library>/undo/ (what earlier sessions kept for Undo). */
void            nd_article_store_clear_undo     (NdArticleStore  *self);

gboolean        nd_article_store_snapshot       (NdArticleStore  *self,
                                                 NdArticle       *article,
                                                 const char      *reason,
                                                 GError         **error);
void            nd_article_store_snapshot_async  (NdArticleStore      *self,
                                                  NdArticle           *article,
                                                  const char          *reason,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        nd_article_store_snapshot_finish (NdArticleStore      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
GPtrArray      *nd_article_store_list_revisions (NdArticleStore  *self,
                                                 const char      *id,
                                                 GError         **error);
NdArticle      *nd_article_store_load_revision  (NdArticleStore  *self,
                                                 const char      *id,
                                                 const char      *name,
                                                 GError         **error);

/* A new article with a new id and the same content, photo included; returned saved. */
NdArticle      *nd_article_store_duplicate      (NdArticleStore  *self,
                                                 const char      *id,
                                                 GError         **error);

/* The session: which article was open, and whether Newsdesk exited cleanly. */
gboolean        nd_article_store_read_session   (NdArticleStore  *self,
                                                 char           **open_id,
                                                 gboolean        *clean_exit);
gboolean        nd_article_store_write_session  (NdArticleStore  *self,
                                                 const char      *open_id,
                                                 gboolean         clean_exit,
                                                 GError         **error);

/* Delete moves the article folder to trash/; restore moves it back. */
gboolean        nd_article_store_trash          (NdArticleStore  *self,
                                                 const char      *id,
                                                 GError         **error);
gboolean        nd_article_store_restore        (NdArticleStore  *self,
                                                 const char      *id,
                                                 GError         **error);
GPtrArray      *nd_article_store_list_trash     (NdArticleStore  *self,
                                                 GError         **error);
gboolean        nd_article_store_purge          (NdArticleStore  *self,
                                                 const char      *id,
                                                 GError         **error);

/* Async wrappers for the GUI: the work runs in a thread, results come back in the
 * caller's main context. */
void            nd_article_store_list_async     (NdArticleStore      *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray      *nd_article_store_list_finish    (NdArticleStore      *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void            nd_article_store_load_async     (NdArticleStore      *self,
                                                 const char          *id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
NdArticle      *nd_article_store_load_finish    (NdArticleStore      *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Saves a snapshot of article taken now (so later edits do not race the writer). */
void            nd_article_store_save_async     (NdArticleStore      *self,
                                                 NdArticle           *article,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        nd_article_store_save_finish    (NdArticleStore      *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* Attaches a photo off the calling thread. The copy, hashing and header read run in a
 * worker; the article (which must only be touched on the caller's thread) is updated and
 * saved back on the caller's thread when it finishes. On error the article is unchanged. */
void            nd_article_store_attach_photo_async  (NdArticleStore      *self,
                                                      NdArticle           *article,
                                                      const char          *image_path,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        nd_article_store_attach_photo_finish (NdArticleStore      *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
