/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "nd-article.h"

G_BEGIN_DECLS

/*
 * IPTC ninjs (News in JSON), the format wire services and newsroom systems exchange
 * stories in. See PROTOCOLS.md, "IPTC ninjs", for the field mapping.
 *
 *   ND_NINJS_2_2        ninjs 2.2: lowercase names (firstcreated, pubstatus, altids…)
 *   ND_NINJS_3_1        ninjs 3.1: the same model in camelCase (firstCreated, pubStatus,
 *                       altIds, embargoedUntil…); associations gain "rel"
 *   ND_NINJS_SUPERDESK  the ninjs-1.x-based dialect Superdesk and its consumers speak
 *                       (guid, headline, body_html, associations keyed by name…)
 *
 * pubstatus: "published" → usable; "draft" and "scheduled" → withheld (a scheduled story
 * also carries its publish_at as the embargo). On import usable → published, withheld
 * with an embargo → scheduled at the embargo, anything else → draft.
 */

#define ND_NINJS_ERROR (nd_ninjs_error_quark ())

typedef enum
{
  ND_NINJS_ERROR_SYNTAX,         /* not JSON at all */
  ND_NINJS_ERROR_NOT_NINJS,      /* JSON, but not a ninjs item */
  ND_NINJS_ERROR_INVALID_FIELD,  /* message starts with the JSON path of the field */
  ND_NINJS_ERROR_TOO_LARGE,
} NdNinjsError;

typedef enum
{
  ND_NINJS_2_2,
  ND_NINJS_3_1,
  ND_NINJS_SUPERDESK,
} NdNinjsFlavour;

GQuark          nd_ninjs_error_quark         (void);

/* "ninjs-2.2", "ninjs-3.1", "superdesk" (the CLI's --format names) and back. */
const char     *nd_ninjs_flavour_to_string   (NdNinjsFlavour   flavour);
gboolean        nd_ninjs_flavour_from_string (const char      *name,
                                              NdNinjsFlavour  *flavour_out);

/* photo_href: how the item refers to the photo rendition (a URL or a relative file
 * name); NULL uses the photo's file name ("photo.<ext>"). version: the item version,
 * counting from 1 (0 is taken as 1); an update re-sends the item with a higher one. */
JsonNode       *nd_ninjs_export              (NdArticle       *article,
                                              NdNinjsFlavour   flavour,
                                              const char      *photo_href,
                                              guint            version);
/* The same as pretty-printed JSON (UTF-8, not ASCII-escaped). */
char           *nd_ninjs_export_string       (NdArticle       *article,
                                              NdNinjsFlavour   flavour,
                                              const char      *photo_href,
                                              guint            version);

/* Detects the flavour and returns a NEW article: its id comes from a "urn:uuid:<uuid>"
 * uri/guid, otherwise a fresh one. Every field is validated as the article loader does
 * (lengths, http(s) related links…); bad fields are ND_NINJS_ERROR_INVALID_FIELD errors
 * whose message starts with the JSON path ("headlines[0].value: expected text"). The body
 * is sanitized to the HTML subset. The photo's metadata (caption, credit, alt, size) is
 * kept with file = the rendition's file name when it is a plain relative name, else
 * "photo.<ext>"; the picture itself is never fetched: the caller attaches it. */
NdArticle      *nd_ninjs_import              (const char      *data,
                                              gssize           len,
                                              NdNinjsFlavour  *flavour_out,
                                              GError         **error);
/* As nd_ninjs_import; photo_href_out (may be NULL) receives the href of the picture's
 * rendition as written in the item, or NULL when there is no picture or no href. */
NdArticle      *nd_ninjs_import_full         (const char      *data,
                                              gssize           len,
                                              NdNinjsFlavour  *flavour_out,
                                              char           **photo_href_out,
                                              GError         **error);

/* TRUE when the JSON object looks like a ninjs item of any flavour (and not a Newsdesk
 * article document): used to pick the importer for a file. */
gboolean        nd_ninjs_detect              (JsonObject      *root,
                                              NdNinjsFlavour  *flavour_out);

G_END_DECLS
