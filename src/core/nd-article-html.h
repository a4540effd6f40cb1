/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nd-article.h"

G_BEGIN_DECLS

/* A standalone news page for the article: section breadcrumb, headline, standfirst,
 * byline and dateline, the photo with caption and credit, the date, the body and the
 * related links. Every field is escaped; the page loads nothing from outside.
 * photo_href is how the page refers to the photo (a relative file name), or NULL. */
char *nd_article_render_html (NdArticle  *article,
                              const char *photo_href);

G_END_DECLS
