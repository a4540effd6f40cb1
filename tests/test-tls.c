/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-tls"

#include "config.h"

#include <string.h>

#include "nd-account-store.h"
#include "nd-article-store.h"
#include "nd-http-push-publisher.h"
#include "nd-test-util.h"
#include "nd-test-wp-server.h"
#include "nd-tls.h"
#include "nd-util.h"
#include "nd-wordpress-publisher.h"
#include "nd-wordpress.h"

/* Self-signed certificates with a private key, valid for 100 years, for 127.0.0.1
 * (tests/data/tls/README). Their SHA-256 fingerprints, as openssl prints them: */
#define FINGERPRINT_A "D3:A4:06:E0:06:65:05:40:34:1A:FB:C1:9F:90:2D:BF:D0:CD:BB:CC:E0:E9:FC:61:15:68:50:CE:D4:77:EF:7F"

static GTlsCertificate *
load_certificate (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "tls", name, NULL);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_file (path, &error);

  g_assert_no_error (error);
  return certificate;
}

static char *
pem_of (GTlsCertificate *certificate)
{
  char *pem = nd_tls_certificate_get_pem (certificate);

  /* Only the certificate: a key must never end up in accounts.json. */
  g_assert_null (strstr (pem, "PRIVATE KEY"));
  return pem;
}

/* Discover + users/me, as "Test connection" does. */
static gboolean
test_connection (NdWordpressClient  *client,
                 GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(JsonObject) me = NULL;

  nd_wordpress_client_discover_async (client, NULL, nd_test_result_cb, &result);
  if (!nd_wordpress_client_discover_finish (client, nd_test_wait_result (&result), error))
    return FALSE;
  nd_wordpress_client_whoami_async (client, NULL, nd_test_result_cb, &result2);
  me = nd_wordpress_client_whoami_finish (client, nd_test_wait_result (&result2), error);
  return me != NULL;
}

static NdAccount *
wp_account (NdTestWp   *wp,
            const char *pem)
{
  NdAccount *account = nd_account_new (ND_ACCOUNT_KIND_WORDPRESS, "Self-signed");

  nd_account_set_url (account, wp->url);
  nd_account_set_user (account, "editor");
  nd_account_set_pinned_certificate (account, pem);
  return account;
}

typedef struct
{
  char           *dir;
  NdArticleStore *store;
  NdArticle      *article;
} Library;

