/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-html"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "nd-html.h"

/*
 * Overview
 *
 * nd_html_parse() hands the (repaired) input to libxml2's HTML parser and walks the
 * resulting DOM iteratively, feeding text into a Builder. The Builder is the single
 * place where text is normalised: whitespace collapsing, <br> handling, control
 * character removal, run merging and empty-block dropping all happen there.
 *
 * nd_html_doc_serialize() first pushes the document through the same Builder and only
 * then writes it out. For documents that came out of nd_html_parse() that pass is the
 * identity; for documents assembled by hand (the editor) it guarantees the output is
 * already canonical, so serialize(parse(serialize(doc))) == serialize(doc) holds for
 * every doc, and parse(serialize(doc)) == doc for every parsed doc.
 *
 * Canonical serialization:
 *   - one line per block, lines joined with "\n", no trailing newline, "" for no blocks;
 *   - <p>, <h2>, <h3>; runs of QUOTE blocks become <blockquote><p>…</p>\n<p>…</p></blockquote>,
 *     runs of BULLET / NUMBERED blocks become <ul><li>…</li>\n<li>…</li></ul> / <ol>…</ol>
 *     (the opening and closing list/quote tags share the line of the first/last block);
 *   - every run is written as <a href="…"><strong><em>text</em></strong></a>, omitting
 *     the parts it does not have;
 *   - text escapes & < > and writes U+00A0 as &nbsp; and U+2028 as <br>;
 *     the href attribute escapes & < > ".
 */

G_DEFINE_QUARK (nd-html-error-quark, nd_html_error)

#define LINE_SEPARATOR      0x2028
#define PARAGRAPH_SEPARATOR 0x2029
#define LINE_SEPARATOR_UTF8 "\xe2\x80\xa8"
#define STYLE_MASK          (ND_HTML_STYLE_BOLD | ND_HTML_STYLE_ITALIC)

/* ------------------------------------------------------------------------------------ */
/* Document model                                                                        */
/* ------------------------------------------------------------------------------------ */

static void
nd_html_run_free (gpointer data)
{
  NdHtmlRun *run = data;

  g_free (run->text);
  g_free (run->href);
  g_free (run);
}

static void
nd_html_block_free (gpointer data)
{
  NdHtmlBlock *block = data;

  g_ptr_array_unref (block->runs);
  g_free (block);
}

NdHtmlDoc *
nd_html_doc_new (void)
{
  NdHtmlDoc *doc = g_new0 (NdHtmlDoc, 1);

  doc->blocks = g_ptr_array_new_with_free_func (nd_html_block_free);
  return doc;
}

void
nd_html_doc_free (NdHtmlDoc *doc)
{
  if (doc == NULL)
    return;

  g_ptr_array_unref (doc->blocks);
  g_free (doc);
}

static NdHtmlBlockKind
sanitize_kind (NdHtmlBlockKind kind)
{
  switch (kind)
    {
    case ND_HTML_BLOCK_PARAGRAPH:
    case ND_HTML_BLOCK_HEADING2:
    case ND_HTML_BLOCK_HEADING3:
    case ND_HTML_BLOCK_QUOTE:
    case ND_HTML_BLOCK_BULLET:
    case ND_HTML_BLOCK_NUMBERED:
      return kind;
    default:
      return ND_HTML_BLOCK_PARAGRAPH;
    }
}

NdHtmlBlock *
nd_html_doc_append_block (NdHtmlDoc       *doc,
                          NdHtmlBlockKind  kind)
{
  NdHtmlBlock *block;

  g_return_val_if_fail (doc != NULL, NULL);

  block = g_new0 (NdHtmlBlock, 1);
  block->kind = sanitize_kind (kind);
  block->runs = g_ptr_array_new_with_free_func (nd_html_run_free);
  g_ptr_array_add (doc->blocks, block);
  return block;
}

/* Returns a newly allocated copy of @url with the surrounding whitespace removed if it
 * is safe, NULL otherwise. Stored hrefs are always in this trimmed form so that a
 * parse/serialize round trip cannot change them. */
static char *
safe_href_dup (const char *url)
{
  g_autofree char *trimmed = NULL;

  if (url == NULL || !nd_html_is_safe_url (url))
    return NULL;

  trimmed = g_strdup (url);
  g_strstrip (trimmed);
  return g_steal_pointer (&trimmed);
}

