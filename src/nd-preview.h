/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "nd-article-store.h"

G_BEGIN_DECLS

#define ND_TYPE_PREVIEW (nd_preview_get_type ())
G_DECLARE_FINAL_TYPE (NdPreview, nd_preview, ND, PREVIEW, GtkWidget)

/* The article as a news page (the folder target's rendering), in a WebKit view with
 * JavaScript off and no network: the page can load its own photo and nothing else, and
 * a clicked link opens in the browser, never inside the pane. */
GtkWidget  *nd_preview_new          (void);
void        nd_preview_set_article  (NdPreview      *self,
                                     NdArticleStore *store,
                                     NdArticle      *article);
/* Re-renders now (normally debounced after each change). */
void        nd_preview_refresh      (NdPreview      *self);
/* The title of the page as WebKit parsed it (the headline), once loaded. */
const char *nd_preview_get_title    (NdPreview      *self);
/* "loaded" is emitted each time a rendering finished loading. */

G_END_DECLS
