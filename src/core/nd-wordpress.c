/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-wordpress"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "nd-util.h"
#include "nd-json-util.h"
#include "nd-wordpress.h"
#include "nd-tls.h"
#include "nd-wordpress-private.h"

#define API_REL "https://api.w.org/"

struct _NdWordpressClient
{
  GObject      parent_instance;

  SoupSession *session;
  NdTlsGuard  *tls;         /* accepts only the account's pinned certificate */
  char        *site_url;
  char        *host;
  char        *user;
  char        *password;
  gboolean     allow_insecure_http;

  /* Known after discovery. */
  char        *api_root;
  char        *site_name;
  gboolean     app_passwords;
  gboolean     root_is_query;   /* plain permalinks: routes go into ?rest_route= */
};

G_DEFINE_FINAL_TYPE (NdWordpressClient, nd_wordpress_client, G_TYPE_OBJECT)

static void
nd_wordpress_client_finalize (GObject *object)
{
  NdWordpressClient *self = (NdWordpressClient *) object;

  g_clear_object (&self->session);
  g_clear_object (&self->tls);
  g_clear_pointer (&self->site_url, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->user, g_free);
  if (self->password)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->api_root, g_free);
  g_clear_pointer (&self->site_name, g_free);

  G_OBJECT_CLASS (nd_wordpress_client_parent_class)->finalize (object);
}

static void
nd_wordpress_client_class_init (NdWordpressClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = nd_wordpress_client_finalize;
}

static void
nd_wordpress_client_init (NdWordpressClient *self)
{
  self->session = soup_session_new ();
  /* The trailing space makes libsoup append its own product token. */
  soup_session_set_user_agent (self->session, "Newsdesk/" VERSION " ");
  self->tls = nd_tls_guard_new (NULL);
}

/* ---- URLs and safety ---------------------------------------------------------------- */

gboolean
nd_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_str_has_suffix (host, ".localhost"))
    return TRUE;

  /* GUri keeps IPv6 literals in brackets. */
  if (host[0] == '[')
    bare = g_strndup (host + 1, strlen (host) - 2);
  else
    bare = g_strdup (host);
  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
nd_wordpress_check_url (const char  *url,
                        gboolean     allow_insecure_http,
                        GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *host;

  uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  host = uri ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_INVALID_URL,
                   _("“%s” is not a web address. Give the site’s address, such as "
                     "https://news.example.org/."), url ? url : "");
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !allow_insecure_http &&
      !nd_host_is_loopback (host))
    {
      g_set_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_APP_PASSWORDS_UNAVAILABLE,
                   _("%s is a plain http address: your password would travel unencrypted, "
                     "and WordPress only accepts application passwords over https. Use the "
                     "https:// address, or explicitly allow insecure http for this account."),
                   host);
      return FALSE;
    }
  return TRUE;
}

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;
  int port = uri ? g_uri_get_port (uri) : -1;

  if (host == NULL)
    return g_strdup (url);
  if (port > 0)
    return g_strdup_printf ("%s:%d", host, port);
  return g_strdup (host);
}

char *
nd_wordpress_client_build_url (NdWordpressClient *self,
                               const char        *route,
                               const char        *query)
{
  g_autoptr(GUri) root = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *new_query = NULL;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (ND_IS_WORDPRESS_CLIENT (self), NULL);
  g_return_val_if_fail (self->api_root != NULL, NULL);
  g_return_val_if_fail (route != NULL && route[0] == '/', NULL);

  if (!self->root_is_query)
    {
      const char *sep = g_str_has_suffix (self->api_root, "/") ? "" : "/";
      const char *qsep = strchr (self->api_root, '?') ? "&" : "?";

      return g_strconcat (self->api_root, sep, route + 1,
                          query ? qsep : "", query ? query : "", NULL);
    }

  /* Plain permalinks: the route is the value of rest_route, other parameters join with &. */
  root = g_uri_parse (self->api_root, G_URI_FLAGS_ENCODED, NULL);
  escaped = g_uri_escape_string (route, "/", FALSE);
  new_query = g_strconcat ("rest_route=", escaped, query ? "&" : "", query ? query : "", NULL);
  uri = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (root), g_uri_get_userinfo (root),
                     g_uri_get_host (root), g_uri_get_port (root), g_uri_get_path (root),
                     new_query, NULL);
  return g_uri_to_string (uri);
}

/* ---- errors ------------------------------------------------------------------------- */

static GError *
transport_error (NdWordpressClient *self,
                 SoupMessage       *msg,
                 const GError      *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CANCELLED, _("Cancelled."));

  /* Never ignored: accepted only if it is the account's pinned certificate. */
  if (nd_tls_guard_is_failure (self->tls, msg, error))
    return nd_tls_guard_new_error (self->tls, msg, error, self->host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_UNREACHABLE,
                        _("%s did not answer in time. It may have received the request: "
                          "publishing again is safe, Newsdesk checks what arrived before "
                          "sending anything twice."), self->host);

  /* A reset or a close in the middle of an exchange (ECONNRESET, EPIPE, a truncated
   * answer): the server was reached, so "could not reach" would mislead. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_UNREACHABLE,
                        _("The connection to %s broke off in the middle (%s). Publishing "
                          "again is safe: Newsdesk checks what arrived before sending "
                          "anything twice."), self->host, error->message);

  return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_UNREACHABLE,
                      _("Could not reach %s: %s. Check the address and your connection."),
                      self->host, error->message);
}

static gboolean
is_json_response (SoupMessage *msg)
{
  const char *type = soup_message_headers_get_content_type (
    soup_message_get_response_headers (msg), NULL);

  return type != NULL && (g_ascii_strcasecmp (type, "application/json") == 0 ||
                          g_str_has_suffix (type, "+json"));
}

JsonNode *
nd_wordpress_parse_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  /* A hostile server's [[[[… must not overflow json-glib's recursive parser. */
  if (data == NULL || !g_utf8_validate (data, len, NULL) ||
      nd_json_too_deep (data, len, ND_WORDPRESS_MAX_JSON_DEPTH) ||
      !nd_json_is_one_value (data, len) ||
      !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

/* WordPress's own words from {"code","message","data"}, if the body is one. */
char *
nd_wordpress_server_message (SoupMessage *msg,
                GBytes      *bytes,
                char       **code_out)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *obj;
  const char *message;

  if (!is_json_response (msg))
    return NULL;
  node = nd_wordpress_parse_json (bytes);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  obj = json_node_get_object (node);
  if (code_out && json_object_has_member (obj, "code") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, "code")))
    *code_out = g_strdup (nd_json_object_get_text (obj, "code", NULL));
  message = nd_json_object_get_text (obj, "message", NULL);
  return message && *message ? g_strdup (message) : NULL;
}