static gboolean
same_href (const char *a,
           const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

void
nd_html_block_append_run (NdHtmlBlock *block,
                          const char  *text,
                          NdHtmlStyle  style,
                          const char  *href)
{
  g_autofree char *valid = NULL;
  g_autofree char *safe_href = NULL;
  NdHtmlRun       *run;

  g_return_if_fail (block != NULL);

  /* Runs are never empty: callers may pass "" for convenience. */
  if (text == NULL || *text == '\0')
    return;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  style &= STYLE_MASK;
  /* The model promises that href is NULL or safe, whoever builds the doc. */
  safe_href = safe_href_dup (href);

  if (block->runs->len > 0)
    {
      NdHtmlRun *last = g_ptr_array_index (block->runs, block->runs->len - 1);

      if (last->style == style && same_href (last->href, safe_href))
        {
          char *joined = g_strconcat (last->text, text, NULL);

          g_free (last->text);
          last->text = joined;
          return;
        }
    }

  run = g_new0 (NdHtmlRun, 1);
  run->text = valid != NULL ? g_steal_pointer (&valid) : g_strdup (text);
  run->style = style;
  run->href = g_steal_pointer (&safe_href);
  g_ptr_array_add (block->runs, run);
}

/* ------------------------------------------------------------------------------------ */
/* Builder: the one place where text gets normalised                                     */
/* ------------------------------------------------------------------------------------ */

typedef enum
{
  AT_START,     /* nothing emitted in this block yet */
  AFTER_TEXT,   /* last emitted character is visible text */
  AFTER_SPACE,  /* last emitted character is a collapsed space */
  AFTER_BREAK,  /* last emitted character is U+2028 */
} BuilderState;

typedef struct
{
  GString     *text;
  NdHtmlStyle  style;
  char        *href;
} BuilderRun;

typedef struct
{
  NdHtmlDoc       *doc;
  NdHtmlBlockKind  kind;
  GPtrArray       *runs;   /* of BuilderRun*; GStrings so appending stays linear */
  BuilderState     state;
} Builder;

static void
builder_run_free (gpointer data)
{
  BuilderRun *run = data;

  if (run->text != NULL)
    g_string_free (run->text, TRUE);
  g_free (run->href);
  g_free (run);
}

static void
builder_init (Builder   *b,
              NdHtmlDoc *doc)
{
  b->doc = doc;
  b->kind = ND_HTML_BLOCK_PARAGRAPH;
  b->runs = g_ptr_array_new_with_free_func (builder_run_free);
  b->state = AT_START;
}

static void
builder_clear (Builder *b)
{
  g_clear_pointer (&b->runs, g_ptr_array_unref);
}

static void
builder_emit (Builder         *b,
              NdHtmlBlockKind  kind,
              const char      *bytes,
              gsize            len,
              NdHtmlStyle      style,
              const char      *href)
{
  BuilderRun *last = NULL;

  if (b->runs->len == 0)
    b->kind = kind;
  else
    last = g_ptr_array_index (b->runs, b->runs->len - 1);

  if (last == NULL || last->style != style || !same_href (last->href, href))
    {
      last = g_new0 (BuilderRun, 1);
      last->text = g_string_new (NULL);
      last->style = style;
      last->href = g_strdup (href);
      g_ptr_array_add (b->runs, last);
    }

  g_string_append_len (last->text, bytes, len);
}

/* Removes trailing collapsed spaces (and, if @breaks_too, line separators) from the end
 * of the block being built, dropping runs that become empty. */
static void
builder_trim_end (Builder  *b,
                  gboolean  breaks_too)
{
  while (b->runs->len > 0)
    {
      BuilderRun *last = g_ptr_array_index (b->runs, b->runs->len - 1);
      GString    *s = last->text;

      for (;;)
        {
          if (s->len >= 1 && s->str[s->len - 1] == ' ')
            g_string_truncate (s, s->len - 1);
          else if (breaks_too && s->len >= 3 &&
                   memcmp (s->str + s->len - 3, LINE_SEPARATOR_UTF8, 3) == 0)
            g_string_truncate (s, s->len - 3);
          else
            break;
        }

      if (s->len > 0)
        break;
      g_ptr_array_remove_index (b->runs, b->runs->len - 1);
    }
}

static void
builder_break (Builder         *b,
               NdHtmlBlockKind  kind,
               NdHtmlStyle      style,
               const char      *href)
{
  /* A line break at the very start of a block renders as nothing useful (and is what
   * word processors and Google Docs sprinkle around); those at the end are trimmed in
   * builder_end_block(). Spaces before a break are invisible in a browser, drop them. */
  if (b->state == AT_START)
    return;
  if (b->state == AFTER_SPACE)
    builder_trim_end (b, FALSE);

  builder_emit (b, kind, LINE_SEPARATOR_UTF8, 3, style, href);
  b->state = AFTER_BREAK;
}

/* Windows-1252 meanings of U+0080..U+009F. libxml2 maps &#150; and friends to these C1
 * controls, while browsers (and the HTML spec) show the Windows-1252 character, which is
 * what the author meant. 0 means "drop". */
static const gunichar cp1252_c1[32] = {
  0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static void
builder_append_text (Builder         *b,
                     NdHtmlBlockKind  kind,
                     const char      *text,
                     NdHtmlStyle      style,
                     const char      *href,
                     gboolean         pre)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *start = p;
      gunichar    c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (pre && (c == '\n' || (c == '\r' && *next != '\n')))
        {
          /* In <pre>, LF, CR LF and a lone CR are line breaks. */
          builder_break (b, kind, style, href);
        }
      else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
        {
          /* Like a browser: a run of whitespace is one space, and none at all at the
           * start of a block or next to a line break. */
          if (b->state == AFTER_TEXT)
            {
              builder_emit (b, kind, " ", 1, style, href);
              b->state = AFTER_SPACE;
            }
        }
      else if (c == LINE_SEPARATOR || c == PARAGRAPH_SEPARATOR)
        {
          /* A literal separator must behave exactly like <br>, otherwise a leading one
           * would survive a parse but not the parse of its own serialization. */
          builder_break (b, kind, style, href);
        }
      else if (c < 0x20 || c == 0x7f || c == 0xfffe || c == 0xffff)
        {
          /* Controls have no business in article text (and libxml2 silently drops them
           * on re-parse, which would break idempotency); U+FFFE/U+FFFF are not
           * characters libxml2 accepts either. */
        }
      else if (c >= 0x80 && c <= 0x9f)
        {
          gunichar mapped = cp1252_c1[c - 0x80];

          if (mapped != 0)
            {
              char buf[6];
              int  n = g_unichar_to_utf8 (mapped, buf);

              builder_emit (b, kind, buf, n, style, href);
              b->state = AFTER_TEXT;
            }
        }
      else
        {
          builder_emit (b, kind, start, next - start, style, href);
          b->state = AFTER_TEXT;
        }

      p = next;
    }
}

/* Whether a finished block has nothing a reader could see. Word pastes are full of
 * paragraphs holding a lone &nbsp; as spacing; those go too. */
static gboolean
runs_are_blank (GPtrArray *runs)
{
  for (guint i = 0; i < runs->len; i++)
    {
      BuilderRun *run = g_ptr_array_index (runs, i);

      for (const char *p = run->text->str; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (!g_unichar_isspace (c) && g_unichar_type (c) != G_UNICODE_FORMAT)
            return FALSE;
        }
    }

  return TRUE;
}

static void
builder_end_block (Builder *b)
{
  builder_trim_end (b, TRUE);

  if (b->runs->len > 0 && !runs_are_blank (b->runs))
    {
      NdHtmlBlock *block = nd_html_doc_append_block (b->doc, b->kind);

      for (guint i = 0; i < b->runs->len; i++)
        {
          BuilderRun *brun = g_ptr_array_index (b->runs, i);
          NdHtmlRun  *run = g_new0 (NdHtmlRun, 1);

          run->text = g_string_free (g_steal_pointer (&brun->text), FALSE);
          run->style = brun->style;
          run->href = g_steal_pointer (&brun->href);
          g_ptr_array_add (block->runs, run);
        }
    }

  g_ptr_array_set_size (b->runs, 0);
  b->state = AT_START;
}

