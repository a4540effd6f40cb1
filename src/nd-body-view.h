/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * NdBodyView: the article body editor, a GtkTextView mapped 1:1 onto the HTML subset of
 * nd-html.h. One block is one buffer line; block kinds and inline styles are tags.
 *
 * Actions (installed on the class, shortcuts in brackets): body.bold [Ctrl+B],
 * body.italic [Ctrl+I], body.link [Ctrl+K], body.heading2 [Ctrl+2], body.heading3
 * [Ctrl+3], body.paragraph [Ctrl+0], body.quote, body.bullets, body.numbers,
 * body.undo [Ctrl+Z], body.redo [Shift+Ctrl+Z, Ctrl+Y].
 *
 * Signal "changed": the user changed content or formatting (once per edit step; not
 * emitted by nd_body_view_set_html()).
 */

#define ND_TYPE_BODY_VIEW (nd_body_view_get_type ())

G_DECLARE_FINAL_TYPE (NdBodyView, nd_body_view, ND, BODY_VIEW, GtkTextView)

GtkWidget     *nd_body_view_new            (void);

/* Replaces the content (sanitized through nd_html_parse), clears the undo history;
 * does not emit "changed". NULL or "" empties the body. */
void           nd_body_view_set_html       (NdBodyView        *self,
                                            const char        *html);
/* The canonical serialization of the buffer (nd_html_doc_serialize). */
char          *nd_body_view_dup_html       (NdBodyView        *self);

/* Keeps a foreign tag (spelling marks) out of the undo history: applying or removing it
 * is not an edit. dup_html never serializes foreign tags. */
void           nd_body_view_ignore_tag     (NdBodyView        *self,
                                            GtkTextTag        *tag);

GtkTextView   *nd_body_view_get_text_view  (NdBodyView        *self);
GtkTextBuffer *nd_body_view_get_buffer     (NdBodyView        *self);
guint          nd_body_view_get_word_count (NdBodyView        *self);

/* Links [start, end) to href, or removes links there if href is NULL. Returns FALSE
 * (and changes nothing) if href is not a safe http/https/mailto URL. The link dialog
 * (body.link) uses this. One undo step. */
gboolean       nd_body_view_set_link       (NdBodyView        *self,
                                            const GtkTextIter *start,
                                            const GtkTextIter *end,
                                            const char        *href);
/* The href of the link at iter, or NULL. */
const char    *nd_body_view_get_link_at    (NdBodyView        *self,
                                            const GtkTextIter *iter);

/* What paste does once the clipboard has been read: sanitizes html through nd_html_parse
 * (or splits text into one paragraph per line) and inserts it at the cursor, replacing
 * the selection. One undo step. */
void           nd_body_view_paste_html     (NdBodyView        *self,
                                            const char        *html);
void           nd_body_view_paste_text     (NdBodyView        *self,
                                            const char        *text);

/* A box of flat buttons (Undo, Redo, Bold, Italic, Link, Heading 2, Heading 3, Quote,
 * Bulleted list, Numbered list) driving this view's actions; place it anywhere. */
GtkWidget     *nd_body_view_create_toolbar (NdBodyView        *self);

G_END_DECLS