static GError *
status_error (NdWordpressClient *self,
              SoupMessage       *msg,
              GBytes            *bytes)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *said = nd_wordpress_server_message (msg, bytes, NULL);
  g_autofree char *suffix = NULL;
  int code;
  char *text;

  if (said)
    suffix = g_strdup_printf (_(" The server said: “%s”"), said);
  else
    suffix = g_strdup ("");

  if (status == 401)
    {
      code = ND_PUBLISH_ERROR_AUTH;
      text = g_strdup_printf (_("%s did not accept the user name “%s” with this application "
                                "password. Check both; an application password is made in "
                                "WordPress under Users → Profile.%s"),
                              self->host, self->user ? self->user : "", suffix);
    }
  else if (status == 403)
    {
      code = ND_PUBLISH_ERROR_FORBIDDEN;
      text = g_strdup_printf (_("%s refused: the user “%s” is not allowed to do this.%s"),
                              self->host, self->user ? self->user : "", suffix);
    }
  else if (status == 404)
    {
      code = ND_PUBLISH_ERROR_NOT_FOUND;
      text = g_strdup_printf (_("%s has no such item (it may have been deleted there).%s"),
                              self->host, suffix);
    }
  else if (status == 409)
    {
      code = ND_PUBLISH_ERROR_CONFLICT;
      text = g_strdup_printf (_("%s reports a conflict.%s"), self->host, suffix);
    }
  else if (status == 413)
    {
      code = ND_PUBLISH_ERROR_TOO_LARGE;
      text = g_strdup_printf (_("%s refused the upload because it is too large for the "
                                "server. Use a smaller photo, or ask the site’s administrator "
                                "to raise the limit.%s"), self->host, suffix);
    }
  else if (status == 429)
    {
      code = ND_PUBLISH_ERROR_RATE_LIMITED;
      text = g_strdup_printf (_("%s is receiving too many requests (HTTP 429) and asked "
                                "Newsdesk to wait.%s"), self->host, suffix);
    }
  else if (status == 502 || status == 503 || status == 504)
    {
      code = ND_PUBLISH_ERROR_UNAVAILABLE;
      text = g_strdup_printf (_("%s is temporarily unavailable (HTTP %u). Newsdesk will try "
                                "again.%s"), self->host, status, suffix);
    }
  else if (status >= 500)
    {
      code = ND_PUBLISH_ERROR_SERVER;
      text = g_strdup_printf (_("%s had an internal error (HTTP %u). Try again later, or ask "
                                "the site’s administrator.%s"), self->host, status, suffix);
    }
  else if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (
        soup_message_get_response_headers (msg), "Location");
      code = ND_PUBLISH_ERROR_FAILED;
      text = g_strdup_printf (_("%s sent the request elsewhere (%s). Check the site’s address "
                                "in the account, including https://."),
                              self->host, location ? location : "?");
    }
  else
    {
      code = ND_PUBLISH_ERROR_FAILED;
      text = g_strdup_printf (_("%s refused the request (HTTP %u).%s"), self->host, status,
                              suffix);
    }

  {
    GError *error = g_error_new_literal (ND_PUBLISH_ERROR, code, text);
    const char *retry_after = soup_message_headers_get_one (
      soup_message_get_response_headers (msg), "Retry-After");

    /* The outbox waits at least this long before the next attempt. */
    nd_publish_error_set_retry_after (
      error, nd_publish_error_parse_retry_after (retry_after, g_get_real_time () / G_USEC_PER_SEC));
    g_free (text);
    return error;
  }
}

static GError *
not_json_error (NdWordpressClient *self,
                SoupMessage       *msg)
{
  const char *type = soup_message_headers_get_content_type (
    soup_message_get_response_headers (msg), NULL);

  return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_JSON,
                      _("%s answered with a web page (%s) instead of WordPress data. A proxy, "
                        "a login page or a security plugin may be in the way."),
                      self->host, type ? type : _("no type"));
}

static char *
message_url (SoupMessage *msg)
{
  return g_uri_to_string (soup_message_get_uri (msg));
}

/* ---- sending ------------------------------------------------------------------------ */

typedef struct
{
  SoupMessage *msg;
  GBytes      *bytes;
} Exchange;

static void
exchange_free (Exchange *ex)
{
  g_clear_object (&ex->msg);
  g_clear_pointer (&ex->bytes, g_bytes_unref);
  g_free (ex);
}