/* Rebuilds @doc through the Builder so that it is in the exact form nd_html_parse()
 * produces. */
static NdHtmlDoc *
normalize_doc (const NdHtmlDoc *doc)
{
  NdHtmlDoc *out = nd_html_doc_new ();
  Builder    b;

  builder_init (&b, out);

  for (guint i = 0; doc != NULL && i < doc->blocks->len; i++)
    {
      const NdHtmlBlock *block = g_ptr_array_index (doc->blocks, i);
      NdHtmlBlockKind    kind = sanitize_kind (block->kind);

      for (guint j = 0; block->runs != NULL && j < block->runs->len; j++)
        {
          const NdHtmlRun *run = g_ptr_array_index (block->runs, j);
          g_autofree char *valid = NULL;
          g_autofree char *href = NULL;
          const char      *text = run->text;

          if (text == NULL)
            continue;
          if (!g_utf8_validate (text, -1, NULL))
            text = valid = g_utf8_make_valid (text, -1);
          href = safe_href_dup (run->href);

          builder_append_text (&b, kind, text, run->style & STYLE_MASK, href, FALSE);
        }

      builder_end_block (&b);
    }

  builder_clear (&b);
  return out;
}

/* ------------------------------------------------------------------------------------ */
/* CSS hints from style="" attributes                                                    */
/* ------------------------------------------------------------------------------------ */

typedef struct
{
  int      bold;       /* -1 unset, 0 off, 1 on */
  int      italic;     /* -1 unset, 0 off, 1 on */
  gboolean hidden;     /* display:none and friends: the text is not visible */
  gboolean mso_list;   /* Word list paragraph (mso-list:l0 level1 lfo1) */
  gboolean mso_marker; /* Word's fake list marker (mso-list:Ignore) */
} CssHints;

/* Only the handful of declarations word processors and browsers use to express bold,
 * italic and invisibility are understood; everything else in style="" is ignored. */
static void
parse_css_hints (const char *style,
                 CssHints   *hints)
{
  g_auto (GStrv) decls = NULL;

  hints->bold = -1;
  hints->italic = -1;
  hints->hidden = FALSE;
  hints->mso_list = FALSE;
  hints->mso_marker = FALSE;

  if (style == NULL)
    return;

  decls = g_strsplit (style, ";", -1);
  for (guint i = 0; decls[i] != NULL; i++)
    {
      char            *colon = strchr (decls[i], ':');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      char            *bang;

      if (colon == NULL)
        continue;

      *colon = '\0';
      name = g_ascii_strdown (g_strstrip (decls[i]), -1);
      value = g_ascii_strdown (colon + 1, -1);
      if ((bang = strstr (value, "!important")) != NULL)
        *bang = '\0';
      g_strstrip (value);

      if (g_str_equal (name, "font-weight"))
        {
          if (g_str_equal (value, "bold") || g_str_equal (value, "bolder"))
            hints->bold = 1;
          else if (g_str_equal (value, "normal") || g_str_equal (value, "lighter"))
            hints->bold = 0;
          else if (g_ascii_isdigit (value[0]))
            hints->bold = g_ascii_strtoull (value, NULL, 10) >= 600;
        }
      else if (g_str_equal (name, "font-style"))
        {
          if (g_str_has_prefix (value, "italic") || g_str_has_prefix (value, "oblique"))
            hints->italic = 1;
          else if (g_str_equal (value, "normal"))
            hints->italic = 0;
        }
      else if (g_str_equal (name, "display"))
        {
          if (g_str_equal (value, "none"))
            hints->hidden = TRUE;
        }
      else if (g_str_equal (name, "visibility"))
        {
          if (g_str_equal (value, "hidden") || g_str_equal (value, "collapse"))
            hints->hidden = TRUE;
        }
      else if (g_str_equal (name, "mso-hide"))
        {
          if (g_str_equal (value, "all"))
            hints->hidden = TRUE;
        }
      else if (g_str_equal (name, "mso-list"))
        {
          if (g_str_equal (value, "ignore"))
            hints->mso_marker = TRUE;
          else if (value[0] != '\0' && !g_str_equal (value, "none"))
            hints->mso_list = TRUE;
        }
    }
}

/* ------------------------------------------------------------------------------------ */
/* Element classification                                                                */
/* ------------------------------------------------------------------------------------ */

typedef enum
{
  EL_DROP    = 1 << 0,  /* skip the element and everything inside it */
  EL_BLOCK   = 1 << 1,  /* paragraph boundary before and after */
  EL_BOLD    = 1 << 2,
  EL_ITALIC  = 1 << 3,
  EL_LINK    = 1 << 4,
  EL_BREAK   = 1 << 5,
  EL_UL      = 1 << 6,
  EL_OL      = 1 << 7,
  EL_LI      = 1 << 8,
  EL_H2      = 1 << 9,
  EL_H3      = 1 << 10,
  EL_QUOTE   = 1 << 11,
  EL_PRE     = 1 << 12,
} ElementFlags;

typedef struct
{
  const char *name;
  guint       flags;
} ElementInfo;

/* HTML5 void elements that libxml2 2.9 does not know to be empty: it nests whatever
 * follows them inside them ("a<embed>b" has "b" as a child of <embed>). They have no
 * content of their own, so they are walked through like an inline element instead of
 * being dropped with the text that follows. */
#define EL_VOID 0

/* Sorted by name for bsearch(). Elements not listed are inline containers whose text is
 * kept (span, font, u, sup, code, …), like a browser treats unknown elements. */
