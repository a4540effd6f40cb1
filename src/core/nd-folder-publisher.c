/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-folder-publisher"
/* renameat2 (RENAME_EXCHANGE) */
#define _GNU_SOURCE

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nd-article-html.h"
#include "nd-folder-publisher.h"
#include "nd-json-util.h"
#include "nd-ninjs.h"
#include "nd-util.h"
#include "nd-wordpress-publisher.h"

#define INDEX_NAME "index.html"
#define NINJS_NAME "article.ninjs.json"
#define TMP_TAG    ".tmp-"
#define OLD_TAG    ".old-"

static gint tmp_seq;

struct _NdFolderPublisher
{
  GObject         parent_instance;

  NdAccount      *account;
  NdArticleStore *store;
  char           *folder;
};

static void nd_folder_publisher_iface_init (NdPublisherInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (NdFolderPublisher, nd_folder_publisher, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ND_TYPE_PUBLISHER,
                                                      nd_folder_publisher_iface_init))

/* ---- the job ------------------------------------------------------------------------ */

typedef struct
{
  /* Caller's thread only. */
  NdArticle             *article;
  NdPublishProgressFunc  progress;
  gpointer               progress_data;
  JsonObject            *remote;

  /* Handed to the worker, which alone touches them until it returns. */
  NdArticle             *snapshot;
  char                  *status;
  char                  *folder;
  char                  *photo_src;
  char                  *photo_name;
  char                  *recorded_path;
  char                  *slug;
  char                  *urn;
  GDateTime             *date;
  guint                  version;
  GMainContext          *context;

  /* The worker's answer. */
  char                  *path;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->article);
  g_clear_pointer (&job->remote, json_object_unref);
  g_clear_object (&job->snapshot);
  g_free (job->status);
  g_free (job->folder);
  g_free (job->photo_src);
  g_free (job->photo_name);
  g_free (job->recorded_path);
  g_free (job->slug);
  g_free (job->urn);
  g_clear_pointer (&job->date, g_date_time_unref);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job->path);
  g_free (job);
}

typedef struct
{
  NdPublishProgressFunc  func;
  gpointer               data;
  char                  *step;
} ProgressCall;

static gboolean
progress_call_run (gpointer user_data)
{
  ProgressCall *call = user_data;

  call->func (call->step, -1, -1, call->data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer user_data)
{
  ProgressCall *call = user_data;

  g_free (call->step);
  g_free (call);
}

/* From the worker: the callback runs on the caller's main context, queued before the
 * task's own completion so it never comes after it. */
static void
job_progress (Job        *job,
              const char *step)
{
  ProgressCall *call;

  if (job->progress == NULL)
    return;
  call = g_new0 (ProgressCall, 1);
  call->func = job->progress;
  call->data = job->progress_data;
  call->step = g_strdup (step);
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, progress_call_run, call,
                              progress_call_free);
}

/* ---- files -------------------------------------------------------------------------- */

static gboolean
set_io_error (GError    **error,
              int         saved_errno,
              const char *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not write “%s”: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len,
           const char  *path,
           GError     **error)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_io_error (error, errno, path);
      data += n;
      len -= n;
    }
  return TRUE;
}

/* Written straight (the folder is still hidden) and fsync'd, readable by everyone: a web
 * server or a wire feed picks these files up, not only this user. */
static gboolean
write_durable (const char  *path,
               const char  *data,
               gsize        len,
               GError     **error)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  gboolean ok;

  if (fd < 0)
    return set_io_error (error, errno, path);
  ok = write_all (fd, data, len, path, error);
  if (ok && fsync (fd) != 0)
    ok = set_io_error (error, errno, path);
  close (fd);
  return ok;
}

static gboolean
copy_durable (const char    *src,
              const char    *dest,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *buffer = g_malloc (64 * 1024);
  int in, out;
  gboolean ok = TRUE;

  in = open (src, O_RDONLY | O_CLOEXEC);
  if (in < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read the photo “%s”: %s"), src, g_strerror (saved));
      return FALSE;
    }
  out = open (dest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0)
    {
      close (in);
      return set_io_error (error, errno, dest);
    }

  while (ok)
    {
      gssize n = read (in, buffer, 64 * 1024);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not read the photo “%s”: %s"), src, g_strerror (saved));
          ok = FALSE;
        }
      else if (n == 0)
        break;
      else if (g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      else
        ok = write_all (out, buffer, n, dest, error);
    }
  if (ok && fsync (out) != 0)
    ok = set_io_error (error, errno, dest);
  close (in);
  close (out);
  return ok;
}

