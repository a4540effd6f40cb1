/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-http-push-publisher"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-http-push-publisher.h"
#include "nd-json-util.h"
#include "nd-tls.h"
#include "nd-util.h"

#define READ_CHUNK (64 * 1024)
/* How much of a server's plain-text answer goes into an error message. */
#define MAX_SERVER_TEXT 300

struct _NdHttpPushPublisher
{
  GObject         parent_instance;

  NdAccount      *account;
  NdArticleStore *store;
  SoupSession    *session;
  NdTlsGuard     *tls;         /* accepts only the account's pinned certificate */
  char           *token;
};

static void nd_http_push_publisher_iface_init (NdPublisherInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (NdHttpPushPublisher, nd_http_push_publisher, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ND_TYPE_PUBLISHER,
                                                      nd_http_push_publisher_iface_init))

/* ---- the multipart body as a stream ------------------------------------------------- */

/* prefix + the photo file + suffix, read in pieces: a 25 MB photo is never held in memory.
 * libsoup reads it through GInputStream's default async implementation, which runs
 * read_fn in a worker thread, so the file is never read on the main thread either. */
typedef struct
{
  GInputStream  parent_instance;

  GBytes       *prefix;
  GInputStream *file;
  goffset       file_size;
  goffset       file_read;
  GBytes       *suffix;
  guint         phase;
  gsize         offset;
} NdPushBodyStream;

typedef GInputStreamClass NdPushBodyStreamClass;

GType nd_push_body_stream_get_type (void);

G_DEFINE_FINAL_TYPE (NdPushBodyStream, nd_push_body_stream, G_TYPE_INPUT_STREAM)

static gssize
copy_bytes (NdPushBodyStream *self,
            GBytes           *bytes,
            void             *buffer,
            gsize             count)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  gsize n = MIN (count, len - self->offset);

  if (n > 0)
    memcpy (buffer, data + self->offset, n);
  self->offset += n;
  return n;
}

static gssize
nd_push_body_stream_read (GInputStream  *stream,
                          void          *buffer,
                          gsize          count,
                          GCancellable  *cancellable,
                          GError       **error)
{
  NdPushBodyStream *self = (NdPushBodyStream *) stream;
  gssize n;

  while (self->phase < 3)
    {
      switch (self->phase)
        {
        case 0:
        case 2:
          n = copy_bytes (self, self->phase == 0 ? self->prefix : self->suffix, buffer, count);
          if (n > 0)
            return n;
          break;

        case 1:
          /* Never more than the Content-Length announced, even if the file grew. */
          n = g_input_stream_read (self->file, buffer,
                                   MIN ((goffset) count, self->file_size - self->file_read),
                                   cancellable, error);
          if (n < 0)
            return -1;
          if (n > 0)
            {
              self->file_read += n;
              return n;
            }
          if (self->file_read != self->file_size)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The photo file changed while it was being sent."));
              return -1;
            }
          break;

        default:
          g_assert_not_reached ();
        }
      self->phase++;
      self->offset = 0;
    }
  return 0;
}

static gboolean
nd_push_body_stream_close (GInputStream  *stream,
                           GCancellable  *cancellable,
                           GError       **error)
{
  NdPushBodyStream *self = (NdPushBodyStream *) stream;

  return g_input_stream_close (self->file, cancellable, error);
}

static void
nd_push_body_stream_finalize (GObject *object)
{
  NdPushBodyStream *self = (NdPushBodyStream *) object;

  g_clear_pointer (&self->prefix, g_bytes_unref);
  g_clear_pointer (&self->suffix, g_bytes_unref);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (nd_push_body_stream_parent_class)->finalize (object);
}

static void
nd_push_body_stream_class_init (NdPushBodyStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = nd_push_body_stream_finalize;
  stream_class->read_fn = nd_push_body_stream_read;
  stream_class->close_fn = nd_push_body_stream_close;
}

static void
nd_push_body_stream_init (NdPushBodyStream *self)
{
}

static GInputStream *
nd_push_body_stream_new (GBytes       *prefix,
                         GInputStream *file,
                         goffset       file_size,
                         GBytes       *suffix)
{
  NdPushBodyStream *self = g_object_new (nd_push_body_stream_get_type (), NULL);

  self->prefix = g_bytes_ref (prefix);
  self->file = g_object_ref (file);
  self->file_size = file_size;
  self->suffix = g_bytes_ref (suffix);
  return G_INPUT_STREAM (self);
}

/* ---- helpers ------------------------------------------------------------------------ */

char *
nd_http_push_signature (const char   *token,
                        const guint8 *data,
                        gsize         len)
{
  g_autoptr(GHmac) hmac = NULL;

  g_return_val_if_fail (token != NULL, NULL);

  hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) token, strlen (token));
  if (len > 0)
    g_hmac_update (hmac, data, len);
  return g_strconcat ("sha1=", g_hmac_get_string (hmac), NULL);
}

static const char *
content_type_for (const char *name)
{
  const char *dot = name ? strrchr (name, '.') : NULL;

  if (dot && g_ascii_strcasecmp (dot, ".png") == 0)
    return "image/png";
  if (dot && g_ascii_strcasecmp (dot, ".webp") == 0)
    return "image/webp";
  if (dot && g_ascii_strcasecmp (dot, ".gif") == 0)
    return "image/gif";
  return "image/jpeg";
}