static const ElementInfo element_table[] = {
  { "a", EL_LINK },
  { "address", EL_BLOCK },
  { "applet", EL_DROP },
  { "area", EL_DROP },
  { "article", EL_BLOCK },
  { "aside", EL_BLOCK },
  { "audio", EL_DROP },
  { "b", EL_BOLD },
  { "base", EL_DROP },
  { "basefont", EL_DROP },
  { "bgsound", EL_VOID },
  { "blockquote", EL_BLOCK | EL_QUOTE },
  { "body", EL_BLOCK },
  { "br", EL_BREAK },
  { "button", EL_DROP },
  { "canvas", EL_DROP },
  { "caption", EL_BLOCK },
  { "center", EL_BLOCK },
  { "datalist", EL_DROP },
  { "dd", EL_BLOCK },
  { "details", EL_BLOCK },
  { "dialog", EL_BLOCK },
  { "dir", EL_BLOCK | EL_UL },
  { "div", EL_BLOCK },
  { "dl", EL_BLOCK },
  { "dt", EL_BLOCK },
  { "em", EL_ITALIC },
  { "embed", EL_VOID },
  { "fieldset", EL_BLOCK },
  { "figcaption", EL_BLOCK },
  { "figure", EL_BLOCK },
  { "footer", EL_BLOCK },
  { "form", EL_BLOCK },
  { "frame", EL_DROP },
  { "frameset", EL_DROP },
  { "h1", EL_BLOCK | EL_H2 },
  { "h2", EL_BLOCK | EL_H2 },
  { "h3", EL_BLOCK | EL_H3 },
  { "h4", EL_BLOCK | EL_H3 },
  { "h5", EL_BLOCK | EL_H3 },
  { "h6", EL_BLOCK | EL_H3 },
  { "head", EL_DROP },
  { "header", EL_BLOCK },
  { "hgroup", EL_BLOCK },
  { "hr", EL_BLOCK },
  { "html", EL_BLOCK },
  { "i", EL_ITALIC },
  { "iframe", EL_DROP },
  { "image", EL_VOID },
  { "img", EL_DROP },
  { "input", EL_DROP },
  { "keygen", EL_VOID },
  { "legend", EL_BLOCK },
  { "li", EL_BLOCK | EL_LI },
  { "link", EL_DROP },
  { "listing", EL_BLOCK | EL_PRE },
  { "main", EL_BLOCK },
  { "map", EL_DROP },
  { "math", EL_DROP },
  { "menu", EL_BLOCK | EL_UL },
  { "meta", EL_DROP },
  { "meter", EL_DROP },
  { "nav", EL_BLOCK },
  { "noembed", EL_DROP },
  { "noframes", EL_DROP },
  { "noscript", EL_DROP },
  { "object", EL_DROP },
  { "ol", EL_BLOCK | EL_OL },
  { "optgroup", EL_DROP },
  { "option", EL_DROP },
  { "p", EL_BLOCK },
  { "param", EL_DROP },
  { "picture", EL_DROP },
  { "plaintext", EL_BLOCK | EL_PRE },
  { "pre", EL_BLOCK | EL_PRE },
  { "progress", EL_DROP },
  { "script", EL_DROP },
  { "section", EL_BLOCK },
  { "select", EL_DROP },
  { "source", EL_VOID },
  { "strong", EL_BOLD },
  { "style", EL_DROP },
  { "summary", EL_BLOCK },
  { "svg", EL_DROP },
  { "table", EL_BLOCK },
  { "tbody", EL_BLOCK },
  { "td", EL_BLOCK },
  { "template", EL_DROP },
  { "textarea", EL_DROP },
  { "tfoot", EL_BLOCK },
  { "th", EL_BLOCK },
  { "thead", EL_BLOCK },
  { "title", EL_DROP },
  { "tr", EL_BLOCK },
  { "track", EL_VOID },
  { "ul", EL_BLOCK | EL_UL },
  { "video", EL_DROP },
  { "xml", EL_DROP },
  { "xmp", EL_BLOCK | EL_PRE },
};

static int
element_info_compare (const void *key,
                      const void *member)
{
  return strcmp (key, ((const ElementInfo *) member)->name);
}

static guint
classify_element (const char *name)
{
  const char        *colon = strchr (name, ':');
  const ElementInfo *info;

  /* Prefixed elements (<o:p>, <st1:place>, <w:sdt> from Word) are unknown to HTML and
   * inline in a browser; only their "dangerous" local names (svg:script, …) count. */
  if (colon != NULL)
    {
      info = bsearch (colon + 1, element_table, G_N_ELEMENTS (element_table),
                      sizeof (ElementInfo), element_info_compare);
      return info != NULL ? (info->flags & EL_DROP) : 0;
    }

  info = bsearch (name, element_table, G_N_ELEMENTS (element_table), sizeof (ElementInfo),
                  element_info_compare);
  return info != NULL ? info->flags : 0;
}

/* ------------------------------------------------------------------------------------ */
/* DOM walk                                                                              */
/* ------------------------------------------------------------------------------------ */

typedef struct
{
  guint            flags;      /* of the element this frame belongs to */
  NdHtmlBlockKind  kind;       /* kind of blocks started at this level */
  int              list_kind;  /* -1, or the kind an <li> at this level gets */
  NdHtmlStyle      style;
  const char      *href;       /* borrowed from this or an outer frame */
  char            *own_href;   /* set if this frame's <a> introduced href */
  gboolean         pre;
} Frame;

typedef struct
{
  Builder  builder;
  GArray  *frames;   /* of Frame; the explicit stack that replaces recursion */
} Walker;

