/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-wordpress-publisher"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "nd-article-store.h"
#include "nd-test-util.h"
#include "nd-util.h"
#include "nd-wordpress-publisher.h"

/* A small in-memory WordPress on a loopback SoupServer, to publish a complete article and
 * to break one step at a time. */

typedef enum
{
  MODE_OK,
  MODE_DROP_CATEGORY,   /* 201 for the post, but without the categories sent */
  MODE_MEDIA_413,       /* a proxy's size limit, with an HTML page */
  MODE_POST_500,
  MODE_MEDIA_RESET,     /* the connection breaks after part of the photo was read */
  MODE_POST_TIMEOUT,    /* the post is created, but the answer never comes */
} Mode;

typedef struct
{
  SoupServer     *server;
  char           *url;
  Mode            mode;
  char           *home;
  NdArticleStore *store;
  NdAccount      *account;
  NdArticle      *article;
  char           *photo_path;
  /* What the server saw. */
  guint           posts_created;
  guint           media_created;
  gsize           media_bytes;
  char           *media_md5;
  char           *media_filename;
  char           *post_json;
  char           *modified_gmt;
  guint           media_resets;     /* uploads cut off in the middle */
  gsize           reset_bytes_read; /* of the body, before the cut */
  gboolean        post_hung;        /* a create was recorded and left unanswered */
  GIOStream      *stolen;
  char           *media_meta_json;  /* the last caption/alt update */
  guint           category_pages;   /* GET requests for terms */
  guint           tag_pages;
  /* Progress seen by the client. */
  gint64          progress_total;
  gint64          progress_done;
  GPtrArray      *steps;
} Fixture;

static const char *INDEX_JSON =
  "{\"name\":\"Fake\",\"namespaces\":[\"wp/v2\"],"
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
request_body (SoupServerMessage *msg,
              gsize             *len)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize n;
  const char *data = g_bytes_get_data (bytes, &n);

  char *copy = g_malloc (n + 1);

  /* Binary (a JPEG): not g_strndup, which stops at the first NUL. */
  if (n)
    memcpy (copy, data, n);
  copy[n] = '\0';
  if (len)
    *len = n;
  return copy;
}

static void
handle_post (Fixture           *f,
             SoupServerMessage *msg,
             gint64             id,
             gboolean           create)
{
  g_autofree char *text = request_body (msg, NULL);
  g_autoptr(JsonNode) sent = json_from_string (text, NULL);
  JsonObject *in = json_node_get_object (sent);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) out = NULL;
  g_autofree char *json = NULL;
  g_autofree char *link = g_strdup_printf ("%s?p=%" G_GINT64_FORMAT, f->url, id);
  static int tick = 0;

  if (f->mode == MODE_POST_500)
    {
      respond (msg, 500, "application/json",
               "{\"code\":\"db_insert_error\",\"message\":\"Could not insert post into the "
               "database.\",\"data\":{\"status\":500}}");
      return;
    }

  g_free (f->post_json);
  f->post_json = g_strdup (text);
  if (create)
    f->posts_created++;
  g_free (f->modified_gmt);
  f->modified_gmt = g_strdup_printf ("2026-01-01T10:00:%02d", ++tick % 60);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, id);
  json_builder_set_member_name (b, "link");
  json_builder_add_string_value (b, link);
  json_builder_set_member_name (b, "modified_gmt");
  json_builder_add_string_value (b, f->modified_gmt);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, json_object_get_string_member_with_default (in, "status", "draft"));
  json_builder_set_member_name (b, "featured_media");
  json_builder_add_int_value (b, json_object_get_int_member_with_default (in, "featured_media", 0));
  json_builder_set_member_name (b, "tags");
  json_builder_add_value (b, json_node_copy (json_object_get_member (in, "tags")));
  json_builder_set_member_name (b, "categories");
  if (f->mode == MODE_DROP_CATEGORY || !json_object_has_member (in, "categories"))
    {
      json_builder_begin_array (b);
      json_builder_add_int_value (b, 1);   /* "Uncategorized", as WordPress does */
      json_builder_end_array (b);
    }
  else
    json_builder_add_value (b, json_node_copy (json_object_get_member (in, "categories")));
  json_builder_end_object (b);
  out = json_builder_get_root (b);
  json = json_to_string (out, FALSE);
  respond (msg, create ? 201 : 200, "application/json", json);
}

/* The site's terms, as WordPress lists them: HTML-escaped names, a page at a time. */
static void
respond_terms (Fixture           *f,
               SoupServerMessage *msg,
               GHashTable        *query,
               gboolean           categories)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) out = NULL;
  g_autofree char *json = NULL;
  g_autofree char *pages = NULL;
  const char *per_page_s = query ? g_hash_table_lookup (query, "per_page") : NULL;
  const char *page_s = query ? g_hash_table_lookup (query, "page") : NULL;
  guint per_page = per_page_s ? atoi (per_page_s) : 10;
  guint page = page_s ? atoi (page_s) : 1;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) parents = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint total_pages;