char *
nd_http_push_media_id (const char *sha256,
                       const char *file_name)
{
  const char *dot = file_name ? strrchr (file_name, '.') : NULL;
  g_autofree char *ext = NULL;
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (sha256 != NULL && strlen (sha256) >= 32, NULL);

  prefix = g_ascii_strdown (sha256, 32);
  /* Only a plain extension: the id goes into a URL path unescaped. */
  ext = g_ascii_strdown (dot && dot[1] ? dot + 1 : "jpg", -1);
  for (char *p = ext; *p; p++)
    if (!g_ascii_isalnum (*p))
      {
        g_free (ext);
        ext = g_strdup ("jpg");
        break;
      }
  return g_strdup_printf ("newsdesk-%s.%s", prefix, ext);
}

char *
nd_http_push_asset_url (const char *assets_url,
                        const char *media_id)
{
  g_return_val_if_fail (assets_url != NULL && media_id != NULL, NULL);

  return g_strconcat (assets_url, g_str_has_suffix (assets_url, "/") ? "" : "/", media_id, NULL);
}

static gboolean
check_url (const char  *url,
           const char  *what,
           GError     **error)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  if (uri == NULL || host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_INVALID_URL,
                   /* Translators: the first %s is "The resource URL" or "The assets URL" */
                   _("%s “%s” is not a web address such as https://receiver.example.org/push."),
                   what, url ? url : "");
      return FALSE;
    }
  return TRUE;
}

gboolean
nd_http_push_check_urls (const char  *resource_url,
                         const char  *assets_url,
                         GError     **error)
{
  if (!check_url (resource_url, _("The resource URL"), error))
    return FALSE;
  if (assets_url && !check_url (assets_url, _("The assets URL"), error))
    return FALSE;
  return TRUE;
}

void
nd_http_push_account_configure (NdAccount      *account,
                                const char     *assets_url,
                                NdNinjsFlavour  format,
                                gboolean        has_token)
{
  JsonObject *settings;

  g_return_if_fail (ND_IS_ACCOUNT (account));

  settings = nd_account_get_settings (account);
  if (assets_url && *assets_url)
    json_object_set_string_member (settings, ND_HTTP_PUSH_SETTING_ASSETS_URL, assets_url);
  else if (json_object_has_member (settings, ND_HTTP_PUSH_SETTING_ASSETS_URL))
    json_object_remove_member (settings, ND_HTTP_PUSH_SETTING_ASSETS_URL);
  json_object_set_string_member (settings, ND_HTTP_PUSH_SETTING_FORMAT,
                                 nd_ninjs_flavour_to_string (format));
  json_object_set_boolean_member (settings, ND_HTTP_PUSH_SETTING_HAS_TOKEN, has_token);
}

const char *
nd_http_push_account_get_assets_url (NdAccount *account)
{
  const char *url;

  g_return_val_if_fail (ND_IS_ACCOUNT (account), NULL);

  url = json_object_get_string_member_with_default (nd_account_get_settings (account),
                                                    ND_HTTP_PUSH_SETTING_ASSETS_URL, NULL);
  return url && *url ? url : NULL;
}

NdNinjsFlavour
nd_http_push_account_get_format (NdAccount *account)
{
  NdNinjsFlavour flavour = ND_NINJS_2_2;
  const char *name;

  g_return_val_if_fail (ND_IS_ACCOUNT (account), ND_NINJS_2_2);

  name = json_object_get_string_member_with_default (nd_account_get_settings (account),
                                                     ND_HTTP_PUSH_SETTING_FORMAT, NULL);
  if (name == NULL || !nd_ninjs_flavour_from_string (name, &flavour))
    return ND_NINJS_2_2;
  return flavour;
}

gboolean
nd_http_push_account_get_has_token (NdAccount *account)
{
  g_return_val_if_fail (ND_IS_ACCOUNT (account), FALSE);

  return json_object_get_boolean_member_with_default (nd_account_get_settings (account),
                                                      ND_HTTP_PUSH_SETTING_HAS_TOKEN, FALSE);
}

