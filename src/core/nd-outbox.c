/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-outbox"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "nd-http-push-publisher.h"
#include "nd-json-util.h"
#include "nd-outbox.h"
#include "nd-publisher-factory.h"
#include "nd-secrets.h"
#include "nd-util.h"

#define JOB_FILE        "job.json"
#define LOCK_FILE       "lock"
#define SNAPSHOT_DIR    "snapshot"
#define TMP_PREFIX      ".tmp-"
#define TRASH_PREFIX    ".trash-"
#define JOB_VERSION     1

#define BACKOFF_FIRST   30          /* seconds before the first retry */
#define BACKOFF_MAX     3600        /* the backoff stops doubling here */
#define RETRY_AFTER_MAX (24 * 3600) /* a Retry-After further out is cut to this */
#define RELOAD_INTERVAL 30          /* rereads the folder for other processes' jobs */
#define BUSY_RECHECK    15          /* a job another process runs is looked at again */
#define STALE_TMP_AGE   3600        /* an unfinished enqueue this old is from a dead process */

/* ---- the job record (job.json), plain data for threads ------------------------------ */

typedef struct
{
  char             *id;
  char             *article_id;
  char             *headline;
  char             *account_id;
  char             *account_name;
  char             *status;
  GDateTime        *publish_at;
  GDateTime        *created;
  GDateTime        *next_attempt;
  NdPublishFlags    flags;
  NdOutboxJobState  state;
  guint             attempts;
  char             *last_error;
  int               last_error_code;
} JobRecord;

static void
record_free (JobRecord *rec)
{
  if (rec == NULL)
    return;
  g_free (rec->id);
  g_free (rec->article_id);
  g_free (rec->headline);
  g_free (rec->account_id);
  g_free (rec->account_name);
  g_free (rec->status);
  g_clear_pointer (&rec->publish_at, g_date_time_unref);
  g_clear_pointer (&rec->created, g_date_time_unref);
  g_clear_pointer (&rec->next_attempt, g_date_time_unref);
  g_free (rec->last_error);
  g_free (rec);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JobRecord, record_free)

static JobRecord *
record_copy (const JobRecord *rec)
{
  JobRecord *copy = g_new0 (JobRecord, 1);

  copy->id = g_strdup (rec->id);
  copy->article_id = g_strdup (rec->article_id);
  copy->headline = g_strdup (rec->headline);
  copy->account_id = g_strdup (rec->account_id);
  copy->account_name = g_strdup (rec->account_name);
  copy->status = g_strdup (rec->status);
  copy->publish_at = rec->publish_at ? g_date_time_ref (rec->publish_at) : NULL;
  copy->created = g_date_time_ref (rec->created);
  copy->next_attempt = rec->next_attempt ? g_date_time_ref (rec->next_attempt) : NULL;
  copy->flags = rec->flags;
  copy->state = rec->state;
  copy->attempts = rec->attempts;
  copy->last_error = g_strdup (rec->last_error);
  copy->last_error_code = rec->last_error_code;
  return copy;
}

static const char *const state_names[] = { "queued", "running", "failed" };

/* ---- NdOutboxJob -------------------------------------------------------------------- */

struct _NdOutboxJob
{
  GObject    parent_instance;

  JobRecord *rec;
  gint64     skip_until;   /* real seconds: another process held the lock */
  GPtrArray *waiters;      /* GTasks waiting for the attempt running now; NULL when idle */
};

G_DEFINE_FINAL_TYPE (NdOutboxJob, nd_outbox_job, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (NdOutboxJobState, nd_outbox_job_state,
                    G_DEFINE_ENUM_VALUE (ND_OUTBOX_JOB_QUEUED, "queued"),
                    G_DEFINE_ENUM_VALUE (ND_OUTBOX_JOB_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (ND_OUTBOX_JOB_FAILED, "failed"))

enum
{
  JOB_PROP_0,
  JOB_PROP_ID,
  JOB_PROP_ARTICLE_ID,
  JOB_PROP_HEADLINE,
  JOB_PROP_ACCOUNT_ID,
  JOB_PROP_ACCOUNT_NAME,
  JOB_PROP_STATUS,
  JOB_PROP_PUBLISH_AT,
  JOB_PROP_CREATED,
  JOB_PROP_STATE,
  JOB_PROP_ATTEMPTS,
  JOB_PROP_NEXT_ATTEMPT,
  JOB_PROP_LAST_ERROR,
  JOB_PROP_LAST_ERROR_CODE,
  JOB_N_PROPS
};

static GParamSpec *job_properties[JOB_N_PROPS];

static gboolean
datetime_equal0 (GDateTime *a,
                 GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b);
}

/* Takes rec; notifies what changed. */
static void
job_apply_record (NdOutboxJob *self,
                  JobRecord   *rec)
{
  g_autoptr(JobRecord) old = g_steal_pointer (&self->rec);
  GObject *object = G_OBJECT (self);

  self->rec = rec;
  if (old == NULL)
    return;

  g_object_freeze_notify (object);
  if (g_strcmp0 (old->headline, rec->headline) != 0)
    g_object_notify_by_pspec (object, job_properties[JOB_PROP_HEADLINE]);
  if (g_strcmp0 (old->account_name, rec->account_name) != 0)
    g_object_notify_by_pspec (object, job_properties[JOB_PROP_ACCOUNT_NAME]);
  if (g_strcmp0 (old->status, rec->status) != 0)
    g_object_notify_by_pspec (object, job_properties[JOB_PROP_STATUS]);
  if (!datetime_equal0 (old->publish_at, rec->publish_at))
    g_object_notify_by_pspec (object, job_properties[JOB_PROP_PUBLISH_AT]);
  if (old->state != rec->state)
    g_object_notify_by_pspec (object, job_properties[JOB_PROP_STATE]);
  if (old->attempts != rec->attempts)
    g_object_notify_by_pspec (object, job_properties[JOB_PROP_ATTEMPTS]);
  if (old->state != rec->state || !datetime_equal0 (old->next_attempt, rec->next_attempt))
    g_object_notify_by_pspec (object, job_properties[JOB_PROP_NEXT_ATTEMPT]);
  if (g_strcmp0 (old->last_error, rec->last_error) != 0)
    g_object_notify_by_pspec (object, job_properties[JOB_PROP_LAST_ERROR]);
  if (old->last_error_code != rec->last_error_code)
    g_object_notify_by_pspec (object, job_properties[JOB_PROP_LAST_ERROR_CODE]);
  g_object_thaw_notify (object);
}

static NdOutboxJob *
job_new (JobRecord *rec)
{
  NdOutboxJob *self = g_object_new (ND_TYPE_OUTBOX_JOB, NULL);

  self->rec = rec;
  return self;
}

static void
nd_outbox_job_finalize (GObject *object)
{
  NdOutboxJob *self = ND_OUTBOX_JOB (object);

  g_assert (self->waiters == NULL);
  record_free (self->rec);
  G_OBJECT_CLASS (nd_outbox_job_parent_class)->finalize (object);
}

static void
nd_outbox_job_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  NdOutboxJob *self = ND_OUTBOX_JOB (object);

  switch (prop_id)
    {
    case JOB_PROP_ID:
      g_value_set_string (value, nd_outbox_job_get_id (self));
      break;
    case JOB_PROP_ARTICLE_ID:
      g_value_set_string (value, nd_outbox_job_get_article_id (self));
      break;
    case JOB_PROP_HEADLINE:
      g_value_set_string (value, nd_outbox_job_get_headline (self));
      break;
    case JOB_PROP_ACCOUNT_ID:
      g_value_set_string (value, nd_outbox_job_get_account_id (self));
      break;
    case JOB_PROP_ACCOUNT_NAME:
      g_value_set_string (value, nd_outbox_job_get_account_name (self));
      break;
    case JOB_PROP_STATUS:
      g_value_set_string (value, nd_outbox_job_get_status (self));
      break;
    case JOB_PROP_PUBLISH_AT:
      g_value_set_boxed (value, nd_outbox_job_get_publish_at (self));
      break;
    case JOB_PROP_CREATED:
      g_value_set_boxed (value, nd_outbox_job_get_created (self));
      break;
    case JOB_PROP_STATE:
      g_value_set_enum (value, nd_outbox_job_get_state (self));
      break;
    case JOB_PROP_ATTEMPTS:
      g_value_set_uint (value, nd_outbox_job_get_attempts (self));
      break;
    case JOB_PROP_NEXT_ATTEMPT:
      g_value_set_boxed (value, nd_outbox_job_get_next_attempt (self));
      break;
    case JOB_PROP_LAST_ERROR:
      g_value_set_string (value, nd_outbox_job_get_last_error (self));
      break;
    case JOB_PROP_LAST_ERROR_CODE:
      g_value_set_int (value, nd_outbox_job_get_last_error_code (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_outbox_job_class_init (NdOutboxJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = nd_outbox_job_finalize;
  object_class->get_property = nd_outbox_job_get_property;

  job_properties[JOB_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  job_properties[JOB_PROP_ARTICLE_ID] = g_param_spec_string ("article-id", NULL, NULL, NULL, flags);
  job_properties[JOB_PROP_HEADLINE] = g_param_spec_string ("headline", NULL, NULL, NULL, flags);
  job_properties[JOB_PROP_ACCOUNT_ID] = g_param_spec_string ("account-id", NULL, NULL, NULL, flags);
  job_properties[JOB_PROP_ACCOUNT_NAME] = g_param_spec_string ("account-name", NULL, NULL, NULL, flags);
  job_properties[JOB_PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  job_properties[JOB_PROP_PUBLISH_AT] = g_param_spec_boxed ("publish-at", NULL, NULL,
                                                            G_TYPE_DATE_TIME, flags);
  job_properties[JOB_PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL,
                                                         G_TYPE_DATE_TIME, flags);
  job_properties[JOB_PROP_STATE] = g_param_spec_enum ("state", NULL, NULL,
                                                      ND_TYPE_OUTBOX_JOB_STATE,
                                                      ND_OUTBOX_JOB_QUEUED, flags);
  job_properties[JOB_PROP_ATTEMPTS] = g_param_spec_uint ("attempts", NULL, NULL,
                                                         0, G_MAXUINT, 0, flags);
  job_properties[JOB_PROP_NEXT_ATTEMPT] = g_param_spec_boxed ("next-attempt", NULL, NULL,
                                                              G_TYPE_DATE_TIME, flags);
  job_properties[JOB_PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, flags);
  job_properties[JOB_PROP_LAST_ERROR_CODE] = g_param_spec_int ("last-error-code", NULL, NULL,
                                                               -1, G_MAXINT, -1, flags);
  g_object_class_install_properties (object_class, JOB_N_PROPS, job_properties);
}

static void
nd_outbox_job_init (NdOutboxJob *self)
{
}

const char *
nd_outbox_job_get_id (NdOutboxJob *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX_JOB (self), NULL);
  return self->rec->id;
}

const char *
nd_outbox_job_get_article_id (NdOutboxJob *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX_JOB (self), NULL);
  return self->rec->article_id;
}

const char *
nd_outbox_job_get_headline (NdOutboxJob *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX_JOB (self), NULL);
  return self->rec->headline;
}

const char *
nd_outbox_job_get_account_id (NdOutboxJob *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX_JOB (self), NULL);
  return self->rec->account_id;
}

const char *
nd_outbox_job_get_account_name (NdOutboxJob *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX_JOB (self), NULL);
  return self->rec->account_name ? self->rec->account_name : self->rec->account_id;
}

const char *
nd_outbox_job_get_status (NdOutboxJob *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX_JOB (self), NULL);
  return self->rec->status;
}

