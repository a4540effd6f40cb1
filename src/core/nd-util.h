/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Replaces *ptr with a copy of value; TRUE if it changed (so callers notify only then). */
gboolean   nd_set_str              (char              **ptr,
                                    const char         *value);
gboolean   nd_set_strv             (char             ***ptr,
                                    const char * const *value);
/* NULL and "" are the same for article text fields. */
gboolean   nd_str_equal0           (const char         *a,
                                    const char         *b);
gboolean   nd_strv_equal0          (const char * const *a,
                                    const char * const *b);

char      *nd_uuid_new             (void);

/* RFC 3339 in UTC with a Z: "2022-07-04T10:00:00Z". */
char      *nd_datetime_format      (GDateTime          *dt);
GDateTime *nd_datetime_parse       (const char         *text);

/* Crash-safe file replacement: a temp file in the same folder (named so stale ones can
 * be recognised and removed), written, fsync'd, renamed over the target, folder fsync'd.
 * A crash at any point leaves either the old file or the new one, never a torn one. */
gboolean   nd_file_write_atomic    (const char         *path,
                                    const void         *data,
                                    gsize               len,
                                    GError            **error);
/* Same for a copy; also returns the lowercase hex SHA-256 of what was copied. */
gboolean   nd_file_copy_atomic     (const char         *src,
                                    const char         *dest,
                                    char              **sha256_out,
                                    GError            **error);
char      *nd_file_sha256          (const char         *path,
                                    GError            **error);
/* Removes temp files in dir left behind by processes that no longer run. */
void       nd_remove_stale_temps   (const char         *dir);
gboolean   nd_is_temp_name         (const char         *basename);

gboolean   nd_mkdir_private        (const char         *path,
                                    GError            **error);
gboolean   nd_rm_rf                (const char         *path,
                                    GError            **error);
gboolean   nd_fsync_dir            (const char         *path);

G_END_DECLS
