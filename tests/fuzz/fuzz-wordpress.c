/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a WordPress server answers (nd-wordpress.c, nd-wordpress-publisher.c): the API
 * discovery Link header, error bodies, the term lists, post and media answers and the
 * echo check of a saved post. The first byte picks the parser; the rest is the answer. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "nd-wordpress.h"
#include "nd-wordpress-private.h"

static void
fuzz_link (const char *text)
{
  g_autofree char *root = nd_wordpress_find_api_link (text, "https://news.example.org/blog/");
  g_autofree char *root_http = nd_wordpress_find_api_link (text, "http://localhost:8080/");

  if (root)
    (void) nd_wordpress_check_url (root, FALSE, NULL);
  if (root_http)
    (void) nd_wordpress_check_url (root_http, FALSE, NULL);
}

static void
fuzz_error_body (GBytes *bytes)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", "https://news.example.org/wp-json/");
  g_autofree char *code = NULL;
  g_autofree char *said = NULL;

  soup_message_headers_set_content_type (soup_message_get_response_headers (msg),
                                         "application/json", NULL);
  said = nd_wordpress_server_message (msg, bytes, &code);
  fuzz_check (said == NULL || *said != '\0', "empty message");
}

static void
fuzz_terms (JsonNode *node)
{
  g_autoptr(GArray) terms = g_array_new (FALSE, TRUE, sizeof (NdWordpressTerm));
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) tags = NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return;
  g_array_set_clear_func (terms, (GDestroyNotify) nd_wordpress_term_clear);
  nd_wordpress_parse_terms (json_node_get_array (node), terms);
  /* Twice: the second page repeats ids, as a site that changes between pages does. */
  nd_wordpress_parse_terms (json_node_get_array (node), terms);
  paths = nd_wordpress_category_paths (terms);
  tags = nd_wordpress_tag_names (terms);
  fuzz_check (g_strv_length (paths) == terms->len, "a category went missing");
  for (guint i = 0; paths[i]; i++)
    fuzz_check (g_utf8_validate (paths[i], -1, NULL) && *paths[i], "bad path");
  for (guint i = 0; tags[i]; i++)
    fuzz_check (g_utf8_validate (tags[i], -1, NULL) && *tags[i], "bad tag");
}

static void
fuzz_post (JsonNode *node)
{
  g_autoptr(GArray) sent = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 ids[] = { 1, 7, 42 };

  (void) nd_wordpress_member_int (node, "id");
  (void) nd_wordpress_member_int (node, "featured_media");
  (void) nd_wordpress_term_exists_id (node);
  (void) nd_wordpress_find_post_by_token (node, "<!-- newsdesk:3b0c1f0e-4a7e-4f57-9a55-2f1c3f2f6b11 -->");
  if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
    (void) nd_wordpress_member_int (json_array_get_element (json_node_get_array (node), 0), "id");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  (void) nd_wordpress_ids_equal (json_node_get_object (node), "categories", sent);
  g_array_append_vals (sent, ids, G_N_ELEMENTS (ids));
  (void) nd_wordpress_ids_equal (json_node_get_object (node), "categories", sent);
  (void) nd_wordpress_ids_equal (json_node_get_object (node), "tags", sent);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  fuzz_init ();
  if (size < 1)
    return 0;
  bytes = g_bytes_new (data + 1, size - 1);
  switch (data[0] % 4)
    {
    case 0:
      text = g_strndup ((const char *) data + 1, size - 1);
      fuzz_link (text);
      break;
    case 1:
      fuzz_error_body (bytes);
      break;
    case 2:
      node = nd_wordpress_parse_json (bytes);
      if (node)
        fuzz_terms (node);
      break;
    default:
      node = nd_wordpress_parse_json (bytes);
      if (node)
        fuzz_post (node);
      break;
    }
  return 0;
}