static void
add_auth (NdWordpressClient *self,
          SoupMessage       *msg)
{
  g_autofree char *pair = NULL;
  g_autofree char *b64 = NULL;
  g_autofree char *value = NULL;

  if (self->password == NULL)
    return;
  /* WordPress never sends a challenge, so libsoup's auth machinery would never step in:
   * send the credentials ourselves, on every request. */
  pair = g_strconcat (self->user ? self->user : "", ":", self->password, NULL);
  b64 = g_base64_encode ((const guchar *) pair, strlen (pair));
  value = g_strconcat ("Basic ", b64, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
  memset (pair, 0, strlen (pair));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdWordpressClient *self = g_task_get_source_object (task);
  Exchange *ex = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  ex->bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (ex->bytes == NULL)
    {
      g_task_return_error (task, transport_error (self, ex->msg, error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* Sends msg; the task's data is the Exchange (message and body) for the callback. */
static void
send_message (NdWordpressClient   *self,
              SoupMessage         *msg,
              GCancellable        *cancellable,
              gpointer             source_tag,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Exchange *ex = g_new0 (Exchange, 1);

  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, source_tag);
  ex->msg = g_object_ref (msg);
  g_task_set_task_data (task, ex, (GDestroyNotify) exchange_free);
  nd_tls_guard_watch (self->tls, msg);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    send_cb, task);
}

/* ---- discovery ---------------------------------------------------------------------- */

typedef struct
{
  char     *link_root;   /* from the Link header, or NULL */
  char     *query_root;  /* the ?rest_route=/ fallback */
  gboolean  tried_query;
} Discovery;

static void
discovery_free (Discovery *d)
{
  g_free (d->link_root);
  g_free (d->query_root);
  g_free (d);
}

/* Finds <url>; rel="… https://api.w.org/ …" among the Link header's entries. */
char *
nd_wordpress_find_api_link (const char *links,
                            const char *base)
{
  g_autoptr(GUri) base_uri = g_uri_parse (base, G_URI_FLAGS_NONE, NULL);
  const char *p = links;

  if (base_uri == NULL)
    return NULL;

  while (p && (p = strchr (p, '<')) != NULL)
    {
      const char *end = strchr (p, '>');
      const char *next;
      g_autofree char *params = NULL;

      if (end == NULL)
        break;
      next = strchr (end, '<');
      params = next ? g_strndup (end + 1, next - end - 1) : g_strdup (end + 1);
      if (strstr (params, "rel=") && strstr (params, API_REL))
        {
          g_autofree char *target = g_strndup (p + 1, end - p - 1);
          g_autoptr(GUri) root = g_uri_parse_relative (base_uri, target, G_URI_FLAGS_NONE, NULL);
          const char *scheme = root ? g_uri_get_scheme (root) : NULL;
          const char *host = root ? g_uri_get_host (root) : NULL;

          /* Only an http(s) address with a host is an API root; anything else (GLib even
           * criticals on turning some host-less results back into text) is no link. */
          if (scheme == NULL || host == NULL || *host == '\0' ||
              (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
            return NULL;
          return g_uri_to_string (root);
        }
      p = end;
    }
  return NULL;
}

static char *
query_root_for (const char *site_url)
{
  g_autoptr(GUri) site = g_uri_parse (site_url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GUri) root = NULL;
  const char *path = g_uri_get_path (site);

  root = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (site), NULL,
                      g_uri_get_host (site), g_uri_get_port (site),
                      path && *path ? path : "/", "rest_route=/", NULL);
  return g_uri_to_string (root);
}

static void get_root (GTask *task, const char *root);

static GError *
no_api_error (NdWordpressClient *self,
              const char        *detail)
{
  return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NO_API,
                      _("There is no WordPress API at %s (%s). Check the site’s address; "
                        "it is the address of the site’s home page."),
                      self->site_url, detail);
}

static void
root_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdWordpressClient *self = g_task_get_source_object (task);
  Discovery *d = g_task_get_task_data (task);
  Exchange *ex = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *detail = NULL;
  JsonObject *index;
  JsonNode *namespaces, *auth;
  gboolean has_v2 = FALSE;
  guint status;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (ex->msg);
  if (SOUP_STATUS_IS_SUCCESSFUL (status) && is_json_response (ex->msg))
    node = nd_wordpress_parse_json (ex->bytes);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !json_object_has_member (json_node_get_object (node), "namespaces"))
    {
      /* A Link header that leads nowhere (broken pretty permalinks): try ?rest_route=. */
      if (!d->tried_query)
        {
          get_root (g_steal_pointer (&task), d->query_root);
          return;
        }
      if (status >= 500 || status == 429)
        {
          g_task_return_error (task, status_error (self, ex->msg, ex->bytes));
          return;
        }
      if (!SOUP_STATUS_IS_SUCCESSFUL (status))
        detail = g_strdup_printf (_("the address answered HTTP %u"), status);
      else
        detail = g_strdup (_("the address answered with something else than the API"));
      g_task_return_error (task, no_api_error (self, detail));
      return;
    }

  index = json_node_get_object (node);
  namespaces = json_object_get_member (index, "namespaces");
  if (JSON_NODE_HOLDS_ARRAY (namespaces))
    {
      JsonArray *list = json_node_get_array (namespaces);
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *item = json_array_get_element (list, i);
          if (JSON_NODE_HOLDS_VALUE (item) &&
              g_strcmp0 (json_node_get_string (item), "wp/v2") == 0)
            has_v2 = TRUE;
        }
    }
  if (!has_v2)
    {
      g_task_return_error (task, no_api_error (self, _("its API has no wp/v2 routes; a plugin "
                                                       "may have switched them off")));
      return;
    }

  g_free (self->api_root);
  self->api_root = message_url (ex->msg);
  self->root_is_query = strstr (self->api_root, "rest_route=") != NULL;
  g_free (self->site_name);
  self->site_name = g_strdup (nd_json_object_get_text (index, "name", NULL));
  /* "authentication" is an object when something is offered, [] when nothing is. */
  auth = json_object_get_member (index, "authentication");
  self->app_passwords = auth && JSON_NODE_HOLDS_OBJECT (auth) &&
                        json_object_has_member (json_node_get_object (auth),
                                                "application-passwords");
  g_task_return_boolean (task, TRUE);
}

