/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* At most this much of a page is downloaded to look for its title. */
#define ND_PAGE_TITLE_MAX_BYTES   (256 * 1024)
/* The whole fetch (connect, headers, body) gives up after this many seconds. */
#define ND_PAGE_TITLE_TIMEOUT     5
/* Titles are cut to this many characters. */
#define ND_PAGE_TITLE_MAX_CHARS   300

/* The page's title: <meta property="og:title" content="…"> if present, else <title>.
 * Entities decoded, whitespace collapsed to single spaces, trimmed, at most
 * ND_PAGE_TITLE_MAX_CHARS characters. NULL when the page has no usable title. */
char *nd_page_title_parse        (const char          *html,
                                  gsize                len);

/* Fetches an http(s) URL and parses its title. Finishes with G_IO_ERROR_TIMED_OUT after
 * ND_PAGE_TITLE_TIMEOUT seconds, G_IO_ERROR_CANCELLED when cancelled, and with NULL but
 * no error when the page has no title. */
void  nd_page_title_fetch_async  (SoupSession         *session,
                                  const char          *url,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
char *nd_page_title_fetch_finish (GAsyncResult        *result,
                                  GError             **error);

G_END_DECLS