#define TERM(name, parent) G_STMT_START { gint64 p_ = (parent); \
    g_ptr_array_add (names, g_strdup (name)); g_array_append_val (parents, p_); } G_STMT_END
  /* Ids are 1 + the index. */
  if (categories)
    {
      TERM ("Uncategorized", 0);                 /* 1 */
      TERM ("News", 0);                          /* 2 */
      TERM ("Russia", 2);                        /* 3 */
      TERM ("Q&amp;A", 2);                       /* 4 */
      TERM ("Moscow", 3);                        /* 5 */
      TERM ("Culture &#038; Arts", 0);           /* 6 */
      for (guint i = 0; i < 120; i++)
        {
          g_autofree char *name = g_strdup_printf ("Region %03u", i);
          TERM (name, 2);
        }
      TERM ("Late &#8220;Quotes&#8221;", 3);     /* on the second page */
    }
  else
    {
      TERM ("Lavrov", 0);
      TERM ("Rusia &amp; Venezuela", 0);
      TERM ("Caf\xc3\xa9 &#x2014; Bar", 0);
      for (guint i = 0; i < 200; i++)
        {
          g_autofree char *name = g_strdup_printf ("tag %03u", i);
          TERM (name, 0);
        }
      TERM ("lavrov", 0);                          /* a case-duplicate */
      TERM ("Zeta &lt;last&gt;", 0);
    }
