/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "nd-article.h"

G_BEGIN_DECLS

#define ND_TYPE_TAG_ENTRY (nd_tag_entry_get_type ())
G_DECLARE_FINAL_TYPE (NdTagEntry, nd_tag_entry, ND, TAG_ENTRY, GtkWidget)

GtkWidget *nd_tag_entry_new             (void);
NdArticle *nd_tag_entry_get_article     (NdTagEntry         *self);
void       nd_tag_entry_set_article     (NdTagEntry         *self,
                                         NdArticle          *article);
/* Completion source: tags used before. */
void       nd_tag_entry_set_suggestions (NdTagEntry         *self,
                                         const char * const *tags);

G_END_DECLS