GDateTime *
nd_outbox_job_get_publish_at (NdOutboxJob *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX_JOB (self), NULL);
  return self->rec->publish_at;
}

NdPublishFlags
nd_outbox_job_get_flags (NdOutboxJob *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX_JOB (self), 0);
  return self->rec->flags;
}

GDateTime *
nd_outbox_job_get_created (NdOutboxJob *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX_JOB (self), NULL);
  return self->rec->created;
}

NdOutboxJobState
nd_outbox_job_get_state (NdOutboxJob *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX_JOB (self), ND_OUTBOX_JOB_QUEUED);
  return self->rec->state;
}

guint
nd_outbox_job_get_attempts (NdOutboxJob *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX_JOB (self), 0);
  return self->rec->attempts;
}

GDateTime *
nd_outbox_job_get_next_attempt (NdOutboxJob *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX_JOB (self), NULL);
  return self->rec->state == ND_OUTBOX_JOB_QUEUED ? self->rec->next_attempt : NULL;
}

const char *
nd_outbox_job_get_last_error (NdOutboxJob *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX_JOB (self), NULL);
  return self->rec->last_error;
}

int
nd_outbox_job_get_last_error_code (NdOutboxJob *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX_JOB (self), -1);
  return self->rec->last_error_code;
}

/* ---- NdOutbox ----------------------------------------------------------------------- */

struct _NdOutbox
{
  GObject          parent_instance;

  NdArticleStore  *library;
  NdAccountStore  *accounts;
  char            *dir;
  GMainContext    *context;

  GListStore      *jobs;
  GHashTable      *by_id;            /* id → NdOutboxJob, borrowed from jobs */
  guint            generation;       /* bumped by every change this process makes */

  GCancellable    *cancellable;      /* everything; cancelled in dispose */
  GCancellable    *run_cancellable;  /* attempts; cancelled by stop and dispose */

  gboolean         started;
  gboolean         scheduling;       /* the scheduler's own attempt is running */
  GSource         *timer;
  GSource         *reload_timer;
  GSource         *reload_soon;
  GFileMonitor    *monitor;
  GNetworkMonitor *network;
  gulong           network_handler;
  gboolean         network_available;
};

G_DEFINE_FINAL_TYPE (NdOutbox, nd_outbox, G_TYPE_OBJECT)

enum
{
  SIGNAL_JOB_PUBLISHED,
  SIGNAL_JOB_FAILED,
  SIGNAL_REMOTE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  OUTCOME_PUBLISHED,
  OUTCOME_QUEUED,    /* failed, will be retried */
  OUTCOME_FAILED,    /* needs attention */
  OUTCOME_BUSY,      /* another process runs it */
  OUTCOME_GONE,      /* no longer on disk (published or cancelled elsewhere) */
} Outcome;

typedef struct
{
  Outcome  outcome;
  GError  *error;
  char    *link;
} RunResult;

static void
run_result_free (RunResult *r)
{
  g_clear_error (&r->error);
  g_free (r->link);
  g_free (r);
}

static void schedule (NdOutbox *self);
static void reload_soon (NdOutbox *self);

/* ---- disk helpers (any thread) ------------------------------------------------------ */

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
format_dt (GDateTime *dt)
{
  return dt ? nd_datetime_format (dt) : NULL;
}

static char *
record_to_json (JobRecord *rec,
                gsize     *len)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *publish_at = format_dt (rec->publish_at);
  g_autofree char *created = format_dt (rec->created);
  g_autofree char *next = format_dt (rec->next_attempt);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, JOB_VERSION);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, rec->id);
  json_builder_set_member_name (b, "article_id");
  json_builder_add_string_value (b, rec->article_id);
  json_builder_set_member_name (b, "headline");
  json_builder_add_string_value (b, rec->headline ? rec->headline : "");
  json_builder_set_member_name (b, "account_id");
  json_builder_add_string_value (b, rec->account_id);
  json_builder_set_member_name (b, "account_name");
  json_builder_add_string_value (b, rec->account_name ? rec->account_name : "");
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, rec->status);
  json_builder_set_member_name (b, "publish_at");
  if (publish_at)
    json_builder_add_string_value (b, publish_at);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "flags");
  json_builder_add_int_value (b, rec->flags);
  json_builder_set_member_name (b, "created");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, state_names[rec->state]);
  json_builder_set_member_name (b, "attempts");
  json_builder_add_int_value (b, rec->attempts);
  json_builder_set_member_name (b, "next_attempt");
  if (next)
    json_builder_add_string_value (b, next);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "last_error");
  if (rec->last_error)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_int_value (b, rec->last_error_code);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, rec->last_error);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, len);
}

static gboolean
bad_job (GError    **error,
         const char *path,
         const char *why)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The outbox job “%s” is damaged: %s"), path, why);
  return FALSE;
}

