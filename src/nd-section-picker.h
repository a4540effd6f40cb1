/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "nd-article.h"

G_BEGIN_DECLS

#define ND_TYPE_SECTION_PICKER (nd_section_picker_get_type ())
G_DECLARE_FINAL_TYPE (NdSectionPicker, nd_section_picker, ND, SECTION_PICKER, GtkWidget)

GtkWidget *nd_section_picker_new          (void);
NdArticle *nd_section_picker_get_article  (NdSectionPicker    *self);
void       nd_section_picker_set_article  (NdSectionPicker    *self,
                                           NdArticle          *article);
/* The sections offered, as paths ("News > Russia"); parents are implied. */
void       nd_section_picker_set_sections (NdSectionPicker    *self,
                                           const char * const *paths);

G_END_DECLS