/* Whether the story folder at path was written for the article with this ninjs uri. */
static gboolean
folder_is_ours (const char *path,
                const char *urn)
{
  g_autofree char *ninjs = g_build_filename (path, NINJS_NAME, NULL);
  g_autofree char *data = NULL;
  g_autofree char *needle = g_strdup_printf ("\"%s\"", urn);

  if (!g_file_get_contents (ninjs, &data, NULL, NULL))
    return FALSE;
  return strstr (data, needle) != NULL;
}

/* ".<slug>.tmp-<pid>-<n>" and ".<slug>.old-<pid>-<n>" of processes that are gone: a
 * publish that died half-way. Never visible to a watcher (hidden), removed by the next
 * one. Those of this process may belong to a publish still running. */
static void
remove_leftovers (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      const char *tag;
      gint64 pid;
      char *end = NULL;

      if (name[0] != '.')
        continue;
      tag = g_strrstr (name, TMP_TAG);
      if (tag == NULL)
        tag = g_strrstr (name, OLD_TAG);
      if (tag == NULL)
        continue;
      pid = g_ascii_strtoll (tag + strlen (TMP_TAG), &end, 10);
      if (end == NULL || (*end != '\0' && *end != '-') || pid <= 0)
        continue;
      if (pid != getpid () && kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autoptr(GError) error = NULL;

          g_debug ("Removing %s, left by process %" G_GINT64_FORMAT, path, pid);
          if (!nd_rm_rf (path, &error))
            g_warning ("Could not remove %s: %s", path, error->message);
        }
    }
}

/* Replaces target by the complete folder tmp in one step: RENAME_EXCHANGE swaps both
 * names at once, so a reader of target sees the old story or the new one, never none
 * (and never half of one). Filesystems without it get two renames: target is missing
 * for an instant, but still never incomplete. */
static gboolean
swap_in (const char  *tmp,
         const char  *target,
         const char  *aside,
         GError     **error)
{
  if (!g_file_test (target, G_FILE_TEST_EXISTS))
    {
      if (g_rename (tmp, target) != 0)
        return set_io_error (error, errno, target);
      return TRUE;
    }

  if (renameat2 (AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE) == 0)
    return nd_rm_rf (tmp, error);
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    return set_io_error (error, errno, target);

  if (g_rename (target, aside) != 0)
    return set_io_error (error, errno, target);
  if (g_rename (tmp, target) != 0)
    {
      int saved = errno;
      /* Put the old story back rather than leave nothing. */
      g_rename (aside, target);
      return set_io_error (error, saved, target);
    }
  return nd_rm_rf (aside, error);
}

/* Where the story goes: the folder of the last publish when it is in the same month (so
 * a changed headline does not move it), else <slug>, <slug>-2… skipping folders that
 * belong to other articles. */
static char *
choose_target (Job        *job,
               const char *month_dir)
{
  if (job->recorded_path)
    {
      g_autofree char *parent = g_path_get_dirname (job->recorded_path);
      if (g_str_equal (parent, month_dir))
        return g_strdup (job->recorded_path);
    }

  for (guint i = 1; ; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup (job->slug)
                                     : g_strdup_printf ("%s-%u", job->slug, i);
      char *path = g_build_filename (month_dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS) || folder_is_ours (path, job->urn))
        return path;
      g_free (path);
    }
}

static gboolean
cancelled (GCancellable  *cancellable,
           GError       **error)
{
  if (!g_cancellable_is_cancelled (cancellable))
    return FALSE;
  g_set_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CANCELLED, _("Cancelled."));
  return TRUE;
}

static gboolean
write_story (Job           *job,
             const char    *tmp,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *html = NULL;
  g_autofree char *ninjs = NULL;
  g_autofree char *index_path = g_build_filename (tmp, INDEX_NAME, NULL);
  g_autofree char *ninjs_path = g_build_filename (tmp, NINJS_NAME, NULL);

  if (g_mkdir (tmp, 0755) != 0)
    return set_io_error (error, errno, tmp);

  job_progress (job, _("Writing the page"));
  html = nd_article_render_html (job->snapshot, job->photo_name);
  ninjs = nd_ninjs_export_string (job->snapshot, ND_NINJS_2_2, job->photo_name, job->version);
  if (!write_durable (index_path, html, strlen (html), error) ||
      !write_durable (ninjs_path, ninjs, strlen (ninjs), error))
    return FALSE;

  if (job->photo_name)
    {
      g_autofree char *photo_path = g_build_filename (tmp, job->photo_name, NULL);

      if (cancelled (cancellable, error))
        return FALSE;
      job_progress (job, _("Copying the photo"));
      if (!copy_durable (job->photo_src, photo_path, cancellable, error))
        return FALSE;
    }

  if (!nd_fsync_dir (tmp))
    return set_io_error (error, errno, tmp);
  return !cancelled (cancellable, error);
}

