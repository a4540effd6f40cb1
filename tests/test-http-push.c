/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-http-push"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-article-store.h"
#include "nd-http-push-publisher.h"
#include "nd-test-util.h"
#include "nd-util.h"

/* A loopback receiver that behaves like Superdesk's HTTP push consumers: it checks the
 * x-superdesk-signature over the exact body bytes (403 when wrong), keeps assets by
 * media_id (GET answers 200 when it has one, 404 otherwise; POST is multipart/form-data
 * and answers 201), and keeps items by guid/uri with their version. */

#define TOKEN "s3cret-tøken"

typedef enum
{
  MODE_OK,
  MODE_ITEM_500,    /* the item POST fails with Eve's error body */
  MODE_ITEM_HANG,   /* the item POST never gets an answer */
} Mode;

typedef struct
{
  Mode       mode;
  const char *format;
} Params;

typedef struct
{
  SoupServer     *server;
  char           *base;
  char           *resource_url;
  char           *assets_url;
  const Params   *params;
  char           *receiver_token;   /* NULL: the receiver accepts unsigned requests */
  GHashTable     *assets;           /* media_id → GBytes */
  GHashTable     *asset_fields;     /* media_id → "mime_type|filemeta" */
  GHashTable     *items;            /* guid/uri → version (string) */
  char           *last_item;        /* the JSON text of the last item */
  char           *last_signature;
  guint           requests;
  guint           rejected;
  guint           asset_gets;
  guint           asset_posts;
  guint           item_posts;
  gsize           last_upload_size;
  GPtrArray      *paused;
  /* The library. */
  char           *home;
  NdArticleStore *store;
  NdAccount      *account;
  NdArticle      *article;
  char           *photo_path;
  /* Progress seen by the publisher's caller. */
  GPtrArray      *steps;
  gint64          progress_done;
  gint64          progress_total;
  GCancellable   *cancel_on_upload;
} Fixture;

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

static const char *
item_key (JsonObject *item)
{
  const char *key = json_object_get_string_member_with_default (item, "guid", NULL);

  return key ? key : json_object_get_string_member_with_default (item, "uri", NULL);
}

static void
handle_asset_post (Fixture           *f,
                   SoupServerMessage *msg,
                   GBytes            *body)
{
  SoupMultipart *multipart;
  g_autoptr(GHashTable) fields = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *content_type = NULL;
  GBytes *file = NULL;
  const char *media_id;

  multipart = soup_multipart_new_from_message (soup_server_message_get_request_headers (msg), body);
  /* Takes the multipart. */
  if (multipart)
    fields = soup_form_decode_multipart (multipart, "media", &filename, &content_type, &file);
  media_id = fields ? g_hash_table_lookup (fields, "media_id") : NULL;
  if (media_id == NULL || file == NULL || g_hash_table_lookup (fields, "mime_type") == NULL ||
      g_hash_table_lookup (fields, "filemeta") == NULL)
    {
      g_clear_pointer (&file, g_bytes_unref);
      respond (msg, 400, "application/json",
               "{\"_status\":\"ERR\",\"_error\":{\"code\":400,\"message\":\"Bad asset\"}}");
      return;
    }
  f->asset_posts++;
  f->last_upload_size = g_bytes_get_size (body);
  g_hash_table_replace (f->assets, g_strdup (media_id), file);
  g_hash_table_replace (f->asset_fields, g_strdup (media_id),
                        g_strdup_printf ("%s|%s", (char *) g_hash_table_lookup (fields, "mime_type"),
                                         (char *) g_hash_table_lookup (fields, "filemeta")));
  respond (msg, 201, "application/json", "{\"_status\":\"OK\"}");
}

