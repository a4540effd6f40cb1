/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nd-account.h"
#include "nd-article-store.h"
#include "nd-publisher.h"
#include "nd-wordpress.h"

G_BEGIN_DECLS

#define ND_TYPE_WORDPRESS_PUBLISHER (nd_wordpress_publisher_get_type ())
G_DECLARE_FINAL_TYPE (NdWordpressPublisher, nd_wordpress_publisher, ND, WORDPRESS_PUBLISHER, GObject)

/* Publishes to the WordPress site of account. store is where the article lives: its
 * photo is read from there and the article is saved there after each remote id is known. */
NdWordpressPublisher *nd_wordpress_publisher_new        (NdAccount            *account,
                                                         const char           *password,
                                                         NdArticleStore       *store);
NdWordpressClient    *nd_wordpress_publisher_get_client (NdWordpressPublisher *self);
/* Seconds to wait for the site before giving up on a request (0: libsoup's default, no
 * limit). For tests and slow links. */
void                  nd_wordpress_publisher_set_timeout (NdWordpressPublisher *self,
                                                          guint                 seconds);
/* The photo caption's format (see nd_wordpress_render_caption_format). NULL: the
 * account's "caption_format" setting (accounts.json), else ND_WORDPRESS_CAPTION_FORMAT.
 * The GUI sets it from the "caption-format" GSettings key. */
void                  nd_wordpress_publisher_set_caption_format (NdWordpressPublisher *self,
                                                                 const char           *format);
const char           *nd_wordpress_publisher_get_caption_format (NdWordpressPublisher *self);

/* The post's HTML: byline/dateline header, body, related links, hidden id token. */
char                 *nd_wordpress_render_content       (NdArticle            *article);
/* "CAPTION | Photo: CREDIT" (either part may be missing): the default format. */
char                 *nd_wordpress_render_caption       (const char           *caption,
                                                         const char           *credit);
#define ND_WORDPRESS_CAPTION_FORMAT "{caption} | Photo: {credit}"
/* The caption WordPress gets (it has no credit field): format with {caption} and
 * {credit} replaced (NULL or "": ND_WORDPRESS_CAPTION_FORMAT). With no credit, just the
 * caption; with no caption, the format without {caption} and the separator (spaces and
 * | - – — · , ; /) around it: "Photo: {credit}" for the default. */
char                 *nd_wordpress_render_caption_format (const char          *format,
                                                          const char          *caption,
                                                          const char          *credit);
/* An ASCII slug from a headline: "Rusia y América Latina" → "rusia-y-america-latina". */
char                 *nd_wordpress_slugify              (const char           *text);
/* The requests a publish would send, one per paragraph, Authorization masked (for
 * --dry-run and "Show request"). Term and media ids that would come from the server are
 * shown as placeholders. */
char                 *nd_wordpress_publisher_describe   (NdWordpressPublisher *self,
                                                         NdArticle            *article,
                                                         const char           *status,
                                                         GDateTime            *publish_at);

G_END_DECLS