static char *
host_of (SoupMessage *msg)
{
  GUri *uri = soup_message_get_uri (msg);
  int port = g_uri_get_port (uri);

  if (port > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
  return g_strdup (g_uri_get_host (uri));
}

/* The version recorded at the last successful publish (0 if none); tolerant of a string. */
static guint
remote_version (JsonObject *remote)
{
  JsonNode *node = remote ? json_object_get_member (remote, "version") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return (guint) g_ascii_strtoull (json_node_get_string (node), NULL, 10);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (guint) MAX (json_node_get_int (node), 0);
  return 0;
}

/* ---- errors ------------------------------------------------------------------------- */

/* The server's own words: JSON {"message"}, Eve's {"_error":{"message"}}, {"error"}, or a
 * short plain-text body. */
static char *
server_message (SoupMessage *msg,
                GBytes      *bytes)
{
  const char *type = soup_message_headers_get_content_type (
    soup_message_get_response_headers (msg), NULL);
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  if (data == NULL || len == 0)
    return NULL;

  if (type && (g_ascii_strcasecmp (type, "application/json") == 0 || g_str_has_suffix (type, "+json")))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *obj;
      JsonNode *err;

      if (!json_parser_load_from_data (parser, data, len, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        return NULL;
      obj = json_node_get_object (json_parser_get_root (parser));
      err = json_object_get_member (obj, "_error");
      if (err && JSON_NODE_HOLDS_OBJECT (err))
        obj = json_node_get_object (err);
      else if (err && JSON_NODE_HOLDS_VALUE (err) && json_node_get_value_type (err) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (err));
      if (json_object_get_string_member_with_default (obj, "message", NULL))
        return g_strdup (json_object_get_string_member (obj, "message"));
      if (json_object_get_string_member_with_default (obj, "error", NULL))
        return g_strdup (json_object_get_string_member (obj, "error"));
      return NULL;
    }

  /* Plain text (or no type at all), never an HTML page. */
  if ((type == NULL || g_ascii_strncasecmp (type, "text/plain", 10) == 0) &&
      g_utf8_validate (data, len, NULL))
    {
      g_autofree char *text = g_strndup (data, len);

      g_strstrip (text);
      if (g_utf8_strlen (text, -1) > MAX_SERVER_TEXT)
        {
          char *end = g_utf8_offset_to_pointer (text, MAX_SERVER_TEXT);
          *end = '\0';
          return g_strconcat (text, "…", NULL);
        }
      return *text ? g_steal_pointer (&text) : NULL;
    }
  return NULL;
}

static GError *
status_error (NdHttpPushPublisher *self,
              SoupMessage         *msg,
              GBytes              *bytes)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *host = host_of (msg);
  g_autofree char *said = server_message (msg, bytes);
  g_autofree char *suffix = said ? g_strdup_printf (_(" The receiver said: “%s”"), said)
                                 : g_strdup ("");
  const char *name = nd_account_get_name (self->account);

  if ((status == 401 || status == 403) && self->token)
    return g_error_new (ND_PUBLISH_ERROR,
                        status == 401 ? ND_PUBLISH_ERROR_AUTH : ND_PUBLISH_ERROR_FORBIDDEN,
                        _("%s refused the signature (HTTP %u): check the secret token of the "
                          "account “%s”.%s"), host, status, name, suffix);
  if (status == 401 || status == 403)
    return g_error_new (ND_PUBLISH_ERROR,
                        status == 401 ? ND_PUBLISH_ERROR_AUTH : ND_PUBLISH_ERROR_FORBIDDEN,
                        _("%s refused the request (HTTP %u). If it expects signed requests, "
                          "give the account “%s” its secret token.%s"), host, status, name,
                        suffix);
  if (status == 404)
    return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_FOUND,
                        _("%s has no receiver at that address (HTTP 404): check the addresses "
                          "of the account “%s”.%s"), host, name, suffix);
  if (status == 413)
    return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TOO_LARGE,
                        _("%s refused the upload because it is too large. Use a smaller "
                          "photo, or ask the receiver’s administrator to raise the limit.%s"),
                        host, suffix);
  if (status == 429 || status == 502 || status == 503 || status == 504)
    {
      const char *retry_after = soup_message_headers_get_one (
        soup_message_get_response_headers (msg), "Retry-After");
      GError *error;

      if (status == 429)
        error = g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_RATE_LIMITED,
                             _("%s is receiving too many requests (HTTP 429) and asked "
                               "Newsdesk to wait.%s"), host, suffix);
      else
        error = g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_UNAVAILABLE,
                             _("%s is temporarily unavailable (HTTP %u). Newsdesk will try "
                               "again.%s"), host, status, suffix);
      /* The outbox waits at least this long before the next attempt. */
      nd_publish_error_set_retry_after (
        error, nd_publish_error_parse_retry_after (retry_after,
                                                   g_get_real_time () / G_USEC_PER_SEC));
      return error;
    }
  if (status >= 500)
    return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_SERVER,
                        _("%s had an internal error (HTTP %u). Try again later, or ask the "
                          "receiver’s administrator.%s"), host, status, suffix);
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (
        soup_message_get_response_headers (msg), "Location");
      return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                          _("%s sent the request elsewhere (%s). Check the addresses of the "
                            "account “%s”, including https://."),
                          host, location ? location : "?", name);
    }
  return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                      _("%s refused the request (HTTP %u).%s"), host, status, suffix);
}

static GError *
transport_error (NdHttpPushPublisher *self,
                 SoupMessage         *msg,
                 const GError        *error,
                 gboolean             sent_item)
{
  g_autofree char *host = host_of (msg);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CANCELLED, _("Cancelled."));

  /* Never ignored: accepted only if it is the account's pinned certificate. */
  if (nd_tls_guard_is_failure (self->tls, msg, error))
    return nd_tls_guard_new_error (self->tls, msg, error, host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      if (sent_item)
        return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_UNREACHABLE,
                            _("%s did not answer in time. It may or may not have received the "
                              "article; publishing again is safe."), host);
      return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_UNREACHABLE,
                          _("%s did not answer in time."), host);
    }

  return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_UNREACHABLE,
                      _("Could not reach %s: %s. Check the address and your connection."),
                      host, error->message);
}