static void
get_root (GTask      *task,
          const char *root)
{
  NdWordpressClient *self = g_task_get_source_object (task);
  Discovery *d = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (root, d->query_root) == 0)
    d->tried_query = TRUE;

  /* The Link header may point elsewhere (another host, http): check before sending. */
  if (self->password && !nd_wordpress_check_url (root, self->allow_insecure_http, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  msg = soup_message_new (SOUP_METHOD_GET, root);
  if (msg == NULL)
    {
      g_task_return_error (task, no_api_error (self, _("the API address is not valid")));
      g_object_unref (task);
      return;
    }
  send_message (self, msg, g_task_get_cancellable (task), get_root, root_cb, task);
}

static void
head_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *d = g_task_get_task_data (task);
  Exchange *ex = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  const char *links;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  links = soup_message_headers_get_list (soup_message_get_response_headers (ex->msg), "Link");
  if (links)
    {
      g_autofree char *base = message_url (ex->msg);
      d->link_root = nd_wordpress_find_api_link (links, base);
    }

  get_root (g_steal_pointer (&task), d->link_root ? d->link_root : d->query_root);
}

void
nd_wordpress_client_discover_async (NdWordpressClient   *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  Discovery *d;

  g_return_if_fail (ND_IS_WORDPRESS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  /* Our own CANCELLED error, not GIO's, reaches the caller. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, nd_wordpress_client_discover_async);

  /* Refuse before connecting at all: not even the address should leak. */
  if (!nd_wordpress_check_url (self->site_url, self->allow_insecure_http || !self->password,
                               &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  d = g_new0 (Discovery, 1);
  d->query_root = query_root_for (self->site_url);
  g_task_set_task_data (task, d, (GDestroyNotify) discovery_free);

  msg = soup_message_new (SOUP_METHOD_HEAD, self->site_url);
  send_message (self, msg, cancellable, nd_wordpress_client_discover_async, head_cb,
                g_steal_pointer (&task));
}

gboolean
nd_wordpress_client_discover_finish (NdWordpressClient  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
nd_wordpress_client_get_api_root (NdWordpressClient *self)
{
  g_return_val_if_fail (ND_IS_WORDPRESS_CLIENT (self), NULL);
  return self->api_root;
}

const char *
nd_wordpress_client_get_site_name (NdWordpressClient *self)
{
  g_return_val_if_fail (ND_IS_WORDPRESS_CLIENT (self), NULL);
  return self->site_name;
}

gboolean
nd_wordpress_client_get_app_passwords_available (NdWordpressClient *self)
{
  g_return_val_if_fail (ND_IS_WORDPRESS_CLIENT (self), FALSE);
  return self->app_passwords;
}

gboolean
nd_wordpress_client_check_app_passwords (NdWordpressClient  *self,
                                         GError            **error)
{
  g_autoptr(GUri) root = NULL;

  g_return_val_if_fail (ND_IS_WORDPRESS_CLIENT (self), FALSE);

  if (self->app_passwords)
    return TRUE;

  root = g_uri_parse (self->api_root ? self->api_root : self->site_url, G_URI_FLAGS_NONE, NULL);
  /* WordPress offers them only over https (or on a site marked "local"); otherwise it
   * silently ignores the credentials and every write fails with 401. */
  if (root && g_ascii_strcasecmp (g_uri_get_scheme (root), "http") == 0)
    g_set_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_APP_PASSWORDS_UNAVAILABLE,
                 _("%s does not accept application passwords because the site is plain http. "
                   "Use its https:// address."), self->host);
  else
    g_set_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_APP_PASSWORDS_UNAVAILABLE,
                 _("%s does not offer application passwords: they are switched off on the "
                   "site (by its settings or a security plugin). Ask the site’s "
                   "administrator to allow them."), self->host);
  return FALSE;
}

NdWordpressClient *
nd_wordpress_client_new (const char *site_url,
                         const char *user,
                         const char *password,
                         gboolean    allow_insecure_http)
{
  NdWordpressClient *self;

  g_return_val_if_fail (site_url != NULL, NULL);

  self = g_object_new (ND_TYPE_WORDPRESS_CLIENT, NULL);
  self->site_url = g_strdup (site_url);
  self->host = host_of (site_url);
  self->user = g_strdup (user);
  self->password = g_strdup (password);
  self->allow_insecure_http = allow_insecure_http;
  return self;
}

NdWordpressClient *
nd_wordpress_client_new_for_account (NdAccount  *account,
                                     const char *password)
{
  NdWordpressClient *self;

  g_return_val_if_fail (ND_IS_ACCOUNT (account), NULL);

  self = nd_wordpress_client_new (nd_account_get_url (account) ? nd_account_get_url (account) : "",
                                  nd_account_get_user (account), password,
                                  nd_account_get_allow_insecure_http (account));
  nd_tls_guard_set_pinned (self->tls, nd_account_get_pinned_certificate (account));
  return self;
}

void
nd_wordpress_client_set_pinned_certificate (NdWordpressClient *self,
                                            const char        *pem)
{
  g_return_if_fail (ND_IS_WORDPRESS_CLIENT (self));
  nd_tls_guard_set_pinned (self->tls, pem);
}

GTlsCertificate *
nd_wordpress_client_get_rejected_certificate (NdWordpressClient    *self,
                                              GTlsCertificateFlags *flags)
{
  g_return_val_if_fail (ND_IS_WORDPRESS_CLIENT (self), NULL);
  return nd_tls_guard_get_rejected (self->tls, flags);
}

SoupSession *
nd_wordpress_client_get_session (NdWordpressClient *self)
{
  g_return_val_if_fail (ND_IS_WORDPRESS_CLIENT (self), NULL);
  return self->session;
}

const char *
nd_wordpress_client_get_site_url (NdWordpressClient *self)
{
  g_return_val_if_fail (ND_IS_WORDPRESS_CLIENT (self), NULL);
  return self->site_url;
}

/* ---- REST calls --------------------------------------------------------------------- */

typedef struct
{
  JsonNode *node;
  guint     status;
  guint     total_pages;   /* X-WP-TotalPages of a collection; 0 when not sent */
} CallResult;

static void
call_result_free (CallResult *r)
{
  g_clear_pointer (&r->node, json_node_unref);
  g_free (r);
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdWordpressClient *self = g_task_get_source_object (task);
  CallResult *r = g_task_get_task_data (task);
  Exchange *ex = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  r->status = soup_message_get_status (ex->msg);
  {
    const char *pages = soup_message_headers_get_one (soup_message_get_response_headers (ex->msg),
                                                      "X-WP-TotalPages");
    guint64 n = pages ? g_ascii_strtoull (pages, NULL, 10) : 0;
    r->total_pages = (guint) MIN (n, G_MAXUINT);
  }
  if (!SOUP_STATUS_IS_SUCCESSFUL (r->status))
    {
      if (is_json_response (ex->msg))
        r->node = nd_wordpress_parse_json (ex->bytes);
      g_task_return_error (task, status_error (self, ex->msg, ex->bytes));
      return;
    }
  if (!is_json_response (ex->msg) || (r->node = nd_wordpress_parse_json (ex->bytes)) == NULL)
    {
      g_task_return_error (task, not_json_error (self, ex->msg));
      return;
    }
  g_task_return_pointer (task, json_node_ref (r->node), (GDestroyNotify) json_node_unref);
}

void
nd_wordpress_client_call_async (NdWordpressClient   *self,
                                const char          *method,
                                const char          *route,
                                const char          *query,
                                JsonNode            *body,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (ND_IS_WORDPRESS_CLIENT (self));
  g_return_if_fail (method != NULL && route != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  /* Our own CANCELLED error, not GIO's, reaches the caller. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, nd_wordpress_client_call_async);
  g_task_set_task_data (task, g_new0 (CallResult, 1), (GDestroyNotify) call_result_free);

  if (self->api_root == NULL)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NO_API,
                               _("The WordPress API of %s has not been found yet."), self->host);
      return;
    }

  url = nd_wordpress_client_build_url (self, route, query);
  if (self->password && !nd_wordpress_check_url (url, self->allow_insecure_http, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_INVALID_URL,
                               _("“%s” is not a valid address."), url);
      return;
    }
  /* A redirect would resend the body and the credentials somewhere else. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  add_auth (self, msg);
  if (body)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(GBytes) bytes = NULL;
      gsize len;
      char *data;

      json_generator_set_root (gen, body);
      data = json_generator_to_data (gen, &len);
      /* The message takes its own reference. */
      bytes = g_bytes_new_take (data, len);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  send_message (self, msg, cancellable, nd_wordpress_client_call_async, call_cb,
                g_steal_pointer (&task));
}

JsonNode *
nd_wordpress_client_call_finish (NdWordpressClient  *self,
                                 GAsyncResult       *result,
                                 guint              *status_out,
                                 GError            **error)
{
  CallResult *r;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  r = g_task_get_task_data (G_TASK (result));
  if (status_out)
    *status_out = r->status;
  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonNode *
nd_wordpress_client_call_get_error_body (NdWordpressClient *self,
                                         GAsyncResult      *result)
{
  CallResult *r;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  r = g_task_get_task_data (G_TASK (result));
  return SOUP_STATUS_IS_SUCCESSFUL (r->status) ? NULL : r->node;
}

/* ---- uploads ------------------------------------------------------------------------ */

typedef struct
{
  char                 *route;
  char                 *path;
  char                 *content_type;
  char                 *filename;
  NdUploadProgressFunc  progress;
  gpointer              progress_data;
  char                 *md5;
  goffset               size;
  goffset               sent;
} Upload;

static void
upload_free (Upload *u)
{
  g_free (u->route);
  g_free (u->path);
  g_free (u->content_type);
  g_free (u->filename);
  g_free (u->md5);
  g_free (u);
}

/* In a worker: the MD5 and size of the file, read in pieces (never whole in memory). */
static void
md5_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Upload *u = task_data;
  g_autoptr(GFile) file = g_file_new_for_path (u->path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_MD5);
  g_autofree guint8 *buf = g_malloc (64 * 1024);
  GError *error = NULL;
  gssize n;

  in = g_file_read (file, cancellable, &error);
  if (in == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  u->size = 0;
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buf, 64 * 1024, cancellable, &error)) > 0)
    {
      g_checksum_update (sum, buf, n);
      u->size += n;
    }
  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  u->md5 = g_strdup (g_checksum_get_string (sum));
  g_task_return_boolean (task, TRUE);
}

static void
wrote_body_data_cb (SoupMessage *msg,
                    guint        chunk_size,
                    gpointer     user_data)
{
  Upload *u = user_data;

  u->sent += chunk_size;
  if (u->progress)
    u->progress (u->sent, u->size, u->progress_data);
}

static void
md5_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdWordpressClient *self = g_task_get_source_object (task);
  Upload *u = g_object_get_data (G_OBJECT (task), "upload");
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  g_autofree char *disposition = NULL;
  SoupMessageHeaders *headers;
  GCancellable *cancellable;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CANCELLED,
                                 _("Cancelled."));
      else
        g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                                 _("Could not read the photo “%s”: %s"), u->path,
                                 error->message);
      return;
    }

  /* Opening an already readable local file does not block in any way that matters. */
  file = g_file_new_for_path (u->path);
  in = g_file_read (file, NULL, &error);
  if (in == NULL)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED,
                               _("Could not read the photo “%s”: %s"), u->path, error->message);
      return;
    }

  url = nd_wordpress_client_build_url (self, u->route, NULL);
  if (self->password && !nd_wordpress_check_url (url, self->allow_insecure_http, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  msg = soup_message_new (SOUP_METHOD_POST, url);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (msg);
  /* WordPress does not understand filename*=: the name must be plain ASCII. */
  disposition = g_strdup_printf ("attachment; filename=\"%s\"", u->filename);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_message_headers_replace (headers, "Content-MD5", u->md5);
  soup_message_headers_replace (headers, "Accept", "application/json");
  add_auth (self, msg);
  /* The real size, not -1: some servers refuse chunked uploads. */
  soup_message_set_request_body (msg, u->content_type, G_INPUT_STREAM (in), u->size);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), u);

  cancellable = g_task_get_cancellable (task);
  send_message (self, msg, cancellable, nd_wordpress_client_upload_async, call_cb,
                g_steal_pointer (&task));
}

