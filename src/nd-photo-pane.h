/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nd-article-store.h"

G_BEGIN_DECLS

#define ND_TYPE_PHOTO_PANE (nd_photo_pane_get_type ())
G_DECLARE_FINAL_TYPE (NdPhotoPane, nd_photo_pane, ND, PHOTO_PANE, GtkWidget)

/* The article's lead photo: a thumbnail (decoded off the main thread), its size, the
 * caption, credit and alt text fields bound to the article's NdPhoto, and Choose / Remove
 * buttons; images can also be dropped on the thumbnail area.
 *
 * Signals:
 *   "error" (const char *message): a user-facing message, for the window to show. */
GtkWidget  *nd_photo_pane_new          (void);
/* NULL article: the pane is empty and insensitive. store is needed to copy photos into
 * the article's folder; it may be NULL only together with article. */
void        nd_photo_pane_set_article  (NdPhotoPane    *self,
                                        NdArticleStore *store,
                                        NdArticle      *article);
NdArticle  *nd_photo_pane_get_article  (NdPhotoPane    *self);
/* Attaches file as the article's photo (async; what the chooser and drag-and-drop call),
 * then fills the empty caption, credit and alt fields from its IPTC/XMP metadata.
 * On failure "error" is emitted and the article stays as it was. */
void        nd_photo_pane_attach_file  (NdPhotoPane    *self,
                                        GFile          *file);
/* TRUE while an attach for the current article is running. */
gboolean    nd_photo_pane_get_busy     (NdPhotoPane    *self);
/* The caption field, for spell checking. */
GtkEntry   *nd_photo_pane_get_caption_entry (NdPhotoPane *self);

/* After "removed": puts the photo back (with its caption, credit and alt text) while the
 * same article is still open and no other photo was attached. */
gboolean    nd_photo_pane_can_undo_remove (NdPhotoPane *self);
void        nd_photo_pane_undo_remove     (NdPhotoPane *self);

G_END_DECLS