/* ---- the publish job ---------------------------------------------------------------- */

typedef struct
{
  NdArticle             *article;      /* the live one: remote state goes here */
  NdArticle             *snapshot;     /* the content as it was when publishing began */
  char                  *status;
  NdPublishProgressFunc  progress;
  gpointer               progress_data;
  JsonObject            *remote;
  char                  *resource_url;
  char                  *assets_url;
  NdNinjsFlavour         format;
  char                  *photo_path;
  char                  *sha256;
  char                  *media_id;
  guint                  version;
  SoupMessage           *msg;          /* the request in flight */
  /* The upload, prepared in a worker. */
  GBytes                *prefix;
  GBytes                *suffix;
  GFileInputStream      *file;
  goffset                file_size;
  char                  *upload_signature;
  goffset                sent;
  goffset                total;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->article);
  g_clear_object (&job->snapshot);
  g_free (job->status);
  g_clear_pointer (&job->remote, json_object_unref);
  g_free (job->resource_url);
  g_free (job->assets_url);
  g_free (job->photo_path);
  g_free (job->sha256);
  g_free (job->media_id);
  g_clear_object (&job->msg);
  g_clear_pointer (&job->prefix, g_bytes_unref);
  g_clear_pointer (&job->suffix, g_bytes_unref);
  g_clear_object (&job->file);
  g_free (job->upload_signature);
  g_free (job);
}

static void
job_progress (Job        *job,
              const char *step)
{
  if (job->progress)
    job->progress (step, -1, -1, job->progress_data);
}

/* Writes what is known so far into the article and saves it (in a worker: the GUI
 * publishes from its main thread), then goes on with next, which takes the task. A cancel
 * meanwhile still lets it be written, and stops the next network step instead. */
static void
job_save_remote_then (GTask           *task,
                      NdPublisherStep  next)
{
  NdHttpPushPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);

  nd_publisher_record_remote_then (self->store, job->article,
                                   nd_account_get_id (self->account), job->remote, task, next);
}

static SoupMessage *
new_message (const char  *method,
             const char  *url,
             GError     **error)
{
  SoupMessage *msg = soup_message_new (method, url);

  if (msg == NULL)
    {
      g_set_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_INVALID_URL,
                   _("“%s” is not a valid address."), url);
      return NULL;
    }
  /* A redirect would resend the body somewhere else (and a stream cannot be resent). */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  return msg;
}

static void
set_signature (SoupMessage *msg,
               const char  *signature)
{
  if (signature)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "x-superdesk-signature", signature);
}

/* Sends job->msg; callback gets the task back as user_data. */
static void
job_send (GTask               *task,
          GAsyncReadyCallback  callback)
{
  NdHttpPushPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);

  nd_tls_guard_watch (self->tls, job->msg);
  soup_session_send_and_read_async (self->session, job->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), callback, task);
}

/* The answer to job->msg: its body on success (2xx), else the task has been returned an
 * error and NULL comes back. */
static GBytes *
job_receive (GTask        *task,
             GAsyncResult *result,
             gboolean      sent_item)
{
  NdHttpPushPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = soup_session_send_and_read_finish (self->session, result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, transport_error (self, job->msg, error, sent_item));
      return NULL;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (job->msg)))
    {
      g_task_return_error (task, status_error (self, job->msg, bytes));
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

static void step_asset_check (GTask *task);
static void step_upload (GTask *task);
static void step_item (GTask *task);

static void
asset_known (GTask *task)
{
  Job *job = g_task_get_task_data (task);

  /* The receiver holds the picture: a later publish need not send it again. */
  json_object_set_string_member (job->remote, "media_id", job->media_id);
  json_object_set_string_member (job->remote, "photo_sha256", job->sha256);
  job_save_remote_then (task, step_item);
}

static void
hash_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  GError *error = NULL;
  char *sum = nd_file_sha256 (path, &error);

  if (sum == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sum, g_free);
}

static void
hash_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  job->sha256 = g_task_propagate_pointer (G_TASK (result), &error);
  if (job->sha256 == NULL)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                               _("Could not read the photo “%s”: %s"), job->photo_path,
                               error->message);
      return;
    }
  step_asset_check (g_steal_pointer (&task));
}

static void
step_photo (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  NdPhoto *photo = nd_article_get_photo (job->snapshot);
  const char *known_id = json_object_get_string_member_with_default (job->remote, "media_id", NULL);
  const char *known_sha = json_object_get_string_member_with_default (job->remote, "photo_sha256",
                                                                      NULL);
  GTask *worker;

  if (photo == NULL)
    {
      step_item (task);
      return;
    }
  if (job->assets_url == NULL)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_INVALID_URL,
                               _("The article has a photo, but the account has no assets URL "
                                 "to send it to."));
      g_object_unref (task);
      return;
    }

  job->sha256 = g_strdup (nd_photo_get_sha256 (photo));
  /* Sent before and unchanged: not again. */
  if (known_id && job->sha256 && g_strcmp0 (known_sha, job->sha256) == 0)
    {
      job->media_id = g_strdup (known_id);
      step_item (task);
      return;
    }
  if (job->photo_path == NULL)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                               _("The article’s photo file is missing from the library."));
      g_object_unref (task);
      return;
    }
  if (job->sha256 != NULL && strlen (job->sha256) >= 32)
    {
      step_asset_check (task);
      return;
    }
  /* No recorded hash (an old document): compute it off the main thread. */
  g_clear_pointer (&job->sha256, g_free);
  job_progress (job, _("Checking the photo"));
  worker = g_task_new (NULL, g_task_get_cancellable (task), hash_cb, task);
  g_task_set_task_data (worker, g_strdup (job->photo_path), g_free);
  g_task_run_in_thread (worker, hash_thread);
  g_object_unref (worker);
}