void
nd_wordpress_client_upload_async (NdWordpressClient    *self,
                                  const char           *route,
                                  const char           *path,
                                  const char           *content_type,
                                  const char           *filename,
                                  NdUploadProgressFunc  progress,
                                  gpointer              progress_data,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  GTask *task;
  GTask *worker;
  Upload *u;

  g_return_if_fail (ND_IS_WORDPRESS_CLIENT (self));
  g_return_if_fail (route != NULL && path != NULL && filename != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, nd_wordpress_client_upload_async);
  g_task_set_task_data (task, g_new0 (CallResult, 1), (GDestroyNotify) call_result_free);

  if (self->api_root == NULL)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NO_API,
                               _("The WordPress API of %s has not been found yet."), self->host);
      g_object_unref (task);
      return;
    }

  u = g_new0 (Upload, 1);
  u->route = g_strdup (route);
  u->path = g_strdup (path);
  u->content_type = g_strdup (content_type ? content_type : "application/octet-stream");
  u->filename = g_strdup (filename);
  u->progress = progress;
  u->progress_data = progress_data;
  g_object_set_data_full (G_OBJECT (task), "upload", u, (GDestroyNotify) upload_free);

  worker = g_task_new (self, cancellable, md5_done_cb, task);
  g_task_set_task_data (worker, u, NULL);
  g_task_run_in_thread (worker, md5_thread);
  g_object_unref (worker);
}