static void
handle_item_post (Fixture           *f,
                  SoupServerMessage *msg,
                  GBytes            *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *item;
  const char *key, *version;

  if (f->params->mode == MODE_ITEM_500)
    {
      respond (msg, 500, "application/json",
               "{\"_status\":\"ERR\",\"_error\":{\"code\":500,\"message\":\"Elastic is down\"}}");
      return;
    }
  if (f->params->mode == MODE_ITEM_HANG)
    {
      /* Never answered: the publisher's timeout has to end it. */
      soup_server_message_pause (msg);
      g_ptr_array_add (f->paused, g_object_ref (msg));
      return;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                   NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      respond (msg, 400, "text/plain", "not JSON");
      return;
    }
  item = json_node_get_object (json_parser_get_root (parser));
  key = item_key (item);
  version = json_object_get_string_member_with_default (item, "version", NULL);
  if (key == NULL || version == NULL)
    {
      respond (msg, 400, "text/plain", "no guid/uri or version");
      return;
    }
  f->item_posts++;
  g_hash_table_replace (f->items, g_strdup (key), g_strdup (version));
  g_free (f->last_item);
  f->last_item = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  respond (msg, 201, "application/json", "{\"_status\":\"OK\"}");
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
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  f->requests++;
  g_free (f->last_signature);
  f->last_signature = g_strdup (soup_message_headers_get_one (req, "x-superdesk-signature"));
  if (f->receiver_token)
    {
      g_autofree char *expected = nd_http_push_signature (f->receiver_token,
                                                          g_bytes_get_data (body, NULL),
                                                          g_bytes_get_size (body));
      if (g_strcmp0 (expected, f->last_signature) != 0)
        {
          f->rejected++;
          respond (msg, 403, "application/json",
                   "{\"_status\":\"ERR\",\"_error\":{\"code\":403,\"message\":\"Invalid signature\"}}");
          return;
        }
    }

  if (g_str_has_prefix (path, "/push/assets/") && g_str_equal (method, "GET"))
    {
      GBytes *stored = g_hash_table_lookup (f->assets, path + strlen ("/push/assets/"));

      f->asset_gets++;
      if (stored)
        soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_COPY,
                                          g_bytes_get_data (stored, NULL),
                                          g_bytes_get_size (stored));
      soup_server_message_set_status (msg, stored ? 200 : 404, NULL);
      return;
    }
  if (g_str_equal (path, "/push/assets") && g_str_equal (method, "POST"))
    {
      handle_asset_post (f, msg, body);
      return;
    }
  if (g_str_equal (path, "/push/items") && g_str_equal (method, "POST"))
    {
      handle_item_post (f, msg, body);
      return;
    }
  respond (msg, 404, "text/plain", "No such endpoint");
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *library = NULL;
  NdNinjsFlavour flavour;
  GSList *uris;

  f->params = data;
  f->receiver_token = g_strdup (TOKEN);
  f->assets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  f->asset_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->paused = g_ptr_array_new_with_free_func (g_object_unref);
  f->steps = g_ptr_array_new_with_free_func (g_free);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  f->resource_url = g_strconcat (f->base, "push/items", NULL);
  f->assets_url = g_strconcat (f->base, "push/assets", NULL);

  f->home = g_dir_make_tmp ("newsdesk-http-push-XXXXXX", &error);
  g_assert_no_error (error);
  library = g_build_filename (f->home, "library", NULL);
  f->store = nd_article_store_new (library);
  f->account = nd_account_new (ND_ACCOUNT_KIND_HTTP_PUSH, "Wire Desk");
  nd_account_set_url (f->account, f->resource_url);
  g_assert_true (nd_ninjs_flavour_from_string (f->params->format, &flavour));
  nd_http_push_account_configure (f->account, f->assets_url, flavour, TRUE);

  f->article = nd_test_article_complete ();
  f->photo_path = nd_test_write_image (f->home, "lead.jpg", 640, 480, "jpeg");
  g_assert_true (nd_article_store_attach_photo (f->store, f->article, f->photo_path, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_ptr_array_unref (f->paused);
  g_clear_object (&f->article);
  g_clear_object (&f->account);
  g_clear_object (&f->store);
  g_clear_object (&f->cancel_on_upload);
  nd_rm_rf (f->home, NULL);
  g_free (f->home);
  g_free (f->base);
  g_free (f->resource_url);
  g_free (f->assets_url);
  g_free (f->receiver_token);
  g_free (f->photo_path);
  g_free (f->last_item);
  g_free (f->last_signature);
  g_hash_table_unref (f->assets);
  g_hash_table_unref (f->asset_fields);
  g_hash_table_unref (f->items);
  g_ptr_array_unref (f->steps);
}

/* ---- driving the publisher ---------------------------------------------------------- */

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
      /* The user presses Cancel half-way through the upload. */
      if (f->cancel_on_upload && done > 0 && done < total)
        g_cancellable_cancel (f->cancel_on_upload);
    }
}