static void
asset_check_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdHttpPushPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint status;

  bytes = soup_session_send_and_read_finish (self->session, result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, transport_error (self, job->msg, error, FALSE));
      return;
    }
  status = soup_message_get_status (job->msg);
  if (status == SOUP_STATUS_NOT_FOUND)
    {
      step_upload (g_steal_pointer (&task));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, status_error (self, job->msg, bytes));
      return;
    }
  g_debug ("The receiver has %s already", job->media_id);
  asset_known (g_steal_pointer (&task));
}

static void
step_asset_check (GTask *task)
{
  NdHttpPushPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  NdPhoto *photo = nd_article_get_photo (job->snapshot);
  g_autofree char *url = NULL;
  g_autofree char *signature = NULL;
  GError *error = NULL;

  job->media_id = nd_http_push_media_id (job->sha256, nd_photo_get_file (photo));
  url = nd_http_push_asset_url (job->assets_url, job->media_id);
  g_clear_object (&job->msg);
  job->msg = new_message (SOUP_METHOD_GET, url, &error);
  if (job->msg == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (self->token)
    signature = nd_http_push_signature (self->token, NULL, 0);
  set_signature (job->msg, signature);
  job_progress (job, _("Checking the photo on the receiver"));
  job_send (task, asset_check_cb);
}

/* ---- the upload --------------------------------------------------------------------- */

typedef struct
{
  char    *path;
  char    *token;
  GBytes  *prefix;
  GBytes  *suffix;
  /* Out. */
  GFileInputStream *file;
  goffset  size;
  char    *signature;
} Prepare;

static void
prepare_free (Prepare *p)
{
  g_free (p->path);
  if (p->token)
    memset (p->token, 0, strlen (p->token));
  g_free (p->token);
  g_clear_pointer (&p->prefix, g_bytes_unref);
  g_clear_pointer (&p->suffix, g_bytes_unref);
  g_clear_object (&p->file);
  g_free (p->signature);
  g_free (p);
}

/* In a worker: opens the photo, takes its size, and when there is a token computes the
 * signature over prefix + file + suffix in pieces; the stream is then rewound for sending.
 * The same open file is sent, so the bytes signed are the bytes sent. */
static void
prepare_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Prepare *p = task_data;
  g_autoptr(GFile) file = g_file_new_for_path (p->path);
  g_autoptr(GFileInfo) info = NULL;
  GError *error = NULL;

  p->file = g_file_read (file, cancellable, &error);
  if (p->file == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  info = g_file_input_stream_query_info (p->file, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable,
                                         &error);
  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  p->size = g_file_info_get_size (info);

  if (p->token)
    {
      g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) p->token,
                                          strlen (p->token));
      g_autofree guint8 *buf = g_malloc (READ_CHUNK);
      goffset total = 0;
      gsize len;
      const guint8 *data;
      gssize n;

      data = g_bytes_get_data (p->prefix, &len);
      g_hmac_update (hmac, data, len);
      while ((n = g_input_stream_read (G_INPUT_STREAM (p->file), buf,
                                       MIN (READ_CHUNK, p->size - total), cancellable,
                                       &error)) > 0)
        {
          g_hmac_update (hmac, buf, n);
          total += n;
        }
      if (n < 0)
        {
          g_task_return_error (task, error);
          return;
        }
      if (total != p->size)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                   _("The photo file changed while it was being read."));
          return;
        }
      data = g_bytes_get_data (p->suffix, &len);
      g_hmac_update (hmac, data, len);
      p->signature = g_strconcat ("sha1=", g_hmac_get_string (hmac), NULL);

      if (!g_seekable_seek (G_SEEKABLE (p->file), 0, G_SEEK_SET, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
wrote_body_data_cb (SoupMessage *msg,
                    guint        chunk_size,
                    gpointer     user_data)
{
  Job *job = user_data;

  job->sent += chunk_size;
  if (job->progress)
    job->progress (_("Uploading the photo"), job->sent, job->total, job->progress_data);
}

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;

  g_signal_handlers_disconnect_by_func (job->msg, wrote_body_data_cb, job);
  bytes = job_receive (task, result, FALSE);
  if (bytes == NULL)
    return;
  asset_known (g_steal_pointer (&task));
}

static void
prepare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  Prepare *p = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) body = NULL;
  g_autofree char *content_type = NULL;
  const char *boundary;
  GError *msg_error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CANCELLED,
                                 _("Cancelled."));
      else
        g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                                 _("Could not read the photo “%s”: %s"), job->photo_path,
                                 error->message);
      return;
    }

  g_clear_object (&job->msg);
  job->msg = new_message (SOUP_METHOD_POST, job->assets_url, &msg_error);
  if (job->msg == NULL)
    {
      g_task_return_error (task, msg_error);
      return;
    }
  boundary = g_object_get_data (G_OBJECT (result), "boundary");
  content_type = g_strdup_printf ("multipart/form-data; boundary=%s", boundary);
  body = nd_push_body_stream_new (p->prefix, G_INPUT_STREAM (p->file), p->size, p->suffix);
  job->sent = 0;
  job->total = g_bytes_get_size (p->prefix) + p->size + g_bytes_get_size (p->suffix);
  /* The real length, not -1: some receivers refuse chunked uploads. */
  soup_message_set_request_body (job->msg, content_type, body, job->total);
  set_signature (job->msg, p->signature);
  g_signal_connect (job->msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), job);
  if (job->progress)
    job->progress (_("Uploading the photo"), 0, job->total, job->progress_data);
  job_send (g_steal_pointer (&task), upload_cb);
}

