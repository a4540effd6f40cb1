/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nd-application.h"
#include "nd-article-editor.h"

G_BEGIN_DECLS

#define ND_TYPE_WINDOW (nd_window_get_type ())
G_DECLARE_FINAL_TYPE (NdWindow, nd_window, ND, WINDOW, AdwApplicationWindow)

NdWindow        *nd_window_new            (NdApplication *app);
/* The library rows (NdLibraryItem), unfiltered. */
GListModel      *nd_window_get_library    (NdWindow      *self);
void             nd_window_reload_library (NdWindow      *self);
NdArticleEditor *nd_window_get_editor     (NdWindow      *self);
/* Opens the article with this id in the editor (async). */
void             nd_window_open_article   (NdWindow      *self,
                                           const char    *id);
void             nd_window_add_toast      (NdWindow      *self,
                                           const char    *message);

G_END_DECLS
