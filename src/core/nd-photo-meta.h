/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nd-photo.h"

G_BEGIN_DECLS

#define ND_PHOTO_META_ERROR (nd_photo_meta_error_quark ())

typedef enum
{
  ND_PHOTO_META_ERROR_NOT_FOUND,   /* missing, or not a regular file */
  ND_PHOTO_META_ERROR_TOO_LARGE,   /* over ND_PHOTO_META_MAX_FILE_SIZE */
  ND_PHOTO_META_ERROR_UNREADABLE,  /* not an image exiv2 understands, or damaged */
} NdPhotoMetaError;

/* Files larger than this are refused before exiv2 opens them. */
#define ND_PHOTO_META_MAX_FILE_SIZE (200 * 1024 * 1024)

/* What the photographer or agency embedded in the file: caption, credit and alt text.
 * Every field is trimmed UTF-8, or NULL when the file has none. */
typedef struct
{
  char *caption;
  char *credit;
  char *alt;
} NdPhotoMeta;

GQuark       nd_photo_meta_error_quark (void);

/* Blocking and thread-safe: reads IPTC, XMP and EXIF (IPTC wins over XMP, XMP over EXIF). */
NdPhotoMeta *nd_photo_meta_read        (const char          *path,
                                        GError             **error);
void         nd_photo_meta_free        (NdPhotoMeta         *meta);

/* The same in a worker thread; the callback runs in the caller's main context. */
void         nd_photo_meta_read_async  (const char          *path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
NdPhotoMeta *nd_photo_meta_read_finish (GAsyncResult        *result,
                                        GError             **error);

/* Fills only the empty fields of photo from meta (never overwrites what the reporter
 * typed). Returns TRUE if anything changed. */
gboolean     nd_photo_meta_apply       (const NdPhotoMeta   *meta,
                                        NdPhoto             *photo);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NdPhotoMeta, nd_photo_meta_free)

G_END_DECLS