static void
library_init (Library  *lib,
              gboolean  photo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  lib->dir = g_dir_make_tmp ("newsdesk-tls-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (lib->dir, "library", NULL);
  lib->store = nd_article_store_new (path);
  lib->article = nd_test_article_complete ();
  if (photo)
    {
      g_autofree char *image = nd_test_write_image (lib->dir, "lead.jpg", 320, 200, "jpeg");
      g_assert_true (nd_article_store_attach_photo (lib->store, lib->article, image, &error));
      g_assert_no_error (error);
    }
  g_assert_true (nd_article_store_save (lib->store, lib->article, &error));
  g_assert_no_error (error);
}

static void
library_clear (Library *lib)
{
  g_clear_object (&lib->article);
  g_clear_object (&lib->store);
  nd_rm_rf (lib->dir, NULL);
  g_clear_pointer (&lib->dir, g_free);
}

static JsonObject *
publish_with (NdPublisher  *publisher,
              NdArticle    *article,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  nd_publisher_publish_async (publisher, article, ND_PUBLISH_STATUS_DRAFT, NULL,
                              ND_PUBLISH_FLAGS_NONE, NULL, NULL, NULL, nd_test_result_cb, &result);
  return nd_publisher_publish_finish (publisher, nd_test_wait_result (&result), error);
}

static JsonObject *
publish_wp (NdAccount  *account,
            Library    *lib,
            GError    **error)
{
  g_autoptr(NdWordpressPublisher) publisher =
    nd_wordpress_publisher_new (account, "app pass word", lib->store);

  nd_wordpress_publisher_set_timeout (publisher, 10);
  return publish_with (ND_PUBLISHER (publisher), lib->article, error);
}

/* ---- helpers ------------------------------------------------------------------------ */

static void
test_fingerprint (void)
{
  g_autoptr(GTlsCertificate) a = load_certificate ("self-signed-a.pem");
  g_autoptr(GTlsCertificate) b = load_certificate ("self-signed-b.pem");
  g_autofree char *fa = nd_tls_certificate_fingerprint (a);
  g_autofree char *fb = nd_tls_certificate_fingerprint (b);
  g_autofree char *pem = pem_of (a);
  g_autofree char *from_pem = nd_tls_pem_fingerprint (pem);
  g_autofree char *n1 = nd_tls_fingerprint_normalize ("sha256 Fingerprint=" FINGERPRINT_A);
  g_autofree char *n2 = NULL;
  g_autofree char *lower = g_ascii_strdown (FINGERPRINT_A, -1);
  g_autofree char *bare = NULL;

  g_assert_cmpstr (fa, ==, FINGERPRINT_A);
  g_assert_cmpstr (fb, !=, fa);
  g_assert_cmpstr (from_pem, ==, FINGERPRINT_A);
  g_assert_cmpstr (n1, ==, FINGERPRINT_A);
  bare = g_strdelimit (g_strdup (lower), ":", ' ');
  n2 = nd_tls_fingerprint_normalize (bare);
  g_assert_cmpstr (n2, ==, FINGERPRINT_A);
  g_assert_null (nd_tls_fingerprint_normalize ("D3:A4"));
  g_assert_null (nd_tls_fingerprint_normalize ("not a fingerprint at all"));

  g_assert_true (nd_tls_certificate_matches_pin (a, pem));
  g_assert_false (nd_tls_certificate_matches_pin (b, pem));
  g_assert_false (nd_tls_certificate_matches_pin (a, NULL));
}

static void
test_describe (void)
{
  g_autoptr(GTlsCertificate) a = load_certificate ("self-signed-a.pem");
  g_autofree char *text = nd_tls_certificate_describe (a, G_TLS_CERTIFICATE_UNKNOWN_CA |
                                                          G_TLS_CERTIFICATE_EXPIRED);

  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Problem: it is not signed by an authority this computer "
                                  "knows; it has expired\n"));
  g_assert_nonnull (strstr (text, "Issued to: "));
  g_assert_nonnull (strstr (text, "CN=Test Site A"));
  g_assert_nonnull (strstr (text, "Valid from: 20"));
  g_assert_nonnull (strstr (text, "Valid until: 2126-"));
  g_assert_nonnull (strstr (text, "SHA-256 fingerprint: " FINGERPRINT_A "\n"));
}

static void
test_account_json (void)
{
  g_autoptr(GTlsCertificate) a = load_certificate ("self-signed-a.pem");
  g_autofree char *pem = pem_of (a);
  g_autoptr(NdAccount) account = nd_account_new (ND_ACCOUNT_KIND_WORDPRESS, "Pinned");
  g_autoptr(NdAccount) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  guint notified = 0;

  g_signal_connect_swapped (account, "notify::pinned-certificate", G_CALLBACK (g_atomic_int_inc),
                            &notified);
  nd_account_set_pinned_certificate (account, pem);
  nd_account_set_pinned_certificate (account, pem);
  g_assert_cmpuint (notified, ==, 1);

  node = nd_account_to_json (account);
  text = json_to_string (node, FALSE);
  g_assert_nonnull (strstr (text, "\"pinned_certificate_sha256\":\"" FINGERPRINT_A "\""));
  copy = nd_account_new_from_json (node, NULL);
  g_assert_cmpstr (nd_account_get_pinned_certificate (copy), ==, pem);

  nd_account_set_pinned_certificate (account, "");
  g_assert_null (nd_account_get_pinned_certificate (account));
  g_assert_cmpuint (notified, ==, 2);
  g_clear_pointer (&node, json_node_unref);
  g_free (text);
  node = nd_account_to_json (account);
  text = json_to_string (node, FALSE);
  g_assert_null (strstr (text, "pinned_certificate"));
}

/* ---- WordPress over https with a self-signed certificate ---------------------------- */