static void
whoami_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdWordpressClient *self = ND_WORDPRESS_CLIENT (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = nd_wordpress_client_call_finish (self, result, NULL, &error);
  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_JSON,
                               _("%s answered the login check with something unexpected."),
                               self->host);
      return;
    }
  g_task_return_pointer (task, json_object_ref (json_node_get_object (node)),
                         (GDestroyNotify) json_object_unref);
}

void
nd_wordpress_client_whoami_async (NdWordpressClient   *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ND_IS_WORDPRESS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  /* Our own CANCELLED error, not GIO's, reaches the caller. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, nd_wordpress_client_whoami_async);
  nd_wordpress_client_call_async (self, SOUP_METHOD_GET, "/wp/v2/users/me", NULL, NULL,
                                  cancellable, whoami_cb, task);
}

JsonObject *
nd_wordpress_client_whoami_finish (NdWordpressClient  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- sections and tags -------------------------------------------------------------- */

#define TERMS_PER_PAGE 100
/* A runaway X-WP-TotalPages must not keep us fetching forever. */
#define TERMS_MAX_PAGES 50

char *
nd_wordpress_decode_entities (const char *text)
{
  static const struct { const char *name; gunichar c; } named[] = {
    { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
    { "nbsp", 0x00A0 }, { "ndash", 0x2013 }, { "mdash", 0x2014 }, { "hellip", 0x2026 },
    { "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "ldquo", 0x201C }, { "rdquo", 0x201D },
    { "laquo", 0x00AB }, { "raquo", 0x00BB }, { "middot", 0x00B7 },
  };
  GString *out = g_string_new (NULL);
  const char *p = text ? text : "";

  while (*p)
    {
      const char *semi;
      gunichar c = 0;

      if (*p != '&' || (semi = strchr (p, ';')) == NULL || semi - p > 10)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      if (p[1] == '#')
        {
          char *end = NULL;
          guint64 n = (p[2] == 'x' || p[2] == 'X') ? g_ascii_strtoull (p + 3, &end, 16)
                                                   : g_ascii_strtoull (p + 2, &end, 10);
          if (end == semi && n > 0 && g_unichar_validate ((gunichar) n))
            c = (gunichar) n;
        }
      else
        for (guint i = 0; i < G_N_ELEMENTS (named); i++)
          if ((gsize) (semi - p - 1) == strlen (named[i].name) &&
              strncmp (p + 1, named[i].name, semi - p - 1) == 0)
            {
              c = named[i].c;
              break;
            }
      if (c == 0)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      g_string_append_unichar (out, c);
      p = semi + 1;
    }
  return g_string_free (out, FALSE);
}

typedef NdWordpressTerm Term;

typedef struct
{
  GArray   *categories;   /* Term */
  GArray   *tags;         /* Term */
  gboolean  doing_tags;
  guint     page;
  char    **sections_out;
  char    **tags_out;
  char     *account_id;   /* for the cache, when refreshing */
} TermsJob;

void
nd_wordpress_term_clear (NdWordpressTerm *t)
{
  g_free (t->name);
}

static void
terms_job_free (TermsJob *job)
{
  g_array_unref (job->categories);
  g_array_unref (job->tags);
  g_strfreev (job->sections_out);
  g_strfreev (job->tags_out);
  g_free (job->account_id);
  g_free (job);
}

static int
compare_collate (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* "Parent > Child" for every category, from the flat list of ids and parents. */
char **
nd_wordpress_category_paths (GArray *cats)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  for (guint i = 0; i < cats->len; i++)
    {
      Term *t = &g_array_index (cats, Term, i);
      g_hash_table_insert (by_id, &t->id, t);
    }
  for (guint i = 0; i < cats->len; i++)
    {
      Term *t = &g_array_index (cats, Term, i);
      g_autoptr(GPtrArray) parts = g_ptr_array_new ();
      g_autoptr(GString) path = g_string_new (NULL);
      Term *at = t;

      /* Up to the root; a depth limit guards against a parent loop. */
      for (guint depth = 0; at && depth < 32; depth++)
        {
          g_ptr_array_insert (parts, 0, at->name);
          at = at->parent > 0 ? g_hash_table_lookup (by_id, &at->parent) : NULL;
        }
      for (guint j = 0; j < parts->len; j++)
        g_string_append_printf (path, "%s%s", j ? " > " : "", (char *) g_ptr_array_index (parts, j));
      g_ptr_array_add (paths, g_string_free (g_steal_pointer (&path), FALSE));
    }
  g_ptr_array_sort (paths, compare_collate);
  g_ptr_array_add (paths, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&paths), FALSE);
}

char **
nd_wordpress_tag_names (GArray *tags)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < tags->len; i++)
    {
      Term *t = &g_array_index (tags, Term, i);
      char *key = g_utf8_casefold (t->name, -1);

      if (!g_hash_table_add (seen, key))
        continue;
      g_ptr_array_add (names, g_strdup (t->name));
    }
  g_ptr_array_sort (names, compare_collate);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

void
nd_wordpress_parse_terms (JsonArray *items,
                          GArray    *into)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      JsonObject *obj = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *name = nd_json_object_get_text (obj, "name", NULL);
      Term t = { 0, };

      if (name == NULL || *name == '\0')
        continue;
      t.id = nd_json_object_get_integer (obj, "id", 0);
      t.parent = nd_json_object_get_integer (obj, "parent", 0);
      /* WordPress stores and sends term names HTML-escaped ("Q&amp;A"). */
      t.name = nd_wordpress_decode_entities (name);
      g_strstrip (t.name);
      if (*t.name == '\0')
        {
          g_free (t.name);
          continue;
        }
      g_array_append_val (into, t);
    }
}