#undef TERM

  if (categories)
    f->category_pages++;
  else
    f->tag_pages++;
  total_pages = (names->len + per_page - 1) / per_page;
  json_builder_begin_array (b);
  for (guint i = (page - 1) * per_page; i < names->len && i < page * per_page; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, i + 1);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, g_ptr_array_index (names, i));
      if (categories)
        {
          json_builder_set_member_name (b, "parent");
          json_builder_add_int_value (b, g_array_index (parents, gint64, i));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  out = json_builder_get_root (b);
  json = json_to_string (out, FALSE);
  pages = g_strdup_printf ("%u", total_pages);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-WP-TotalPages",
                                pages);
  respond (msg, 200, "application/json", json);
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
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (path, "/"))
    {
      g_autofree char *link = g_strdup_printf ("<%swp-json/>; rel=\"https://api.w.org/\"", f->url);
      soup_message_headers_append (soup_server_message_get_response_headers (msg), "Link", link);
      respond (msg, 200, "text/html", "");
      return;
    }
  if (g_str_equal (path, "/wp-json/"))
    {
      respond (msg, 200, "application/json", INDEX_JSON);
      return;
    }
  if (soup_message_headers_get_one (req, "Authorization") == NULL)
    {
      respond (msg, 401, "application/json",
               "{\"code\":\"rest_not_logged_in\",\"message\":\"You are not currently logged in.\"}");
      return;
    }

  if ((g_str_equal (path, "/wp-json/wp/v2/categories") || g_str_equal (path, "/wp-json/wp/v2/tags")) &&
      g_str_equal (method, "GET"))
    {
      respond_terms (f, msg, query, g_str_has_suffix (path, "/categories"));
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/categories"))
    {
      g_autofree char *text = request_body (msg, NULL);

      /* "Russia" exists already: WordPress answers term_exists with its id. */
      if (strstr (text, "\"Russia\""))
        respond (msg, 400, "application/json",
                 "{\"code\":\"term_exists\",\"message\":\"A term with the name provided already "
                 "exists with this parent.\",\"data\":{\"status\":400,\"term_id\":11}}");
      else
        respond (msg, 201, "application/json", "{\"id\":10,\"name\":\"News\"}");
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/tags"))
    {
      static int next = 20;
      g_autofree char *json = g_strdup_printf ("{\"id\":%d}", next++);
      respond (msg, 201, "application/json", json);
      return;
    }
  /* Lookups by token: what earlier requests really created. */
  if (g_str_equal (path, "/wp-json/wp/v2/media") && g_str_equal (method, "GET"))
    {
      respond (msg, 200, "application/json", f->media_created ? "[{\"id\":30}]" : "[]");
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/posts") && g_str_equal (method, "GET"))
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) out = NULL;
      g_autofree char *json = NULL;

      json_builder_begin_array (b);
      if (f->posts_created)
        {
          g_autoptr(JsonNode) sent = json_from_string (f->post_json, NULL);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, 40);
          json_builder_set_member_name (b, "content");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "raw");
          json_builder_add_string_value (b, json_object_get_string_member (json_node_get_object (sent),
                                                                           "content"));
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      out = json_builder_get_root (b);
      json = json_to_string (out, FALSE);
      respond (msg, 200, "application/json", json);
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/media") && g_str_equal (method, "POST"))
    {
      g_autofree char *body = NULL;
      gsize len;

      if (f->mode == MODE_MEDIA_413)
        {
          respond (msg, 413, "text/html",
                   "<html><head><title>413 Request Entity Too Large</title></head></html>");
          return;
        }
      body = request_body (msg, &len);
      f->media_bytes = len;
      g_free (f->media_md5);
      f->media_md5 = g_strdup (soup_message_headers_get_one (req, "Content-MD5"));
      g_free (f->media_filename);
      f->media_filename = g_strdup (soup_message_headers_get_one (req, "Content-Disposition"));
      f->media_created++;
      {
        g_autofree char *md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, (guchar *) body, len);
        if (g_strcmp0 (md5, f->media_md5) != 0)
          {
            respond (msg, 412, "application/json",
                     "{\"code\":\"rest_upload_hash_mismatch\",\"message\":\"The hash does not match.\"}");
            return;
          }
      }
      respond (msg, 201, "application/json", "{\"id\":30}");
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/media/30"))
    {
      g_free (f->media_meta_json);
      f->media_meta_json = request_body (msg, NULL);
      respond (msg, 200, "application/json", "{\"id\":30}");
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/posts") && g_str_equal (method, "POST"))
    {
      if (f->mode == MODE_POST_TIMEOUT && !f->post_hung)
        {
          /* The post is really created (WordPress got the whole body), but the answer is
           * lost: the client times out. */
          g_autofree char *text = request_body (msg, NULL);

          g_free (f->post_json);
          f->post_json = g_strdup (text);
          f->posts_created++;
          g_free (f->modified_gmt);
          f->modified_gmt = g_strdup ("2026-01-01T09:59:59");
          f->post_hung = TRUE;
          soup_server_message_pause (msg);
          return;
        }
      handle_post (f, msg, 40, TRUE);
      return;
    }
  if (g_str_equal (path, "/wp-json/wp/v2/posts/40"))
    {
      if (g_str_equal (method, "GET"))
        {
          g_autofree char *json = g_strdup_printf ("{\"id\":40,\"modified_gmt\":\"%s\"}",
                                                   f->modified_gmt ? f->modified_gmt : "");
          respond (msg, 200, "application/json", json);
        }
      else
        handle_post (f, msg, 40, FALSE);
      return;
    }
  respond (msg, 404, "application/json", "{\"code\":\"rest_no_route\",\"message\":\"No route.\"}");
}

static void
reset_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fixture *f = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  /* Closing with the rest of the body unread: the kernel answers with a reset. */
  f->reset_bytes_read = n > 0 ? n : 0;
  f->media_resets++;
  g_io_stream_close (f->stolen, NULL, NULL);
  g_clear_object (&f->stolen);
}

/* Runs once the headers are in, before the body is read: takes the connection over,
 * reads a piece of the photo, then breaks the connection. */
static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *f = user_data;
  static guint8 buf[4096];

  if (f->mode != MODE_MEDIA_RESET || f->stolen != NULL ||
      !g_str_equal (path, "/wp-json/wp/v2/media") ||
      !g_str_equal (soup_server_message_get_method (msg), "POST"))
    return;
  f->stolen = soup_server_message_steal_connection (msg);
  g_input_stream_read_async (g_io_stream_get_input_stream (f->stolen), buf, sizeof buf,
                             G_PRIORITY_DEFAULT, NULL, reset_read_cb, f);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *library = NULL;
  GSList *uris;

  f->mode = GPOINTER_TO_INT (data);
  f->steps = g_ptr_array_new_with_free_func (g_free);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  /* The same (default) path as the handler: an early handler of its own path would hide it. */
  soup_server_add_early_handler (f->server, NULL, early_handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (f->server);
  f->url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->home = g_dir_make_tmp ("newsdesk-wp-publisher-XXXXXX", &error);
  g_assert_no_error (error);
  library = g_build_filename (f->home, "library", NULL);
  f->store = nd_article_store_new (library);
  f->account = nd_account_new (ND_ACCOUNT_KIND_WORDPRESS, "Fake");
  nd_account_set_url (f->account, f->url);
  nd_account_set_user (f->account, "editor");

  f->article = nd_test_article_complete ();
  f->photo_path = nd_test_write_image (f->home, "lead.jpg", 640, 480, "jpeg");
  g_assert_true (nd_article_store_attach_photo (f->store, f->article, f->photo_path, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->stolen);
  g_free (f->media_meta_json);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->article);
  g_clear_object (&f->account);
  g_clear_object (&f->store);
  nd_rm_rf (f->home, NULL);
  g_free (f->home);
  g_free (f->url);
  g_free (f->photo_path);
  g_free (f->media_md5);
  g_free (f->media_filename);
  g_free (f->post_json);
  g_free (f->modified_gmt);
  g_ptr_array_unref (f->steps);
}