static JobRecord *
record_read (const char  *job_dir,
             GError     **error)
{
  g_autofree char *path = g_build_filename (job_dir, JOB_FILE, NULL);
  g_autofree char *data = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JobRecord) rec = g_new0 (JobRecord, 1);
  JsonObject *obj;
  JsonNode *node;
  const char *state;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  if (nd_json_too_deep (data, len, 16) || !json_parser_load_from_data (parser, data, len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      bad_job (error, path, _("not a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (json_parser_get_root (parser));

  rec->id = g_strdup (json_object_get_string_member_with_default (obj, "id", ""));
  rec->article_id = g_strdup (json_object_get_string_member_with_default (obj, "article_id", ""));
  rec->account_id = g_strdup (json_object_get_string_member_with_default (obj, "account_id", ""));
  rec->headline = g_strdup (json_object_get_string_member_with_default (obj, "headline", ""));
  rec->account_name = g_strdup (json_object_get_string_member_with_default (obj, "account_name", ""));
  rec->status = g_strdup (json_object_get_string_member_with_default (obj, "status", ""));
  if (!g_uuid_string_is_valid (rec->id) || !g_uuid_string_is_valid (rec->article_id) ||
      *rec->account_id == '\0')
    {
      bad_job (error, path, _("an id is missing"));
      return NULL;
    }
  if (!g_str_equal (rec->status, ND_PUBLISH_STATUS_DRAFT) &&
      !g_str_equal (rec->status, ND_PUBLISH_STATUS_PUBLISH) &&
      !g_str_equal (rec->status, ND_PUBLISH_STATUS_FUTURE))
    {
      bad_job (error, path, _("unknown status"));
      return NULL;
    }
  if (*rec->account_name == '\0')
    g_clear_pointer (&rec->account_name, g_free);

  node = json_object_get_member (obj, "publish_at");
  if (node && JSON_NODE_HOLDS_VALUE (node))
    rec->publish_at = nd_datetime_parse (json_node_get_string (node));
  node = json_object_get_member (obj, "next_attempt");
  if (node && JSON_NODE_HOLDS_VALUE (node))
    rec->next_attempt = nd_datetime_parse (json_node_get_string (node));
  rec->created = nd_datetime_parse (json_object_get_string_member_with_default (obj, "created", ""));
  if (rec->created == NULL)
    rec->created = g_date_time_new_now_utc ();
  rec->flags = (NdPublishFlags) json_object_get_int_member_with_default (obj, "flags", 0);
  rec->attempts = (guint) CLAMP (json_object_get_int_member_with_default (obj, "attempts", 0),
                                 0, G_MAXINT);

  state = json_object_get_string_member_with_default (obj, "state", "queued");
  rec->state = ND_OUTBOX_JOB_QUEUED;
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (state, state_names[i]))
      rec->state = i;

  rec->last_error_code = -1;
  node = json_object_get_member (obj, "last_error");
  if (node && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *err = json_node_get_object (node);

      rec->last_error = g_strdup (json_object_get_string_member_with_default (err, "message", ""));
      rec->last_error_code = (int) json_object_get_int_member_with_default (err, "code", -1);
    }
  return g_steal_pointer (&rec);
}

static gboolean
record_write (const char  *job_dir,
              JobRecord   *rec,
              GError     **error)
{
  g_autofree char *path = g_build_filename (job_dir, JOB_FILE, NULL);
  gsize len;
  g_autofree char *json = record_to_json (rec, &len);

  return nd_file_write_atomic (path, json, len, error);
}

/* The job's lock, held (flock, so it dies with the process) for as long as the returned
 * descriptor is open. -1 with *busy when someone else holds it; -1 without when the job
 * folder is gone. */
static int
lock_job (const char *job_dir,
          gboolean   *busy)
{
  g_autofree char *path = g_build_filename (job_dir, LOCK_FILE, NULL);
  int fd;

  *busy = FALSE;
  if (!g_file_test (job_dir, G_FILE_TEST_IS_DIR))
    return -1;
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return -1;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      *busy = errno == EWOULDBLOCK;
      close (fd);
      return -1;
    }
  /* Removed between our look and the lock: nothing to hold. */
  if (!g_file_test (job_dir, G_FILE_TEST_IS_DIR))
    {
      close (fd);
      return -1;
    }
  return fd;
}

static void
unlock_job (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

/* Removes a job folder: first moved aside in one step, so no reader ever sees half a
 * job, then deleted. */
static gboolean
discard_job_dir (const char  *outbox_dir,
                 const char  *job_dir,
                 GError     **error)
{
  g_autofree char *base = g_path_get_basename (job_dir);
  g_autofree char *rand = nd_uuid_new ();
  g_autofree char *name = g_strconcat (TRASH_PREFIX, base, "-", rand, NULL);
  g_autofree char *aside = g_build_filename (outbox_dir, name, NULL);

  if (g_rename (job_dir, aside) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not remove the outbox job “%s”: %s"), base, g_strerror (saved));
      return FALSE;
    }
  nd_fsync_dir (outbox_dir);
  nd_rm_rf (aside, NULL);
  return TRUE;
}

static char *
remote_text (NdArticle  *article,
             const char *account_id)
{
  JsonObject *remote = nd_article_get_remote (article, account_id);
  g_autoptr(JsonNode) node = NULL;

  if (remote == NULL)
    return g_strdup ("");
  node = json_node_init_object (json_node_alloc (), remote);
  return json_to_string (node, FALSE);
}

/* ---- reload ------------------------------------------------------------------------- */

static gint
compare_created (gconstpointer a,
                 gconstpointer b)
{
  const JobRecord *ra = *(JobRecord **) a;
  const JobRecord *rb = *(JobRecord **) b;

  return g_date_time_compare (ra->created, rb->created);
}

static void
reload_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  NdOutbox *self = source;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
  g_autoptr(GHashTable) newest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  if (!nd_mkdir_private (self->dir, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  dir = g_dir_open (self->dir, 0, &error);
  if (dir == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (self->dir, name, NULL);
      g_autoptr(GError) local_error = NULL;
      JobRecord *rec;

      if (g_str_has_prefix (name, TRASH_PREFIX))
        {
          /* Left by a process killed while removing a job. */
          nd_rm_rf (path, NULL);
          continue;
        }
      if (g_str_has_prefix (name, TMP_PREFIX))
        {
          GStatBuf st;

          if (g_stat (path, &st) == 0 && now_unix () - st.st_mtime > STALE_TMP_AGE)
            nd_rm_rf (path, NULL);
          continue;
        }
      if (!g_uuid_string_is_valid (name))
        continue;

      rec = record_read (path, &local_error);
      if (rec == NULL)
        {
          g_warning ("Skipping outbox job %s: %s", name, local_error->message);
          continue;
        }
      if (!g_str_equal (rec->id, name))
        {
          g_free (rec->id);
          rec->id = g_strdup (name);
        }

      if (rec->state == ND_OUTBOX_JOB_RUNNING)
        {
          gboolean busy;
          int fd = lock_job (path, &busy);

          /* Nobody holds the lock: the process that ran it died. */
          if (fd >= 0)
            {
              rec->state = ND_OUTBOX_JOB_QUEUED;
              g_clear_pointer (&rec->next_attempt, g_date_time_unref);
              rec->next_attempt = g_date_time_new_now_utc ();
              if (!record_write (path, rec, &local_error))
                g_warning ("Could not requeue outbox job %s: %s", name, local_error->message);
              unlock_job (&fd);
            }
        }
      g_ptr_array_add (records, rec);
    }

  g_ptr_array_sort (records, compare_created);

  /* Two jobs for one article and account (a crash between the new job's arrival and the
   * old one's removal): the older snapshot must never be published after the newer. */
  for (guint i = records->len; i > 0; i--)
    {
      JobRecord *rec = g_ptr_array_index (records, i - 1);
      g_autofree char *key = g_strconcat (rec->article_id, "/", rec->account_id, NULL);

      if (!g_hash_table_contains (newest, key))
        {
          g_hash_table_add (newest, g_steal_pointer (&key));
          continue;
        }
      {
        g_autofree char *path = g_build_filename (self->dir, rec->id, NULL);
        gboolean busy;
        int fd = lock_job (path, &busy);

        if (fd < 0)
          continue;
        if (discard_job_dir (self->dir, path, NULL))
          g_ptr_array_remove_index (records, i - 1);
        unlock_job (&fd);
      }
    }

  g_task_return_pointer (task, g_steal_pointer (&records), (GDestroyNotify) g_ptr_array_unref);
}

static NdOutboxJob *
find_job (NdOutbox   *self,
          const char *id)
{
  return g_hash_table_lookup (self->by_id, id);
}

static gint
compare_jobs (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_date_time_compare (ND_OUTBOX_JOB ((gpointer) a)->rec->created,
                              ND_OUTBOX_JOB ((gpointer) b)->rec->created);
}

static void
add_job (NdOutbox  *self,
         JobRecord *rec)
{
  g_autoptr(NdOutboxJob) job = job_new (rec);

  g_hash_table_insert (self->by_id, g_strdup (rec->id), job);
  g_list_store_insert_sorted (self->jobs, job, compare_jobs, NULL);
}

static void
remove_job (NdOutbox    *self,
            NdOutboxJob *job)
{
  guint pos;

  if (g_list_store_find (self->jobs, job, &pos))
    {
      g_hash_table_remove (self->by_id, job->rec->id);
      g_list_store_remove (self->jobs, pos);
    }
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  NdOutbox *self = ND_OUTBOX (object);
  g_autoptr(GTask) task = user_data;
  guint generation = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) seen = NULL;
  GError *error = NULL;

  records = g_task_propagate_pointer (G_TASK (result), &error);
  if (records == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Something changed here while the folder was read: read it again. */
  if (generation != self->generation)
    {
      GTask *outer = g_steal_pointer (&task);
      g_autoptr(GTask) again = g_task_new (self, g_task_get_cancellable (outer), reload_cb, outer);

      g_task_set_task_data (outer, GUINT_TO_POINTER (self->generation), NULL);
      g_task_run_in_thread (again, reload_thread);
      return;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < records->len; i++)
    {
      JobRecord *rec = g_ptr_array_index (records, i);
      NdOutboxJob *job = find_job (self, rec->id);

      g_ptr_array_index (records, i) = NULL;
      if (job == NULL)
        {
          g_hash_table_add (seen, rec->id);
          add_job (self, rec);
          continue;
        }
      /* An attempt of ours is under way: it holds the truth about this job. */
      if (job->waiters)
        record_free (rec);
      else
        job_apply_record (job, rec);
      g_hash_table_add (seen, job->rec->id);
    }

  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->jobs)); i > 0; i--)
    {
      g_autoptr(NdOutboxJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i - 1);

      if (!g_hash_table_contains (seen, job->rec->id) && job->waiters == NULL)
        remove_job (self, job);
    }

  g_task_return_boolean (task, TRUE);
  schedule (self);
}

