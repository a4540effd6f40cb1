/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "nd-account-store.h"
#include "nd-article-store.h"
#include "nd-publisher.h"

G_BEGIN_DECLS

/* The offline outbox: publishes that could not reach the server wait here and are retried
 * until they go through or need the reporter.
 *
 * Each job lives in <library>/outbox/<job-id>/: job.json (written atomically), a lock file
 * (flock while the job runs, so the GUI and the CLI never run one job twice at once) and
 * a snapshot of the article as it was when Publish was pressed (article JSON and photo in
 * a private NdArticleStore under snapshot/). The job publishes that snapshot, even while
 * the reporter keeps editing; every piece of remote state the publisher records (post id,
 * media id, modified_gmt, photo hash…) is merged at once into the library's article as
 * well, so a later publish or retry updates instead of creating again. */

typedef enum
{
  ND_OUTBOX_JOB_QUEUED,    /* waiting for next-attempt (or for the network) */
  ND_OUTBOX_JOB_RUNNING,   /* being published now (by this or another process) */
  ND_OUTBOX_JOB_FAILED,    /* needs attention: retrying cannot fix it; never retried
                            * automatically, only by nd_outbox_retry_async */
} NdOutboxJobState;

#define ND_TYPE_OUTBOX_JOB_STATE (nd_outbox_job_state_get_type ())
GType nd_outbox_job_state_get_type (void) G_GNUC_CONST;

/* ---- NdOutboxJob: one queued publish, as the GUI lists it --------------------------- *
 * Read-only GObject; every property notifies when it changes (on the outbox's main
 * context). Properties: "id", "article-id", "headline", "account-id", "account-name",
 * "status" (requested: ND_PUBLISH_STATUS_*), "publish-at" (GDateTime, nullable),
 * "created" (GDateTime), "state" (NdOutboxJobState), "attempts" (guint),
 * "next-attempt" (GDateTime; NULL when the job is failed or running), "last-error"
 * (a sentence for the reporter, NULL before the first failure), "last-error-code"
 * (the ND_PUBLISH_ERROR_* code of that failure, -1 when none). */

#define ND_TYPE_OUTBOX_JOB (nd_outbox_job_get_type ())
G_DECLARE_FINAL_TYPE (NdOutboxJob, nd_outbox_job, ND, OUTBOX_JOB, GObject)

const char       *nd_outbox_job_get_id              (NdOutboxJob *self);
const char       *nd_outbox_job_get_article_id      (NdOutboxJob *self);
const char       *nd_outbox_job_get_headline        (NdOutboxJob *self);
const char       *nd_outbox_job_get_account_id      (NdOutboxJob *self);
/* The account's current name; the id when the account no longer exists. */
const char       *nd_outbox_job_get_account_name    (NdOutboxJob *self);
const char       *nd_outbox_job_get_status          (NdOutboxJob *self);
GDateTime        *nd_outbox_job_get_publish_at      (NdOutboxJob *self);
NdPublishFlags    nd_outbox_job_get_flags           (NdOutboxJob *self);
GDateTime        *nd_outbox_job_get_created         (NdOutboxJob *self);
NdOutboxJobState  nd_outbox_job_get_state           (NdOutboxJob *self);
guint             nd_outbox_job_get_attempts        (NdOutboxJob *self);
GDateTime        *nd_outbox_job_get_next_attempt    (NdOutboxJob *self);
const char       *nd_outbox_job_get_last_error      (NdOutboxJob *self);
int               nd_outbox_job_get_last_error_code (NdOutboxJob *self);

/* ---- NdOutbox ---------------------------------------------------------------------- *
 * Signals (emitted on the main context the outbox was created in):
 *   "job-published"  (NdOutboxJob *job, const char *link)
 *       a queued job went through; link is the published copy's address (nullable).
 *       Emitted just before the job leaves the model. ("Published “%s”" toast.)
 *   "job-failed"     (NdOutboxJob *job, GError *error)
 *       an attempt failed; the job's state says whether it stays queued (retryable) or
 *       now needs attention.
 *   "remote-changed" (const char *article_id, const char *account_id, JsonObject *remote,
 *                     const char *status)
 *       remote state (and, at the end of a successful job, the article's new status;
 *       NULL when unchanged) was written into the library's article on disk. Whoever
 *       holds that article in memory (the editor) must apply it (nd_article_set_remote,
 *       nd_article_set_status) or its next save would overwrite it. */

#define ND_TYPE_OUTBOX (nd_outbox_get_type ())
G_DECLARE_FINAL_TYPE (NdOutbox, nd_outbox, ND, OUTBOX, GObject)

/* The outbox of library (at <library dir>/outbox). accounts resolves a job's account id
 * to the account (name, settings) when the job runs; secrets come from libsecret
 * (nd-secrets.h). Creating it does no I/O: call nd_outbox_reload_async (or
 * nd_outbox_start) to read the jobs on disk. */
