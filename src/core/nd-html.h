/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The article body is a small, safe HTML subset:
 *   p h2 h3 strong em a[href] blockquote ul ol li br
 * Links allow http, https and mailto only.
 *
 * Untrusted HTML (paste, import, CMS responses) is parsed with libxml2's HTML parser
 * and reduced to an NdHtmlDoc: a flat list of blocks, each a list of runs. This is the
 * shape the editor maps 1:1 onto a GtkTextBuffer (one block = one buffer line), and
 * nd_html_doc_serialize() writes it back as canonical HTML, so
 * serialize(parse(serialize(parse(x)))) == serialize(parse(x)).
 *
 * <br> inside a block becomes U+2028 LINE SEPARATOR in run text (it is not a buffer
 * line break); serialize turns it back into <br>.
 */

#define ND_HTML_ERROR (nd_html_error_quark ())

typedef enum
{
  ND_HTML_ERROR_TOO_LARGE,
  ND_HTML_ERROR_PARSE,
} NdHtmlError;

typedef enum
{
  ND_HTML_BLOCK_PARAGRAPH,
  ND_HTML_BLOCK_HEADING2,
  ND_HTML_BLOCK_HEADING3,
  ND_HTML_BLOCK_QUOTE,      /* one paragraph inside a <blockquote> */
  ND_HTML_BLOCK_BULLET,     /* one <li> inside a <ul> */
  ND_HTML_BLOCK_NUMBERED,   /* one <li> inside an <ol> */
} NdHtmlBlockKind;

typedef enum
{
  ND_HTML_STYLE_NONE   = 0,
  ND_HTML_STYLE_BOLD   = 1 << 0,
  ND_HTML_STYLE_ITALIC = 1 << 1,
} NdHtmlStyle;

typedef struct
{
  char        *text;   /* UTF-8, never NULL or empty; U+2028 for <br> */
  NdHtmlStyle  style;
  char        *href;   /* NULL, or a safe http/https/mailto URL */
} NdHtmlRun;

typedef struct
{
  NdHtmlBlockKind  kind;
  GPtrArray       *runs;   /* of NdHtmlRun*, owned; adjacent runs with equal style+href are merged */
} NdHtmlBlock;

typedef struct
{
  GPtrArray *blocks;       /* of NdHtmlBlock*, owned; blocks with no text are dropped */
} NdHtmlDoc;

/* Inputs larger than this are refused with ND_HTML_ERROR_TOO_LARGE. */
#define ND_HTML_MAX_INPUT (16 * 1024 * 1024)

GQuark        nd_html_error_quark        (void);

NdHtmlDoc    *nd_html_doc_new            (void);
void          nd_html_doc_free           (NdHtmlDoc         *doc);
NdHtmlBlock  *nd_html_doc_append_block   (NdHtmlDoc         *doc,
                                          NdHtmlBlockKind    kind);
void          nd_html_block_append_run   (NdHtmlBlock       *block,
                                          const char        *text,
                                          NdHtmlStyle        style,
                                          const char        *href);

/* Parses any HTML (fragment or document, any junk) into the subset. Never fails on
 * malformed markup; fails only on inputs over ND_HTML_MAX_INPUT or invalid UTF-8 that
 * cannot be repaired. len may be -1 for NUL-terminated. */
NdHtmlDoc    *nd_html_parse              (const char        *html,
                                          gssize             len,
                                          GError           **error);
char         *nd_html_doc_serialize      (const NdHtmlDoc   *doc);
char         *nd_html_doc_to_plain_text  (const NdHtmlDoc   *doc);

/* parse + serialize in one call; the result contains only the subset. */
char         *nd_html_sanitize           (const char        *html,
                                          gssize             len,
                                          GError           **error);

/* Plain text to paragraphs: blank lines (or single newlines) separate <p>s; text is escaped. */
char         *nd_html_from_plain_text    (const char        *text);

/* The body's visible text, blocks separated by "\n". */
char         *nd_html_to_plain_text      (const char        *html);

/* http, https (with a host) or mailto; no whitespace/control tricks ("java\nscript:"). */
gboolean      nd_html_is_safe_url        (const char        *url);
gboolean      nd_html_is_http_url        (const char        *url);

/* Escapes &, <, >, " and ' for text or attribute values. */
char         *nd_html_escape             (const char        *text);

guint         nd_text_count_words        (const char        *text);
guint         nd_text_count_chars        (const char        *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NdHtmlDoc, nd_html_doc_free)

G_END_DECLS