/* ---- publishing one job ------------------------------------------------------------- */

typedef struct
{
  NdOutbox       *self;
  NdOutboxJob    *job;
  char           *job_dir;
  char           *article_id;
  char           *account_id;
  int             lock_fd;
  JobRecord      *rec;
  NdArticleStore *snap_store;
  NdArticle      *snapshot;
  char           *status_before;
  NdAccount      *account;
  NdPublisher    *publisher;
  gulong          changed_id;
  GMutex          merge_lock;
  GCond           merge_cond;
  guint           merges_pending; /* merges queued from "changed", not yet written */
  char           *merged;        /* the remote state last merged into the library */
  JsonObject     *remote;
  GError         *error;
  Outcome         outcome;
  char           *link;
  char           *final_status;  /* the library article's new status, if it changed */
} Run;

static void
run_free (Run *run)
{
  unlock_job (&run->lock_fd);
  if (run->changed_id)
    g_signal_handler_disconnect (run->snapshot, run->changed_id);
  g_clear_object (&run->self);
  g_clear_object (&run->job);
  g_free (run->job_dir);
  g_free (run->article_id);
  g_free (run->account_id);
  record_free (run->rec);
  g_clear_object (&run->snap_store);
  g_clear_object (&run->snapshot);
  g_free (run->status_before);
  g_clear_object (&run->account);
  g_clear_object (&run->publisher);
  g_mutex_clear (&run->merge_lock);
  g_cond_clear (&run->merge_cond);
  g_free (run->merged);
  g_clear_pointer (&run->remote, json_object_unref);
  g_clear_error (&run->error);
  g_free (run->link);
  g_free (run->final_status);
  g_free (run);
}

typedef struct
{
  NdOutbox   *self;
  char       *article_id;
  char       *account_id;
  JsonObject *remote;
  char       *status;
} RemoteChanged;

static gboolean
emit_remote_changed (gpointer data)
{
  RemoteChanged *rc = data;

  g_signal_emit (rc->self, signals[SIGNAL_REMOTE_CHANGED], 0, rc->article_id, rc->account_id,
                 rc->remote, rc->status);
  return G_SOURCE_REMOVE;
}

static void
remote_changed_free (gpointer data)
{
  RemoteChanged *rc = data;

  g_object_unref (rc->self);
  g_free (rc->article_id);
  g_free (rc->account_id);
  g_clear_pointer (&rc->remote, json_object_unref);
  g_free (rc->status);
  g_free (rc);
}

static void
queue_remote_changed (Run        *run,
                      JsonObject *remote,
                      const char *status)
{
  RemoteChanged *rc = g_new0 (RemoteChanged, 1);

  rc->self = g_object_ref (run->self);
  rc->article_id = g_strdup (run->article_id);
  rc->account_id = g_strdup (run->account_id);
  rc->remote = remote ? nd_json_object_copy (remote) : NULL;
  rc->status = g_strdup (status);
  g_main_context_invoke_full (run->self->context, G_PRIORITY_DEFAULT, emit_remote_changed, rc,
                              remote_changed_free);
}

/* Load-modify-save of the library's article: the snapshot's remote state for this account
 * (and its status, when final). Blocking, like nd_publisher_record_remote, whose saves it
 * accompanies. TRUE when there was nothing to do (no change; the article was deleted). */
static gboolean
merge_remote_into_library (Run         *run,
                           JsonObject  *remote,
                           const char  *captured_text,
                           const char  *status,
                           gboolean     final,
                           GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&run->merge_lock);
  g_autofree char *text = g_strdup (captured_text);
  g_autoptr(NdArticle) lib = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean status_changed = final && g_strcmp0 (status, run->status_before) != 0;

  if (g_strcmp0 (text, run->merged) == 0 && !status_changed)
    return TRUE;

  lib = nd_article_store_load (run->self->library, run->article_id, &local_error);
  if (lib == NULL)
    {
      if (g_error_matches (local_error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (remote)
    {
      g_autoptr(JsonObject) copy = nd_json_object_copy (remote);

      nd_article_set_remote (lib, run->account_id, copy);
    }
  if (status_changed)
    nd_article_set_status (lib, status);
  if (!nd_article_store_save (run->self->library, lib, error))
    return FALSE;

  g_free (run->merged);
  run->merged = g_steal_pointer (&text);
  if (status_changed)
    {
      g_free (run->final_status);
      run->final_status = g_strdup (status);
    }
  if (!final)
    queue_remote_changed (run, remote, NULL);
  return TRUE;
}

/* The snapshot's state now, for merging: read where the snapshot lives (the main context
 * while the publisher runs). */
static gboolean
merge_into_library (Run      *run,
                    gboolean  final,
                    GError  **error)
{
  g_autofree char *text = remote_text (run->snapshot, run->account_id);

  return merge_remote_into_library (run, nd_article_get_remote (run->snapshot, run->account_id),
                                    text, nd_article_get_status (run->snapshot), final, error);
}

typedef struct
{
  Run        *run;
  JsonObject *remote;
  char       *text;
  char       *status;
} Merge;

static void
merge_free (Merge *merge)
{
  g_clear_pointer (&merge->remote, json_object_unref);
  g_free (merge->text);
  g_free (merge->status);
  g_free (merge);
}

static void
merge_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Merge *merge = task_data;
  Run *run = merge->run;
  g_autoptr(GError) error = NULL;

  /* Each merge carries the whole remote state: a newer one already written makes this
   * one a no-op (merge_remote_into_library compares with what was merged last)... */
  if (!merge_remote_into_library (run, merge->remote, merge->text, merge->status, FALSE, &error))
    g_warning ("Could not record the remote state of %s in the library: %s",
               run->article_id, error->message);
  /* ...and the end of the run waits for every queued merge before its final one. */
  g_mutex_lock (&run->merge_lock);
  run->merges_pending--;
  g_cond_broadcast (&run->merge_cond);
  g_mutex_unlock (&run->merge_lock);
  g_task_return_boolean (task, TRUE);
}

/* The publisher records remote state in the snapshot as each piece becomes known; the
 * library's article must have it too, or a publish of the library copy would create a
 * second post. The load-modify-save runs in a worker: the GUI's outbox runs publishes on
 * the main thread. */
static void
snapshot_changed_cb (NdArticle *snapshot,
                     Run       *run)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
  Merge *merge = g_new0 (Merge, 1);
  JsonObject *remote = nd_article_get_remote (snapshot, run->account_id);

  merge->run = run;
  merge->remote = remote ? nd_json_object_copy (remote) : NULL;
  merge->text = remote_text (snapshot, run->account_id);
  merge->status = g_strdup (nd_article_get_status (snapshot));
  g_mutex_lock (&run->merge_lock);
  run->merges_pending++;
  g_mutex_unlock (&run->merge_lock);
  g_task_set_task_data (task, merge, (GDestroyNotify) merge_free);
  g_task_run_in_thread (task, merge_thread);
}

/* Waits (in a worker) until the merges "changed" queued are written. */
static void
wait_for_merges (Run *run)
{
  g_mutex_lock (&run->merge_lock);
  while (run->merges_pending > 0)
    g_cond_wait (&run->merge_cond, &run->merge_lock);
  g_mutex_unlock (&run->merge_lock);
}

static void run_complete (Run *run);