static void terms_fetch (GTask *task);

static void
terms_page_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdWordpressClient *self = ND_WORDPRESS_CLIENT (object);
  TermsJob *job = g_task_get_task_data (task);
  CallResult *r = g_task_get_task_data (G_TASK (result));
  GArray *into = job->doing_tags ? job->tags : job->categories;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  JsonArray *items;
  guint total;

  node = nd_wordpress_client_call_finish (self, result, NULL, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NOT_JSON,
                               _("%s answered the list of %s with something unexpected."),
                               self->host, job->doing_tags ? _("tags") : _("sections"));
      return;
    }
  items = json_node_get_array (node);
  nd_wordpress_parse_terms (items, into);

  total = r->total_pages;
  if (job->page < total && job->page < TERMS_MAX_PAGES &&
      json_array_get_length (items) > 0)
    {
      job->page++;
      terms_fetch (g_steal_pointer (&task));
      return;
    }
  if (!job->doing_tags)
    {
      job->doing_tags = TRUE;
      job->page = 1;
      terms_fetch (g_steal_pointer (&task));
      return;
    }

  job->sections_out = nd_wordpress_category_paths (job->categories);
  job->tags_out = nd_wordpress_tag_names (job->tags);
  g_task_return_boolean (task, TRUE);
}

static void
terms_fetch (GTask *task)
{
  NdWordpressClient *self = g_task_get_source_object (task);
  TermsJob *job = g_task_get_task_data (task);
  g_autofree char *query = g_strdup_printf ("per_page=%d&page=%u", TERMS_PER_PAGE, job->page);

  nd_wordpress_client_call_async (self, SOUP_METHOD_GET,
                                  job->doing_tags ? "/wp/v2/tags" : "/wp/v2/categories", query,
                                  NULL, g_task_get_cancellable (task), terms_page_cb, task);
}

static void
terms_discover_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!nd_wordpress_client_discover_finish (ND_WORDPRESS_CLIENT (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  terms_fetch (g_steal_pointer (&task));
}

static GTask *
terms_task_new (NdWordpressClient   *self,
                GCancellable        *cancellable,
                gpointer             source_tag,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  TermsJob *job = g_new0 (TermsJob, 1);

  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, source_tag);
  job->categories = g_array_new (FALSE, TRUE, sizeof (Term));
  g_array_set_clear_func (job->categories, (GDestroyNotify) nd_wordpress_term_clear);
  job->tags = g_array_new (FALSE, TRUE, sizeof (Term));
  g_array_set_clear_func (job->tags, (GDestroyNotify) nd_wordpress_term_clear);
  job->page = 1;
  g_task_set_task_data (task, job, (GDestroyNotify) terms_job_free);
  return task;
}