static void
progress_cb (const char *step,
             gint64      done,
             gint64      total,
             gpointer    user_data)
{
  Fixture *f = user_data;

  if (f->steps->len == 0 || !g_str_equal (g_ptr_array_index (f->steps, f->steps->len - 1), step))
    g_ptr_array_add (f->steps, g_strdup (step));
  if (total >= 0)
    {
      f->progress_done = done;
      f->progress_total = total;
    }
}

static JsonObject *
publish (Fixture         *f,
         const char      *status,
         GDateTime       *when,
         NdPublishFlags   flags,
         GError         **error)
{
  g_autoptr(NdWordpressPublisher) publisher =
    nd_wordpress_publisher_new (f->account, "app pass word", f->store);
  g_autoptr(GAsyncResult) result = NULL;

  /* Short, so a lost answer fails the test quickly, not after libsoup's minute. */
  nd_wordpress_publisher_set_timeout (publisher, 2);

  nd_publisher_publish_async (ND_PUBLISHER (publisher), f->article, status, when, flags,
                              progress_cb, f, NULL, nd_test_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return nd_publisher_publish_finish (ND_PUBLISHER (publisher), result, error);
}

/* The article as it is on disk now. */
static JsonObject *
saved_remote (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NdArticle) saved = nd_article_store_load (f->store, nd_article_get_id (f->article), &error);
  JsonObject *remote;

  g_assert_no_error (error);
  remote = nd_article_get_remote (saved, nd_account_get_id (f->account));
  return remote ? json_object_ref (remote) : NULL;
}

static void
test_publish_ok (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) on_disk = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autofree char *md5 = NULL;
  g_autofree char *photo = nd_article_store_photo_path (f->store, f->article);
  g_autofree char *contents = NULL;
  gsize size;
  JsonObject *post;
  JsonArray *cats;

  remote = publish (f, ND_PUBLISH_STATUS_PUBLISH, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (remote, "id"), ==, "40");
  g_assert_cmpstr (json_object_get_string_member (remote, "media_id"), ==, "30");
  g_assert_cmpstr (json_object_get_string_member (remote, "photo_sha256"), ==,
                   nd_photo_get_sha256 (nd_article_get_photo (f->article)));
  g_assert_cmpstr (json_object_get_string_member (remote, "modified"), ==, f->modified_gmt);
  g_assert_cmpstr (nd_article_get_status (f->article), ==, "published");

  /* Saved to the library, not only in memory. */
  on_disk = saved_remote (f);
  g_assert_nonnull (on_disk);
  g_assert_cmpstr (json_object_get_string_member (on_disk, "id"), ==, "40");

  /* The photo went up whole, with a matching MD5, a token in an ASCII file name, and the
   * progress counted every byte. */
  g_assert_true (g_file_get_contents (photo, &contents, &size, NULL));
  md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, (guchar *) contents, size);
  g_assert_cmpuint (f->media_bytes, ==, size);
  g_assert_cmpstr (f->media_md5, ==, md5);
  g_assert_true (g_str_has_prefix (f->media_filename, "attachment; filename=\"russia-commits"));
  g_assert_true (g_str_has_suffix (f->media_filename, ".jpg\""));
  g_assert_cmpint (f->progress_total, ==, size);
  g_assert_cmpint (f->progress_done, ==, size);
  {
    gboolean saw_upload = FALSE;
    for (guint i = 0; i < f->steps->len; i++)
      saw_upload |= g_str_equal (g_ptr_array_index (f->steps, i), "Uploading the photo");
    g_assert_true (saw_upload);
  }

  /* term_exists gave the id of "Russia"; the post is in it. */
  sent = json_from_string (f->post_json, NULL);
  post = json_node_get_object (sent);
  cats = json_object_get_array_member (post, "categories");
  g_assert_cmpuint (json_array_get_length (cats), ==, 1);
  g_assert_cmpint (json_array_get_int_element (cats, 0), ==, 11);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (post, "tags")), ==, 3);
  g_assert_cmpint (json_object_get_int_member (post, "featured_media"), ==, 30);
  g_assert_cmpstr (json_object_get_string_member (post, "slug"), ==,
                   "russia-commits-to-fruitful-partnership-with-latam-lavrov");
  g_assert_nonnull (strstr (json_object_get_string_member (post, "content"), "<!-- newsdesk:"));
  g_assert_cmpuint (f->posts_created, ==, 1);
  g_assert_cmpuint (f->media_created, ==, 1);

  /* Again: an update of the same post, and the unchanged photo is not uploaded again. */
  again = publish (f, ND_PUBLISH_STATUS_PUBLISH, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (again, "id"), ==, "40");
  g_assert_cmpuint (f->posts_created, ==, 1);
  g_assert_cmpuint (f->media_created, ==, 1);
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) on_disk = NULL;

  first = publish (f, ND_PUBLISH_STATUS_DRAFT, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  /* Someone edits the post on the site. */
  g_free (f->modified_gmt);
  f->modified_gmt = g_strdup ("2030-05-05T05:05:05");

  second = publish (f, ND_PUBLISH_STATUS_DRAFT, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_null (second);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "2030-05-05T05:05:05"));
  g_assert_cmpuint (f->posts_created, ==, 1);
  on_disk = saved_remote (f);
  g_assert_cmpstr (json_object_get_string_member (on_disk, "modified"), ==,
                   json_object_get_string_member (first, "modified"));
  g_clear_error (&error);

  second = publish (f, ND_PUBLISH_STATUS_DRAFT, NULL, ND_PUBLISH_FLAGS_FORCE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (second, "id"), ==, "40");
  g_assert_cmpuint (f->posts_created, ==, 1);
}