static void
run_finish_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Run *run = task_data;
  JobRecord *rec = run->rec;
  g_autoptr(GError) error = NULL;
  gboolean cancelled;

  wait_for_merges (run);
  if (run->error == NULL)
    {
      if (merge_into_library (run, TRUE, &error) &&
          discard_job_dir (run->self->dir, run->job_dir, &error))
        {
          run->outcome = OUTCOME_PUBLISHED;
          unlock_job (&run->lock_fd);
          g_task_return_boolean (task, TRUE);
          return;
        }
      /* Published, but the library could not be told: keep the job, whose next attempt
       * updates the same post (the snapshot has its ids) and tries again. */
      run->error = g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                                _("Published, but Newsdesk could not record it in the "
                                  "library: %s"), error->message);
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

        rec->attempts++;
        rec->state = ND_OUTBOX_JOB_QUEUED;
        g_free (rec->last_error);
        rec->last_error = g_strdup (run->error->message);
        rec->last_error_code = run->error->code;
        g_clear_pointer (&rec->next_attempt, g_date_time_unref);
        rec->next_attempt = g_date_time_add_seconds (now, nd_outbox_backoff_seconds (rec->attempts, -1));
      }
    }
  else
    {
      gint64 retry_after = -1;

      cancelled = g_error_matches (run->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                  g_error_matches (run->error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CANCELLED);
      g_clear_pointer (&rec->next_attempt, g_date_time_unref);
      if (cancelled)
        {
          /* Stopped (quit, stop): not the server's fault, not counted. */
          rec->state = ND_OUTBOX_JOB_QUEUED;
          rec->next_attempt = g_date_time_new_now_utc ();
        }
      else
        {
          rec->attempts++;
          g_free (rec->last_error);
          rec->last_error = g_strdup (run->error->message);
          rec->last_error_code = run->error->domain == ND_PUBLISH_ERROR ? run->error->code : -1;
          if (nd_outbox_error_is_retryable (run->error, &retry_after))
            {
              g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

              rec->state = ND_OUTBOX_JOB_QUEUED;
              rec->next_attempt =
                g_date_time_add_seconds (now, nd_outbox_backoff_seconds (rec->attempts,
                                                                         retry_after));
            }
          else
            rec->state = ND_OUTBOX_JOB_FAILED;
        }
    }

  run->outcome = rec->state == ND_OUTBOX_JOB_FAILED ? OUTCOME_FAILED : OUTCOME_QUEUED;
  if (!record_write (run->job_dir, rec, &error))
    g_warning ("Could not update outbox job %s: %s", rec->id, error->message);
  unlock_job (&run->lock_fd);
  g_task_return_boolean (task, TRUE);
}

static void
run_finished_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  run_complete (user_data);
}

static void
run_finish (Run *run)
{
  g_autoptr(GTask) task = g_task_new (run->self, NULL, run_finished_cb, run);

  if (run->changed_id)
    {
      g_signal_handler_disconnect (run->snapshot, run->changed_id);
      run->changed_id = 0;
    }
  g_task_set_task_data (task, run, NULL);
  g_task_run_in_thread (task, run_finish_thread);
}

static void
run_published_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Run *run = user_data;
  const char *link;

  run->remote = nd_publisher_publish_finish (ND_PUBLISHER (object), result, &run->error);
  if (run->remote)
    {
      link = json_object_get_string_member_with_default (run->remote, "url", NULL);
      if (link == NULL || *link == '\0')
        link = json_object_get_string_member_with_default (run->remote, "link", NULL);
      run->link = g_strdup (link && *link ? link : NULL);
    }
  run_finish (run);
}

static void
run_publish (Run        *run,
             const char *secret)
{
  NdOutbox *self = run->self;

  run->publisher = nd_publisher_factory_new_publisher (run->account, secret, run->snap_store,
                                                       &run->error);
  if (run->publisher == NULL)
    {
      run_finish (run);
      return;
    }
  run->changed_id = g_signal_connect (run->snapshot, "changed",
                                      G_CALLBACK (snapshot_changed_cb), run);
  nd_publisher_publish_async (run->publisher, run->snapshot, run->rec->status,
                              run->rec->publish_at, run->rec->flags, NULL, NULL,
                              self->run_cancellable, run_published_cb, run);
}

static void
run_secret_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = nd_secrets_lookup_finish (result, &error);
  if (secret == NULL)
    {
      if (error)
        run->error = g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_AUTH,
                                  _("Could not read the password of “%s” from the keyring: %s"),
                                  nd_account_get_name (run->account), error->message);
      else
        run->error = g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_AUTH,
                                  _("The keyring has no password for “%s”. Edit the account "
                                    "and enter it again."),
                                  nd_account_get_name (run->account));
      run_finish (run);
      return;
    }
  run_publish (run, secret);
  nd_secrets_free (secret);
}

static void
run_prepare_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Run *run = task_data;
  NdOutbox *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(NdArticle) lib = NULL;
  g_autofree char *snap_dir = NULL;
  JsonObject *lib_remote;
  gboolean busy;

  run->lock_fd = lock_job (run->job_dir, &busy);
  if (run->lock_fd < 0)
    {
      run->outcome = busy ? OUTCOME_BUSY : OUTCOME_GONE;
      g_task_return_boolean (task, FALSE);
      return;
    }

  /* Read again under the lock: another process may have run it meanwhile. */
  run->rec = record_read (run->job_dir, &error);
  if (run->rec == NULL)
    {
      g_warning ("Outbox job %s cannot be read: %s", run->job_dir, error->message);
      run->outcome = OUTCOME_GONE;
      unlock_job (&run->lock_fd);
      g_task_return_boolean (task, FALSE);
      return;
    }

  snap_dir = g_build_filename (run->job_dir, SNAPSHOT_DIR, NULL);
  run->snap_store = nd_article_store_new (snap_dir);
  run->snapshot = nd_article_store_load (run->snap_store, run->rec->article_id, &error);
  if (run->snapshot == NULL)
    {
      run->error = g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                                _("The copy of “%s” kept for publishing is damaged or missing "
                                  "(%s). Cancel this job and publish the article again."),
                                run->rec->headline, error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Start from what the library knows about the server: ids recorded by a direct publish
   * or an earlier attempt must lead to an update, never to a second post. On a
   * disagreement the library is newer (every record goes there first). */
  lib = nd_article_store_load (self->library, run->rec->article_id, NULL);
  lib_remote = lib ? nd_article_get_remote (lib, run->rec->account_id) : NULL;
  if (lib_remote)
    {
      JsonObject *own = nd_article_get_remote (run->snapshot, run->rec->account_id);
      g_autoptr(JsonObject) merged = own ? nd_json_object_copy (own) : json_object_new ();
      g_autoptr(GList) members = json_object_get_members (lib_remote);
      g_autofree char *before = remote_text (run->snapshot, run->rec->account_id);
      g_autofree char *after = NULL;

      for (GList *l = members; l; l = l->next)
        json_object_set_member (merged, l->data,
                                nd_json_node_copy (json_object_get_member (lib_remote, l->data)));
      nd_article_set_remote (run->snapshot, run->rec->account_id, merged);
      after = remote_text (run->snapshot, run->rec->account_id);
      if (!g_str_equal (before, after) &&
          !nd_article_store_save (run->snap_store, run->snapshot, &error))
        g_warning ("Could not update the outbox snapshot %s: %s", run->job_dir, error->message);
    }
  run->merged = remote_text (lib ? lib : run->snapshot, run->rec->account_id);
  run->status_before = g_strdup (nd_article_get_status (run->snapshot));

  run->rec->state = ND_OUTBOX_JOB_RUNNING;
  g_clear_error (&error);
  if (!record_write (run->job_dir, run->rec, &error))
    g_warning ("Could not update outbox job %s: %s", run->job_dir, error->message);
  g_task_return_boolean (task, TRUE);
}

static void
run_prepared_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;
  NdOutbox *self = run->self;
  const char *kind;
  gboolean needs_secret;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    {
      run_complete (run);
      return;
    }
  if (run->error)
    {
      run_finish (run);
      return;
    }

  /* Show "running" now; the run keeps its own record. */
  job_apply_record (run->job, record_copy (run->rec));

  run->account = self->accounts ? nd_account_store_find_by_id (self->accounts, run->account_id)
                                : NULL;
  if (run->account == NULL)
    {
      run->error = g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                                _("The account “%s” no longer exists. Cancel this job and "
                                  "publish the article to another account."),
                                nd_outbox_job_get_account_name (run->job));
      run_finish (run);
      return;
    }
  g_object_ref (run->account);
  if (g_strcmp0 (run->rec->account_name, nd_account_get_name (run->account)) != 0)
    {
      g_free (run->rec->account_name);
      run->rec->account_name = g_strdup (nd_account_get_name (run->account));
    }

  /* An http-push token is optional: looked up only when the account has one. */
  kind = nd_account_get_kind (run->account);
  needs_secret = g_str_equal (kind, ND_ACCOUNT_KIND_HTTP_PUSH)
    ? nd_http_push_account_get_has_token (run->account)
    : nd_publisher_factory_needs_secret (kind);
  if (needs_secret)
    nd_secrets_lookup_async (nd_account_get_id (run->account), self->run_cancellable,
                             run_secret_cb, run);
  else
    run_publish (run, NULL);
}

static RunResult *
run_result_new (Run *run)
{
  RunResult *r = g_new0 (RunResult, 1);

  r->outcome = run->outcome;
  r->error = run->error ? g_error_copy (run->error) : NULL;
  r->link = g_strdup (run->link);
  if (r->outcome == OUTCOME_BUSY && r->error == NULL)
    r->error = g_error_new (G_IO_ERROR, G_IO_ERROR_BUSY,
                            _("“%s” is being published by another Newsdesk window or "
                              "command right now."), nd_outbox_job_get_headline (run->job));
  return r;
}