static void
terms_start (GTask *task)
{
  NdWordpressClient *self = g_task_get_source_object (task);

  if (self->api_root != NULL)
    terms_fetch (task);
  else
    nd_wordpress_client_discover_async (self, g_task_get_cancellable (task), terms_discover_cb,
                                        task);
}

void
nd_wordpress_client_list_terms_async (NdWordpressClient   *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (ND_IS_WORDPRESS_CLIENT (self));

  terms_start (terms_task_new (self, cancellable, nd_wordpress_client_list_terms_async,
                               callback, user_data));
}

static gboolean
terms_finish (GAsyncResult  *result,
              char        ***sections,
              char        ***tags,
              GError       **error)
{
  TermsJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (sections)
    *sections = g_strdupv (job->sections_out);
  if (tags)
    *tags = g_strdupv (job->tags_out);
  return TRUE;
}

gboolean
nd_wordpress_client_list_terms_finish (NdWordpressClient  *self,
                                       GAsyncResult       *result,
                                       char             ***sections,
                                       char             ***tags,
                                       GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return terms_finish (result, sections, tags, error);
}

/* ---- the terms cache ---------------------------------------------------------------- */

char *
nd_wordpress_terms_cache_path (const char *account_id)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (account_id != NULL && *account_id != '\0', NULL);
  /* Ids are UUIDs; anything else must not escape the folder. */
  g_return_val_if_fail (strchr (account_id, '/') == NULL && !g_str_equal (account_id, ".."), NULL);

  name = g_strdup_printf ("terms-%s.json", account_id);
  return g_build_filename (g_get_user_cache_dir (), "newsdesk", name, NULL);
}

static void
add_strv (JsonBuilder        *b,
          const char         *member,
          const char * const *values)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; values && values[i]; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

gboolean
nd_wordpress_terms_cache_write (const char         *account_id,
                                const char * const *sections,
                                const char * const *tags,
                                GError            **error)
{
  g_autofree char *path = nd_wordpress_terms_cache_path (account_id);
  g_autofree char *dir = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = nd_datetime_format (now);
  g_autofree char *text = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "updated");
  json_builder_add_string_value (b, stamp);
  add_strv (b, "sections", sections);
  add_strv (b, "tags", tags);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, TRUE);
  return nd_file_write_atomic (path, text, strlen (text), error);
}

static char **
read_strv (JsonObject *obj,
           const char *member)
{
  JsonArray *array = json_object_has_member (obj, member) &&
                     JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, member))
                     ? json_object_get_array_member (obj, member) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *n = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (n));
    }
  return g_strv_builder_end (builder);
}

gboolean
nd_wordpress_terms_cache_read (const char   *account_id,
                               char       ***sections,
                               char       ***tags,
                               GError      **error)
{
  g_autofree char *path = nd_wordpress_terms_cache_path (account_id);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!json_parser_load_from_mapped_file (parser, path, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a list of sections and tags."), path);
      return FALSE;
    }
  if (sections)
    *sections = read_strv (json_node_get_object (root), "sections");
  if (tags)
    *tags = read_strv (json_node_get_object (root), "tags");
  return TRUE;
}

static void
cache_read_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  TermsJob *job = task_data;
  GError *error = NULL;

  if (!nd_wordpress_terms_cache_read (job->account_id, &job->sections_out, &job->tags_out, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
nd_wordpress_terms_cache_read_async (const char          *account_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TermsJob *job;

  g_return_if_fail (account_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, nd_wordpress_terms_cache_read_async);
  job = g_new0 (TermsJob, 1);
  job->categories = g_array_new (FALSE, TRUE, sizeof (Term));
  job->tags = g_array_new (FALSE, TRUE, sizeof (Term));
  job->account_id = g_strdup (account_id);
  g_task_set_task_data (task, job, (GDestroyNotify) terms_job_free);
  g_task_run_in_thread (task, cache_read_thread);
}

gboolean
nd_wordpress_terms_cache_read_finish (GAsyncResult  *result,
                                      char        ***sections,
                                      char        ***tags,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return terms_finish (result, sections, tags, error);
}

static void
cache_write_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  TermsJob *job = task_data;
  GError *error = NULL;

  if (!nd_wordpress_terms_cache_write (job->account_id, (const char * const *) job->sections_out,
                                       (const char * const *) job->tags_out, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
refresh_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* The job (task data) has the lists now: write them from a worker. */
  g_task_run_in_thread (task, cache_write_thread);
  g_object_unref (task);
}

void
nd_wordpress_client_refresh_terms_async (NdWordpressClient   *self,
                                         const char          *account_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task;
  GTask *list;
  TermsJob *job;

  g_return_if_fail (ND_IS_WORDPRESS_CLIENT (self));
  g_return_if_fail (account_id != NULL);

  /* Both tasks share one job: the listing fills it, the cache write reads it. */
  task = terms_task_new (self, cancellable, nd_wordpress_client_refresh_terms_async,
                         callback, user_data);
  job = g_task_get_task_data (task);
  job->account_id = g_strdup (account_id);
  list = g_task_new (self, cancellable, refresh_listed_cb, task);
  g_task_set_check_cancellable (list, FALSE);
  g_task_set_task_data (list, job, NULL);
  terms_start (list);
}

gboolean
nd_wordpress_client_refresh_terms_finish (NdWordpressClient  *self,
                                          GAsyncResult       *result,
                                          char             ***sections,
                                          char             ***tags,
                                          GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return terms_finish (result, sections, tags, error);
}