static JsonObject *
publish_full (Fixture     *f,
              const char  *token,
              guint        timeout,
              GError     **error)
{
  g_autoptr(NdHttpPushPublisher) publisher = nd_http_push_publisher_new (f->account, token, f->store);
  g_autoptr(GAsyncResult) result = NULL;

  if (timeout)
    nd_http_push_publisher_set_timeout (publisher, timeout);
  nd_publisher_publish_async (ND_PUBLISHER (publisher), f->article, ND_PUBLISH_STATUS_PUBLISH,
                              NULL, ND_PUBLISH_FLAGS_NONE, progress_cb, f, f->cancel_on_upload,
                              nd_test_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return nd_publisher_publish_finish (ND_PUBLISHER (publisher), result, error);
}

static JsonObject *
publish (Fixture  *f,
         GError  **error)
{
  return publish_full (f, TOKEN, 0, error);
}

/* The remote state as saved in the library. */
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

static char *
expected_media_id (Fixture *f)
{
  NdPhoto *photo = nd_article_get_photo (f->article);

  return nd_http_push_media_id (nd_photo_get_sha256 (photo), nd_photo_get_file (photo));
}

static JsonObject *
last_item (Fixture *f)
{
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull (f->last_item);
  node = json_from_string (f->last_item, NULL);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
find_named (JsonArray  *array,
            const char *name)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      if (g_strcmp0 (json_object_get_string_member_with_default (obj, "name", NULL), name) == 0)
        return obj;
    }
  return NULL;
}

/* The rendition href of the item's picture, per flavour; also checks the item is of that
 * flavour (its own names present, the others' absent). */
static const char *
item_photo_href (JsonObject *item,
                 const char *format)
{
  JsonObject *pic, *rendition;

  if (g_str_equal (format, "superdesk"))
    {
      g_assert_true (json_object_has_member (item, "guid"));
      g_assert_true (json_object_has_member (item, "headline"));
      g_assert_true (json_object_has_member (item, "body_html"));
      pic = json_object_get_object_member (json_object_get_object_member (item, "associations"),
                                           "featuremedia");
      g_assert_nonnull (pic);
      rendition = json_object_get_object_member (json_object_get_object_member (pic, "renditions"),
                                                 "original");
      return json_object_get_string_member (rendition, "href");
    }

  /* ninjs 2.x / 3.x never carry the 1.x names. */
  g_assert_false (json_object_has_member (item, "headline"));
  g_assert_false (json_object_has_member (item, "body_html"));
  g_assert_false (json_object_has_member (item, "guid"));
  g_assert_true (json_object_has_member (item, "uri"));
  g_assert_true (json_object_has_member (item, "headlines"));
  if (g_str_equal (format, "ninjs-3.1"))
    {
      g_assert_true (json_object_has_member (item, "pubStatus"));
      g_assert_false (json_object_has_member (item, "pubstatus"));
    }
  else
    {
      g_assert_true (json_object_has_member (item, "pubstatus"));
      g_assert_false (json_object_has_member (item, "pubStatus"));
    }
  pic = find_named (json_object_get_array_member (item, "associations"), "mainpic");
  g_assert_nonnull (pic);
  g_assert_cmpstr (json_object_get_string_member (pic, "type"), ==, "picture");
  rendition = json_array_get_object_element (json_object_get_array_member (pic, "renditions"), 0);
  return json_object_get_string_member (rendition, "href");
}