static Frame *
walker_top (Walker *w)
{
  return &g_array_index (w->frames, Frame, w->frames->len - 1);
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char    *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static gboolean
is_marker_pattern (const char *marker)
{
  const char *p = marker;
  gboolean    digits = g_ascii_isdigit (*p);

  /* "1.", "12)", "a.", "iv)": the marker of a numbered item; anything else (·, o, §,
   * Wingdings glyphs) is a bullet. */
  if (*p == '\0')
    return FALSE;
  while (*p != '\0' && (digits ? g_ascii_isdigit (*p) : g_ascii_isalpha (*p)))
    p++;
  if (p == marker || p - marker > 4)
    return FALSE;
  return (*p == '.' || *p == ')') && p[1] == '\0';
}

/* Word writes list paragraphs as <p style="mso-list:l0 level1 lfo1"> with the visible
 * marker ("1." or "·") in a <span style="mso-list:Ignore">. The marker is dropped from the
 * text; here it only decides between a bulleted and a numbered item. */
static NdHtmlBlockKind
word_list_kind (xmlNode *root)
{
  xmlNode *node = root->children;

  while (node != NULL && node != root)
    {
      if (node->type == XML_ELEMENT_NODE)
        {
          g_autofree char *style = get_attr (node, "style");
          CssHints         hints;

          parse_css_hints (style, &hints);
          if (hints.mso_marker)
            {
              xmlChar         *content = xmlNodeGetContent (node);
              g_autofree char *marker = NULL;
              GString         *compact = g_string_new (NULL);
              gboolean         numbered;

              /* Strip the (non-breaking) spaces Word pads the marker with. */
              for (const char *p = (const char *) content; p != NULL && *p != '\0';
                   p = g_utf8_next_char (p))
                {
                  if (!g_unichar_isspace (g_utf8_get_char (p)))
                    g_string_append_unichar (compact, g_utf8_get_char (p));
                }
              xmlFree (content);
              marker = g_string_free (compact, FALSE);
              numbered = is_marker_pattern (marker);
              return numbered ? ND_HTML_BLOCK_NUMBERED : ND_HTML_BLOCK_BULLET;
            }

          if (node->children != NULL)
            {
              node = node->children;
              continue;
            }
        }

      while (node != root && node->next == NULL)
        node = node->parent;
      if (node != root)
        node = node->next;
    }

  return ND_HTML_BLOCK_BULLET;
}

/* Returns TRUE if the walk should descend into @node (a frame was pushed). */
static gboolean
walker_enter (Walker  *w,
              xmlNode *node)
{
  const char      *name = (const char *) node->name;
  guint            flags = classify_element (name);
  Frame           *top = walker_top (w);
  Frame            frame;
  g_autofree char *style_attr = NULL;
  CssHints         hints;

  if (flags & EL_DROP)
    return FALSE;

  /* Text the author could not see in the source application must not resurface. */
  if (xmlHasProp (node, (const xmlChar *) "hidden") != NULL)
    return FALSE;
  style_attr = get_attr (node, "style");
  parse_css_hints (style_attr, &hints);
  if (hints.hidden || hints.mso_marker)
    return FALSE;

  if (flags & EL_BREAK)
    {
      builder_break (&w->builder, top->kind, top->style, top->href);
      return FALSE;
    }

  if (flags & EL_BLOCK)
    builder_end_block (&w->builder);

  frame = *top;
  frame.flags = flags;
  frame.own_href = NULL;

  /* The innermost list item, heading or quote decides the block kind; <p>, <div>, <td>
   * and friends inherit it, so <li><p>x</p></li> is still a list item. */
  if (flags & EL_UL)
    frame.list_kind = ND_HTML_BLOCK_BULLET;
  else if (flags & EL_OL)
    frame.list_kind = ND_HTML_BLOCK_NUMBERED;

  if (flags & EL_LI)
    frame.kind = top->list_kind >= 0 ? (NdHtmlBlockKind) top->list_kind : ND_HTML_BLOCK_BULLET;
  else if (flags & EL_H2)
    frame.kind = ND_HTML_BLOCK_HEADING2;
  else if (flags & EL_H3)
    frame.kind = ND_HTML_BLOCK_HEADING3;
  else if (flags & EL_QUOTE)
    frame.kind = ND_HTML_BLOCK_QUOTE;
  else if ((flags & EL_BLOCK) && hints.mso_list)
    frame.kind = word_list_kind (node);

  if (flags & EL_PRE)
    frame.pre = TRUE;

  if (flags & EL_BOLD)
    frame.style |= ND_HTML_STYLE_BOLD;
  if (flags & EL_ITALIC)
    frame.style |= ND_HTML_STYLE_ITALIC;
  /* style="" wins over the tag: Google Docs wraps whole pastes in
   * <b style="font-weight:normal">. A heading's own font-weight is ignored: browsers
   * copy the computed (bold) weight onto every pasted <h2>, which would otherwise make
   * every pasted heading one big <strong>. */
  if (flags & (EL_H2 | EL_H3))
    hints.bold = -1;
  if (hints.bold == 1)
    frame.style |= ND_HTML_STYLE_BOLD;
  else if (hints.bold == 0)
    frame.style &= ~ND_HTML_STYLE_BOLD;
  if (hints.italic == 1)
    frame.style |= ND_HTML_STYLE_ITALIC;
  else if (hints.italic == 0)
    frame.style &= ~ND_HTML_STYLE_ITALIC;

  if (flags & EL_LINK)
    {
      g_autofree char *href = get_attr (node, "href");

      /* The innermost <a> decides, so an unsafe inner link does not inherit an outer
       * one. Unsafe links keep their text and lose the link. */
      frame.own_href = safe_href_dup (href);
      frame.href = frame.own_href;
    }

  g_array_append_val (w->frames, frame);
  return TRUE;
}

static void
walker_leave (Walker *w)
{
  Frame *top = walker_top (w);
  guint  flags = top->flags;

  g_free (top->own_href);
  g_array_set_size (w->frames, w->frames->len - 1);

  if (flags & EL_BLOCK)
    builder_end_block (&w->builder);
}

/* Walks the tree in document order without recursion: libxml2 already caps the depth of
 * what it builds, but nothing here relies on that. */
static void
walker_run (Walker *w,
            xmlDoc *doc)
{
  xmlNode *node = doc->children;

  while (node != NULL)
    {
      gboolean entered = FALSE;

      if (node->type == XML_ELEMENT_NODE)
        {
          entered = walker_enter (w, node);
        }
      else if (node->type == XML_TEXT_NODE && node->content != NULL)
        {
          Frame *top = walker_top (w);

          builder_append_text (&w->builder, top->kind, (const char *) node->content,
                               top->style, top->href, top->pre);
        }
      /* Comments, processing instructions, DTDs, CDATA: not rendered, skipped. */

      if (entered && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      if (entered)
        walker_leave (w);

      while (node != NULL && node->next == NULL)
        {
          node = node->parent;
          if (node == NULL || node->type != XML_ELEMENT_NODE)
            node = NULL;
          else
            walker_leave (w);
        }
      if (node != NULL)
        node = node->next;
    }

  builder_end_block (&w->builder);
}

/* ------------------------------------------------------------------------------------ */
/* Input preparation                                                                     */
/* ------------------------------------------------------------------------------------ */

/* Decodes UTF-16 (Firefox has been known to put text/html on the clipboard that way),
 * replacing unpaired surrogates with U+FFFD. */
static char *
utf16_to_utf8 (const guchar *data,
               gsize         len,
               gboolean      big_endian)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i + 1 < len; i += 2)
    {
      gunichar u = big_endian ? (data[i] << 8 | data[i + 1]) : (data[i + 1] << 8 | data[i]);

      if (u >= 0xd800 && u <= 0xdbff && i + 3 < len)
        {
          gunichar lo = big_endian ? (data[i + 2] << 8 | data[i + 3])
                                   : (data[i + 3] << 8 | data[i + 2]);

          if (lo >= 0xdc00 && lo <= 0xdfff)
            {
              u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
              i += 2;
            }
          else
            u = 0xfffd;
        }
      else if (u >= 0xd800 && u <= 0xdfff)
        u = 0xfffd;

      g_string_append_unichar (out, u);
    }

  return g_string_free (out, FALSE);
}

