/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "nd-article-store.h"

G_BEGIN_DECLS

/* One row of the library as a GObject, for list models. Immutable. */
#define ND_TYPE_LIBRARY_ITEM (nd_library_item_get_type ())
G_DECLARE_FINAL_TYPE (NdLibraryItem, nd_library_item, ND, LIBRARY_ITEM, GObject)

NdLibraryItem      *nd_library_item_new          (const NdIndexEntry *entry);
/* Takes @entry instead of copying it (a listing of 10,000 rows). */
NdLibraryItem      *nd_library_item_new_take     (NdIndexEntry       *entry);
const NdIndexEntry *nd_library_item_get_entry    (NdLibraryItem      *self);
const char         *nd_library_item_get_id       (NdLibraryItem      *self);
const char         *nd_library_item_get_headline (NdLibraryItem      *self);
/* "4 Jul 2022, 11:30" in local time */
char               *nd_library_item_dup_modified_text (NdLibraryItem *self);
/* Translated "Draft", "Scheduled", "Published" */
const char         *nd_status_display_name       (const char         *status);

G_END_DECLS