static const char *
item_headline (JsonObject *item,
               const char *format)
{
  if (g_str_equal (format, "superdesk"))
    return json_object_get_string_member (item, "headline");
  return json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (item, "headlines"), 0), "value");
}

/* ---- tests -------------------------------------------------------------------------- */

static void
test_first_publish (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) on_disk = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autoptr(JsonNode) filemeta = NULL;
  g_autofree char *media_id = expected_media_id (f);
  g_autofree char *href = nd_http_push_asset_url (f->assets_url, media_id);
  g_autofree char *urn = g_strdup_printf ("urn:uuid:%s", nd_article_get_id (f->article));
  g_autofree char *contents = NULL;
  g_autofree char *stored_photo = nd_article_store_photo_path (f->store, f->article);
  g_auto(GStrv) fields = NULL;
  GBytes *asset;
  gsize size;

  remote = publish (f, &error);
  g_assert_no_error (error);

  /* One check, one asset, one item; every request signed and accepted. */
  g_assert_cmpuint (f->asset_gets, ==, 1);
  g_assert_cmpuint (f->asset_posts, ==, 1);
  g_assert_cmpuint (f->item_posts, ==, 1);
  g_assert_cmpuint (f->rejected, ==, 0);
  g_assert_cmpuint (f->requests, ==, 3);
  g_assert_true (g_str_has_prefix (f->last_signature, "sha1="));
  g_assert_cmpuint (strlen (f->last_signature), ==, 5 + 40);

  /* The asset is the photo, byte for byte, with its type and metadata. */
  asset = g_hash_table_lookup (f->assets, media_id);
  g_assert_nonnull (asset);
  g_assert_true (g_file_get_contents (stored_photo, &contents, &size, NULL));
  g_assert_cmpuint (g_bytes_get_size (asset), ==, size);
  g_assert_true (memcmp (g_bytes_get_data (asset, NULL), contents, size) == 0);
  fields = g_strsplit (g_hash_table_lookup (f->asset_fields, media_id), "|", 2);
  g_assert_cmpstr (fields[0], ==, "image/jpeg");
  filemeta = json_from_string (fields[1], NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (filemeta), "sha256"), ==,
                   nd_photo_get_sha256 (nd_article_get_photo (f->article)));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (filemeta), "width"), ==, 640);

  /* The upload's progress counted every byte of the body. */
  g_assert_cmpint (f->progress_total, ==, f->last_upload_size);
  g_assert_cmpint (f->progress_done, ==, f->progress_total);

  /* The item, in the account's format, version 1, pointing at the asset. */
  g_assert_cmpstr (g_hash_table_lookup (f->items, urn), ==, "1");
  item = last_item (f);
  g_assert_cmpstr (json_object_get_string_member (item, "version"), ==, "1");
  g_assert_cmpstr (item_photo_href (item, f->params->format), ==, href);
  g_assert_cmpstr (item_headline (item, f->params->format), ==, nd_article_get_headline (f->article));

  /* The remote state, returned and saved in the library. */
  g_assert_cmpint (json_object_get_int_member (remote, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (remote, "media_id"), ==, media_id);
  g_assert_cmpstr (json_object_get_string_member (remote, "photo_sha256"), ==,
                   nd_photo_get_sha256 (nd_article_get_photo (f->article)));
  g_assert_cmpstr (json_object_get_string_member (remote, "url"), ==, f->resource_url);
  on_disk = saved_remote (f);
  g_assert_nonnull (on_disk);
  g_assert_cmpint (json_object_get_int_member (on_disk, "version"), ==, 1);
  g_assert_cmpstr (nd_article_get_status (f->article), ==, "published");
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autofree char *urn = g_strdup_printf ("urn:uuid:%s", nd_article_get_id (f->article));

  first = publish (f, &error);
  g_assert_no_error (error);
  nd_article_set_headline (f->article, "Lavrov: a new chapter — ¿y ahora?");

  second = publish (f, &error);
  g_assert_no_error (error);
  /* The unchanged photo is neither checked nor sent again. */
  g_assert_cmpuint (f->asset_gets, ==, 1);
  g_assert_cmpuint (f->asset_posts, ==, 1);
  g_assert_cmpuint (f->item_posts, ==, 2);
  g_assert_cmpuint (g_hash_table_size (f->items), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (f->items, urn), ==, "2");
  item = last_item (f);
  g_assert_cmpstr (item_headline (item, f->params->format), ==, "Lavrov: a new chapter — ¿y ahora?");
  g_assert_cmpint (json_object_get_int_member (second, "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (second, "media_id"), ==,
                   json_object_get_string_member (first, "media_id"));
}

static void
test_photo_changed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autofree char *other = nd_test_write_image (f->home, "other.png", 320, 200, "png");
  g_autofree char *media_id = NULL;
  g_autofree char *href = NULL;

  first = publish (f, &error);
  g_assert_no_error (error);
  g_assert_true (nd_article_store_attach_photo (f->store, f->article, other, &error));
  g_assert_no_error (error);
  media_id = expected_media_id (f);
  href = nd_http_push_asset_url (f->assets_url, media_id);
  g_assert_true (g_str_has_suffix (media_id, ".png"));

  second = publish (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->asset_posts, ==, 2);
  g_assert_cmpuint (g_hash_table_size (f->assets), ==, 2);
  g_assert_nonnull (g_hash_table_lookup (f->assets, media_id));
  g_assert_cmpstr (json_object_get_string_member (second, "media_id"), ==, media_id);
  g_assert_cmpstr (json_object_get_string_member (second, "media_id"), !=,
                   json_object_get_string_member (first, "media_id"));
  g_assert_cmpint (json_object_get_int_member (second, "version"), ==, 2);
  item = last_item (f);
  g_assert_cmpstr (item_photo_href (item, f->params->format), ==, href);
}

