/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ND_TYPE_PHOTO (nd_photo_get_type ())
G_DECLARE_FINAL_TYPE (NdPhoto, nd_photo, ND, PHOTO, GObject)

NdPhoto    *nd_photo_new          (void);
NdPhoto    *nd_photo_copy         (NdPhoto    *self);
gboolean    nd_photo_equal        (NdPhoto    *a,
                                   NdPhoto    *b);

const char *nd_photo_get_file     (NdPhoto    *self);
void        nd_photo_set_file     (NdPhoto    *self,
                                   const char *file);
const char *nd_photo_get_caption  (NdPhoto    *self);
void        nd_photo_set_caption  (NdPhoto    *self,
                                   const char *caption);
const char *nd_photo_get_credit   (NdPhoto    *self);
void        nd_photo_set_credit   (NdPhoto    *self,
                                   const char *credit);
const char *nd_photo_get_alt      (NdPhoto    *self);
void        nd_photo_set_alt      (NdPhoto    *self,
                                   const char *alt);
guint       nd_photo_get_width    (NdPhoto    *self);
void        nd_photo_set_width    (NdPhoto    *self,
                                   guint       width);
guint       nd_photo_get_height   (NdPhoto    *self);
void        nd_photo_set_height   (NdPhoto    *self,
                                   guint       height);
const char *nd_photo_get_sha256   (NdPhoto    *self);
void        nd_photo_set_sha256   (NdPhoto    *self,
                                   const char *sha256);

/* Keys of the photo object this version does not know, kept for round trips. */
JsonObject *nd_photo_get_extra    (NdPhoto    *self);

G_END_DECLS