static void
test_wordpress_unpinned (void)
{
  g_autoptr(GTlsCertificate) a = load_certificate ("self-signed-a.pem");
  g_autoptr(NdTestWp) wp = nd_test_wp_new_https (ND_TEST_WP_OK, a);
  g_autoptr(NdAccount) account = wp_account (wp, NULL);
  g_autoptr(NdWordpressClient) client = nd_wordpress_client_new_for_account (account, "pw");
  g_autoptr(GError) error = NULL;
  GTlsCertificateFlags flags = 0;
  GTlsCertificate *rejected;
  Library lib = { 0 };

  g_assert_true (g_str_has_prefix (wp->url, "https://127.0.0.1:"));
  g_assert_false (test_connection (client, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TLS);
  g_test_message ("%s", error->message);
  /* What is wrong, with what to check it by. */
  g_assert_nonnull (strstr (error->message, "cannot be trusted: it is not signed by an authority "
                                            "this computer knows"));
  g_assert_nonnull (strstr (error->message, "Nothing was sent"));
  g_assert_nonnull (strstr (error->message, "CN=Test Site A"));
  g_assert_nonnull (strstr (error->message, "valid until 2126-"));
  g_assert_nonnull (strstr (error->message, FINGERPRINT_A));
  /* Nothing reached the server: not even the first request. */
  g_assert_cmpuint (wp->requests, ==, 0);

  rejected = nd_wordpress_client_get_rejected_certificate (client, &flags);
  g_assert_nonnull (rejected);
  g_assert_true (g_tls_certificate_is_same (rejected, a));
  g_assert_true (flags & G_TLS_CERTIFICATE_UNKNOWN_CA);

  /* A publish fails the same way, and leaves the article as it was. */
  library_init (&lib, TRUE);
  {
    g_autoptr(NdArticle) before = nd_article_copy (lib.article);
    g_autoptr(JsonObject) remote = NULL;

    g_clear_error (&error);
    remote = publish_wp (account, &lib, &error);
    g_assert_null (remote);
    g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TLS);
    g_assert_nonnull (strstr (error->message, FINGERPRINT_A));
    nd_test_assert_articles_equal (before, lib.article);
    g_assert_null (nd_article_get_remote (lib.article, nd_account_get_id (account)));
  }
  g_assert_cmpuint (wp->requests, ==, 0);
  library_clear (&lib);
}

static void
test_wordpress_pinned (void)
{
  g_autoptr(GTlsCertificate) a = load_certificate ("self-signed-a.pem");
  g_autoptr(NdTestWp) wp = nd_test_wp_new_https (ND_TEST_WP_OK, a);
  g_autofree char *pem = pem_of (a);
  g_autoptr(NdAccount) pinned = wp_account (wp, pem);
  g_autoptr(NdAccount) other = wp_account (wp, NULL);
  g_autoptr(NdWordpressClient) client = nd_wordpress_client_new_for_account (pinned, "pw");
  g_autoptr(NdWordpressClient) other_client = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(GError) error = NULL;
  Library lib = { 0 };
  guint before;

  /* Test connection and a complete publish (photo and post) work. */
  g_assert_true (test_connection (client, &error));
  g_assert_no_error (error);
  g_assert_null (nd_wordpress_client_get_rejected_certificate (client, NULL));
  library_init (&lib, TRUE);
  remote = publish_wp (pinned, &lib, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (remote, "id"), ==, "40");
  g_assert_cmpuint (wp->posts_created, ==, 1);
  g_assert_cmpuint (wp->media_created, ==, 1);

  /* The pin is this account's only: another account for the same server still fails. */
  before = wp->requests;
  other_client = nd_wordpress_client_new_for_account (other, "pw");
  g_assert_false (test_connection (other_client, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TLS);
  g_assert_cmpuint (wp->requests, ==, before);
  g_clear_error (&error);
  g_clear_pointer (&remote, json_object_unref);
  remote = publish_wp (other, &lib, &error);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TLS);
  g_assert_cmpuint (wp->requests, ==, before);
  g_assert_cmpuint (wp->posts_created, ==, 1);
  library_clear (&lib);
}