static void
test_dropped_category (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) on_disk = NULL;

  remote = publish (f, ND_PUBLISH_STATUS_DRAFT, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_null (remote);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "left out the section"));
  /* The post does exist: its id is recorded, so the next publish updates it. */
  on_disk = saved_remote (f);
  g_assert_cmpstr (json_object_get_string_member (on_disk, "id"), ==, "40");
  g_assert_cmpstr (nd_article_get_status (f->article), ==, "scheduled");
}

static void
test_media_413 (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) on_disk = NULL;
  g_autofree char *before = nd_article_to_json (f->article, NULL);
  g_autofree char *after = NULL;

  remote = publish (f, ND_PUBLISH_STATUS_PUBLISH, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_null (remote);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TOO_LARGE);
  g_assert_cmpuint (f->posts_created, ==, 0);
  /* Nothing exists on the server: nothing is recorded, the article is as it was. */
  g_assert_null (nd_article_get_remote (f->article, nd_account_get_id (f->account)));
  after = nd_article_to_json (f->article, NULL);
  g_assert_cmpstr (before, ==, after);
}

static void
test_post_500 (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) on_disk = NULL;

  remote = publish (f, ND_PUBLISH_STATUS_PUBLISH, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_null (remote);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "Could not insert post into the database."));
  /* The photo really is on the server: that id is kept, no post id is. */
  on_disk = saved_remote (f);
  g_assert_cmpstr (json_object_get_string_member (on_disk, "media_id"), ==, "30");
  g_assert_false (json_object_has_member (on_disk, "id"));
}

static void
test_lost_ids (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;

  first = publish (f, ND_PUBLISH_STATUS_DRAFT, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  /* As if the answers had never arrived (timeout after the body was sent, a crash): the
   * article knows nothing, the server has both. */
  nd_article_set_remote (f->article, nd_account_get_id (f->account), NULL);

  second = publish (f, ND_PUBLISH_STATUS_DRAFT, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (second, "id"), ==, "40");
  g_assert_cmpstr (json_object_get_string_member (second, "media_id"), ==, "30");
  g_assert_cmpuint (f->posts_created, ==, 1);
  g_assert_cmpuint (f->media_created, ==, 1);
}

static void
test_media_reset (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autofree char *before = nd_article_to_json (f->article, NULL);
  g_autofree char *after = NULL;

  remote = publish (f, ND_PUBLISH_STATUS_PUBLISH, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_null (remote);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_UNREACHABLE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "broke off"));
  /* The cut really came in the middle of the photo. */
  g_assert_cmpuint (f->media_resets, >=, 1);
  g_assert_cmpuint (f->reset_bytes_read, >, 0);
  {
    g_autofree char *photo = nd_article_store_photo_path (f->store, f->article);
    g_autoptr(GFile) file = g_file_new_for_path (photo);
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);
    g_assert_cmpuint (f->reset_bytes_read, <, g_file_info_get_size (info));
  }
  g_assert_cmpuint (f->media_created, ==, 0);
  g_assert_cmpuint (f->posts_created, ==, 0);
  /* Nothing of the article exists on the server: the article is exactly as it was. */
  g_assert_null (nd_article_get_remote (f->article, nd_account_get_id (f->account)));
  after = nd_article_to_json (f->article, NULL);
  g_assert_cmpstr (before, ==, after);
  g_clear_error (&error);

  /* The connection is back: publishing again works, one photo, one post. */
  f->mode = MODE_OK;
  again = publish (f, ND_PUBLISH_STATUS_PUBLISH, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (again, "media_id"), ==, "30");
  g_assert_cmpuint (f->media_created, ==, 1);
  g_assert_cmpuint (f->posts_created, ==, 1);
}

