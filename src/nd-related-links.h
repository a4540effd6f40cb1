/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "nd-article.h"

G_BEGIN_DECLS

#define ND_TYPE_RELATED_LINKS (nd_related_links_get_type ())
G_DECLARE_FINAL_TYPE (NdRelatedLinks, nd_related_links, ND, RELATED_LINKS, GtkWidget)

GtkWidget *nd_related_links_new         (void);
NdArticle *nd_related_links_get_article (NdRelatedLinks *self);
void       nd_related_links_set_article (NdRelatedLinks *self,
                                         NdArticle      *article);

G_END_DECLS