static void
test_wordpress_changed (void)
{
  g_autoptr(GTlsCertificate) a = load_certificate ("self-signed-a.pem");
  g_autoptr(GTlsCertificate) b = load_certificate ("self-signed-b.pem");
  g_autoptr(NdTestWp) wp = nd_test_wp_new_https (ND_TEST_WP_OK, b);
  g_autofree char *pem_a = pem_of (a);
  g_autofree char *fingerprint_b = nd_tls_certificate_fingerprint (b);
  g_autoptr(NdAccount) account = wp_account (wp, pem_a);
  g_autoptr(NdWordpressClient) client = nd_wordpress_client_new_for_account (account, "pw");
  g_autoptr(GError) error = NULL;
  GTlsCertificate *rejected;

  /* The server now has another self-signed certificate: the old pin does not cover it. */
  g_assert_false (test_connection (client, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "the site’s certificate has changed"));
  g_assert_nonnull (strstr (error->message, fingerprint_b));
  g_assert_null (strstr (error->message, FINGERPRINT_A));
  g_assert_cmpuint (wp->requests, ==, 0);
  rejected = nd_wordpress_client_get_rejected_certificate (client, NULL);
  g_assert_true (g_tls_certificate_is_same (rejected, b));
}

/* ---- fetching the certificate to trust ---------------------------------------------- */

static void
test_fetch (void)
{
  g_autoptr(GTlsCertificate) a = load_certificate ("self-signed-a.pem");
  g_autoptr(NdTestWp) wp = nd_test_wp_new_https (ND_TEST_WP_OK, a);
  g_autoptr(NdTestWp) plain = nd_test_wp_new (ND_TEST_WP_OK);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GTlsCertificate) fetched = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificateFlags flags = 0;

  nd_tls_fetch_certificate_async (wp->url, NULL, nd_test_result_cb, &result);
  fetched = nd_tls_fetch_certificate_finish (nd_test_wait_result (&result), &flags, &error);
  g_assert_no_error (error);
  g_assert_true (g_tls_certificate_is_same (fetched, a));
  g_assert_true (flags & G_TLS_CERTIFICATE_UNKNOWN_CA);
  /* Refused at the handshake: no request was sent. */
  g_assert_cmpuint (wp->requests, ==, 0);

  nd_tls_fetch_certificate_async (plain->url, NULL, nd_test_result_cb, &result2);
  g_assert_null (nd_tls_fetch_certificate_finish (nd_test_wait_result (&result2), &flags, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_INVALID_URL);
}

/* ---- HTTP push ---------------------------------------------------------------------- */

typedef struct
{
  SoupServer *server;
  char       *base;
  guint       requests;
  guint       items;
  guint       assets;
  guint       redirect_status;   /* answer POSTs to redirect_path with this */
  const char *redirect_path;
  guint       redirected;
  guint       followed;
} Receiver;

static void
receiver_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  Receiver *r = user_data;
  const char *method = soup_server_message_get_method (msg);

  r->requests++;
  if (g_str_equal (path, "/moved-here/"))
    {
      r->followed++;
      soup_server_message_set_status (msg, 201, NULL);
      return;
    }
  if (r->redirect_status && g_str_equal (method, "POST") && g_str_equal (path, r->redirect_path))
    {
      g_autofree char *target = g_strconcat (r->base, "moved-here/", NULL);
      r->redirected++;
      soup_server_message_set_redirect (msg, r->redirect_status, target);
      return;
    }
  if (g_str_has_prefix (path, "/push/assets/") && g_str_equal (method, "GET"))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  if (g_str_equal (method, "POST") &&
      (g_str_equal (path, "/push/items") || g_str_equal (path, "/push/assets")))
    {
      if (g_str_equal (path, "/push/items"))
        r->items++;
      else
        r->assets++;
      soup_server_message_set_status (msg, 201, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"_status\":\"OK\"}", 16);
      return;
    }
  soup_server_message_set_status (msg, 404, NULL);
}