static void
test_post_timeout (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) on_disk = NULL;
  g_autoptr(JsonObject) again = NULL;

  remote = publish (f, ND_PUBLISH_STATUS_PUBLISH, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_null (remote);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_UNREACHABLE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "did not answer in time"));
  g_assert_true (f->post_hung);
  g_assert_cmpuint (f->posts_created, ==, 1);
  g_assert_cmpuint (f->media_created, ==, 1);
  /* Only what is known to exist is recorded: the photo, not the post (no id came back). */
  on_disk = saved_remote (f);
  g_assert_cmpstr (json_object_get_string_member (on_disk, "media_id"), ==, "30");
  g_assert_false (json_object_has_member (on_disk, "id"));
  g_clear_error (&error);

  /* The retry finds the post the server recorded by its token and updates it. */
  again = publish (f, ND_PUBLISH_STATUS_PUBLISH, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (again, "id"), ==, "40");
  g_assert_cmpstr (json_object_get_string_member (again, "media_id"), ==, "30");
  g_assert_cmpuint (f->posts_created, ==, 1);
  g_assert_cmpuint (f->media_created, ==, 1);
  g_assert_cmpstr (nd_article_get_status (f->article), ==, "published");
}

static gboolean
strv_has (char      **strv,
          const char *s)
{
  return g_strv_contains ((const char * const *) strv, s);
}

static void
test_list_terms (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(NdWordpressClient) client = nd_wordpress_client_new_for_account (f->account, "pw");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sections = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) cached_sections = NULL;
  g_auto(GStrv) cached_tags = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *expected_cache = NULL;

  nd_wordpress_client_refresh_terms_async (client, nd_account_get_id (f->account), NULL,
                                           nd_test_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (nd_wordpress_client_refresh_terms_finish (client, result, &sections, &tags,
                                                           &error));
  g_assert_no_error (error);

  /* Every page was fetched: 127 categories (2 pages), 205 tags (3 pages). */
  g_assert_cmpuint (f->category_pages, ==, 2);
  g_assert_cmpuint (f->tag_pages, ==, 3);
  g_assert_cmpuint (g_strv_length (sections), ==, 127);
  g_assert_cmpuint (g_strv_length (tags), ==, 204);

  /* Paths from the parents, names decoded, sorted. */
  g_assert_true (strv_has (sections, "News"));
  g_assert_true (strv_has (sections, "News > Russia"));
  g_assert_true (strv_has (sections, "News > Russia > Moscow"));
  g_assert_true (strv_has (sections, "News > Q&A"));
  g_assert_true (strv_has (sections, "Culture & Arts"));
  g_assert_true (strv_has (sections, "News > Region 119"));
  g_assert_true (strv_has (sections, "News > Russia > Late \u201cQuotes\u201d"));
  g_assert_cmpstr (sections[0], ==, "Culture & Arts");
  g_assert_true (strv_has (tags, "Rusia & Venezuela"));
  g_assert_true (strv_has (tags, "Caf\u00e9 \u2014 Bar"));
  g_assert_true (strv_has (tags, "Zeta <last>"));
  g_assert_true (strv_has (tags, "tag 199"));
  g_assert_true (strv_has (tags, "Lavrov"));
  g_assert_false (strv_has (tags, "lavrov"));

  /* The cache holds the same lists, under the cache folder, and reads back. */
  cache = nd_wordpress_terms_cache_path (nd_account_get_id (f->account));
  expected_cache = g_strdup_printf ("%s/newsdesk/terms-%s.json", g_get_user_cache_dir (),
                                    nd_account_get_id (f->account));
  g_assert_cmpstr (cache, ==, expected_cache);
  g_assert_true (g_file_test (cache, G_FILE_TEST_IS_REGULAR));
  g_assert_true (nd_wordpress_terms_cache_read (nd_account_get_id (f->account), &cached_sections,
                                                &cached_tags, &error));
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *) sections, (const char * const *) cached_sections));
  g_assert_true (g_strv_equal ((const char * const *) tags, (const char * const *) cached_tags));
  g_clear_object (&result);

  /* The async read (the GUI's) gives the same. */
  {
    g_auto(GStrv) s2 = NULL;
    g_auto(GStrv) t2 = NULL;

    nd_wordpress_terms_cache_read_async (nd_account_get_id (f->account), NULL, nd_test_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (nd_wordpress_terms_cache_read_finish (result, &s2, &t2, &error));
    g_assert_no_error (error);
    g_assert_true (g_strv_equal ((const char * const *) sections, (const char * const *) s2));
    g_assert_true (g_strv_equal ((const char * const *) tags, (const char * const *) t2));
  }
  g_assert_cmpint (g_remove (cache), ==, 0);
}