NdOutbox   *nd_outbox_new              (NdArticleStore      *library,
                                        NdAccountStore      *accounts);
const char *nd_outbox_get_dir          (NdOutbox            *self);
/* A GListModel of NdOutboxJob, oldest first; kept up to date (jobs added, removed, their
 * properties notify). Owned by the outbox. */
GListModel *nd_outbox_get_jobs         (NdOutbox            *self);
NdOutboxJob *nd_outbox_find_job        (NdOutbox            *self,
                                        const char          *job_id);

/* Reads the outbox folder again (jobs added or removed by another process show up). A
 * job left "running" by a process that died (its lock is free) goes back to queued. */
void        nd_outbox_reload_async     (NdOutbox            *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    nd_outbox_reload_finish    (NdOutbox            *self,
                                        GAsyncResult        *result,
                                        GError             **error);

/* Queues a publish of article (as it is now: the snapshot is taken from it, so call this
 * on the thread that owns article) to account. reason is the failure that made it queue
 * (nullable: offline): it becomes the job's last error, and its Retry-After, if any, the
 * earliest next attempt. A queued job for the same article and account is replaced (one
 * article never has two jobs for one account). Returns the job (transfer full). */
void         nd_outbox_enqueue_async   (NdOutbox            *self,
                                        NdArticle           *article,
                                        NdAccount           *account,
                                        const char          *status,
                                        GDateTime           *publish_at,
                                        NdPublishFlags       flags,
                                        const GError        *reason,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
NdOutboxJob *nd_outbox_enqueue_finish  (NdOutbox            *self,
                                        GAsyncResult        *result,
                                        GError             **error);

/* Attempts job now (or, when job is NULL, every queued and failed job), ignoring the
 * backoff, and finishes when the attempts are over. A job locked by another process is
 * skipped (counted as still queued). Counts are optional. Returns TRUE when every
 * attempted job was published; FALSE with the last failure otherwise. */
void        nd_outbox_retry_async      (NdOutbox            *self,
                                        NdOutboxJob         *job,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    nd_outbox_retry_finish     (NdOutbox            *self,
                                        GAsyncResult        *result,
                                        guint               *n_published,
                                        guint               *n_queued,
                                        guint               *n_failed,
                                        GError             **error);

/* Removes the job and its snapshot from disk and from the model. Fails
 * (G_IO_ERROR_BUSY) while the job is running. */
void        nd_outbox_cancel_async     (NdOutbox            *self,
                                        NdOutboxJob         *job,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    nd_outbox_cancel_finish    (NdOutbox            *self,
                                        GAsyncResult        *result,
                                        GError             **error);

/* Drops the queued or failed jobs of article_id for account_id: call it after a direct
 * publish of that article went through, so an older snapshot never overwrites it later.
 * A job running at that moment is left alone. */
void        nd_outbox_forget_async     (NdOutbox            *self,
                                        const char          *article_id,
                                        const char          *account_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    nd_outbox_forget_finish    (NdOutbox            *self,
                                        GAsyncResult        *result,
                                        GError             **error);

/* Automatic scheduling: reads the jobs, then runs each queued job when its next attempt
 * is due (one at a time), rereads the folder now and then for jobs other processes
 * queued, and retries at once when the network monitor reports the network is back.
 * stop cancels the timers and any running attempt (the job stays queued). */
void        nd_outbox_start            (NdOutbox            *self);
void        nd_outbox_stop             (NdOutbox            *self);
gboolean    nd_outbox_get_running      (NdOutbox            *self);
/* Defaults to g_network_monitor_get_default (); for tests. Call before start. */
void        nd_outbox_set_network_monitor (NdOutbox         *self,
                                           GNetworkMonitor  *monitor);

/* ---- retry policy ------------------------------------------------------------------ */

/* TRUE when a later attempt may succeed without the reporter doing anything: the server
 * could not be reached, or answered 502/503/504 (ND_PUBLISH_ERROR_UNAVAILABLE) or 429
 * (ND_PUBLISH_ERROR_RATE_LIMITED), or a 5xx. FALSE for 401, 403, other 4xx, a conflict, a
 * certificate problem, an invalid article, cancel. *retry_after_seconds (optional) gets
 * the server's Retry-After, or -1 when it sent none. */
gboolean    nd_outbox_error_is_retryable (const GError      *error,
                                          gint64            *retry_after_seconds);
/* Seconds to wait before attempt number attempts + 1 after attempts failures: 30 s
 * doubling up to 1 h, each ±20 % at random; never less than retry_after (when >= 0). */
gint64      nd_outbox_backoff_seconds  (guint                attempts,
                                        gint64               retry_after);

G_END_DECLS