static void
test_asset_already_there (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autofree char *media_id = expected_media_id (f);

  /* Another article (or a publish whose answer was lost) sent this picture already. */
  g_hash_table_insert (f->assets, g_strdup (media_id), g_bytes_new_static ("x", 1));
  remote = publish (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->asset_gets, ==, 1);
  g_assert_cmpuint (f->asset_posts, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (remote, "media_id"), ==, media_id);
}

static void
test_bad_token (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autofree char *before = nd_article_to_json (f->article, NULL);
  g_autofree char *after = NULL;

  remote = publish_full (f, "not the token", 0, &error);
  g_assert_null (remote);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "refused the signature"));
  g_assert_nonnull (strstr (error->message, "secret token"));
  g_assert_nonnull (strstr (error->message, "Invalid signature"));
  g_assert_cmpuint (f->rejected, ==, 1);
  g_assert_cmpuint (g_hash_table_size (f->assets) + g_hash_table_size (f->items), ==, 0);
  /* Nothing exists on the receiver: nothing recorded, the article as it was. */
  after = nd_article_to_json (f->article, NULL);
  g_assert_cmpstr (before, ==, after);
  g_assert_null (saved_remote (f));
}

static void
test_bad_token_after_asset (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) on_disk = NULL;

  first = publish (f, &error);
  g_assert_no_error (error);
  /* The token was changed on the receiver; the update is refused. */
  g_free (f->receiver_token);
  f->receiver_token = g_strdup ("rotated");
  remote = publish (f, &error);
  g_assert_null (remote);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FORBIDDEN);
  /* What really exists is still recorded: version 1 and its asset. */
  on_disk = saved_remote (f);
  g_assert_cmpint (json_object_get_int_member (on_disk, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (on_disk, "media_id"), ==,
                   json_object_get_string_member (first, "media_id"));
}

static void
test_unsigned (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;

  /* No token on either side: no signature header at all. */
  g_clear_pointer (&f->receiver_token, g_free);
  remote = publish_full (f, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_null (f->last_signature);
  g_assert_cmpuint (f->item_posts, ==, 1);

  /* A receiver that wants signatures says so; the message points at the token. */
  f->receiver_token = g_strdup (TOKEN);
  nd_article_set_headline (f->article, "Changed");
  g_clear_pointer (&remote, json_object_unref);
  remote = publish_full (f, NULL, 0, &error);
  g_assert_null (remote);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "secret token"));
}