static void
test_terms_cache (void)
{
  const char *sections[] = { "News", "News > Russia", NULL };
  const char *tags[] = { "Lavrov", "Caf\u00e9", NULL };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) s = NULL;
  g_auto(GStrv) t = NULL;
  g_autofree char *path = nd_wordpress_terms_cache_path ("acct-1");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = NULL;
  const char *name;
  GDir *d;

  /* No cache yet: a plain "not found". */
  g_assert_false (nd_wordpress_terms_cache_read ("acct-1", &s, &t, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_true (nd_wordpress_terms_cache_write ("acct-1", sections, tags, &error));
  g_assert_no_error (error);
  g_assert_true (nd_wordpress_terms_cache_read ("acct-1", &s, &t, &error));
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *) s, sections));
  g_assert_true (g_strv_equal ((const char * const *) t, tags));

  /* Replaced whole, with no temp files left behind. */
  g_assert_true (nd_wordpress_terms_cache_write ("acct-1", NULL, tags, &error));
  g_assert_no_error (error);
  g_clear_pointer (&s, g_strfreev);
  g_clear_pointer (&t, g_strfreev);
  g_assert_true (nd_wordpress_terms_cache_read ("acct-1", &s, &t, &error));
  g_assert_cmpuint (g_strv_length (s), ==, 0);
  g_assert_cmpuint (g_strv_length (t), ==, 2);
  d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    g_assert_true (g_str_has_prefix (name, "terms-") && g_str_has_suffix (name, ".json"));
  g_dir_close (d);

  /* A damaged cache is an error, not a crash. */
  g_assert_true (g_file_set_contents (path, "[1,2", -1, NULL));
  g_clear_pointer (&s, g_strfreev);
  g_assert_false (nd_wordpress_terms_cache_read ("acct-1", &s, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_remove (path);
}

static void
test_decode_entities (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "Q&amp;A", "Q&A" },
    { "&lt;b&gt; &quot;x&quot; &#039;y&#039;", "<b> \"x\" 'y'" },
    { "&#8220;Hi&#8221; &#x2014; &hellip;", "\u201cHi\u201d \u2014 \u2026" },
    { "AT&T & co; &bogus; &#0; &#xZZ;", "AT&T & co; &bogus; &#0; &#xZZ;" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = nd_wordpress_decode_entities (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_future_needs_date (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 ("2031-01-01T10:00:00+01:00", NULL);
  g_autoptr(JsonNode) sent = NULL;

  remote = publish (f, ND_PUBLISH_STATUS_FUTURE, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_null (remote);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FAILED);
  g_clear_error (&error);

  remote = publish (f, ND_PUBLISH_STATUS_FUTURE, when, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  sent = json_from_string (f->post_json, NULL);
  /* Bare UTC: WordPress would replace an offset, not convert it. */
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (sent), "date_gmt"), ==,
                   "2031-01-01T09:00:00");
  g_assert_cmpstr (nd_article_get_status (f->article), ==, "scheduled");
}

static void
test_render (void)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autofree char *html = nd_wordpress_render_content (article);
  g_autofree char *caption = nd_wordpress_render_caption ("Lavrov", "Twitter/@LaVigesima");
  g_autofree char *only_credit = nd_wordpress_render_caption (NULL, "AP");
  g_autofree char *slug = nd_wordpress_slugify ("  Rusia y América Latina: ¡socios! ");
  g_autofree char *token = g_strdup_printf ("<!-- newsdesk:%s -->", nd_article_get_id (article));

  g_assert_nonnull (strstr (html, "<span class=\"byline\">María José Faría</span>"));
  g_assert_nonnull (strstr (html, "<span class=\"dateline\">Moscú</span>"));
  g_assert_nonnull (strstr (html, "<strong>Latin America</strong>"));
  g_assert_nonnull (strstr (html, "<a href=\"https://example.org/venezuela?x=1&amp;y=2\">"
                                  "Venezuela y Rusia: una alianza</a>"));
  g_assert_true (g_str_has_suffix (html, token));
  g_assert_cmpstr (caption, ==, "Lavrov | Photo: Twitter/@LaVigesima");
  g_assert_cmpstr (only_credit, ==, "Photo: AP");
  g_assert_cmpstr (slug, ==, "rusia-y-america-latina-socios");
}

static void
test_caption_format (void)
{
  const struct { const char *format, *caption, *credit, *expected; } cases[] = {
    { NULL, "Lavrov", "AP", "Lavrov | Photo: AP" },
    { "", "Lavrov", "AP", "Lavrov | Photo: AP" },
    { ND_WORDPRESS_CAPTION_FORMAT, "Lavrov", "", "Lavrov" },
    { ND_WORDPRESS_CAPTION_FORMAT, "Lavrov", NULL, "Lavrov" },
    { ND_WORDPRESS_CAPTION_FORMAT, "", "AP", "Photo: AP" },
    { ND_WORDPRESS_CAPTION_FORMAT, NULL, NULL, "" },
    { "{caption} (Foto: {credit})", "Lavrov en Moscú", "EFE", "Lavrov en Moscú (Foto: EFE)" },
    { "{caption} (Foto: {credit})", NULL, "EFE", "(Foto: EFE)" },
    { "{caption} — {credit}", "", "Reuters", "Reuters" },
    { "Photo: {credit} · {caption}", "", "AP", "Photo: AP" },
    { "Photo: {credit} · {caption}", "Lavrov", "AP", "Photo: AP · Lavrov" },
    { "{credit}: {caption} {unknown}", "Lavrov", "AP", "AP: Lavrov {unknown}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = nd_wordpress_render_caption_format (cases[i].format, cases[i].caption,
                                                                 cases[i].credit);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

/* The caption format comes from the account's settings, unless the GUI sets one. */
static void
test_caption_format_publish (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) settings = json_object_new ();
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(NdWordpressPublisher) publisher = NULL;
  NdPhoto *photo = nd_article_get_photo (f->article);
  g_autofree char *expected = NULL;

  publisher = nd_wordpress_publisher_new (f->account, "pw", f->store);
  g_assert_cmpstr (nd_wordpress_publisher_get_caption_format (publisher), ==,
                   ND_WORDPRESS_CAPTION_FORMAT);

  json_object_set_string_member (settings, "caption_format", "{caption} (Foto: {credit})");
  nd_account_set_settings (f->account, settings);
  g_assert_cmpstr (nd_wordpress_publisher_get_caption_format (publisher), ==,
                   "{caption} (Foto: {credit})");
  nd_wordpress_publisher_set_caption_format (publisher, "{credit} / {caption}");
  g_assert_cmpstr (nd_wordpress_publisher_get_caption_format (publisher), ==,
                   "{credit} / {caption}");
  nd_wordpress_publisher_set_caption_format (publisher, NULL);
  g_assert_cmpstr (nd_wordpress_publisher_get_caption_format (publisher), ==,
                   "{caption} (Foto: {credit})");

  remote = publish (f, ND_PUBLISH_STATUS_DRAFT, NULL, ND_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->media_meta_json);
  sent = json_from_string (f->media_meta_json, NULL);
  expected = g_strdup_printf ("%s (Foto: %s)", nd_photo_get_caption (photo),
                              nd_photo_get_credit (photo));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (sent), "caption"), ==,
                   expected);
}