static void
run_complete (Run *run)
{
  NdOutbox *self = run->self;
  NdOutboxJob *job = run->job;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&job->waiters);

  self->generation++;
  switch (run->outcome)
    {
    case OUTCOME_PUBLISHED:
      g_signal_emit (self, signals[SIGNAL_JOB_PUBLISHED], 0, job, run->link);
      g_signal_emit (self, signals[SIGNAL_REMOTE_CHANGED], 0, run->article_id, run->account_id,
                     nd_article_get_remote (run->snapshot, run->account_id), run->final_status);
      remove_job (self, job);
      break;
    case OUTCOME_GONE:
      remove_job (self, job);
      break;
    case OUTCOME_BUSY:
      job->skip_until = now_unix () + BUSY_RECHECK;
      break;
    case OUTCOME_QUEUED:
    case OUTCOME_FAILED:
      job_apply_record (job, g_steal_pointer (&run->rec));
      if (run->error)
        g_signal_emit (self, signals[SIGNAL_JOB_FAILED], 0, job, run->error);
      break;
    default:
      g_assert_not_reached ();
    }

  for (guint i = 0; waiters && i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      g_task_return_pointer (waiter, run_result_new (run), (GDestroyNotify) run_result_free);
    }
  run_free (run);
}

/* Attempts job now; a second request while an attempt of this outbox is under way waits
 * for that attempt's result. */
static void
run_job_async (NdOutbox            *self,
               NdOutboxJob         *job,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *waiter = g_task_new (self, NULL, callback, user_data);
  g_autoptr(GTask) task = NULL;
  Run *run;

  if (job->waiters)
    {
      g_ptr_array_add (job->waiters, waiter);
      return;
    }
  job->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (job->waiters, waiter);

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->job = g_object_ref (job);
  run->job_dir = g_build_filename (self->dir, job->rec->id, NULL);
  run->article_id = g_strdup (job->rec->article_id);
  run->account_id = g_strdup (job->rec->account_id);
  run->lock_fd = -1;
  g_mutex_init (&run->merge_lock);
  g_cond_init (&run->merge_cond);

  task = g_task_new (self, NULL, run_prepared_cb, run);
  g_task_set_task_data (task, run, NULL);
  g_task_run_in_thread (task, run_prepare_thread);
}

static RunResult *
run_job_finish (GAsyncResult *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

/* ---- scheduling --------------------------------------------------------------------- */

static gboolean
timer_cb (gpointer user_data)
{
  NdOutbox *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  schedule (self);
  return G_SOURCE_REMOVE;
}

static GSource *
add_timeout (NdOutbox    *self,
             guint        seconds,
             GSourceFunc  func)
{
  GSource *source = seconds == 0 ? g_idle_source_new () : g_timeout_source_new_seconds (seconds);

  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, self->context);
  return source;
}

static void
clear_source (GSource **source)
{
  if (*source)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
scheduled_run_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  NdOutbox *self = ND_OUTBOX (object);
  RunResult *r = run_job_finish (result);

  g_clear_pointer (&r, run_result_free);
  self->scheduling = FALSE;
  schedule (self);
}

static void
schedule (NdOutbox *self)
{
  NdOutboxJob *best = NULL;
  gint64 best_due = 0;
  gint64 now = now_unix ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));

  clear_source (&self->timer);
  if (!self->started || self->scheduling)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NdOutboxJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);
      gint64 due;

      if (job->rec->state != ND_OUTBOX_JOB_QUEUED || job->waiters)
        continue;
      due = job->rec->next_attempt ? g_date_time_to_unix (job->rec->next_attempt) : 0;
      due = MAX (due, job->skip_until);
      if (best == NULL || due < best_due)
        {
          best = job;
          best_due = due;
        }
    }
  if (best == NULL)
    return;

  if (best_due <= now)
    {
      self->scheduling = TRUE;
      run_job_async (self, best, scheduled_run_cb, NULL);
      return;
    }
  self->timer = add_timeout (self, (guint) MIN (best_due - now, BACKOFF_MAX), timer_cb);
}

static void
scheduled_reload_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!nd_outbox_reload_finish (ND_OUTBOX (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not read the outbox: %s", error->message);
}

static gboolean
reload_soon_cb (gpointer user_data)
{
  NdOutbox *self = user_data;

  g_clear_pointer (&self->reload_soon, g_source_unref);
  nd_outbox_reload_async (self, self->cancellable, scheduled_reload_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
reload_soon (NdOutbox *self)
{
  if (self->reload_soon == NULL)
    self->reload_soon = add_timeout (self, 1, reload_soon_cb);
}

static gboolean
reload_timer_cb (gpointer user_data)
{
  NdOutbox *self = user_data;

  reload_soon (self);
  return G_SOURCE_CONTINUE;
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    NdOutbox          *self)
{
  reload_soon (self);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    NdOutbox        *self)
{
  gboolean was = self->network_available;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));

  self->network_available = available;
  if (!available || was)
    return;

  /* Back online: every queued job is due now, whatever its backoff said. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NdOutboxJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);

      if (job->rec->state != ND_OUTBOX_JOB_QUEUED || job->waiters)
        continue;
      g_clear_pointer (&job->rec->next_attempt, g_date_time_unref);
      job->rec->next_attempt = g_date_time_new_now_utc ();
      job->skip_until = 0;
      g_object_notify_by_pspec (G_OBJECT (job), job_properties[JOB_PROP_NEXT_ATTEMPT]);
    }
  schedule (self);
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
nd_outbox_dispose (GObject *object)
{
  NdOutbox *self = ND_OUTBOX (object);

  nd_outbox_stop (self);
  g_cancellable_cancel (self->cancellable);
  if (self->network_handler)
    g_clear_signal_handler (&self->network_handler, self->network);
  g_clear_object (&self->network);
  if (self->jobs)
    g_list_store_remove_all (self->jobs);
  if (self->by_id)
    g_hash_table_remove_all (self->by_id);
  G_OBJECT_CLASS (nd_outbox_parent_class)->dispose (object);
}

static void
nd_outbox_finalize (GObject *object)
{
  NdOutbox *self = ND_OUTBOX (object);

  g_clear_object (&self->library);
  g_clear_object (&self->accounts);
  g_free (self->dir);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->jobs);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->run_cancellable);
  G_OBJECT_CLASS (nd_outbox_parent_class)->finalize (object);
}

static void
nd_outbox_class_init (NdOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = nd_outbox_dispose;
  object_class->finalize = nd_outbox_finalize;

  signals[SIGNAL_JOB_PUBLISHED] =
    g_signal_new ("job-published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, ND_TYPE_OUTBOX_JOB, G_TYPE_STRING);
  signals[SIGNAL_JOB_FAILED] =
    g_signal_new ("job-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, ND_TYPE_OUTBOX_JOB, G_TYPE_ERROR);
  signals[SIGNAL_REMOTE_CHANGED] =
    g_signal_new ("remote-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, JSON_TYPE_OBJECT,
                  G_TYPE_STRING);
}

static void
nd_outbox_init (NdOutbox *self)
{
  self->jobs = g_list_store_new (ND_TYPE_OUTBOX_JOB);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->run_cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
}

/* ---- public API --------------------------------------------------------------------- */

NdOutbox *
nd_outbox_new (NdArticleStore *library,
               NdAccountStore *accounts)
{
  NdOutbox *self;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (library), NULL);
  g_return_val_if_fail (accounts == NULL || ND_IS_ACCOUNT_STORE (accounts), NULL);

  self = g_object_new (ND_TYPE_OUTBOX, NULL);
  self->library = g_object_ref (library);
  self->accounts = accounts ? g_object_ref (accounts) : NULL;
  self->dir = g_build_filename (nd_article_store_get_dir (library), "outbox", NULL);
  return self;
}

const char *
nd_outbox_get_dir (NdOutbox *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX (self), NULL);
  return self->dir;
}

GListModel *
nd_outbox_get_jobs (NdOutbox *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX (self), NULL);
  return G_LIST_MODEL (self->jobs);
}

NdOutboxJob *
nd_outbox_find_job (NdOutbox   *self,
                    const char *job_id)
{
  g_return_val_if_fail (ND_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);
  return find_job (self, job_id);
}

