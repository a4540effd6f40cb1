/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/*
 * The parsers of what a WordPress server sends, out of nd-wordpress.c and
 * nd-wordpress-publisher.c so the fuzz targets (tests/fuzz/) and unit tests can feed them
 * hostile answers directly. Not API: only those two files and tests include this.
 */

/* Answers nested deeper than this are refused before json-glib's recursive parser sees them. */
#define ND_WORDPRESS_MAX_JSON_DEPTH 512

/* A body as JSON, or NULL (not JSON, or nested deeper than ND_WORDPRESS_MAX_JSON_DEPTH). */
JsonNode  *nd_wordpress_parse_json         (GBytes      *bytes);
/* The API root from a Link header's entries: <url>; rel="https://api.w.org/", resolved
 * against base; NULL when there is none. */
char      *nd_wordpress_find_api_link      (const char  *links,
                                            const char  *base);
/* WordPress's own words ("message", and "code" into code_out) from an error answer whose
 * response headers say JSON; NULL otherwise. */
char      *nd_wordpress_server_message     (SoupMessage *msg,
                                            GBytes      *bytes,
                                            char       **code_out);

typedef struct
{
  gint64  id;
  gint64  parent;
  char   *name;
} NdWordpressTerm;

void       nd_wordpress_term_clear         (NdWordpressTerm *term);
/* Appends the named terms of one page of /wp/v2/categories or /wp/v2/tags (entities
 * decoded, blank names skipped) to into, a GArray of NdWordpressTerm. */
void       nd_wordpress_parse_terms        (JsonArray   *items,
                                            GArray      *into);
/* "Parent > Child" for every category, sorted; NULL-terminated. */
char     **nd_wordpress_category_paths     (GArray      *cats);
/* Tag names, sorted, without case-duplicates; NULL-terminated. */
char     **nd_wordpress_tag_names          (GArray      *tags);

/* The integer member key of an object node; 0 when absent or not a number. */
gint64     nd_wordpress_member_int         (JsonNode    *node,
                                            const char  *key);
/* The term id of a 400 {"code":"term_exists","data":{"term_id":N}} body, or 0. */
gint64     nd_wordpress_term_exists_id     (JsonNode    *body);
/* The echo check: TRUE when every id in sent (gint64) is in the post's key array. */
gboolean   nd_wordpress_ids_equal          (JsonObject  *post,
                                            const char  *key,
                                            GArray      *sent);
/* The id of the post in a search answer whose raw content holds token, or 0. */
gint64     nd_wordpress_find_post_by_token (JsonNode    *found,
                                            const char  *token);

G_END_DECLS