static void
publish_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  /* The reporter's calendar decides the month, not UTC's. */
  g_autoptr(GDateTime) local = g_date_time_to_local (job->date);
  g_autofree char *year = g_date_time_format (local, "%Y");
  g_autofree char *month = g_date_time_format (local, "%m");
  g_autofree char *month_dir = g_build_filename (job->folder, year, month, NULL);
  g_autofree char *target = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GError) error = NULL;
  guint seq;

  if (cancelled (cancellable, &error))
    goto fail;

  if (job->photo_name && !g_file_test (job->photo_src, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (&error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                   _("The article’s photo file is missing from the library."));
      goto fail;
    }

  if (g_mkdir_with_parents (month_dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (&error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                   _("Could not create the folder “%s”: %s"), month_dir, g_strerror (saved));
      goto fail;
    }
  remove_leftovers (month_dir);

  target = choose_target (job, month_dir);
  base = g_path_get_basename (target);
  /* The sequence number keeps two publishes running at once in one process apart. */
  seq = (guint) g_atomic_int_add (&tmp_seq, 1);
  tmp = g_strdup_printf ("%s/.%s" TMP_TAG "%d-%u", month_dir, base, (int) getpid (), seq);
  aside = g_strdup_printf ("%s/.%s" OLD_TAG "%d-%u", month_dir, base, (int) getpid (), seq);

  if (!write_story (job, tmp, cancellable, &error))
    {
      nd_rm_rf (tmp, NULL);
      goto fail;
    }

  job_progress (job, _("Putting the story in place"));
  if (!swap_in (tmp, target, aside, &error))
    {
      nd_rm_rf (tmp, NULL);
      goto fail;
    }
  nd_fsync_dir (month_dir);

  /* Moved (a scheduled time in another month, or a different folder for the account):
   * the old copy goes, but only if it really is this article's. */
  if (job->recorded_path && !g_str_equal (job->recorded_path, target) &&
      folder_is_ours (job->recorded_path, job->urn))
    {
      g_autofree char *parent = g_path_get_dirname (job->recorded_path);
      g_autofree char *name = g_path_get_basename (job->recorded_path);
      g_autofree char *retired = g_strdup_printf ("%s/.%s" OLD_TAG "%d-%u", parent, name,
                                                  (int) getpid (), seq);

      if (g_rename (job->recorded_path, retired) == 0)
        nd_rm_rf (retired, NULL);
    }

  job->path = g_steal_pointer (&target);
  g_task_return_boolean (task, TRUE);
  return;

fail:
  if (error->domain != ND_PUBLISH_ERROR)
    {
      GError *wrapped = g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                                     _("Could not publish to the folder “%s”: %s"),
                                     job->folder, error->message);
      g_task_return_error (task, wrapped);
      return;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

/* ---- publish ------------------------------------------------------------------------ */


static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!nd_article_store_save_finish (ND_ARTICLE_STORE (object), result, &error))
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                               _("The story is in the folder (%s), but Newsdesk could not "
                                 "record that in the library: %s"),
                               job->path, error->message);
      return;
    }
  g_task_return_pointer (task, nd_json_object_copy (job->remote),
                         (GDestroyNotify) json_object_unref);
}

/* Back on the caller's thread: the live article learns where it went. */
static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdFolderPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *index_path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(JsonObject) copy = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  index_path = g_build_filename (job->path, INDEX_NAME, NULL);
  uri = g_filename_to_uri (index_path, NULL, NULL);
  json_object_set_string_member (job->remote, "path", job->path);
  json_object_set_string_member (job->remote, "url", uri ? uri : "");
  json_object_set_int_member (job->remote, "version", job->version);
  json_object_set_string_member (job->remote, "status", job->status);

  copy = nd_json_object_copy (job->remote);
  nd_article_set_remote (job->article, nd_account_get_id (self->account), copy);
  if (g_str_equal (job->status, ND_PUBLISH_STATUS_PUBLISH))
    nd_article_set_status (job->article, "published");
  else if (g_str_equal (job->status, ND_PUBLISH_STATUS_FUTURE))
    nd_article_set_status (job->article, "scheduled");

  nd_article_store_save_async (self->store, job->article, NULL, save_cb,
                               g_steal_pointer (&task));
}

