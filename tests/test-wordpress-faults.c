/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-wordpress-faults"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-test-util.h"
#include "nd-wordpress.h"
#include "nd-wordpress-private.h"

/* A loopback SoupServer plays a WordPress site that misbehaves in one way per test. It
 * runs in the test's own main context, which the client's async calls iterate. */

typedef enum
{
  SITE_OK,            /* Link header, /wp-json/ index, users/me */
  SITE_QUERY_ONLY,    /* no Link header: only ?rest_route= works */
  SITE_NO_API,        /* no Link, ?rest_route= is a 404 HTML page */
  SITE_HTML,          /* everything is a 200 HTML page */
  SITE_NO_APP_PASSWORDS,
  SITE_LINK_ELSEWHERE,/* Link points to plain http on another host */
  SITE_ME_401,
  SITE_ME_403,
  SITE_ME_HTML,
  SITE_ME_500,
  SITE_MEDIA_413,
} Site;

typedef struct
{
  SoupServer *server;
  char       *url;
  Site        site;
  guint       requests;
  char       *last_auth;
  char       *last_agent;
  char       *last_path;
} Fixture;

static const char *INDEX_JSON =
  "{\"name\":\"Fault Site\",\"namespaces\":[\"oembed/1.0\",\"wp/v2\"],"
  "\"authentication\":{\"application-passwords\":{\"endpoints\":{}}}}";
static const char *INDEX_NO_AUTH_JSON =
  "{\"name\":\"Fault Site\",\"namespaces\":[\"wp/v2\"],\"authentication\":[]}";
static const char *ME_JSON = "{\"id\":1,\"name\":\"María Editor\",\"slug\":\"editor\"}";
static const char *HTML = "<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>";

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body)
    soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *route = query ? g_hash_table_lookup (query, "rest_route") : NULL;
  g_autofree char *link = NULL;

  f->requests++;
  g_free (f->last_auth);
  f->last_auth = g_strdup (soup_message_headers_get_one (req, "Authorization"));
  g_free (f->last_agent);
  f->last_agent = g_strdup (soup_message_headers_get_one (req, "User-Agent"));
  g_free (f->last_path);
  f->last_path = route ? g_strdup_printf ("?rest_route=%s", route) : g_strdup (path);

  /* Home page. */
  if (g_str_equal (path, "/") && route == NULL)
    {
      if (f->site == SITE_OK || f->site == SITE_NO_APP_PASSWORDS || f->site >= SITE_ME_401 ||
          f->site == SITE_HTML)
        {
          link = g_strdup_printf ("<%swp-json/>; rel=\"https://api.w.org/\"", f->url);
          soup_message_headers_append (resp, "Link", link);
        }
      else if (f->site == SITE_LINK_ELSEWHERE)
        soup_message_headers_append (resp, "Link",
                                     "<http://example.invalid/wp-json/>; rel=\"https://api.w.org/\"");
      respond (msg, 200, "text/html", g_str_equal (method, "HEAD") ? NULL : "");
      return;
    }

  if (f->site == SITE_HTML)
    {
      respond (msg, 200, "text/html", HTML);
      return;
    }

  /* The index, at either address. */
  if ((g_str_equal (path, "/wp-json/") && f->site != SITE_QUERY_ONLY && f->site != SITE_NO_API) ||
      (g_strcmp0 (route, "/") == 0 && f->site == SITE_QUERY_ONLY))
    {
      respond (msg, 200, "application/json; charset=UTF-8",
               f->site == SITE_NO_APP_PASSWORDS ? INDEX_NO_AUTH_JSON : INDEX_JSON);
      return;
    }

  if (g_str_equal (path, "/wp-json/wp/v2/users/me") ||
      g_strcmp0 (route, "/wp/v2/users/me") == 0)
    {
      switch (f->site)
        {
        case SITE_ME_401:
          respond (msg, 401, "application/json",
                   "{\"code\":\"rest_not_logged_in\",\"message\":\"You are not currently logged in.\","
                   "\"data\":{\"status\":401}}");
          return;
        case SITE_ME_403:
          respond (msg, 403, "application/json",
                   "{\"code\":\"rest_forbidden\",\"message\":\"Sorry, you are not allowed to do that.\","
                   "\"data\":{\"status\":403}}");
          return;
        case SITE_ME_HTML:
          respond (msg, 200, "text/html; charset=UTF-8", HTML);
          return;
        case SITE_ME_500:
          respond (msg, 500, "application/json",
                   "{\"code\":\"internal_server_error\",\"message\":\"There has been a critical "
                   "error on this website.\",\"data\":{\"status\":500}}");
          return;
        default:
          respond (msg, 200, "application/json", ME_JSON);
          return;
        }
    }

  if (g_str_equal (path, "/wp-json/wp/v2/media") && f->site == SITE_MEDIA_413)
    {
      respond (msg, 413, "text/html",
               "<html><head><title>413 Request Entity Too Large</title></head></html>");
      return;
    }

  respond (msg, 404, "text/html", "<html><body>Not Found</body></html>");
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->site = GPOINTER_TO_INT (data);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->last_auth, g_free);
  g_clear_pointer (&f->last_agent, g_free);
  g_clear_pointer (&f->last_path, g_free);
}