/* libxml2 2.9 treats "<!" markup that is neither a comment nor a DOCTYPE as text, while
 * browsers treat it as a (bogus) comment. Word's downlevel-revealed conditionals
 * (<![if !supportLists]> … <![endif]>) and stray <![CDATA[…]]> would otherwise show up
 * as literal text. Likewise "<!-->" is an empty comment to a browser but opens a comment
 * that swallows the rest of the document in libxml2. This pass removes exactly those
 * constructs; all real parsing is still libxml2's. */
static char *
strip_bogus_comments (const char *in)
{
  GString    *out = g_string_sized_new (strlen (in));
  const char *p = in;

  while (*p != '\0')
    {
      const char *lt = strchr (p, '<');

      if (lt == NULL)
        {
          g_string_append (out, p);
          break;
        }

      g_string_append_len (out, p, lt - p);
      p = lt;

      if (p[1] != '!')
        {
          g_string_append_c (out, '<');
          p++;
        }
      else if (g_str_has_prefix (p, "<!-->"))
        p += 5;
      else if (g_str_has_prefix (p, "<!--->"))
        p += 6;
      else if (g_str_has_prefix (p, "<!--"))
        {
          /* Copy the whole comment so nothing inside it is touched. */
          const char *end = strstr (p + 4, "-->");
          gsize       n = end != NULL ? (gsize) (end + 3 - p) : strlen (p);

          g_string_append_len (out, p, n);
          p += n;
        }
      else if (g_ascii_strncasecmp (p + 2, "doctype", 7) == 0)
        {
          g_string_append_len (out, p, 2);
          p += 2;
        }
      else
        {
          const char *gt = strchr (p, '>');

          /* An unterminated bogus comment runs to the end, as in a browser. */
          if (gt == NULL)
            break;
          p = gt + 1;
        }
    }

  return g_string_free (out, FALSE);
}

/* Windows' CF_HTML clipboard format prefixes the markup with a "Version:0.9\r\n
 * StartHTML:…" header that is not HTML; skip it. */
static const char *
skip_cf_html_header (const char *text)
{
  const char *lt;
  const char *start_html;

  if (!g_str_has_prefix (text, "Version:"))
    return text;

  lt = strchr (text, '<');
  start_html = strstr (text, "StartHTML:");
  if (lt == NULL || start_html == NULL || start_html > lt)
    return text;
  return lt;
}

static char *
prepare_input (const char *html,
               gsize       len)
{
  const guchar    *bytes = (const guchar *) html;
  g_autofree char *utf8 = NULL;

  if (len >= 2 && bytes[0] == 0xff && bytes[1] == 0xfe)
    utf8 = utf16_to_utf8 (bytes + 2, len - 2, FALSE);
  else if (len >= 2 && bytes[0] == 0xfe && bytes[1] == 0xff)
    utf8 = utf16_to_utf8 (bytes + 2, len - 2, TRUE);
  else
    {
      if (len >= 3 && memcmp (bytes, "\xef\xbb\xbf", 3) == 0)
        {
          html += 3;
          len -= 3;
        }
      /* Also turns embedded NULs into U+FFFD, so the result is a C string. */
      utf8 = g_utf8_make_valid (html, len);
    }

  return strip_bogus_comments (skip_cf_html_header (utf8));
}

/* ------------------------------------------------------------------------------------ */
/* Parsing                                                                               */
/* ------------------------------------------------------------------------------------ */

/* libxml2 2.9 splits "o:p" into prefix and local name and then forgets the prefix, so
 * Word's inline <o:p> would come out as a <p> (a paragraph break) and <st1:address> as
 * an <address>. Restore the full name on the node it just created. */
static void
start_element_keep_prefix (void          *ctx,
                           const xmlChar *name,
                           const xmlChar **atts)
{
  xmlParserCtxtPtr ctxt = ctx;
  xmlNodePtr       before = ctxt->node;

  xmlSAX2StartElement (ctx, name, atts);

  if (ctxt->node != NULL && ctxt->node != before &&
      strchr ((const char *) name, ':') != NULL)
    xmlNodeSetName (ctxt->node, name);
}

static gpointer
init_libxml (gpointer data)
{
  /* Required once before libxml2 is used from several threads. */
  xmlInitParser ();
  return NULL;
}

NdHtmlDoc *
nd_html_parse (const char *html,
               gssize      len,
               GError    **error)
{
  static GOnce        libxml_once = G_ONCE_INIT;
  g_autofree char    *input = NULL;
  g_autoptr (NdHtmlDoc) doc = NULL;
  htmlParserCtxtPtr   ctxt;
  htmlDocPtr          dom;
  gsize               input_len;
  Walker              w;
  Frame               root = { 0, ND_HTML_BLOCK_PARAGRAPH, -1, ND_HTML_STYLE_NONE, NULL, NULL,
                               FALSE };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (html == NULL)
    len = 0;
  else if (len < 0)
    len = strlen (html);

  if ((gsize) len > ND_HTML_MAX_INPUT)
    {
      g_autofree char *limit = g_format_size (ND_HTML_MAX_INPUT);

      /* Only the limit is shown: just above it, the actual size would round to the
       * same "16.8 MB" and read like nonsense. */
      g_set_error (error, ND_HTML_ERROR, ND_HTML_ERROR_TOO_LARGE,
                   /* Translators: %s is a size such as "16.8 MB" */
                   _("The text is too large to import. The limit is %s."), limit);
      return NULL;
    }

  doc = nd_html_doc_new ();
  if (len == 0)
    return g_steal_pointer (&doc);

  input = prepare_input (html, len);
  input_len = strlen (input);
  if (input_len == 0)
    return g_steal_pointer (&doc);

  g_once (&libxml_once, init_libxml, NULL);

  ctxt = htmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error_literal (error, ND_HTML_ERROR, ND_HTML_ERROR_PARSE,
                           _("The HTML could not be read."));
      return NULL;
    }
  ctxt->sax->startElement = start_element_keep_prefix;

  /* No HTML_PARSE_HUGE: it would lift libxml2's nesting limit (256) and text node limit.
   * No HTML_PARSE_NOBLANKS: it drops meaningful spaces such as the one in
   * "<mark>a</mark> <mark>b</mark>". The encoding is forced to UTF-8 (the input was
   * converted above) and <meta charset> is ignored. */
  dom = htmlCtxtReadMemory (ctxt, input, (int) input_len, NULL, "UTF-8",
                            HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                            HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC);
  htmlFreeParserCtxt (ctxt);

  /* libxml2 returns no document for input without any markup or text; that is simply
   * an empty article. */
  if (dom == NULL)
    return g_steal_pointer (&doc);

  builder_init (&w.builder, doc);
  w.frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_array_append_val (w.frames, root);

  walker_run (&w, dom);

  g_array_unref (w.frames);
  builder_clear (&w.builder);
  xmlFreeDoc (dom);

  return g_steal_pointer (&doc);
}

