/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-test-wp-server"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "nd-secrets.h"
#include "nd-test-wp-server.h"

static const char *INDEX_JSON =
  "{\"name\":\"Fake Desk\",\"namespaces\":[\"wp/v2\"],"
  "\"authentication\":{\"application-passwords\":{}}}";

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static char *
request_text (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize n;
  const char *data = g_bytes_get_data (bytes, &n);

  return g_strndup (data, n);
}

static void
handle_post (NdTestWp          *wp,
             SoupServerMessage *msg,
             gboolean           create)
{
  g_autofree char *text = request_text (msg);
  g_autoptr(JsonNode) sent = json_from_string (text, NULL);
  JsonObject *in = json_node_get_object (sent);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) out = NULL;
  g_autofree char *json = NULL;
  g_autofree char *link = g_strdup_printf ("%s?p=40", wp->url);
  static int tick = 0;

  g_free (wp->post_json);
  wp->post_json = g_strdup (text);
  if (create)
    wp->posts_created++;
  g_free (wp->modified_gmt);
  wp->modified_gmt = g_strdup_printf ("2026-01-01T10:00:%02d", ++tick % 60);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, 40);
  json_builder_set_member_name (b, "link");
  json_builder_add_string_value (b, link);
  json_builder_set_member_name (b, "modified_gmt");
  json_builder_add_string_value (b, wp->modified_gmt);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, json_object_get_string_member_with_default (in, "status", "draft"));
  json_builder_set_member_name (b, "featured_media");
  json_builder_add_int_value (b, json_object_get_int_member_with_default (in, "featured_media", 0));
  json_builder_set_member_name (b, "title");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "raw");
  json_builder_add_string_value (b, json_object_get_string_member_with_default (in, "title", ""));
  json_builder_end_object (b);
  for (guint i = 0; i < 2; i++)
    {
      const char *member = i == 0 ? "tags" : "categories";

      json_builder_set_member_name (b, member);
      if (json_object_has_member (in, member))
        json_builder_add_value (b, json_node_copy (json_object_get_member (in, member)));
      else
        {
          json_builder_begin_array (b);
          json_builder_end_array (b);
        }
    }
  json_builder_end_object (b);
  out = json_builder_get_root (b);
  json = json_to_string (out, FALSE);
  respond (msg, create ? 201 : 200, "application/json", json);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  NdTestWp *wp = user_data;
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);

  wp->requests++;
  if (g_str_equal (path, "/moved-here/"))
    {
      wp->followed++;
      respond (msg, 200, "application/json", "{\"id\":99}");
      return;
    }
  if (wp->redirect_status && g_str_equal (method, "POST") &&
      (wp->redirect_path == NULL || g_str_equal (path, wp->redirect_path)))
    {
      wp->redirected++;
      soup_server_message_set_redirect (msg, wp->redirect_status,
                                        wp->redirect_target ? wp->redirect_target : "/moved-here/");
      return;
    }

  if (g_str_equal (path, "/"))
    {
      g_autofree char *link = g_strdup_printf ("<%swp-json/>; rel=\"https://api.w.org/\"", wp->url);
      soup_message_headers_append (soup_server_message_get_response_headers (msg), "Link", link);
      respond (msg, 200, "text/html", "");
      return;
    }
  if (g_str_equal (path, "/wp-json/"))
    {
      respond (msg, 200, "application/json", INDEX_JSON);
      return;
    }
  if (soup_message_headers_get_one (req, "Authorization") == NULL || wp->mode == ND_TEST_WP_AUTH_401)
    {
      respond (msg, 401, "application/json",
               "{\"code\":\"incorrect_password\",\"message\":\"The provided password is an "
               "invalid application password.\",\"data\":{\"status\":401}}");
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/users/me"))
    {
      respond (msg, 200, "application/json", "{\"id\":1,\"name\":\"Desk Editor\",\"slug\":\"editor\"}");
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/categories"))
    {
      respond (msg, 201, "application/json", "{\"id\":10}");
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/tags"))
    {
      static int next = 20;
      g_autofree char *json = g_strdup_printf ("{\"id\":%d}", next++);
      respond (msg, 201, "application/json", json);
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/media") && g_str_equal (method, "GET"))
    {
      respond (msg, 200, "application/json", wp->media_created ? "[{\"id\":30}]" : "[]");
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/posts") && g_str_equal (method, "GET"))
    {
      respond (msg, 200, "application/json", "[]");
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/media") && g_str_equal (method, "POST"))
    {
      wp->media_created++;
      respond (msg, 201, "application/json", "{\"id\":30}");
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/media/30"))
    {
      respond (msg, 200, "application/json", "{\"id\":30}");
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/posts") && g_str_equal (method, "POST"))
    {
      if (wp->mode == ND_TEST_WP_POST_500)
        {
          respond (msg, 500, "application/json",
                   "{\"code\":\"db_insert_error\",\"message\":\"Could not insert post into the "
                   "database.\",\"data\":{\"status\":500}}");
          return;
        }
      if (wp->mode == ND_TEST_WP_POST_HANG)
        {
          /* Never answered: the client has to give up (Cancel). */
          wp->post_pending = TRUE;
          soup_server_message_pause (msg);
          return;
        }
      handle_post (wp, msg, TRUE);
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/posts/40"))
    {
      if (g_str_equal (method, "GET"))
        {
          g_autofree char *json =
            g_strdup_printf ("{\"id\":40,\"modified_gmt\":\"%s\",\"title\":{\"raw\":\"Their "
                             "headline\"},\"content\":{\"raw\":\"<p>Their <b>edited</b> "
                             "text</p>\"}}", wp->modified_gmt ? wp->modified_gmt : "");
          respond (msg, 200, "application/json", json);
        }
      else
        handle_post (wp, msg, FALSE);
      return;
    }
  respond (msg, 404, "application/json", "{\"code\":\"rest_no_route\",\"message\":\"No route.\"}");
}

/* Failures injected in front of the fake (see fail_status). */
static void
fail_early (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  NdTestWp *wp = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *body = "{\"code\":\"unavailable\",\"message\":\"Down for maintenance.\"}";

  if (wp->fail_status == 0 || wp->fail_count == 0)
    return;
  if (wp->fail_path && !(g_str_equal (path, wp->fail_path) && g_str_equal (method, "POST")))
    return;
  if (wp->fail_path == NULL && !g_str_has_prefix (path, "/wp-json/wp/v2/"))
    return;
  if (wp->fail_count > 0)
    wp->fail_count--;
  wp->failed++;
  if (wp->fail_retry_after)
    soup_message_headers_append (soup_server_message_get_response_headers (msg), "Retry-After",
                                 wp->fail_retry_after);
  respond (msg, wp->fail_status, "application/json", body);
}

static NdTestWp *
test_wp_new (NdTestWpMode     mode,
             GTlsCertificate *certificate)
{
  NdTestWp *wp = g_new0 (NdTestWp, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  wp->mode = mode;
  wp->fail_count = -1;
  wp->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_early_handler (wp->server, NULL, fail_early, wp, NULL);
  soup_server_add_handler (wp->server, NULL, handler, wp, NULL);
  if (!soup_server_listen_local (wp->server, 0,
                                 SOUP_SERVER_LISTEN_IPV4_ONLY |
                                 (certificate ? SOUP_SERVER_LISTEN_HTTPS : 0), &error))
    g_error ("The fake WordPress could not listen: %s", error->message);
  uris = soup_server_get_uris (wp->server);
  wp->url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return wp;
}

NdTestWp *
nd_test_wp_new (NdTestWpMode mode)
{
  return test_wp_new (mode, NULL);
}

NdTestWp *
nd_test_wp_new_https (NdTestWpMode     mode,
                      GTlsCertificate *certificate)
{
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);
  return test_wp_new (mode, certificate);
}

void
nd_test_wp_free (NdTestWp *wp)
{
  soup_server_disconnect (wp->server);
  g_clear_object (&wp->server);
  g_free (wp->url);
  g_free (wp->post_json);
  g_free (wp->modified_gmt);
  g_free (wp->redirect_target);
  g_free (wp->redirect_path);
  g_free (wp->fail_retry_after);
  g_free (wp);
}

NdAccount *
nd_test_wp_add_account (NdTestWp       *wp,
                        NdAccountStore *accounts,
                        const char     *name,
                        const char     *password)
{
  NdAccount *account = nd_account_new (ND_ACCOUNT_KIND_WORDPRESS, name);
  g_autoptr(GError) error = NULL;

  nd_account_set_url (account, wp->url);
  nd_account_set_user (account, "editor");
  g_assert_true (nd_account_store_add (accounts, account, &error));
  g_assert_no_error (error);
  if (password)
    {
      g_assert_true (nd_secrets_store_sync (nd_account_get_id (account), "Newsdesk: test",
                                            password, NULL, &error));
      g_assert_no_error (error);
    }
  return account;
}