static void
test_no_photo (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) item = NULL;

  first = publish (f, &error);
  g_assert_no_error (error);
  g_assert_true (nd_article_store_remove_photo (f->store, f->article, &error));
  g_assert_no_error (error);

  remote = publish (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->asset_gets, ==, 1);
  g_assert_cmpuint (f->item_posts, ==, 2);
  g_assert_false (json_object_has_member (remote, "media_id"));
  g_assert_cmpint (json_object_get_int_member (remote, "version"), ==, 2);
  item = last_item (f);
  if (g_str_equal (f->params->format, "superdesk"))
    g_assert_false (json_object_has_member (item, "associations") &&
                    json_object_has_member (json_object_get_object_member (item, "associations"),
                                            "featuremedia"));
  else
    g_assert_null (find_named (json_object_get_array_member (item, "associations"), "mainpic"));
}

static void
test_item_500 (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) on_disk = NULL;

  remote = publish (f, &error);
  g_assert_null (remote);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
  g_assert_nonnull (strstr (error->message, "Elastic is down"));
  /* The asset really is there and is recorded; no version is. */
  on_disk = saved_remote (f);
  g_assert_nonnull (on_disk);
  g_assert_true (json_object_has_member (on_disk, "media_id"));
  g_assert_false (json_object_has_member (on_disk, "version"));
  g_assert_cmpstr (nd_article_get_status (f->article), !=, "published");
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) on_disk = NULL;
  gint64 start = g_get_monotonic_time ();

  remote = publish_full (f, TOKEN, 1, &error);
  g_assert_null (remote);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "did not answer in time"));
  g_assert_nonnull (strstr (error->message, "publishing again is safe"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  g_assert_cmpuint (f->paused->len, ==, 1);
  on_disk = saved_remote (f);
  g_assert_false (json_object_has_member (on_disk, "version"));
}

static void
test_cancel_upload (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autofree char *big = g_build_filename (f->home, "big.jpg", NULL);
  g_autofree char *jpeg = NULL;
  g_autofree guint8 *junk = g_malloc (8 * 1024 * 1024);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  gsize len;

  /* A real JPEG followed by 8 MB of noise: big enough to be cut off half-way. */
  g_assert_true (g_file_get_contents (f->photo_path, &jpeg, &len, NULL));
  for (gsize i = 0; i < 8 * 1024 * 1024; i++)
    junk[i] = g_test_rand_int_range (0, 256);
  file = g_file_new_for_path (big);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), jpeg, len, NULL, NULL, &error));
  g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), junk, 8 * 1024 * 1024, NULL,
                                            NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  g_assert_true (nd_article_store_attach_photo (f->store, f->article, big, &error));
  g_assert_no_error (error);

  f->cancel_on_upload = g_cancellable_new ();
  remote = publish (f, &error);
  g_assert_null (remote);
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CANCELLED);
  g_assert_cmpint (f->progress_done, <, f->progress_total);
  g_assert_cmpuint (f->asset_posts, ==, 0);
  g_assert_cmpuint (f->item_posts, ==, 0);
  g_assert_null (nd_article_get_remote (f->article, nd_account_get_id (f->account)));

  /* And the next try goes through whole. */
  g_clear_object (&f->cancel_on_upload);
  g_clear_error (&error);
  remote = publish (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->asset_posts, ==, 1);
  g_assert_cmpint (f->progress_done, ==, f->progress_total);
  g_assert_cmpint (f->progress_total, >, 8 * 1024 * 1024);
}