/* ---- driving the client ------------------------------------------------------------- */

static gboolean
discover (NdWordpressClient  *client,
          GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  nd_wordpress_client_discover_async (client, NULL, nd_test_result_cb, &result);
  return nd_wordpress_client_discover_finish (client, nd_test_wait_result (&result), error);
}

static JsonObject *
whoami (NdWordpressClient  *client,
        GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  nd_wordpress_client_whoami_async (client, NULL, nd_test_result_cb, &result);
  return nd_wordpress_client_whoami_finish (client, nd_test_wait_result (&result), error);
}

static NdWordpressClient *
client_for (Fixture *f)
{
  return nd_wordpress_client_new (f->url, "editor", "abcd EFGH 1234", FALSE);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack, needle);
}

/* ---- tests -------------------------------------------------------------------------- */

static void
test_ok_link (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(NdWordpressClient) client = client_for (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) me = NULL;
  g_autofree char *expected_root = g_strdup_printf ("%swp-json/", f->url);
  g_autofree char *b64 = g_base64_encode ((const guchar *) "editor:abcd EFGH 1234", 21);
  g_autofree char *expected_auth = g_strdup_printf ("Basic %s", b64);

  g_assert_true (discover (client, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (nd_wordpress_client_get_api_root (client), ==, expected_root);
  g_assert_cmpstr (nd_wordpress_client_get_site_name (client), ==, "Fault Site");
  g_assert_true (nd_wordpress_client_get_app_passwords_available (client));
  g_assert_true (nd_wordpress_client_check_app_passwords (client, &error));
  g_assert_true (g_str_has_prefix (f->last_agent, "Newsdesk/" VERSION " "));

  me = whoami (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (me, "name"), ==, "María Editor");
  g_assert_cmpstr (f->last_path, ==, "/wp-json/wp/v2/users/me");
  /* Preemptive: the very first request to the route carried the credentials. */
  g_assert_cmpstr (f->last_auth, ==, expected_auth);
  g_assert_cmpuint (f->requests, ==, 3);
}

static void
test_query_fallback (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(NdWordpressClient) client = client_for (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) me = NULL;
  g_autofree char *url = NULL;

  g_assert_true (discover (client, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (nd_wordpress_client_get_api_root (client), "?rest_route=/"));

  url = nd_wordpress_client_build_url (client, "/wp/v2/posts", "context=edit&per_page=100");
  assert_contains (url, "?rest_route=/wp/v2/posts&context=edit&per_page=100");

  me = whoami (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (f->last_path, ==, "?rest_route=/wp/v2/users/me");
  g_assert_nonnull (f->last_auth);
}

static void
test_no_api (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(NdWordpressClient) client = client_for (f);
  g_autoptr(GError) error = NULL;

  g_assert_false (discover (client, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NO_API);
  assert_contains (error->message, "no WordPress API");
  assert_contains (error->message, "404");
  g_assert_null (nd_wordpress_client_get_api_root (client));
}

static void
test_html_site (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(NdWordpressClient) client = client_for (f);
  g_autoptr(GError) error = NULL;

  /* A 200 web page where the API should be is not an API. */
  g_assert_false (discover (client, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_NO_API);
  assert_contains (error->message, "no WordPress API");
}

static void
test_no_app_passwords (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(NdWordpressClient) client = client_for (f);
  g_autoptr(GError) error = NULL;

  g_assert_true (discover (client, &error));
  g_assert_false (nd_wordpress_client_get_app_passwords_available (client));
  g_assert_false (nd_wordpress_client_check_app_passwords (client, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_APP_PASSWORDS_UNAVAILABLE);
  assert_contains (error->message, "plain http");
}

static void
test_link_elsewhere (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(NdWordpressClient) client = client_for (f);
  g_autoptr(GError) error = NULL;

  /* The site points its API at plain http on another host: the password must not go there. */
  g_assert_false (discover (client, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_APP_PASSWORDS_UNAVAILABLE);
  assert_contains (error->message, "example.invalid");
  g_assert_cmpuint (f->requests, ==, 1);
}

static void
check_whoami_error (Fixture    *f,
                    int         code,
                    const char *words)
{
  g_autoptr(NdWordpressClient) client = client_for (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) me = NULL;

  g_assert_true (discover (client, &error));
  g_assert_no_error (error);
  me = whoami (client, &error);
  g_assert_null (me);
  g_assert_error (error, ND_PUBLISH_ERROR, code);
  assert_contains (error->message, words);
  g_test_message ("%s", error->message);
}

static void
test_401 (Fixture       *f,
          gconstpointer  data)
{
  check_whoami_error (f, ND_PUBLISH_ERROR_AUTH, "did not accept the user name “editor”");
}

static void
test_403 (Fixture       *f,
          gconstpointer  data)
{
  check_whoami_error (f, ND_PUBLISH_ERROR_FORBIDDEN, "not allowed to do that");
}

static void
test_200_html (Fixture       *f,
               gconstpointer  data)
{
  check_whoami_error (f, ND_PUBLISH_ERROR_NOT_JSON, "web page (text/html)");
}

static void
test_500 (Fixture       *f,
          gconstpointer  data)
{
  check_whoami_error (f, ND_PUBLISH_ERROR_SERVER, "There has been a critical error on this website.");
}

static void
test_413 (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(NdWordpressClient) client = client_for (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) body = json_from_string ("{\"title\":\"big\"}", NULL);
  guint status = 0;

  g_assert_true (discover (client, &error));
  nd_wordpress_client_call_async (client, "POST", "/wp/v2/media", NULL, body, NULL,
                                  nd_test_result_cb, &result);
  node = nd_wordpress_client_call_finish (client, nd_test_wait_result (&result), &status, &error);
  g_assert_null (node);
  g_assert_cmpuint (status, ==, 413);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TOO_LARGE);
  assert_contains (error->message, "too large");
  /* An HTML body is not handed out as the error's JSON. */
  g_assert_null (nd_wordpress_client_call_get_error_body (client, result));
}

static void
test_unreachable (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(NdWordpressClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  /* A port that was free a moment ago and is closed now. */
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  soup_server_disconnect (server);

  client = nd_wordpress_client_new (url, "editor", "pw", FALSE);
  g_assert_false (discover (client, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_UNREACHABLE);
  assert_contains (error->message, "Could not reach 127.0.0.1:");
}

static void
test_plain_http_refused (void)
{
  g_autoptr(NdWordpressClient) client = NULL;
  g_autoptr(GError) error = NULL;

  /* Refused before any connection: a lookup of example.invalid would say "unreachable". */
  client = nd_wordpress_client_new ("http://example.invalid/", "editor", "pw", FALSE);
  g_assert_false (discover (client, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_APP_PASSWORDS_UNAVAILABLE);
  assert_contains (error->message, "plain http");
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(NdWordpressClient) client = client_for (f);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  nd_wordpress_client_discover_async (client, cancellable, nd_test_result_cb, &result);
  g_cancellable_cancel (cancellable);
  g_assert_false (nd_wordpress_client_discover_finish (client, nd_test_wait_result (&result), &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CANCELLED);
}

static void
test_check_url (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (nd_host_is_loopback ("127.0.0.1"));
  g_assert_true (nd_host_is_loopback ("127.8.9.10"));
  g_assert_true (nd_host_is_loopback ("localhost"));
  g_assert_true (nd_host_is_loopback ("[::1]"));
  g_assert_false (nd_host_is_loopback ("10.0.0.1"));
  g_assert_false (nd_host_is_loopback ("localhost.example.org"));
  g_assert_false (nd_host_is_loopback (""));

  g_assert_true (nd_wordpress_check_url ("https://news.example.org/", FALSE, NULL));
  g_assert_true (nd_wordpress_check_url ("http://127.0.0.1:8080/", FALSE, NULL));
  g_assert_true (nd_wordpress_check_url ("http://[::1]:8080/", FALSE, NULL));
  g_assert_true (nd_wordpress_check_url ("http://news.example.org/", TRUE, NULL));
  g_assert_false (nd_wordpress_check_url ("http://news.example.org/", FALSE, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_APP_PASSWORDS_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_false (nd_wordpress_check_url ("news.example.org", FALSE, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_assert_false (nd_wordpress_check_url ("ftp://news.example.org/", TRUE, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_INVALID_URL);
}

#define ADD(path, site, func) \
  g_test_add ("/wordpress/" path, Fixture, GINT_TO_POINTER (site), fixture_setup, func, \
              fixture_teardown)

/* -- hostile input: regressions found by tests/fuzz/fuzz-wordpress.c. Criticals are fatal
 * in GLib tests, so each of these failed before the fix. */

static JsonNode *
parse (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return nd_wordpress_parse_json (bytes);
}

static void
test_fuzz_link_header (void)
{
  g_autofree char *ok = nd_wordpress_find_api_link (
    "<https://news.example.org/?p=1>; rel=\"shortlink\", </wp-json/>; rel=\"https://api.w.org/\"",
    "https://news.example.org/blog/");
  g_autofree char *no_host = nd_wordpress_find_api_link (
    "<httpAs:/.//a0<httpAs:/.;3\"on/>; rel=\"https://api.w.org/:1; pi.w.org/:1; ",
    "https://news.example.org/");
  g_autofree char *not_http = nd_wordpress_find_api_link (
    "<javascript:alert(1)>; rel=\"https://api.w.org/\"", "https://news.example.org/");

  g_assert_cmpstr (ok, ==, "https://news.example.org/wp-json/");
  /* GLib criticals on turning such a host-less result back into text. */
  g_assert_null (no_host);
  g_assert_null (not_http);
}

static void
test_fuzz_json_shapes (void)
{
  GString *deep = g_string_new ("[\"'\", ");
  g_autoptr(JsonNode) ok = parse ("{\"a\":[1,2]}");

  g_assert_nonnull (ok);
  /* json-glib leaked all but one of several top-level values, took comments and '…'
   * strings, and (with those hiding brackets from the depth check) overflowed its stack. */
  g_assert_null (parse ("3{\"code\":\"term_exists\"}"));
  g_assert_null (parse ("['['][]"));
  g_assert_null (parse ("/*/3[{\"id\":42}]"));
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  g_assert_null (parse (deep->str));
  g_string_free (deep, TRUE);
}

static void
test_fuzz_odd_members (void)
{
  g_autoptr(JsonNode) exists = parse ("{\"code\":\"term_exists\",\"data\":{\"term_id\":12}}");
  g_autoptr(JsonNode) no_data = parse ("{\"code\":\"term_exists\"}");
  g_autoptr(JsonNode) data_text = parse ("{\"code\":\"term_exists\",\"data\":\"x\"}");
  g_autoptr(JsonNode) code_object = parse ("{\"code\":{},\"data\":{\"term_id\":{}}}");
  g_autoptr(JsonNode) search = parse (
    "[7, {\"id\":3,\"content\":\"raw\"}, {\"id\":4}, {\"id\":{},\"content\":{\"raw\":[]}},"
    " {\"id\":5,\"content\":{\"raw\":\"x <!-- newsdesk:T -->\"}}]");
  g_autoptr(JsonNode) post = parse ("{\"id\":42,\"categories\":[{}, [], null, \"7\", 7],"
                                    "\"tags\":{},\"link\":{},\"status\":[]}");
  g_autoptr(JsonNode) terms = parse ("[{\"id\":1,\"name\":{}},{\"id\":{},\"name\":\"A\","
                                     "\"parent\":[]},{\"name\":\"Q&amp;A\",\"id\":2,"
                                     "\"parent\":1}]");
  g_autoptr(GArray) sent = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) found = g_array_new (FALSE, TRUE, sizeof (NdWordpressTerm));
  g_auto(GStrv) paths = NULL;
  gint64 seven = 7;

  g_assert_cmpint (nd_wordpress_term_exists_id (exists), ==, 12);
  g_assert_cmpint (nd_wordpress_term_exists_id (no_data), ==, 0);
  g_assert_cmpint (nd_wordpress_term_exists_id (data_text), ==, 0);
  g_assert_cmpint (nd_wordpress_term_exists_id (code_object), ==, 0);
  g_assert_cmpint (nd_wordpress_find_post_by_token (search, "<!-- newsdesk:T -->"), ==, 5);
  g_array_append_val (sent, seven);
  g_assert_true (nd_wordpress_ids_equal (json_node_get_object (post), "categories", sent));
  g_assert_false (nd_wordpress_ids_equal (json_node_get_object (post), "tags", sent));

  g_array_set_clear_func (found, (GDestroyNotify) nd_wordpress_term_clear);
  nd_wordpress_parse_terms (json_node_get_array (terms), found);
  g_assert_cmpuint (found->len, ==, 2);
  paths = nd_wordpress_category_paths (found);
  g_assert_cmpstr (paths[0], ==, "A");
  g_assert_cmpstr (paths[1], ==, "Q&A");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Loopback only: a proxy from the environment must not see these requests. */
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");

  g_test_add_func ("/wordpress/check-url", test_check_url);
  g_test_add_func ("/wordpress/fuzz/link-header", test_fuzz_link_header);
  g_test_add_func ("/wordpress/fuzz/json-shapes", test_fuzz_json_shapes);
  g_test_add_func ("/wordpress/fuzz/odd-members", test_fuzz_odd_members);
  ADD ("discover/link", SITE_OK, test_ok_link);
  ADD ("discover/rest-route-fallback", SITE_QUERY_ONLY, test_query_fallback);
  ADD ("discover/no-api-404", SITE_NO_API, test_no_api);
  ADD ("discover/html-200", SITE_HTML, test_html_site);
  ADD ("discover/no-app-passwords", SITE_NO_APP_PASSWORDS, test_no_app_passwords);
  ADD ("discover/link-to-plain-http-elsewhere", SITE_LINK_ELSEWHERE, test_link_elsewhere);
  ADD ("discover/cancel", SITE_OK, test_cancel);
  g_test_add_func ("/wordpress/discover/unreachable", test_unreachable);
  g_test_add_func ("/wordpress/discover/plain-http-refused", test_plain_http_refused);
  ADD ("call/401", SITE_ME_401, test_401);
  ADD ("call/403", SITE_ME_403, test_403);
  ADD ("call/200-html", SITE_ME_HTML, test_200_html);
  ADD ("call/500-json", SITE_ME_500, test_500);
  ADD ("call/413-html", SITE_MEDIA_413, test_413);

  return g_test_run ();
}