/* ------------------------------------------------------------------------------------ */
/* Serialization                                                                         */
/* ------------------------------------------------------------------------------------ */

static void
append_escaped_text (GString    *out,
                     const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      /* Byte-wise is fine: UTF-8 lead bytes never look like ASCII. */
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '\xc2':
          if (p[1] == '\xa0')
            {
              g_string_append (out, "&nbsp;");
              p++;
            }
          else
            g_string_append_c (out, *p);
          break;
        case '\xe2':
          if (p[1] == '\x80' && p[2] == '\xa8')
            {
              g_string_append (out, "<br>");
              p += 2;
            }
          else
            g_string_append_c (out, *p);
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }
}

static void
append_escaped_attr (GString    *out,
                     const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }
}

static void
append_runs (GString           *out,
             const NdHtmlBlock *block)
{
  for (guint i = 0; i < block->runs->len; i++)
    {
      const NdHtmlRun *run = g_ptr_array_index (block->runs, i);

      /* Fixed nesting order, so equal runs always serialize the same way. */
      if (run->href != NULL)
        {
          g_string_append (out, "<a href=\"");
          append_escaped_attr (out, run->href);
          g_string_append (out, "\">");
        }
      if (run->style & ND_HTML_STYLE_BOLD)
        g_string_append (out, "<strong>");
      if (run->style & ND_HTML_STYLE_ITALIC)
        g_string_append (out, "<em>");

      append_escaped_text (out, run->text);

      if (run->style & ND_HTML_STYLE_ITALIC)
        g_string_append (out, "</em>");
      if (run->style & ND_HTML_STYLE_BOLD)
        g_string_append (out, "</strong>");
      if (run->href != NULL)
        g_string_append (out, "</a>");
    }
}

static const char *
group_tag (NdHtmlBlockKind kind)
{
  switch (kind)
    {
    case ND_HTML_BLOCK_QUOTE:
      return "blockquote";
    case ND_HTML_BLOCK_BULLET:
      return "ul";
    case ND_HTML_BLOCK_NUMBERED:
      return "ol";
    case ND_HTML_BLOCK_PARAGRAPH:
    case ND_HTML_BLOCK_HEADING2:
    case ND_HTML_BLOCK_HEADING3:
    default:
      return NULL;
    }
}

static const char *
block_tag (NdHtmlBlockKind kind)
{
  switch (kind)
    {
    case ND_HTML_BLOCK_HEADING2:
      return "h2";
    case ND_HTML_BLOCK_HEADING3:
      return "h3";
    case ND_HTML_BLOCK_BULLET:
    case ND_HTML_BLOCK_NUMBERED:
      return "li";
    case ND_HTML_BLOCK_PARAGRAPH:
    case ND_HTML_BLOCK_QUOTE:
    default:
      return "p";
    }
}

static char *
write_doc (const NdHtmlDoc *doc)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const NdHtmlBlock *block = g_ptr_array_index (doc->blocks, i);
      const NdHtmlBlock *prev = i > 0 ? g_ptr_array_index (doc->blocks, i - 1) : NULL;
      const NdHtmlBlock *next =
        i + 1 < doc->blocks->len ? g_ptr_array_index (doc->blocks, i + 1) : NULL;
      const char        *group = group_tag (block->kind);
      const char        *tag = block_tag (block->kind);

      if (i > 0)
        g_string_append_c (out, '\n');
      if (group != NULL && (prev == NULL || prev->kind != block->kind))
        g_string_append_printf (out, "<%s>", group);

      g_string_append_printf (out, "<%s>", tag);
      append_runs (out, block);
      g_string_append_printf (out, "</%s>", tag);

      if (group != NULL && (next == NULL || next->kind != block->kind))
        g_string_append_printf (out, "</%s>", group);
    }

  return g_string_free (out, FALSE);
}

char *
nd_html_doc_serialize (const NdHtmlDoc *doc)
{
  g_autoptr (NdHtmlDoc) normal = NULL;

  g_return_val_if_fail (doc != NULL, NULL);

  normal = normalize_doc (doc);
  return write_doc (normal);
}

char *
nd_html_sanitize (const char *html,
                  gssize      len,
                  GError    **error)
{
  g_autoptr (NdHtmlDoc) doc = nd_html_parse (html, len, error);

  if (doc == NULL)
    return NULL;
  return write_doc (doc);
}

/* ------------------------------------------------------------------------------------ */
/* Plain text                                                                            */
/* ------------------------------------------------------------------------------------ */

char *
nd_html_doc_to_plain_text (const NdHtmlDoc *doc)
{
  GString *out;

  g_return_val_if_fail (doc != NULL, NULL);

  out = g_string_new (NULL);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const NdHtmlBlock *block = g_ptr_array_index (doc->blocks, i);

      if (i > 0)
        g_string_append_c (out, '\n');

      for (guint j = 0; j < block->runs->len; j++)
        {
          const NdHtmlRun *run = g_ptr_array_index (block->runs, j);

          /* A <br> is a visible line break in plain text. */
          for (const char *p = run->text; *p != '\0'; p++)
            {
              if (p[0] == '\xe2' && p[1] == '\x80' && p[2] == '\xa8')
                {
                  g_string_append_c (out, '\n');
                  p += 2;
                }
              else
                g_string_append_c (out, *p);
            }
        }
    }

  return g_string_free (out, FALSE);
}