static void
append_field (GString    *out,
              const char *boundary,
              const char *name,
              const char *value)
{
  g_string_append_printf (out, "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n",
                          boundary, name, value);
}

static char *
filemeta_json (NdPhoto    *photo,
               const char *sha256)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  if (nd_photo_get_width (photo) > 0 && nd_photo_get_height (photo) > 0)
    {
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, nd_photo_get_width (photo));
      json_builder_set_member_name (b, "height");
      json_builder_add_int_value (b, nd_photo_get_height (photo));
    }
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, sha256);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void
step_upload (GTask *task)
{
  NdHttpPushPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  NdPhoto *photo = nd_article_get_photo (job->snapshot);
  const char *mime = content_type_for (nd_photo_get_file (photo));
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *boundary = NULL;
  g_autofree char *filemeta = filemeta_json (photo, job->sha256);
  GString *prefix = g_string_new (NULL);
  Prepare *p;
  GTask *worker;

  g_strdelimit (uuid, "-", '_');
  boundary = g_strconcat ("newsdesk-", uuid, NULL);
  /* The fields first, then the file, as Superdesk's own transmitter sends them. */
  append_field (prefix, boundary, "media_id", job->media_id);
  append_field (prefix, boundary, "mime_type", mime);
  append_field (prefix, boundary, "filemeta", filemeta);
  g_string_append_printf (prefix, "--%s\r\nContent-Disposition: form-data; name=\"media\"; "
                                  "filename=\"%s\"\r\nContent-Type: %s\r\n\r\n",
                          boundary, job->media_id, mime);

  p = g_new0 (Prepare, 1);
  p->path = g_strdup (job->photo_path);
  p->token = g_strdup (self->token);
  p->prefix = g_string_free_to_bytes (prefix);
  p->suffix = g_bytes_new_take (g_strdup_printf ("\r\n--%s--\r\n", boundary),
                                strlen (boundary) + 8);

  job_progress (job, _("Uploading the photo"));
  worker = g_task_new (NULL, g_task_get_cancellable (task), prepare_cb, task);
  g_task_set_task_data (worker, p, (GDestroyNotify) prepare_free);
  g_object_set_data_full (G_OBJECT (worker), "boundary", g_steal_pointer (&boundary), g_free);
  g_task_run_in_thread (worker, prepare_thread);
  g_object_unref (worker);
}

/* ---- the item ----------------------------------------------------------------------- */

static void
item_done (GTask *task)
{
  Job *job = g_task_get_task_data (task);

  g_task_return_pointer (task, nd_json_object_copy (job->remote), (GDestroyNotify) json_object_unref);
  g_object_unref (task);
}

static void
item_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;

  bytes = job_receive (task, result, TRUE);
  if (bytes == NULL)
    return;

  json_object_set_int_member (job->remote, "version", job->version);
  json_object_set_string_member (job->remote, "url", job->resource_url);
  if (job->media_id == NULL)
    {
      json_object_remove_member (job->remote, "media_id");
      json_object_remove_member (job->remote, "photo_sha256");
    }
  if (g_str_equal (job->status, ND_PUBLISH_STATUS_PUBLISH))
    nd_article_set_status (job->article, "published");
  else if (g_str_equal (job->status, ND_PUBLISH_STATUS_FUTURE))
    nd_article_set_status (job->article, "scheduled");
  job_save_remote_then (g_steal_pointer (&task), item_done);
}

static GBytes *
item_body (NdArticle      *snapshot,
           NdNinjsFlavour  format,
           const char     *assets_url,
           const char     *media_id,
           guint           version)
{
  g_autofree char *href = NULL;
  g_autoptr(JsonNode) item = NULL;
  char *json;

  if (media_id)
    href = nd_http_push_asset_url (assets_url, media_id);
  item = nd_ninjs_export (snapshot, format, href, version);
  json = json_to_string (item, FALSE);
  return g_bytes_new_take (json, strlen (json));
}