#define ADD(path, mode, func) \
  g_test_add ("/wordpress-publisher/" path, Fixture, GINT_TO_POINTER (mode), fixture_setup, \
              func, fixture_teardown)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_free (nd_test_isolate_home ());
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_unsetenv ("http_proxy");

  g_test_add_func ("/wordpress-publisher/render", test_render);
  g_test_add_func ("/wordpress-publisher/caption-format", test_caption_format);
  g_test_add_func ("/wordpress-publisher/decode-entities", test_decode_entities);
  g_test_add_func ("/wordpress-publisher/terms-cache", test_terms_cache);
  ADD ("publish-and-update", MODE_OK, test_publish_ok);
  ADD ("conflict", MODE_OK, test_conflict);
  ADD ("no-duplicates-after-lost-ids", MODE_OK, test_lost_ids);
  ADD ("future", MODE_OK, test_future_needs_date);
  ADD ("silently-dropped-category", MODE_DROP_CATEGORY, test_dropped_category);
  ADD ("media-413-html", MODE_MEDIA_413, test_media_413);
  ADD ("post-500", MODE_POST_500, test_post_500);
  ADD ("list-terms-paged", MODE_OK, test_list_terms);
  ADD ("caption-format-from-account", MODE_OK, test_caption_format_publish);
  ADD ("connection-reset-mid-upload", MODE_MEDIA_RESET, test_media_reset);
  ADD ("timeout-after-post-sent", MODE_POST_TIMEOUT, test_post_timeout);

  return g_test_run ();
}