static void
nd_folder_publisher_publish_async (NdPublisher           *publisher,
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
  NdFolderPublisher *self = ND_FOLDER_PUBLISHER (publisher);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GDateTime) first = NULL;
  JsonObject *remote;
  const char *recorded, *first_text;
  NdPhoto *photo;
  Job *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, nd_folder_publisher_publish_async);

  if (!g_str_equal (status, ND_PUBLISH_STATUS_DRAFT) &&
      !g_str_equal (status, ND_PUBLISH_STATUS_PUBLISH) &&
      !g_str_equal (status, ND_PUBLISH_STATUS_FUTURE))
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                               _("“%s” is not a status to publish with: use draft, publish or "
                                 "future."), status);
      return;
    }
  if (g_str_equal (status, ND_PUBLISH_STATUS_FUTURE) && publish_at == NULL)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                               _("A scheduled story needs a date and time."));
      return;
    }

  job = g_new0 (Job, 1);
  job->article = g_object_ref (article);
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();
  job->status = g_strdup (status);
  job->folder = g_strdup (self->folder);
  job->urn = g_strdup_printf ("urn:uuid:%s", nd_article_get_id (article));

  remote = nd_article_get_remote (article, nd_account_get_id (self->account));
  job->remote = remote ? nd_json_object_copy (remote) : json_object_new ();
  job->version = (guint) MAX (json_object_get_int_member_with_default (job->remote,
                                                                       "version", 0), 0) + 1;
  recorded = json_object_get_string_member_with_default (job->remote, "path", NULL);
  job->recorded_path = recorded && *recorded ? g_strdup (recorded) : NULL;

  /* The first publish fixes the story's date (and so its <yyyy>/<mm>); only a schedule
   * moves it. */
  first_text = json_object_get_string_member_with_default (job->remote, "published", NULL);
  first = first_text ? nd_datetime_parse (first_text) : NULL;
  if (first == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *text = nd_datetime_format (now);

      /* Whole seconds, as recorded. */
      first = nd_datetime_parse (text);
      json_object_set_string_member (job->remote, "published", text);
    }
  job->date = g_date_time_ref (g_str_equal (status, ND_PUBLISH_STATUS_FUTURE) ? publish_at
                                                                               : first);

  job->snapshot = nd_article_copy (article);
  if (g_str_equal (status, ND_PUBLISH_STATUS_PUBLISH))
    {
      nd_article_set_status (job->snapshot, "published");
      nd_article_set_publish_at (job->snapshot, first);
    }
  else if (g_str_equal (status, ND_PUBLISH_STATUS_FUTURE))
    {
      nd_article_set_status (job->snapshot, "scheduled");
      nd_article_set_publish_at (job->snapshot, publish_at);
    }
  else
    nd_article_set_status (job->snapshot, "draft");

  job->slug = nd_wordpress_slugify (nd_article_get_headline (article));
  if (*job->slug == '\0')
    {
      /* A headline with no Latin letters at all (Cyrillic, Chinese…). */
      g_free (job->slug);
      job->slug = g_strdup_printf ("story-%.8s", nd_article_get_id (article));
    }

  photo = nd_article_get_photo (article);
  job->photo_src = nd_article_store_photo_path (self->store, article);
  if (photo && job->photo_src)
    job->photo_name = g_path_get_basename (nd_photo_get_file (photo));
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  worker = g_task_new (self, cancellable, written_cb, g_steal_pointer (&task));
  g_task_set_check_cancellable (worker, FALSE);
  g_task_set_task_data (worker, job, NULL);
  g_task_run_in_thread (worker, publish_thread);
}

static JsonObject *
nd_folder_publisher_publish_finish (NdPublisher   *publisher,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, publisher), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- fetch -------------------------------------------------------------------------- */

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const char *path = task_data;
  g_autofree char *ninjs = g_build_filename (path, NINJS_NAME, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_file (parser, ninjs, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_FOUND,
                                 _("The story is no longer in the folder “%s”."), path);
      else
        g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_JSON,
                                 _("Could not read “%s”: %s"), ninjs, error->message);
      return;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_JSON,
                               _("“%s” is not a ninjs item."), ninjs);
      return;
    }
  g_task_return_pointer (task, json_object_ref (json_node_get_object (root)),
                         (GDestroyNotify) json_object_unref);
}