char *
nd_html_to_plain_text (const char *html)
{
  g_autoptr (NdHtmlDoc) doc = NULL;

  if (html == NULL)
    return g_strdup ("");

  doc = nd_html_parse (html, -1, NULL);
  if (doc == NULL)
    return g_strdup ("");
  return nd_html_doc_to_plain_text (doc);
}

char *
nd_html_from_plain_text (const char *text)
{
  g_autoptr (NdHtmlDoc) doc = nd_html_doc_new ();
  g_autofree char *valid = NULL;
  g_auto (GStrv) lines = NULL;
  Builder b;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  lines = g_regex_split_simple ("\r\n|\r|\n", valid, 0, 0);

  /* Every line is its own paragraph; blank lines produce empty blocks, which the
   * Builder drops, so "a\n\nb" and "a\nb" give the same two paragraphs. */
  builder_init (&b, doc);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      builder_append_text (&b, ND_HTML_BLOCK_PARAGRAPH, lines[i], ND_HTML_STYLE_NONE, NULL,
                           FALSE);
      builder_end_block (&b);
    }
  builder_clear (&b);

  return write_doc (doc);
}

/* ------------------------------------------------------------------------------------ */
/* URLs                                                                                  */
/* ------------------------------------------------------------------------------------ */

static gboolean
check_url (const char *url,
           gboolean    allow_mailto)
{
  g_autofree char *trimmed = NULL;
  g_autoptr (GUri) uri = NULL;
  const char      *colon;
  gsize            scheme_len;

  if (url == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (url));
  if (*trimmed == '\0' || !g_utf8_validate (trimmed, -1, NULL))
    return FALSE;

  /* Browsers strip tabs and newlines anywhere in a URL ("java\tscript:" is javascript:)
   * and ignore leading controls, so any whitespace or control character left after
   * trimming makes the URL suspect. Real http/mailto URLs never need them. */
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c <= 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || g_unichar_isspace (c) ||
          g_unichar_type (c) == G_UNICODE_FORMAT)
        return FALSE;

      /* Never valid unescaped in a URI (RFC 3986) and the usual ingredients of an
       * attribute break-out if the href is ever written out carelessly downstream. */
      if (c == '<' || c == '>' || c == '"' || c == '`' || c == '\\')
        return FALSE;
    }

  colon = strchr (trimmed, ':');
  if (colon == NULL)
    return FALSE;   /* relative, including protocol-relative "//host" */
  scheme_len = colon - trimmed;

  if (allow_mailto && scheme_len == 6 && g_ascii_strncasecmp (trimmed, "mailto", 6) == 0)
    return colon[1] != '\0';

  if (!(scheme_len == 4 && g_ascii_strncasecmp (trimmed, "http", 4) == 0) &&
      !(scheme_len == 5 && g_ascii_strncasecmp (trimmed, "https", 5) == 0))
    return FALSE;

  /* G_URI_FLAGS_NONE is the strict parser: it also refuses broken %-escapes and bad
   * ports. "http:example.com" and "http:///x" parse but have no host. */
  uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  return g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

gboolean
nd_html_is_safe_url (const char *url)
{
  return check_url (url, TRUE);
}

gboolean
nd_html_is_http_url (const char *url)
{
  return check_url (url, FALSE);
}

char *
nd_html_escape (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\'':
          g_string_append (out, "&#39;");
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }

  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------------------ */
/* Counting                                                                              */
/* ------------------------------------------------------------------------------------ */

static gboolean
is_ideographic (gunichar c)
{
  /* Chinese and Japanese are written without spaces; word processors count every
   * ideograph or kana as a word. */
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_apostrophe_or_hyphen (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == 0x02bc ||   /* ' ’ ʼ */
         c == '-' || c == 0x2010 || c == 0x2011;      /* - ‐ ‑ */
}

/*
 * A word is a run of letters and digits (g_unichar_isalnum, plus combining marks inside
 * a word). Inside a word these join two letters/digits without starting a new word:
 *   - apostrophes and hyphens: "don't", "Faría’s", "2-year-old" are one word each;
 *   - a full stop: "e.g.", "U.S.", "3.14", "example.com" are one word each;
 *   - a comma, between digits only: "1,000,000" is one word.
 * Everything else separates words ("and/or", "a—b" are two), and text without any
 * letter or digit ("—", "...") is no word. Every Han character, hiragana and katakana
 * counts as one word. So "Faría’s 2-year-old" is 2 words.
 */
guint
nd_text_count_words (const char *text)
{
  enum { OUT, IN, JOIN, JOIN_DIGIT } state = OUT;
  g_autofree char *valid = NULL;
  gboolean         last_digit = FALSE;
  guint            count = 0;

  if (text == NULL)
    return 0;
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_ideographic (c))
        {
          count++;
          state = OUT;
        }
      else if (g_unichar_isalnum (c))
        {
          gboolean digit = g_unichar_isdigit (c);

          if (state == OUT || (state == JOIN_DIGIT && !digit))
            count++;
          state = IN;
          last_digit = digit;
        }
      else if (state == IN && g_unichar_ismark (c))
        {
          /* "e" + U+0301 stays one word */
        }
      else if (state == IN && (is_apostrophe_or_hyphen (c) || c == '.'))
        state = JOIN;
      else if (state == IN && c == ',' && last_digit)
        state = JOIN_DIGIT;
      else
        state = OUT;
    }

  return count;
}

/* Unicode characters (code points, so "e" + combining accent is 2), spaces included,
 * line breaks ("\n", "\r", U+2028, U+2029) excluded. */
guint
nd_text_count_chars (const char *text)
{
  g_autofree char *valid = NULL;
  guint            count = 0;

  if (text == NULL)
    return 0;
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '\n' && c != '\r' && c != LINE_SEPARATOR && c != PARAGRAPH_SEPARATOR)
        count++;
    }

  return count;
}