void
nd_outbox_reload_async (NdOutbox            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *outer;
  g_autoptr(GTask) inner = NULL;

  g_return_if_fail (ND_IS_OUTBOX (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, nd_outbox_reload_async);
  g_task_set_task_data (outer, GUINT_TO_POINTER (self->generation), NULL);
  inner = g_task_new (self, cancellable, reload_cb, outer);
  g_task_set_task_data (inner, GUINT_TO_POINTER (self->generation), NULL);
  g_task_run_in_thread (inner, reload_thread);
}

gboolean
nd_outbox_reload_finish (NdOutbox      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- enqueue ---- */

typedef struct
{
  JobRecord *rec;
  char      *article_json;
  gsize      article_len;
  char      *photo_src;
  char      *replaced;    /* out: the id of the job this one replaced */
} Enqueue;

static void
enqueue_free (Enqueue *e)
{
  record_free (e->rec);
  g_free (e->article_json);
  g_free (e->photo_src);
  g_free (e->replaced);
  g_free (e);
}

static gboolean
snapshot_photo (const char  *src,
                const char  *dest,
                GError     **error)
{
  /* The library replaces a photo by renaming a new file over it, never by writing into
   * it, so a hard link is a snapshot; a copy where links are not possible. */
  if (link (src, dest) == 0)
    return TRUE;
  return nd_file_copy_atomic (src, dest, NULL, error);
}

static void
enqueue_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  NdOutbox *self = source;
  Enqueue *e = task_data;
  g_autofree char *tmp_name = g_strconcat (TMP_PREFIX, e->rec->id, NULL);
  g_autofree char *tmp = g_build_filename (self->dir, tmp_name, NULL);
  g_autofree char *final = g_build_filename (self->dir, e->rec->id, NULL);
  g_autofree char *snap_dir = g_build_filename (tmp, SNAPSHOT_DIR, NULL);
  g_autofree char *lock_path = g_build_filename (tmp, LOCK_FILE, NULL);
  g_autoptr(NdArticleStore) snap_store = NULL;
  g_autoptr(NdArticle) article = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  if (!nd_mkdir_private (self->dir, &error) || !nd_mkdir_private (tmp, &error) ||
      !nd_file_write_atomic (lock_path, "", 0, &error))
    goto fail;

  article = nd_article_new_from_json (e->article_json, (gssize) e->article_len, &error);
  if (article == NULL)
    goto fail;
  snap_store = nd_article_store_new (snap_dir);
  if (!nd_article_store_save (snap_store, article, &error))
    goto fail;
  if (e->photo_src)
    {
      g_autofree char *dest = nd_article_store_photo_path (snap_store, article);

      if (!snapshot_photo (e->photo_src, dest, &error))
        goto fail;
    }
  if (!record_write (tmp, e->rec, &error))
    goto fail;

  if (g_rename (tmp, final) != 0)
    {
      int saved = errno;

      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      goto fail;
    }
  nd_fsync_dir (self->dir);

  /* Only now the older job of the same article and account goes: a crash in between
   * leaves both, and the next reload keeps the newer. */
  dir = g_dir_open (self->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autoptr(JobRecord) other = NULL;
      gboolean busy;
      int fd;

      if (!g_uuid_string_is_valid (name) || g_str_equal (name, e->rec->id))
        continue;
      path = g_build_filename (self->dir, name, NULL);
      other = record_read (path, NULL);
      if (other == NULL || !g_str_equal (other->article_id, e->rec->article_id) ||
          !g_str_equal (other->account_id, e->rec->account_id))
        continue;
      fd = lock_job (path, &busy);
      /* One running now finishes with its own (older) snapshot; ours follows it. */
      if (fd < 0)
        continue;
      if (discard_job_dir (self->dir, path, NULL))
        {
          g_free (e->replaced);
          e->replaced = g_strdup (name);
        }
      unlock_job (&fd);
    }

  g_task_return_boolean (task, TRUE);
  return;

fail:
  nd_rm_rf (tmp, NULL);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Could not put “%s” in the outbox: %s"), e->rec->headline,
                           error->message);
}

static void
enqueue_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  NdOutbox *self = ND_OUTBOX (object);
  g_autoptr(GTask) task = user_data;
  Enqueue *e = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  NdOutboxJob *job;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  self->generation++;
  if (e->replaced && find_job (self, e->replaced) && find_job (self, e->replaced)->waiters == NULL)
    remove_job (self, find_job (self, e->replaced));
  add_job (self, g_steal_pointer (&e->rec));
  job = find_job (self, g_task_get_task_data (task));
  g_task_return_pointer (task, g_object_ref (job), g_object_unref);
  schedule (self);
}

void
nd_outbox_enqueue_async (NdOutbox            *self,
                         NdArticle           *article,
                         NdAccount           *account,
                         const char          *status,
                         GDateTime           *publish_at,
                         NdPublishFlags       flags,
                         const GError        *reason,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  GTask *outer;
  Enqueue *e;
  JobRecord *rec;
  gint64 retry_after = -1;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_if_fail (ND_IS_OUTBOX (self));
  g_return_if_fail (ND_IS_ARTICLE (article));
  g_return_if_fail (ND_IS_ACCOUNT (account));
  g_return_if_fail (status != NULL);

  rec = g_new0 (JobRecord, 1);
  rec->id = nd_uuid_new ();
  rec->article_id = g_strdup (nd_article_get_id (article));
  rec->headline = g_strdup (nd_article_get_headline (article));
  rec->account_id = g_strdup (nd_account_get_id (account));
  rec->account_name = g_strdup (nd_account_get_name (account));
  rec->status = g_strdup (status);
  rec->publish_at = publish_at ? g_date_time_ref (publish_at) : NULL;
  rec->created = g_date_time_ref (now);
  rec->flags = flags;
  rec->state = ND_OUTBOX_JOB_QUEUED;
  rec->last_error_code = -1;
  if (reason)
    {
      nd_outbox_error_is_retryable (reason, &retry_after);
      rec->attempts = 1;
      rec->last_error = g_strdup (reason->message);
      rec->last_error_code = reason->domain == ND_PUBLISH_ERROR ? reason->code : -1;
      rec->next_attempt = g_date_time_add_seconds (now, nd_outbox_backoff_seconds (1, retry_after));
    }
  else
    rec->next_attempt = g_date_time_ref (now);

  e = g_new0 (Enqueue, 1);
  e->rec = rec;
  /* The snapshot is taken here, on the article's own thread: later edits do not reach it. */
  e->article_json = nd_article_to_json (article, &e->article_len);
  e->photo_src = nd_article_store_photo_path (self->library, article);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, nd_outbox_enqueue_async);
  g_task_set_task_data (outer, g_strdup (rec->id), g_free);
  inner = g_task_new (self, NULL, enqueue_cb, outer);
  g_task_set_task_data (inner, e, (GDestroyNotify) enqueue_free);
  g_task_run_in_thread (inner, enqueue_thread);
}

NdOutboxJob *
nd_outbox_enqueue_finish (NdOutbox      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- retry ---- */

typedef struct
{
  GPtrArray *jobs;
  guint      next;
  guint      n_published;
  guint      n_queued;
  guint      n_failed;
  GError    *last_error;
} Retry;

static void
retry_free (Retry *r)
{
  g_ptr_array_unref (r->jobs);
  g_clear_error (&r->last_error);
  g_free (r);
}

static void retry_next (GTask *task);

static void
retry_run_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Retry *r = g_task_get_task_data (task);
  RunResult *res = run_job_finish (result);

  switch (res->outcome)
    {
    case OUTCOME_PUBLISHED:
      r->n_published++;
      break;
    case OUTCOME_QUEUED:
    case OUTCOME_BUSY:
      r->n_queued++;
      break;
    case OUTCOME_FAILED:
      r->n_failed++;
      break;
    case OUTCOME_GONE:
    default:
      break;
    }
  if (res->error)
    {
      g_clear_error (&r->last_error);
      r->last_error = g_steal_pointer (&res->error);
    }
  run_result_free (res);
  retry_next (g_steal_pointer (&task));
}

static void
retry_next (GTask *task)
{
  NdOutbox *self = g_task_get_source_object (task);
  Retry *r = g_task_get_task_data (task);
  NdOutboxJob *job;

  if (r->next >= r->jobs->len || g_task_return_error_if_cancelled (task))
    {
      if (!g_task_had_error (task))
        {
          if (r->n_queued == 0 && r->n_failed == 0)
            g_task_return_boolean (task, TRUE);
          else if (r->last_error)
            g_task_return_error (task, g_steal_pointer (&r->last_error));
          else
            g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                                     _("Some articles could not be published."));
        }
      g_object_unref (task);
      return;
    }
  job = g_ptr_array_index (r->jobs, r->next++);
  run_job_async (self, job, retry_run_cb, task);
}

void
nd_outbox_retry_async (NdOutbox            *self,
                       NdOutboxJob         *job,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  Retry *r;

  g_return_if_fail (ND_IS_OUTBOX (self));
  g_return_if_fail (job == NULL || ND_IS_OUTBOX_JOB (job));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nd_outbox_retry_async);
  r = g_new0 (Retry, 1);
  r->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  if (job)
    g_ptr_array_add (r->jobs, g_object_ref (job));
  else
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->jobs)); i++)
      g_ptr_array_add (r->jobs, g_list_model_get_item (G_LIST_MODEL (self->jobs), i));
  g_task_set_task_data (task, r, (GDestroyNotify) retry_free);
  retry_next (task);
}

gboolean
nd_outbox_retry_finish (NdOutbox      *self,
                        GAsyncResult  *result,
                        guint         *n_published,
                        guint         *n_queued,
                        guint         *n_failed,
                        GError       **error)
{
  Retry *r;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  r = g_task_get_task_data (G_TASK (result));
  if (n_published)
    *n_published = r->n_published;
  if (n_queued)
    *n_queued = r->n_queued;
  if (n_failed)
    *n_failed = r->n_failed;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- cancel and forget ---- */

static void
cancel_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  NdOutbox *self = source;
  const char *id = task_data;
  g_autofree char *path = g_build_filename (self->dir, id, NULL);
  GError *error = NULL;
  gboolean busy;
  int fd = lock_job (path, &busy);

  if (fd < 0)
    {
      if (busy)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                                 _("The job is being published right now and cannot be "
                                   "cancelled."));
      else
        g_task_return_boolean (task, TRUE);   /* already gone */
      return;
    }
  if (!discard_job_dir (self->dir, path, &error))
    {
      unlock_job (&fd);
      g_task_return_error (task, error);
      return;
    }
  unlock_job (&fd);
  g_task_return_boolean (task, TRUE);
}