static void
nd_folder_publisher_fetch_remote_async (NdPublisher         *publisher,
                                        NdArticle           *article,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  NdFolderPublisher *self = ND_FOLDER_PUBLISHER (publisher);
  g_autoptr(GTask) task = NULL;
  JsonObject *remote;
  const char *path;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nd_folder_publisher_fetch_remote_async);

  remote = nd_article_get_remote (article, nd_account_get_id (self->account));
  path = remote ? json_object_get_string_member_with_default (remote, "path", NULL) : NULL;
  if (path == NULL || *path == '\0')
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_FOUND,
                               _("This article has not been published to “%s”."),
                               nd_account_get_name (self->account));
      return;
    }
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, fetch_thread);
}

static JsonObject *
nd_folder_publisher_fetch_remote_finish (NdPublisher   *publisher,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, publisher), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
nd_folder_publisher_dispose (GObject *object)
{
  NdFolderPublisher *self = (NdFolderPublisher *) object;

  g_clear_object (&self->account);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (nd_folder_publisher_parent_class)->dispose (object);
}

static void
nd_folder_publisher_finalize (GObject *object)
{
  NdFolderPublisher *self = (NdFolderPublisher *) object;

  g_free (self->folder);

  G_OBJECT_CLASS (nd_folder_publisher_parent_class)->finalize (object);
}

static void
nd_folder_publisher_class_init (NdFolderPublisherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = nd_folder_publisher_dispose;
  object_class->finalize = nd_folder_publisher_finalize;
}

static void
nd_folder_publisher_iface_init (NdPublisherInterface *iface)
{
  iface->publish_async = nd_folder_publisher_publish_async;
  iface->publish_finish = nd_folder_publisher_publish_finish;
  iface->fetch_remote_async = nd_folder_publisher_fetch_remote_async;
  iface->fetch_remote_finish = nd_folder_publisher_fetch_remote_finish;
}

static void
nd_folder_publisher_init (NdFolderPublisher *self)
{
}

/* ---- public API --------------------------------------------------------------------- */

char *
nd_folder_publisher_default_folder (void)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  /* xdg-user-dirs sets a folder the user does not want to the home folder itself. */
  if (documents == NULL || *documents == '\0')
    documents = g_get_home_dir ();
  return g_build_filename (documents, "Newsdesk", "Published", NULL);
}

char *
nd_folder_publisher_account_folder (NdAccount *account)
{
  JsonObject *settings;
  const char *path;
  g_autofree char *from_uri = NULL;

  g_return_val_if_fail (ND_IS_ACCOUNT (account), NULL);

  settings = nd_account_get_settings (account);
  path = json_object_get_string_member_with_default (settings, ND_FOLDER_SETTING_PATH, NULL);
  if (path == NULL || *path == '\0')
    path = json_object_get_string_member_with_default (settings, "folder", NULL);
  if (path == NULL || *path == '\0')
    {
      path = nd_account_get_url (account);
      if (path && g_str_has_prefix (path, "file:"))
        path = from_uri = g_filename_from_uri (path, NULL, NULL);
    }
  if (path == NULL || *path == '\0')
    return nd_folder_publisher_default_folder ();

  if (g_str_equal (path, "~"))
    return g_strdup (g_get_home_dir ());
  if (g_str_has_prefix (path, "~/"))
    return g_build_filename (g_get_home_dir (), path + 2, NULL);
  /* A relative path is taken from the home folder: publishing must not depend on the
   * directory a command happened to run in. */
  return g_canonicalize_filename (path, g_get_home_dir ());
}

NdFolderPublisher *
nd_folder_publisher_new (NdAccount      *account,
                         NdArticleStore *store)
{
  NdFolderPublisher *self;

  g_return_val_if_fail (ND_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (ND_IS_ARTICLE_STORE (store), NULL);

  self = g_object_new (ND_TYPE_FOLDER_PUBLISHER, NULL);
  self->account = g_object_ref (account);
  self->store = g_object_ref (store);
  self->folder = nd_folder_publisher_account_folder (account);
  return self;
}

const char *
nd_folder_publisher_get_folder (NdFolderPublisher *self)
{
  g_return_val_if_fail (ND_IS_FOLDER_PUBLISHER (self), NULL);
  return self->folder;
}
