/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One article of the library index (index.json) as the reader found it. String fields are
 * NULL when the index held null or left them out; integers are G_MININT64 when missing. */
typedef struct
{
  char   *id;
  char   *headline;
  char   *section;
  char   *status;
  char  **tags;        /* NULL-terminated; NULL when missing */
  gint64  modified;
  gint64  mtime_ns;
  gint64  size;
} NdIndexRecord;

/* Called once per article. It may take any field (g_steal_pointer); what it leaves is
 * freed by the reader after the call. */
typedef void (*NdIndexRecordFunc) (NdIndexRecord *record,
                                   gpointer       user_data);

/* Reads the index as Newsdesk writes it — {"version":N,"articles":[{…},…]} — straight from
 * the bytes, without building a JSON tree: no per-node allocations, no recursion, bounded
 * by the length of the data. Returns FALSE as soon as it sees anything else (another
 * version, a member or type it does not know, broken JSON, invalid UTF-8, \u0000); the
 * caller then drops the records it was given and falls back to a general JSON parser. */
gboolean nd_index_reader_parse (const char        *data,
                                gsize              length,
                                gint64             version,
                                NdIndexRecordFunc  func,
                                gpointer           user_data);

G_END_DECLS
