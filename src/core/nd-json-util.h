/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Checks shared by the loaders of untrusted JSON (article documents, ninjs items). Errors
 * name the JSON path of the bad field first: "related[2].url: not an http(s) URL". */

/* Sets "PATH: PROBLEM" in the given domain and code; always returns FALSE. */
gboolean nd_json_field_error (GError     **error,
                              GQuark       domain,
                              int          code,
                              const char  *path,
                              const char  *problem);

/* TRUE if brackets nest deeper than max_depth outside strings, or if there is a ' or /
 * outside strings (json-glib's '…' strings and comments could hide brackets from this
 * check): such input is refused before json-glib's recursive parser can be driven into a
 * stack overflow. */
gboolean nd_json_too_deep    (const char  *data,
                              gsize        len,
                              guint        max_depth);

/* TRUE if data is at most one plain JSON value: nothing but white space after the first
 * value, no ' or / outside strings, and only the escapes JSON has inside them (json-glib
 * also takes octal ones and lone surrogates, which make strings that are not UTF-8). json-glib 1.6 reads "{…}{…}" or "3{…}" as several
 * statements and leaks all but one, and takes comments and '…' strings: such input is
 * refused before it gets there. */
gboolean nd_json_is_one_value (const char  *data,
                               gsize        len);

/* A member that is absent or null gives NULL; anything but a string is an error ("expected
 * text"), and so is a string over max_chars characters (when max_chars > 0). */
gboolean nd_json_get_string  (JsonObject  *obj,
                              const char  *key,
                              const char  *path,
                              glong        max_chars,
                              GQuark       domain,
                              int          code,
                              const char **out,
                              GError     **error);

/* Members of JSON from elsewhere (a server): the string, or the number, when the member
 * is one; default_value when it is absent or anything else. Unlike json-glib 1.6's
 * json_object_get_*_member_with_default, no critical for an object or array there. */
const char *nd_json_object_get_text    (JsonObject  *obj,
                                        const char  *key,
                                        const char  *default_value);
gint64      nd_json_object_get_integer (JsonObject  *obj,
                                        const char  *key,
                                        gint64       default_value);

/* A deep copy: json-glib 1.6's json_node_copy shares objects and arrays. */
JsonObject *nd_json_object_copy (JsonObject *obj);
JsonNode   *nd_json_node_copy   (JsonNode   *node);

G_END_DECLS
