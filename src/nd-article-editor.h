/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nd-article-store.h"
#include "nd-preview.h"

G_BEGIN_DECLS

#define ND_TYPE_ARTICLE_EDITOR (nd_article_editor_get_type ())
G_DECLARE_FINAL_TYPE (NdArticleEditor, nd_article_editor, ND, ARTICLE_EDITOR, GtkWidget)

GtkWidget  *nd_article_editor_new            (NdArticleStore  *store);
NdArticle  *nd_article_editor_get_article    (NdArticleEditor *self);
/* Shows article (NULL for none). Pending edits of the previous article are saved first. */
void        nd_article_editor_set_article    (NdArticleEditor *self,
                                              NdArticle       *article);
void        nd_article_editor_focus_headline (NdArticleEditor *self);
/* TRUE while edits are not yet on disk. */
gboolean    nd_article_editor_get_dirty      (NdArticleEditor *self);
/* Writes pending edits now (async); callback when they are on disk. */
void        nd_article_editor_save_async     (NdArticleEditor     *self,
                                              gboolean             snapshot,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    nd_article_editor_save_finish    (NdArticleEditor     *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* The current checklist (NdCheckItem*), kept up to date; "checklist-changed" tells. */
GPtrArray  *nd_article_editor_get_checklist  (NdArticleEditor *self);
void        nd_article_editor_set_sections   (NdArticleEditor    *self,
                                              const char * const *sections);
/* Tags used before (for completion in the tag entry). */
void        nd_article_editor_set_known_tags (NdArticleEditor    *self,
                                              const char * const *tags);

/* After "photo-removed": puts the photo back while the same article is open. */
void        nd_article_editor_undo_photo_remove (NdArticleEditor *self);

/* The preview pane, or NULL until the "editor.preview" action first showed it. */
NdPreview  *nd_article_editor_get_preview (NdArticleEditor *self);

G_END_DECLS