static void
test_helpers (void)
{
  g_autofree char *sig = nd_http_push_signature ("key", (const guint8 *)
                                                 "The quick brown fox jumps over the lazy dog", 43);
  g_autofree char *empty = nd_http_push_signature ("key", NULL, 0);
  g_autofree char *id = nd_http_push_media_id ("0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
                                               "photo.JPEG");
  g_autofree char *odd = nd_http_push_media_id ("0123456789abcdef0123456789abcdef", "photo.j?g");
  g_autofree char *a = nd_http_push_asset_url ("https://r.example/assets/", "x.jpg");
  g_autofree char *b = nd_http_push_asset_url ("https://r.example/assets", "x.jpg");
  g_autoptr(NdAccount) account = nd_account_new (ND_ACCOUNT_KIND_HTTP_PUSH, "A");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sig, ==, "sha1=de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9");
  g_assert_cmpstr (empty, ==, "sha1=f42bb0eeb018ebbd4597ae7213711ec60760843f");
  g_assert_cmpstr (id, ==, "newsdesk-0123456789abcdef0123456789abcdef.jpeg");
  g_assert_cmpstr (odd, ==, "newsdesk-0123456789abcdef0123456789abcdef.jpg");
  g_assert_cmpstr (a, ==, "https://r.example/assets/x.jpg");
  g_assert_cmpstr (b, ==, "https://r.example/assets/x.jpg");

  /* Defaults, then the settings as configured. */
  g_assert_cmpint (nd_http_push_account_get_format (account), ==, ND_NINJS_2_2);
  g_assert_null (nd_http_push_account_get_assets_url (account));
  g_assert_false (nd_http_push_account_get_has_token (account));
  nd_http_push_account_configure (account, "https://r.example/assets", ND_NINJS_SUPERDESK, TRUE);
  g_assert_cmpint (nd_http_push_account_get_format (account), ==, ND_NINJS_SUPERDESK);
  g_assert_cmpstr (nd_http_push_account_get_assets_url (account), ==, "https://r.example/assets");
  g_assert_true (nd_http_push_account_get_has_token (account));

  g_assert_true (nd_http_push_check_urls ("https://r.example/items", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (nd_http_push_check_urls ("https://r.example/items", "ftp://x/", &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_INVALID_URL);
  g_assert_nonnull (strstr (error->message, "assets URL"));
  g_clear_error (&error);
  g_assert_false (nd_http_push_check_urls ("receiver", NULL, &error));
  g_assert_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_INVALID_URL);
}

static const Params OK_2_2 = { MODE_OK, "ninjs-2.2" };
static const Params OK_3_1 = { MODE_OK, "ninjs-3.1" };
static const Params OK_SD = { MODE_OK, "superdesk" };
static const Params ITEM_500 = { MODE_ITEM_500, "ninjs-2.2" };
static const Params ITEM_HANG = { MODE_ITEM_HANG, "ninjs-2.2" };

#define ADD(path, params, func) \
  g_test_add ("/http-push/" path, Fixture, &(params), fixture_setup, func, fixture_teardown)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_free (nd_test_isolate_home ());
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_unsetenv ("http_proxy");

  g_test_add_func ("/http-push/helpers", test_helpers);
  ADD ("first-publish/ninjs-2.2", OK_2_2, test_first_publish);
  ADD ("first-publish/ninjs-3.1", OK_3_1, test_first_publish);
  ADD ("first-publish/superdesk", OK_SD, test_first_publish);
  ADD ("update/ninjs-2.2", OK_2_2, test_update);
  ADD ("update/superdesk", OK_SD, test_update);
  ADD ("photo-changed/ninjs-3.1", OK_3_1, test_photo_changed);
  ADD ("photo-changed/superdesk", OK_SD, test_photo_changed);
  ADD ("asset-already-there", OK_2_2, test_asset_already_there);
  ADD ("no-photo/ninjs-2.2", OK_2_2, test_no_photo);
  ADD ("no-photo/superdesk", OK_SD, test_no_photo);
  ADD ("bad-token", OK_2_2, test_bad_token);
  ADD ("bad-token-after-asset", OK_2_2, test_bad_token_after_asset);
  ADD ("unsigned", OK_2_2, test_unsigned);
  ADD ("item-500", ITEM_500, test_item_500);
  ADD ("timeout", ITEM_HANG, test_timeout);
  ADD ("cancel-upload", OK_2_2, test_cancel_upload);

  return g_test_run ();
}