static void
step_item (GTask *task)
{
  NdHttpPushPublisher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *signature = NULL;
  GError *error = NULL;

  body = item_body (job->snapshot, job->format, job->assets_url, job->media_id, job->version);
  g_clear_object (&job->msg);
  job->msg = new_message (SOUP_METHOD_POST, job->resource_url, &error);
  if (job->msg == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (self->token)
    signature = nd_http_push_signature (self->token, g_bytes_get_data (body, NULL),
                                        g_bytes_get_size (body));
  set_signature (job->msg, signature);
  soup_message_set_request_body_from_bytes (job->msg, "application/json", body);
  job_progress (job, job->version > 1 ? _("Sending the update") : _("Sending the article"));
  job_send (task, item_cb);
}

/* Applies the requested status to the snapshot, which is what the item says. */
static void
apply_status (NdArticle  *snapshot,
              const char *status,
              GDateTime  *publish_at)
{
  if (g_str_equal (status, ND_PUBLISH_STATUS_PUBLISH))
    nd_article_set_status (snapshot, "published");
  else if (g_str_equal (status, ND_PUBLISH_STATUS_FUTURE))
    {
      nd_article_set_status (snapshot, "scheduled");
      nd_article_set_publish_at (snapshot, publish_at);
    }
  else
    nd_article_set_status (snapshot, "draft");
}

static gboolean
check_request (NdHttpPushPublisher  *self,
               const char           *status,
               GDateTime            *publish_at,
               GError              **error)
{
  if (!g_str_equal (status, ND_PUBLISH_STATUS_DRAFT) &&
      !g_str_equal (status, ND_PUBLISH_STATUS_PUBLISH) &&
      !g_str_equal (status, ND_PUBLISH_STATUS_FUTURE))
    {
      g_set_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                   _("“%s” is not a status to publish with: use draft, publish or future."),
                   status);
      return FALSE;
    }
  if (g_str_equal (status, ND_PUBLISH_STATUS_FUTURE) && publish_at == NULL)
    {
      g_set_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                   _("A scheduled article needs a date and time."));
      return FALSE;
    }
  return nd_http_push_check_urls (nd_account_get_url (self->account),
                                  nd_http_push_account_get_assets_url (self->account), error);
}

static void
nd_http_push_publisher_publish_async (NdPublisher           *publisher,
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
  NdHttpPushPublisher *self = ND_HTTP_PUSH_PUBLISHER (publisher);
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  JsonObject *remote;
  Job *job;

  task = g_task_new (self, cancellable, callback, user_data);
  /* Our own CANCELLED error, not GIO's, reaches the caller. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, nd_http_push_publisher_publish_async);

  if (!check_request (self, status, publish_at, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  job = g_new0 (Job, 1);
  job->article = g_object_ref (article);
  job->snapshot = nd_article_copy (article);
  apply_status (job->snapshot, status, publish_at);
  job->status = g_strdup (status);
  job->progress = progress;
  job->progress_data = progress_data;
  remote = nd_article_get_remote (article, nd_account_get_id (self->account));
  job->remote = remote ? nd_json_object_copy (remote) : json_object_new ();
  /* A receiver has no conflict check to offer: an update simply carries a higher version. */
  job->version = remote_version (job->remote) + 1;
  job->resource_url = g_strdup (nd_account_get_url (self->account));
  job->assets_url = g_strdup (nd_http_push_account_get_assets_url (self->account));
  job->format = nd_http_push_account_get_format (self->account);
  job->photo_path = nd_article_store_photo_path (self->store, article);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  step_photo (g_steal_pointer (&task));
}

static JsonObject *
nd_http_push_publisher_publish_finish (NdPublisher   *publisher,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, publisher), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- fetch -------------------------------------------------------------------------- */

/* A push receiver cannot be read back: what it holds, as far as Newsdesk knows, is what
 * was recorded at the last successful publish. */
static void
nd_http_push_publisher_fetch_remote_async (NdPublisher         *publisher,
                                           NdArticle           *article,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  NdHttpPushPublisher *self = ND_HTTP_PUSH_PUBLISHER (publisher);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  JsonObject *remote = nd_article_get_remote (article, nd_account_get_id (self->account));

  g_task_set_source_tag (task, nd_http_push_publisher_fetch_remote_async);
  if (remote_version (remote) == 0)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_FOUND,
                               _("This article has not been published to “%s”."),
                               nd_account_get_name (self->account));
      return;
    }
  g_task_return_pointer (task, nd_json_object_copy (remote), (GDestroyNotify) json_object_unref);
}

static JsonObject *
nd_http_push_publisher_fetch_remote_finish (NdPublisher   *publisher,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, publisher), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- describe (dry run) ------------------------------------------------------------- */