static void
cancel_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  NdOutbox *self = ND_OUTBOX (object);
  g_autoptr(GTask) task = user_data;
  NdOutboxJob *job;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  self->generation++;
  job = find_job (self, g_task_get_task_data (task));
  if (job && job->waiters == NULL)
    remove_job (self, job);
  g_task_return_boolean (task, TRUE);
}

void
nd_outbox_cancel_async (NdOutbox            *self,
                        NdOutboxJob         *job,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *outer;
  g_autoptr(GTask) inner = NULL;

  g_return_if_fail (ND_IS_OUTBOX (self));
  g_return_if_fail (ND_IS_OUTBOX_JOB (job));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, nd_outbox_cancel_async);
  g_task_set_task_data (outer, g_strdup (job->rec->id), g_free);
  if (job->waiters)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The job is being published right now and cannot be "
                                 "cancelled."));
      g_object_unref (outer);
      return;
    }
  inner = g_task_new (self, NULL, cancel_cb, outer);
  g_task_set_task_data (inner, g_strdup (job->rec->id), g_free);
  g_task_run_in_thread (inner, cancel_thread);
}

gboolean
nd_outbox_cancel_finish (NdOutbox      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
forget_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  NdOutbox *self = source;
  char **ids = task_data;   /* article id, account id */
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (self->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autoptr(JobRecord) rec = NULL;
      gboolean busy;
      int fd;

      if (!g_uuid_string_is_valid (name))
        continue;
      path = g_build_filename (self->dir, name, NULL);
      rec = record_read (path, NULL);
      if (rec == NULL || !g_str_equal (rec->article_id, ids[0]) ||
          !g_str_equal (rec->account_id, ids[1]))
        continue;
      fd = lock_job (path, &busy);
      if (fd < 0)
        continue;
      if (discard_job_dir (self->dir, path, NULL))
        g_ptr_array_add (removed, g_strdup (name));
      unlock_job (&fd);
    }
  g_task_return_pointer (task, g_steal_pointer (&removed), (GDestroyNotify) g_ptr_array_unref);
}

static void
forget_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  NdOutbox *self = ND_OUTBOX (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) removed = g_task_propagate_pointer (G_TASK (result), NULL);

  self->generation++;
  for (guint i = 0; removed && i < removed->len; i++)
    {
      NdOutboxJob *job = find_job (self, g_ptr_array_index (removed, i));

      if (job && job->waiters == NULL)
        remove_job (self, job);
    }
  g_task_return_boolean (task, TRUE);
}

void
nd_outbox_forget_async (NdOutbox            *self,
                        const char          *article_id,
                        const char          *account_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *outer;
  g_autoptr(GTask) inner = NULL;
  char **ids;

  g_return_if_fail (ND_IS_OUTBOX (self));
  g_return_if_fail (article_id != NULL);
  g_return_if_fail (account_id != NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, nd_outbox_forget_async);
  ids = g_new0 (char *, 3);
  ids[0] = g_strdup (article_id);
  ids[1] = g_strdup (account_id);
  inner = g_task_new (self, NULL, forget_cb, outer);
  g_task_set_task_data (inner, ids, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (inner, forget_thread);
}

gboolean
nd_outbox_forget_finish (NdOutbox      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- scheduling ---- */

void
nd_outbox_set_network_monitor (NdOutbox        *self,
                               GNetworkMonitor *monitor)
{
  g_return_if_fail (ND_IS_OUTBOX (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));

  if (self->network_handler)
    g_clear_signal_handler (&self->network_handler, self->network);
  g_set_object (&self->network, monitor);
  if (self->started && self->network)
    {
      self->network_available = g_network_monitor_get_network_available (self->network);
      self->network_handler = g_signal_connect (self->network, "network-changed",
                                                G_CALLBACK (network_changed_cb), self);
    }
}

void
nd_outbox_start (NdOutbox *self)
{
  g_autoptr(GFile) dir = NULL;

  g_return_if_fail (ND_IS_OUTBOX (self));

  if (self->started)
    return;
  self->started = TRUE;

  if (g_cancellable_is_cancelled (self->run_cancellable))
    {
      g_clear_object (&self->run_cancellable);
      self->run_cancellable = g_cancellable_new ();
    }
  if (self->network == NULL)
    self->network = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->network);
  if (self->network_handler == 0)
    self->network_handler = g_signal_connect (self->network, "network-changed",
                                              G_CALLBACK (network_changed_cb), self);

  /* Jobs queued by another process (the CLI) show up within a second; the timer covers
   * file systems without change notification. */
  g_mkdir_with_parents (self->dir, 0700);
  dir = g_file_new_for_path (self->dir);
  self->monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_NONE, NULL, NULL);
  if (self->monitor)
    g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
  self->reload_timer = add_timeout (self, RELOAD_INTERVAL, reload_timer_cb);

  nd_outbox_reload_async (self, self->cancellable, scheduled_reload_cb, NULL);
}

void
nd_outbox_stop (NdOutbox *self)
{
  g_return_if_fail (ND_IS_OUTBOX (self));

  if (!self->started)
    return;
  self->started = FALSE;
  g_cancellable_cancel (self->run_cancellable);
  clear_source (&self->timer);
  clear_source (&self->reload_timer);
  clear_source (&self->reload_soon);
  if (self->monitor)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->network_handler)
    g_clear_signal_handler (&self->network_handler, self->network);
}

gboolean
nd_outbox_get_running (NdOutbox *self)
{
  g_return_val_if_fail (ND_IS_OUTBOX (self), FALSE);
  return self->started;
}

/* ---- policy ---- */

gboolean
nd_outbox_error_is_retryable (const GError *error,
                              gint64       *retry_after_seconds)
{
  gboolean retry = FALSE;

  if (retry_after_seconds)
    *retry_after_seconds = -1;
  if (error == NULL)
    return FALSE;

  if (error->domain == ND_PUBLISH_ERROR)
    {
      switch ((NdPublishError) error->code)
        {
        case ND_PUBLISH_ERROR_UNREACHABLE:
        case ND_PUBLISH_ERROR_SERVER:
        case ND_PUBLISH_ERROR_UNAVAILABLE:
        case ND_PUBLISH_ERROR_RATE_LIMITED:
        /* A web page where data was expected: hotel and train Wi-Fi login pages. */
        case ND_PUBLISH_ERROR_NOT_JSON:
          retry = TRUE;
          break;
        case ND_PUBLISH_ERROR_FAILED:
        case ND_PUBLISH_ERROR_INVALID_URL:
        case ND_PUBLISH_ERROR_NO_API:
        case ND_PUBLISH_ERROR_APP_PASSWORDS_UNAVAILABLE:
        case ND_PUBLISH_ERROR_AUTH:
        case ND_PUBLISH_ERROR_TLS:
        case ND_PUBLISH_ERROR_TOO_LARGE:
        case ND_PUBLISH_ERROR_FORBIDDEN:
        case ND_PUBLISH_ERROR_NOT_FOUND:
        case ND_PUBLISH_ERROR_CONFLICT:
        case ND_PUBLISH_ERROR_CANCELLED:
        default:
          retry = FALSE;
          break;
        }
      if (retry && retry_after_seconds)
        *retry_after_seconds = nd_publish_error_get_retry_after (error);
      return retry;
    }

  if (error->domain == G_RESOLVER_ERROR)
    return TRUE;
  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_TIMED_OUT:
      case G_IO_ERROR_HOST_NOT_FOUND:
      case G_IO_ERROR_HOST_UNREACHABLE:
      case G_IO_ERROR_NETWORK_UNREACHABLE:
      case G_IO_ERROR_CONNECTION_REFUSED:
      case G_IO_ERROR_CONNECTION_CLOSED:
        return TRUE;
      default:
        return FALSE;
      }
  return FALSE;
}

gint64
nd_outbox_backoff_seconds (guint  attempts,
                           gint64 retry_after)
{
  double base = BACKOFF_FIRST;
  gint64 secs;

  for (guint i = 1; i < attempts && base < BACKOFF_MAX; i++)
    base *= 2;
  base = MIN (base, BACKOFF_MAX);
  /* ±20 %, so the reporters of a newsroom do not all come back at the same second. */
  secs = (gint64) (base * g_random_double_range (0.8, 1.2) + 0.5);
  if (retry_after >= 0)
    secs = MAX (secs, MIN (retry_after, RETRY_AFTER_MAX));
  return MAX (secs, 1);
}