static void
receiver_start (Receiver        *r,
                GTlsCertificate *certificate)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  r->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (r->server, NULL, receiver_handler, r, NULL);
  g_assert_true (soup_server_listen_local (r->server, 0,
                                           SOUP_SERVER_LISTEN_IPV4_ONLY |
                                           (certificate ? SOUP_SERVER_LISTEN_HTTPS : 0), &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (r->server);
  r->base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
receiver_stop (Receiver *r)
{
  soup_server_disconnect (r->server);
  g_clear_object (&r->server);
  g_clear_pointer (&r->base, g_free);
}

static NdAccount *
push_account (Receiver   *r,
              const char *pem)
{
  NdAccount *account = nd_account_new (ND_ACCOUNT_KIND_HTTP_PUSH, "Push");
  g_autofree char *items = g_strconcat (r->base, "push/items", NULL);
  g_autofree char *assets = g_strconcat (r->base, "push/assets", NULL);

  nd_account_set_url (account, items);
  nd_http_push_account_configure (account, assets, ND_NINJS_2_2, FALSE);
  nd_account_set_pinned_certificate (account, pem);
  return account;
}

static JsonObject *
publish_push (NdAccount  *account,
              Library    *lib,
              GError    **error)
{
  g_autoptr(NdHttpPushPublisher) publisher = nd_http_push_publisher_new (account, NULL, lib->store);

  nd_http_push_publisher_set_timeout (publisher, 10);
  return publish_with (ND_PUBLISHER (publisher), lib->article, error);
}

static void
test_push (void)
{
  g_autoptr(GTlsCertificate) a = load_certificate ("self-signed-a.pem");
  g_autoptr(GTlsCertificate) b = load_certificate ("self-signed-b.pem");
  g_autofree char *pem_a = pem_of (a);
  g_autofree char *pem_b = pem_of (b);
  g_autoptr(NdAccount) unpinned = NULL;
  g_autoptr(NdAccount) pinned = NULL;
  g_autoptr(NdAccount) wrong = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(GError) error = NULL;
  Receiver r = { 0 };
  Library lib = { 0 };

  receiver_start (&r, a);
  library_init (&lib, TRUE);
  unpinned = push_account (&r, NULL);
  pinned = push_account (&r, pem_a);
  wrong = push_account (&r, pem_b);

  remote = publish_push (unpinned, &lib, &error);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, FINGERPRINT_A));
  g_assert_nonnull (strstr (error->message, "not signed by an authority"));
  g_clear_error (&error);
  remote = publish_push (wrong, &lib, &error);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TLS);
  g_clear_error (&error);
  g_assert_cmpuint (r.requests, ==, 0);

  remote = publish_push (pinned, &lib, &error);
  g_assert_no_error (error);
  g_assert_nonnull (remote);
  g_assert_cmpuint (r.items, ==, 1);
  g_assert_cmpuint (r.assets, ==, 1);

  library_clear (&lib);
  receiver_stop (&r);
}

/* ---- a redirect answering a write is refused ---------------------------------------- */

typedef struct
{
  guint       status;
  const char *path;
} Redirect;

static void
test_redirect_wordpress (gconstpointer data)
{
  const Redirect *rd = data;
  g_autoptr(NdTestWp) wp = nd_test_wp_new (ND_TEST_WP_OK);
  g_autoptr(NdAccount) account = wp_account (wp, NULL);
  g_autoptr(NdArticle) before = NULL;
  g_autoptr(NdArticle) saved = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_strconcat (wp->url, "moved-here/", NULL);
  JsonObject *recorded;
  Library lib = { 0 };

  wp->redirect_status = rd->status;
  wp->redirect_path = g_strdup (rd->path);
  wp->redirect_target = g_strdup (target);
  library_init (&lib, TRUE);
  before = nd_article_copy (lib.article);

  remote = publish_wp (account, &lib, &error);
  g_assert_null (remote);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED);
  g_test_message ("%u on %s: %s", rd->status, rd->path, error->message);
  /* Says where it was sent, and that the account's address is to be checked. */
  g_assert_nonnull (strstr (error->message, "sent the request elsewhere"));
  g_assert_nonnull (strstr (error->message, target));
  /* Refused, not followed: the write was not re-sent (as a GET or anything else). */
  g_assert_cmpuint (wp->redirected, ==, 1);
  g_assert_cmpuint (wp->followed, ==, 0);
  g_assert_cmpuint (wp->posts_created, ==, 0);
  if (g_str_has_suffix (rd->path, "/media"))
    g_assert_cmpuint (wp->media_created, ==, 0);

  /* The article's content is unchanged, in memory and on disk; no post id is recorded
   * (a media id only when the photo really arrived, before the post was refused). */
  nd_test_assert_articles_equal (before, lib.article);
  g_clear_error (&error);
  saved = nd_article_store_load (lib.store, nd_article_get_id (lib.article), &error);
  g_assert_no_error (error);
  nd_test_assert_articles_equal (before, saved);
  recorded = nd_article_get_remote (saved, nd_account_get_id (account));
  g_assert_true (recorded == NULL || !json_object_has_member (recorded, "id"));
  if (g_str_has_suffix (rd->path, "/media"))
    g_assert_true (recorded == NULL || !json_object_has_member (recorded, "media_id"));
  library_clear (&lib);
}