char *
nd_http_push_publisher_describe (NdHttpPushPublisher *self,
                                 NdArticle           *article,
                                 const char          *status,
                                 GDateTime           *publish_at)
{
  GString *out = g_string_new (NULL);
  NdPhoto *photo = nd_article_get_photo (article);
  JsonObject *remote = nd_article_get_remote (article, nd_account_get_id (self->account));
  const char *assets_url = nd_http_push_account_get_assets_url (self->account);
  const char *signature = self->token ? "x-superdesk-signature: sha1=********\n" : "";
  const char *known_id = remote ? json_object_get_string_member_with_default (remote, "media_id", NULL) : NULL;
  const char *known_sha = remote ? json_object_get_string_member_with_default (remote, "photo_sha256", NULL) : NULL;
  g_autoptr(NdArticle) snapshot = nd_article_copy (article);
  g_autofree char *media_id = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) pretty = NULL;
  g_autofree char *text = NULL;
  guint version = remote_version (remote) + 1;

  g_return_val_if_fail (ND_IS_HTTP_PUSH_PUBLISHER (self), NULL);

  apply_status (snapshot, status, publish_at);
  g_string_append_printf (out, "# HTTP push to %s (%s), version %u\n\n",
                          nd_account_get_url (self->account),
                          nd_ninjs_flavour_to_string (nd_http_push_account_get_format (self->account)),
                          version);

  if (photo && nd_photo_get_sha256 (photo) && strlen (nd_photo_get_sha256 (photo)) >= 32)
    media_id = nd_http_push_media_id (nd_photo_get_sha256 (photo), nd_photo_get_file (photo));
  if (photo && assets_url && media_id &&
      !(known_id && g_strcmp0 (known_sha, nd_photo_get_sha256 (photo)) == 0))
    {
      g_autofree char *url = nd_http_push_asset_url (assets_url, media_id);
      g_autofree char *path = nd_article_store_photo_path (self->store, article);

      g_string_append_printf (out, "GET %s\n%s\n", url, signature);
      g_string_append_printf (out, "# only if that answers 404:\nPOST %s\n%s"
                                   "Content-Type: multipart/form-data\n\n"
                                   "media_id=%s\nmime_type=%s\nfilemeta=(size and hash)\n"
                                   "media=(%s)\n\n",
                              assets_url, signature, media_id,
                              content_type_for (nd_photo_get_file (photo)), path ? path : "");
    }
  else if (known_id)
    {
      g_free (media_id);
      media_id = g_strdup (known_id);
    }

  body = item_body (snapshot, nd_http_push_account_get_format (self->account), assets_url,
                    photo && assets_url ? media_id : NULL, version);
  pretty = json_from_string (g_bytes_get_data (body, NULL), NULL);
  text = json_to_string (pretty, TRUE);
  g_string_append_printf (out, "POST %s\n%sContent-Type: application/json\n\n%s\n",
                          nd_account_get_url (self->account), signature, text);
  return g_string_free (out, FALSE);
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
nd_http_push_publisher_dispose (GObject *object)
{
  NdHttpPushPublisher *self = (NdHttpPushPublisher *) object;

  g_clear_object (&self->account);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->tls);

  G_OBJECT_CLASS (nd_http_push_publisher_parent_class)->dispose (object);
}

static void
nd_http_push_publisher_finalize (GObject *object)
{
  NdHttpPushPublisher *self = (NdHttpPushPublisher *) object;

  if (self->token)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (nd_http_push_publisher_parent_class)->finalize (object);
}

static void
nd_http_push_publisher_class_init (NdHttpPushPublisherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = nd_http_push_publisher_dispose;
  object_class->finalize = nd_http_push_publisher_finalize;
}

static void
nd_http_push_publisher_iface_init (NdPublisherInterface *iface)
{
  iface->publish_async = nd_http_push_publisher_publish_async;
  iface->publish_finish = nd_http_push_publisher_publish_finish;
  iface->fetch_remote_async = nd_http_push_publisher_fetch_remote_async;
  iface->fetch_remote_finish = nd_http_push_publisher_fetch_remote_finish;
}

static void
nd_http_push_publisher_init (NdHttpPushPublisher *self)
{
  self->session = soup_session_new ();
  /* The trailing space makes libsoup append its own product token. */
  soup_session_set_user_agent (self->session, "Newsdesk/" VERSION " ");
}

NdHttpPushPublisher *
nd_http_push_publisher_new (NdAccount      *account,
                            const char     *token,
                            NdArticleStore *store)
{
  NdHttpPushPublisher *self;

  g_return_val_if_fail (ND_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (ND_IS_ARTICLE_STORE (store), NULL);

  self = g_object_new (ND_TYPE_HTTP_PUSH_PUBLISHER, NULL);
  self->account = g_object_ref (account);
  self->store = g_object_ref (store);
  self->token = token && *token ? g_strdup (token) : NULL;
  self->tls = nd_tls_guard_new (nd_account_get_pinned_certificate (account));
  return self;
}

GTlsCertificate *
nd_http_push_publisher_get_rejected_certificate (NdHttpPushPublisher  *self,
                                                 GTlsCertificateFlags *flags)
{
  g_return_val_if_fail (ND_IS_HTTP_PUSH_PUBLISHER (self), NULL);
  return nd_tls_guard_get_rejected (self->tls, flags);
}

SoupSession *
nd_http_push_publisher_get_session (NdHttpPushPublisher *self)
{
  g_return_val_if_fail (ND_IS_HTTP_PUSH_PUBLISHER (self), NULL);
  return self->session;
}

void
nd_http_push_publisher_set_timeout (NdHttpPushPublisher *self,
                                    guint                seconds)
{
  g_return_if_fail (ND_IS_HTTP_PUSH_PUBLISHER (self));
  soup_session_set_timeout (self->session, seconds);
}