static void
test_redirect_push (gconstpointer data)
{
  const Redirect *rd = data;
  g_autoptr(NdAccount) account = NULL;
  g_autoptr(NdArticle) before = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  Receiver r = { 0 };
  Library lib = { 0 };

  receiver_start (&r, NULL);
  r.redirect_status = rd->status;
  r.redirect_path = rd->path;
  target = g_strconcat (r.base, "moved-here/", NULL);
  account = push_account (&r, NULL);
  library_init (&lib, TRUE);
  before = nd_article_copy (lib.article);

  remote = publish_push (account, &lib, &error);
  g_assert_null (remote);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED);
  g_test_message ("%u on %s: %s", rd->status, rd->path, error->message);
  g_assert_nonnull (strstr (error->message, "sent the request elsewhere"));
  g_assert_nonnull (strstr (error->message, target));
  g_assert_cmpuint (r.redirected, ==, 1);
  g_assert_cmpuint (r.followed, ==, 0);
  g_assert_cmpuint (r.items, ==, 0);
  nd_test_assert_articles_equal (before, lib.article);
  {
    JsonObject *recorded = nd_article_get_remote (lib.article, nd_account_get_id (account));
    g_assert_true (recorded == NULL || !json_object_has_member (recorded, "version") ||
                   json_object_get_int_member (recorded, "version") == 0);
  }
  library_clear (&lib);
  receiver_stop (&r);
}

int
main (int    argc,
      char **argv)
{
  static const guint statuses[] = { 301, 302, 307, 308 };
  static const char *wp_paths[] = { "/wp-json/wp/v2/posts", "/wp-json/wp/v2/media" };
  static const char *push_paths[] = { "/push/items", "/push/assets" };
  g_autofree char *home = NULL;
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_free);
  int status;

  home = nd_test_isolate_home ();
  g_test_init (&argc, &argv, NULL);
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_unsetenv ("https_proxy");
  g_unsetenv ("http_proxy");

  /* No skipping: without glib-networking there is no https at all. */
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_print ("Bail out! No TLS backend (install glib-networking)\n");
      return 1;
    }

  g_test_add_func ("/tls/fingerprint", test_fingerprint);
  g_test_add_func ("/tls/describe", test_describe);
  g_test_add_func ("/tls/account-json", test_account_json);
  g_test_add_func ("/tls/wordpress/unpinned-fails", test_wordpress_unpinned);
  g_test_add_func ("/tls/wordpress/pinned-works-for-that-account-only", test_wordpress_pinned);
  g_test_add_func ("/tls/wordpress/changed-certificate-fails", test_wordpress_changed);
  g_test_add_func ("/tls/fetch-certificate", test_fetch);
  g_test_add_func ("/tls/http-push", test_push);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    for (guint j = 0; j < 2; j++)
      {
        Redirect *wp = g_new0 (Redirect, 1);
        Redirect *push = g_new0 (Redirect, 1);
        g_autofree char *wp_name = NULL;
        g_autofree char *push_name = NULL;

        wp->status = push->status = statuses[i];
        wp->path = wp_paths[j];
        push->path = push_paths[j];
        wp_name = g_strdup_printf ("/redirect/wordpress/%s/%u", j ? "media" : "post", statuses[i]);
        push_name = g_strdup_printf ("/redirect/http-push/%s/%u", j ? "asset" : "item", statuses[i]);
        g_test_add_data_func (wp_name, wp, test_redirect_wordpress);
        g_test_add_data_func (push_name, push, test_redirect_push);
        g_ptr_array_add (cases, wp);
        g_ptr_array_add (cases, push);
      }

  status = g_test_run ();
  g_ptr_array_unref (cases);
  nd_rm_rf (home, NULL);
  return status;
}
