/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-html"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <sys/resource.h>
#endif

#include "nd-html.h"

/* ------------------------------------------------------------------------------------ */
/* Helpers                                                                               */
/* ------------------------------------------------------------------------------------ */

/* Timing and memory limits are multiplied by $ND_HTML_TEST_SLOW_FACTOR so the suite can
 * run under valgrind or sanitizers without weakening the default bounds. */
static double
slow_factor (void)
{
  const char *env = g_getenv ("ND_HTML_TEST_SLOW_FACTOR");
  double      factor = env != NULL ? g_ascii_strtod (env, NULL) : 1.0;

  return factor >= 1.0 ? factor : 1.0;
}

static char *
sanitize_ok (const char *html,
             gssize      len)
{
  g_autoptr (GError) error = NULL;
  char *out = nd_html_sanitize (html, len, &error);

  g_assert_no_error (error);
  g_assert_nonnull (out);
  return out;
}

static NdHtmlDoc *
parse_ok (const char *html,
          gssize      len)
{
  g_autoptr (GError) error = NULL;
  NdHtmlDoc *doc = nd_html_parse (html, len, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static gboolean
docs_equal (const NdHtmlDoc *a,
            const NdHtmlDoc *b)
{
  if (a->blocks->len != b->blocks->len)
    return FALSE;

  for (guint i = 0; i < a->blocks->len; i++)
    {
      const NdHtmlBlock *ba = g_ptr_array_index (a->blocks, i);
      const NdHtmlBlock *bb = g_ptr_array_index (b->blocks, i);

      if (ba->kind != bb->kind || ba->runs->len != bb->runs->len)
        return FALSE;

      for (guint j = 0; j < ba->runs->len; j++)
        {
          const NdHtmlRun *ra = g_ptr_array_index (ba->runs, j);
          const NdHtmlRun *rb = g_ptr_array_index (bb->runs, j);

          if (g_strcmp0 (ra->text, rb->text) != 0 || ra->style != rb->style ||
              g_strcmp0 (ra->href, rb->href) != 0)
            return FALSE;
        }
    }

  return TRUE;
}

/* Invariants every parsed document must satisfy, whatever the input. */
static void
assert_doc_invariants (const NdHtmlDoc *doc)
{
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const NdHtmlBlock *block = g_ptr_array_index (doc->blocks, i);

      g_assert_cmpuint (block->runs->len, >, 0);
      g_assert_cmpint (block->kind, >=, ND_HTML_BLOCK_PARAGRAPH);
      g_assert_cmpint (block->kind, <=, ND_HTML_BLOCK_NUMBERED);

      for (guint j = 0; j < block->runs->len; j++)
        {
          const NdHtmlRun *run = g_ptr_array_index (block->runs, j);

          g_assert_nonnull (run->text);
          g_assert_cmpstr (run->text, !=, "");
          g_assert_true (g_utf8_validate (run->text, -1, NULL));
          g_assert_cmpint (run->style & ~(ND_HTML_STYLE_BOLD | ND_HTML_STYLE_ITALIC), ==, 0);
          g_assert_true (run->href == NULL || nd_html_is_safe_url (run->href));

          /* Adjacent runs with identical style and link are merged. */
          if (j > 0)
            {
              const NdHtmlRun *prev = g_ptr_array_index (block->runs, j - 1);

              g_assert_false (prev->style == run->style && g_strcmp0 (prev->href, run->href) == 0);
            }
        }
    }
}

/* The serialized form may contain only the subset's tags. */
static void
assert_subset_only (const char *html)
{
  static const char *allowed[] = {
    "<p>", "</p>", "<h2>", "</h2>", "<h3>", "</h3>", "<strong>", "</strong>", "<em>",
    "</em>", "<blockquote>", "</blockquote>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>",
    "</li>", "<br>", "</a>", "<a href=\"",
  };

  for (const char *p = strchr (html, '<'); p != NULL; p = strchr (p + 1, '<'))
    {
      gboolean ok = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (allowed) && !ok; i++)
        ok = g_str_has_prefix (p, allowed[i]);
      if (!ok)
        g_error ("unexpected markup at \"%.40s\" in:\n%s", p, html);

      /* The href value runs to the next quote; it must close the tag right there. */
      if (g_str_has_prefix (p, "<a href=\""))
        {
          const char *quote = strchr (p + 9, '"');

          g_assert_nonnull (quote);
          g_assert_cmpint (quote[1], ==, '>');
          g_assert_null (memchr (p + 9, '<', quote - (p + 9)));
        }
    }
}

static void
assert_no_forbidden (const char *html)
{
  static const char *forbidden[] = {
    "<script", "onerror", "onload", "onclick", "onmouseover", "onfocus", "javascript:",
    "data:", "vbscript:", "<style", "<iframe", "<svg", "<math", "<img", "<object",
    "<embed", "<form", "<input", "<meta", "<link", "<base", "style=", "srcdoc",
    "expression(",
  };
  g_autofree char *lower = g_utf8_strdown (html, -1);

  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      if (strstr (lower, forbidden[i]) != NULL)
        g_error ("sanitized output contains \"%s\":\n%s", forbidden[i], html);
    }
}

/* serialize(parse(serialize(parse(x)))) == serialize(parse(x)) and
 * parse(serialize(parse(x))) == parse(x). */
static void
assert_stable (const char *html,
               gssize      len)
{
  g_autoptr (NdHtmlDoc) doc = parse_ok (html, len);
  g_autofree char *once = nd_html_doc_serialize (doc);
  g_autoptr (NdHtmlDoc) again = parse_ok (once, -1);
  g_autofree char *twice = nd_html_doc_serialize (again);

  assert_doc_invariants (doc);
  assert_subset_only (once);
  g_assert_cmpstr (once, ==, twice);
  if (!docs_equal (doc, again))
    g_error ("parse(serialize(doc)) != doc for:\n%s", once);
}

typedef struct
{
  const char *input;
  const char *expected;
} Case;

static void
check_cases (const Case *cases,
             gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *out = sanitize_ok (cases[i].input, -1);

      if (g_strcmp0 (out, cases[i].expected) != 0)
        g_error ("sanitize (\"%s\")\n  got      \"%s\"\n  expected \"%s\"", cases[i].input,
                 out, cases[i].expected);
      assert_stable (cases[i].input, -1);
    }
}

#define CHECK_CASES(cases) check_cases (cases, G_N_ELEMENTS (cases))

/* ------------------------------------------------------------------------------------ */
/* Parsing: mapping onto the subset                                                      */
/* ------------------------------------------------------------------------------------ */

static void
test_parse_blocks (void)
{
  static const Case cases[] = {
    { "<p>One</p><p>Two</p>", "<p>One</p>\n<p>Two</p>" },
    { "<h1>A</h1><h2>B</h2><h3>C</h3><h4>D</h4><h5>E</h5><h6>F</h6>",
      "<h2>A</h2>\n<h2>B</h2>\n<h3>C</h3>\n<h3>D</h3>\n<h3>E</h3>\n<h3>F</h3>" },
    { "bare text", "<p>bare text</p>" },
    { "<div>a<div>b</div>c</div>", "<p>a</p>\n<p>b</p>\n<p>c</p>" },
    { "<section>s</section><article>a</article><header>h</header><footer>f</footer>",
      "<p>s</p>\n<p>a</p>\n<p>h</p>\n<p>f</p>" },
    { "<table><tr><td>1</td><td>2</td></tr><tr><th>3</th></tr></table>",
      "<p>1</p>\n<p>2</p>\n<p>3</p>" },
    { "<dl><dt>Term</dt><dd>Definition</dd></dl>", "<p>Term</p>\n<p>Definition</p>" },
    { "<p>a<hr>b</p>", "<p>a</p>\n<p>b</p>" },
    { "<span>inline</span> <font color=red>only</font>", "<p>inline only</p>" },
    { "<figure><figcaption>Caption</figcaption></figure>", "<p>Caption</p>" },
    { "<address>Street 1</address>", "<p>Street 1</p>" },
    /* A heading inside a list item: the innermost block element decides. */
    { "<li><h3>y</h3></li>", "<h3>y</h3>" },
    { "<h2>Title <b>bold</b></h2>", "<h2>Title <strong>bold</strong></h2>" },
  };

  CHECK_CASES (cases);
}

static void
test_parse_inline_styles (void)
{
  static const Case cases[] = {
    { "<p><b>b</b><strong>s</strong></p>", "<p><strong>bs</strong></p>" },
    { "<p><i>i</i><em>e</em></p>", "<p><em>ie</em></p>" },
    { "<p><b><i>x</i></b><i><b>y</b></i></p>", "<p><strong><em>xy</em></strong></p>" },
    { "<p><b><i>x</i></b> <i><b>y</b></i></p>",
      "<p><strong><em>x</em></strong> <strong><em>y</em></strong></p>" },
    { "<p>a <b>b</b> c</p>", "<p>a <strong>b</strong> c</p>" },
    { "<p><u>under</u> <s>strike</s> <sup>2</sup> <code>c</code></p>",
      "<p>under strike 2 c</p>" },
    /* Word processors and browsers express styles in style="". */
    { "<p><span style=\"font-weight:bold\">B</span></p>", "<p><strong>B</strong></p>" },
    { "<p><span style=\"font-weight: 700\">B</span></p>", "<p><strong>B</strong></p>" },
    { "<p><span style=\"FONT-WEIGHT:BOLDER\">B</span></p>", "<p><strong>B</strong></p>" },
    { "<p><span style=\"font-weight:600\">B</span><span style=\"font-weight:500\">n</span></p>",
      "<p><strong>B</strong>n</p>" },
    { "<p><span style=\"font-style:italic\">I</span></p>", "<p><em>I</em></p>" },
    { "<p><span style=\"font-style: oblique 10deg\">I</span></p>", "<p><em>I</em></p>" },
    { "<p><span style=\"color:red; font-weight:bold !important; font-style:italic\">x</span></p>",
      "<p><strong><em>x</em></strong></p>" },
    /* style="" overrides the tag (Google Docs' <b style="font-weight:normal"> wrapper). */
    { "<b style=\"font-weight:normal\"><p>plain <span style=\"font-weight:700\">bold</span></p></b>",
      "<p>plain <strong>bold</strong></p>" },
    { "<p><em style=\"font-style:normal\">x</em></p>", "<p>x</p>" },
    { "<p><b style=\"font-weight:normal\"><i>x</i></b></p>", "<p><em>x</em></p>" },
    /* Properties that merely contain the word are not font-weight (Word's mso-bidi-*). */
    { "<p><b style=\"mso-bidi-font-weight:normal\">x</b></p>", "<p><strong>x</strong></p>" },
    { "<p><i style=\"mso-bidi-font-style:normal\">x</i></p>", "<p><em>x</em></p>" },
    /* A heading's own computed weight does not turn its text into <strong>. */
    { "<h2 style=\"font-weight:700\">Head</h2>", "<h2>Head</h2>" },
    { "<p style=\"font-weight:bold\">Bold <i>both</i></p>",
      "<p><strong>Bold </strong><strong><em>both</em></strong></p>" },
  };

  CHECK_CASES (cases);
}

static void
test_parse_links (void)
{
  static const Case cases[] = {
    { "<p><a href=\"https://example.com/\">x</a></p>",
      "<p><a href=\"https://example.com/\">x</a></p>" },
    { "<p><a href=\"  http://example.com/a?b=1&amp;c=2  \">x</a></p>",
      "<p><a href=\"http://example.com/a?b=1&amp;c=2\">x</a></p>" },
    { "<p><a href=\"mailto:desk@example.com\">mail</a></p>",
      "<p><a href=\"mailto:desk@example.com\">mail</a></p>" },
    /* Unsafe or relative links keep their text. */
    { "<p>a <a href=\"javascript:alert(1)\">b</a> c</p>", "<p>a b c</p>" },
    { "<p><a href=\"/relative\">rel</a> <a href=\"#top\">frag</a> <a>none</a></p>",
      "<p>rel frag none</p>" },
    /* Equal links on adjacent runs merge, different ones do not. */
    { "<p><a href=\"http://a.example\">x</a><a href=\"http://a.example\">y</a> "
      "<a href=\"http://b.example\">z</a></p>",
      "<p><a href=\"http://a.example\">xy</a> <a href=\"http://b.example\">z</a></p>" },
    /* Fixed nesting order: a > strong > em, whatever the input order. */
    { "<p><i><b><a href=\"http://a.example\">x</a></b></i></p>",
      "<p><a href=\"http://a.example\"><strong><em>x</em></strong></a></p>" },
    { "<p><a href=\"http://a.example\">plain <b>bold</b></a></p>",
      "<p><a href=\"http://a.example\">plain </a><a href=\"http://a.example\"><strong>bold</strong></a></p>" },
    /* libxml2 closes the outer <a>; the inner one decides. */
    { "<a href=\"https://a.example\"><a href=\"https://c.example\">x</a></a>",
      "<p><a href=\"https://c.example\">x</a></p>" },
    /* Link text with a line break. */
    { "<p><a href=\"http://a.example\">one<br>two</a></p>",
      "<p><a href=\"http://a.example\">one<br>two</a></p>" },
  };

  CHECK_CASES (cases);
}

static void
test_parse_breaks (void)
{
  static const Case cases[] = {
    { "<p>a<br>b</p>", "<p>a<br>b</p>" },
    { "<p>a<br/>b<BR>c</p>", "<p>a<br>b<br>c</p>" },
    { "<p>a<br></p>", "<p>a</p>" },
    { "<p><br>b</p>", "<p>b</p>" },
    { "<p><br><br>b<br><br></p>", "<p>b</p>" },
    { "<p>c<br><br>d</p>", "<p>c<br><br>d</p>" },
    /* Spaces around a break are invisible. */
    { "<p>a <br> b</p>", "<p>a<br>b</p>" },
    { "<p><b>a <br> b</b></p>", "<p><strong>a<br>b</strong></p>" },
    { "<p>a<br> <br>b</p>", "<p>a<br><br>b</p>" },
    /* The break takes the style it appears in. */
    { "<p><b>a<br></b>b</p>", "<p><strong>a<br></strong>b</p>" },
    { "<p>a</p><br><p>b</p>", "<p>a</p>\n<p>b</p>" },
    { "<br><br>", "" },
    /* Literal separators behave like <br>. */
    { "<p>a&#x2028;b&#x2029;c&#x2028;</p>", "<p>a<br>b<br>c</p>" },
    { "<p>\xe2\x80\xa8lead</p>", "<p>lead</p>" },
  };

  CHECK_CASES (cases);
}

static void
test_parse_lists (void)
{
  static const Case cases[] = {
    { "<ul><li>a</li><li>b</li></ul>", "<ul><li>a</li>\n<li>b</li></ul>" },
    { "<ol><li>a</li><li>b</li></ol>", "<ol><li>a</li>\n<li>b</li></ol>" },
    { "<ul><li>a<li>b</ul>", "<ul><li>a</li>\n<li>b</li></ul>" },
    /* Nested lists are flattened; each item keeps the kind of its own list. */
    { "<ul><li>a<ul><li>b</li></ul>c</li><li>d</li></ul>",
      "<ul><li>a</li>\n<li>b</li>\n<li>c</li>\n<li>d</li></ul>" },
    { "<ol><li>a<ul><li>b</li></ul></li><li>c</li></ol>",
      "<ol><li>a</li></ol>\n<ul><li>b</li></ul>\n<ol><li>c</li></ol>" },
    { "<li>orphan</li>", "<ul><li>orphan</li></ul>" },
    { "<ul><li><p>para in item</p></li></ul>", "<ul><li>para in item</li></ul>" },
    { "<ul><li></li><li>  </li><li>a</li></ul>", "<ul><li>a</li></ul>" },
    { "<ul>stray<li>a</li></ul>", "<p>stray</p>\n<ul><li>a</li></ul>" },
    { "<menu><li>m</li></menu>", "<ul><li>m</li></ul>" },
    { "<ul><li><b>bold</b> item</li></ul>", "<ul><li><strong>bold</strong> item</li></ul>" },
    { "<ol><li>a</li></ol><ol><li>b</li></ol>", "<ol><li>a</li>\n<li>b</li></ol>" },
    { "<blockquote><ul><li>z</li></ul></blockquote>", "<ul><li>z</li></ul>" },
  };

  CHECK_CASES (cases);
}

static void
test_parse_quotes (void)
{
  static const Case cases[] = {
    { "<blockquote>direct</blockquote>", "<blockquote><p>direct</p></blockquote>" },
    { "<blockquote><p>a</p><p>b</p></blockquote>",
      "<blockquote><p>a</p>\n<p>b</p></blockquote>" },
    { "<blockquote>q<p>r</p>s</blockquote>",
      "<blockquote><p>q</p>\n<p>r</p>\n<p>s</p></blockquote>" },
    { "<blockquote><div>in div</div></blockquote>", "<blockquote><p>in div</p></blockquote>" },
    { "<blockquote><blockquote>nested</blockquote></blockquote>",
      "<blockquote><p>nested</p></blockquote>" },
    { "<blockquote>a</blockquote><p>b</p><blockquote>c</blockquote>",
      "<blockquote><p>a</p></blockquote>\n<p>b</p>\n<blockquote><p>c</p></blockquote>" },
    { "<blockquote><h2>h</h2></blockquote>", "<h2>h</h2>" },
    { "<blockquote><em>said</em> he</blockquote>",
      "<blockquote><p><em>said</em> he</p></blockquote>" },
  };

  CHECK_CASES (cases);
}

static void
test_parse_whitespace (void)
{
  static const Case cases[] = {
    { "  lone   text  ", "<p>lone text</p>" },
    { "<p>\n  a\t\tb \r\n c  \n</p>", "<p>a b c</p>" },
    { "<p><b>x </b> <i> y</i></p>", "<p><strong>x </strong><em>y</em></p>" },
    { "<p>a<b> </b>b</p>", "<p>a<strong> </strong>b</p>" },
    { "<p>a <span> </span> b</p>", "<p>a b</p>" },
    { "<p><mark>a</mark> <mark>b</mark></p>", "<p>a b</p>" },
    { "<p>a<img src=x> <b>c</b></p>", "<p>a <strong>c</strong></p>" },
    { "<p>a<img src=x>b</p>", "<p>ab</p>" },
    { "<p>x<wbr>y</p>", "<p>xy</p>" },
    /* Non-breaking spaces are kept, never collapsed or trimmed... */
    { "<p>a&nbsp;&nbsp;b &nbsp; c&#160;d&#xA0;e</p>", "<p>a&nbsp;&nbsp;b &nbsp; c&nbsp;d&nbsp;e</p>" },
    { "<p>&nbsp;x&nbsp;</p>", "<p>&nbsp;x&nbsp;</p>" },
    /* ...but a block of nothing but (non-breaking) spaces is empty. */
    { "<p>&nbsp;</p><p> &nbsp; </p><p>\xe2\x80\x8b</p>", "" },
    /* Other Unicode spaces are ordinary characters. */
    { "<p>a\xe2\x80\x83\xe2\x80\x83" "b</p>", "<p>a\xe2\x80\x83\xe2\x80\x83" "b</p>" },
  };

  CHECK_CASES (cases);
}

static void
test_parse_dropped (void)
{
  static const Case cases[] = {
    { "<p>a<script>alert(1)</script>b</p>", "<p>ab</p>" },
    { "<p>a<style>p{}</style>b</p>", "<p>ab</p>" },
    { "<template><p>t</p></template><p>x</p>", "<p>x</p>" },
    { "<noscript><p>n</p></noscript><p>x</p>", "<p>x</p>" },
    { "<p>a<iframe src=\"http://e.example\">fallback</iframe>b</p>", "<p>ab</p>" },
    { "<p>a<object>fallback</object><embed src=x>b</p>", "<p>ab</p>" },
    { "<p>a<svg><text>svg</text></svg>b</p>", "<p>ab</p>" },
    { "<p>a<math><mi>x</mi></math>b</p>", "<p>ab</p>" },
    { "<html><head><title>T</title><meta charset=utf-8><link rel=x href=y>"
      "<style>p{}</style></head><body><p>x</p></body></html>", "<p>x</p>" },
    { "<p>a<!-- comment -->b<?pi x?>c</p>", "<p>abc</p>" },
    { "<p>a<img src=x alt=\"alt text\">b</p>", "<p>ab</p>" },
    { "<p>a<textarea>t</textarea><select><option>o</option></select><button>b</button>b</p>",
      "<p>ab</p>" },
    { "<p>a<video>v</video><audio>x</audio><canvas>c</canvas>b</p>", "<p>ab</p>" },
    /* Invisible content stays invisible. */
    { "<p>a</p><p style=\"display:none\">hidden</p><p hidden>h2</p>"
      "<p style=\"visibility:hidden\">h3</p><p style=\"mso-hide:all\">h4</p>", "<p>a</p>" },
    { "<div style=\"DISPLAY : NONE\"><p>nested</p></div><p>b</p>", "<p>b</p>" },
  };

  CHECK_CASES (cases);
}

static void
test_parse_entities (void)
{
  static const Case cases[] = {
    { "<p>AT&amp;T &lt;b&gt; &quot;q&quot; &#39;s&#39;</p>",
      "<p>AT&amp;T &lt;b&gt; \"q\" 's'</p>" },
    { "<p>&euro;&#8364;&#x20AC; caf&eacute; &mdash;</p>", "<p>€€€ café —</p>" },
    /* Numeric references to C1 controls mean Windows-1252, as in browsers. */
    { "<p>&#147;q&#148; &#150; &#151; &#128; &#153;</p>", "<p>“q” – — € ™</p>" },
    { "<p>&bogus; & &amp;amp;</p>", "<p>&amp;bogus; &amp; &amp;amp;</p>" },
    { "<p>a&#0;b &#xD800; c</p>", "<p>ab c</p>" },
    { "<p>&#x1F600;</p>", "<p>😀</p>" },
  };

  CHECK_CASES (cases);
}

static void
test_parse_controls (void)
{
  static const Case cases[] = {
    /* C0 controls (other than whitespace) and DEL are dropped, C1 mapped or dropped. */
    { "<p>a\x01" "b\x7f" "c\x1b" "d</p>", "<p>abcd</p>" },
    { "<p>\xc2\x93quoted\xc2\x94 \xc2\x81x</p>", "<p>“quoted” x</p>" },
    { "<p>\xef\xbf\xbe" "x</p>", "<p>x</p>" },
    /* libxml2 drops vertical tab and form feed outright. */
    { "<p>a\x0b" "b\x0c" "c</p>", "<p>abc</p>" },
  };

  CHECK_CASES (cases);
}

static void
test_parse_pre (void)
{
  static const Case cases[] = {
    { "<pre>a\n  b\nc</pre>", "<p>a<br>b<br>c</p>" },
    { "<pre>\nfirst\r\nsecond\rthird\n</pre>", "<p>first<br>second<br>third</p>" },
    { "<pre>a\n\nb</pre>", "<p>a<br><br>b</p>" },
    { "<pre><b>x\ny</b></pre>", "<p><strong>x<br>y</strong></p>" },
  };

  CHECK_CASES (cases);
}

static void
test_parse_word_lists (void)
{
  static const Case cases[] = {
    { "<p style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>\xc2\xb7"
      "<span>&nbsp;&nbsp; </span></span>Bullet</p>",
      "<ul><li>Bullet</li></ul>" },
    { "<p style='mso-list:l1 level1 lfo2'><span><span style='mso-list:Ignore'>1."
      "<span>&nbsp;</span></span></span>One</p>"
      "<p style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>2)</span>Two</p>",
      "<ol><li>One</li>\n<li>Two</li></ol>" },
    { "<p style='mso-list:l2 level1 lfo3'><span style='mso-list:Ignore'>iv.</span>Roman</p>",
      "<ol><li>Roman</li></ol>" },
    { "<p style='mso-list:l2 level1 lfo3'><span style='mso-list:Ignore'>o</span>Circle</p>",
      "<ul><li>Circle</li></ul>" },
    { "<p style='mso-list:l0 level1 lfo1'>No marker</p>", "<ul><li>No marker</li></ul>" },
    { "<p style='mso-list:none'>Not a list</p>", "<p>Not a list</p>" },
    /* mso-list only makes block elements list items. */
    { "<p><span style='mso-list:l0 level1 lfo1'>inline</span></p>", "<p>inline</p>" },
  };

  CHECK_CASES (cases);
}

static void
test_parse_prefixed (void)
{
  static const Case cases[] = {
    /* libxml2 would otherwise see <o:p> as <p> and <st1:address> as <address>. */
    { "<p>a<o:p>b</o:p>c</p>", "<p>abc</p>" },
    { "<p>Word <st1:address><st1:Street>12 Main</st1:Street></st1:address> end</p>",
      "<p>Word 12 Main end</p>" },
    { "<p>x<svg:script>alert(1)</svg:script>y<x:style>p{}</x:style>z</p>", "<p>xyz</p>" },
    { "<p class=MsoNormal><o:p>&nbsp;</o:p></p><p>k</p>", "<p>k</p>" },
  };

  CHECK_CASES (cases);
}

static void
test_parse_bogus_comments (void)
{
  static const Case cases[] = {
    { "<p>a<![if !supportLists]>b<![endif]>c</p>", "<p>abc</p>" },
    { "<p>a <![CDATA[ x ]]> b</p>", "<p>a b</p>" },
    { "<p>a<!bogus>b</p>", "<p>ab</p>" },
    { "<p>a<!-->b</p><p>c<!--->d</p>", "<p>ab</p>\n<p>cd</p>" },
    { "<p>a<!--[if !IE]><!-->b<!--<![endif]-->c</p>", "<p>abc</p>" },
    { "<p>a<!-- <![if x]> -->b</p>", "<p>ab</p>" },
    { "<!DOCTYPE html><p>x</p>", "<p>x</p>" },
    { "<p>a</p><!unterminated", "<p>a</p>" },
    { "<p>a</p><!-- unterminated <p>b</p>", "<p>a</p>" },
  };

  CHECK_CASES (cases);
}

/* Looks at the model itself, not just its serialization. */
static void
test_parse_doc_structure (void)
{
  g_autoptr (NdHtmlDoc) doc = parse_ok (
    "<h1>Head</h1><p>a <b>b<br>c</b> <a href=' https://x.example/ '><i>d</i></a></p>"
    "<ol><li>n</li></ol><blockquote>q</blockquote>",
    -1);
  NdHtmlBlock *block;
  NdHtmlRun   *run;

  g_assert_cmpuint (doc->blocks->len, ==, 4);

  block = g_ptr_array_index (doc->blocks, 0);
  g_assert_cmpint (block->kind, ==, ND_HTML_BLOCK_HEADING2);
  g_assert_cmpuint (block->runs->len, ==, 1);

  block = g_ptr_array_index (doc->blocks, 1);
  g_assert_cmpint (block->kind, ==, ND_HTML_BLOCK_PARAGRAPH);
  g_assert_cmpuint (block->runs->len, ==, 4);
  run = g_ptr_array_index (block->runs, 0);
  g_assert_cmpstr (run->text, ==, "a ");
  g_assert_cmpint (run->style, ==, ND_HTML_STYLE_NONE);
  g_assert_null (run->href);
  run = g_ptr_array_index (block->runs, 1);
  g_assert_cmpstr (run->text, ==, "b\xe2\x80\xa8" "c");
  g_assert_cmpint (run->style, ==, ND_HTML_STYLE_BOLD);
  run = g_ptr_array_index (block->runs, 2);
  g_assert_cmpstr (run->text, ==, " ");
  run = g_ptr_array_index (block->runs, 3);
  g_assert_cmpstr (run->text, ==, "d");
  g_assert_cmpint (run->style, ==, ND_HTML_STYLE_ITALIC);
  g_assert_cmpstr (run->href, ==, "https://x.example/");

  block = g_ptr_array_index (doc->blocks, 2);
  g_assert_cmpint (block->kind, ==, ND_HTML_BLOCK_NUMBERED);
  block = g_ptr_array_index (doc->blocks, 3);
  g_assert_cmpint (block->kind, ==, ND_HTML_BLOCK_QUOTE);
  run = g_ptr_array_index (block->runs, 0);
  g_assert_cmpstr (run->text, ==, "q");

  assert_doc_invariants (doc);
}

/* ------------------------------------------------------------------------------------ */
/* Input handling                                                                        */
/* ------------------------------------------------------------------------------------ */

static void
test_input_empty (void)
{
  static const char *inputs[] = {
    "", "   \n\t ", "<!-- only a comment -->", "<html><head><title>t</title></head></html>",
    "<p></p><div> </div>", "<script>x</script>", "<![if x]>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr (NdHtmlDoc) doc = parse_ok (inputs[i], -1);
      g_autofree char *out = nd_html_doc_serialize (doc);

      g_assert_cmpuint (doc->blocks->len, ==, 0);
      g_assert_cmpstr (out, ==, "");
    }

  {
    g_autoptr (NdHtmlDoc) doc = parse_ok (NULL, -1);

    g_assert_cmpuint (doc->blocks->len, ==, 0);
  }
}

static void
test_input_length (void)
{
  g_autofree char *out = sanitize_ok ("<p>abc</p><p>XYZ</p>", 10);

  /* Only the first len bytes are read; no NUL terminator is needed. */
  g_assert_cmpstr (out, ==, "<p>abc</p>");
}

static void
test_input_invalid_utf8 (void)
{
  static const Case cases[] = {
    { "<p>a\xc3\x28" "b</p>", "<p>a\xef\xbf\xbd(b</p>" },
    { "<p>x\xff" "y</p>", "<p>x\xef\xbf\xbdy</p>" },
    { "<p>trunc\xe2\x82</p>", "<p>trunc\xef\xbf\xbd\xef\xbf\xbd</p>" },
    { "<p>\xc0\xaf</p>", "<p>\xef\xbf\xbd\xef\xbf\xbd</p>" },
  };

  CHECK_CASES (cases);

  {
    /* Invalid bytes inside an attribute must not sneak past the URL check either. */
    g_autofree char *out = sanitize_ok ("<a href=\"java\xffscript:x\">t</a>", -1);

    g_assert_cmpstr (out, ==, "<p>t</p>");
  }
}

static void
test_input_embedded_nul (void)
{
  static const char input[] = "<p>a\0b</p><p>c</p>";
  g_autofree char *out = sanitize_ok (input, sizeof input - 1);

  /* The NUL becomes U+FFFD and nothing after it is lost. */
  g_assert_cmpstr (out, ==, "<p>a\xef\xbf\xbd" "b</p>\n<p>c</p>");
}

static GBytes *
to_utf16 (const char *utf8,
          gboolean    big_endian)
{
  g_autofree gunichar2 *units = NULL;
  glong                 n = 0;
  GByteArray           *bytes = g_byte_array_new ();

  units = g_utf8_to_utf16 (utf8, -1, NULL, &n, NULL);
  g_byte_array_append (bytes, big_endian ? (const guint8 *) "\xfe\xff"
                                         : (const guint8 *) "\xff\xfe", 2);
  for (glong i = 0; i < n; i++)
    {
      guint8 pair[2] = { units[i] & 0xff, units[i] >> 8 };

      if (big_endian)
        {
          guint8 t = pair[0];

          pair[0] = pair[1];
          pair[1] = t;
        }
      g_byte_array_append (bytes, pair, 2);
    }

  return g_byte_array_free_to_bytes (bytes);
}

static void
test_input_utf16 (void)
{
  for (int be = 0; be < 2; be++)
    {
      g_autoptr (GBytes) bytes = to_utf16 ("<p>Caf\xc3\xa9 \xf0\x9f\x98\x80 <b>b</b></p>", be);
      gsize            len;
      const char      *data = g_bytes_get_data (bytes, &len);
      g_autofree char *out = sanitize_ok (data, len);

      g_assert_cmpstr (out, ==, "<p>Caf\xc3\xa9 \xf0\x9f\x98\x80 <strong>b</strong></p>");
    }

  {
    /* An unpaired surrogate becomes U+FFFD. */
    static const char lone[] = "\xff\xfe<\0p\0>\0\x00\xd8x\0";
    g_autofree char *out = sanitize_ok (lone, sizeof lone - 1);

    g_assert_cmpstr (out, ==, "<p>\xef\xbf\xbdx</p>");
  }
}

static void
test_input_bom_and_charset (void)
{
  static const Case cases[] = {
    { "\xef\xbb\xbf<p>bom</p>", "<p>bom</p>" },
    /* The input is UTF-8 whatever it claims. */
    { "<meta charset=\"iso-8859-1\"><p>h\xc3\xa9llo</p>", "<p>h\xc3\xa9llo</p>" },
    { "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
      "<p>h\xc3\xa9llo</p>", "<p>h\xc3\xa9llo</p>" },
    { "<meta charset=\"utf-16\"><p>still utf-8</p>", "<p>still utf-8</p>" },
  };

  CHECK_CASES (cases);
}

static void
test_input_cf_html (void)
{
  static const Case cases[] = {
    { "Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000200\r\n"
      "StartFragment:0000000141\r\nEndFragment:0000000180\r\n"
      "<html><body><!--StartFragment--><p>clip</p><!--EndFragment--></body></html>",
      "<p>clip</p>" },
    /* Plain text that merely starts with "Version:" is left alone. */
    { "Version: 2 of the plan <b>draft</b>", "<p>Version: 2 of the plan <strong>draft</strong></p>" },
  };

  CHECK_CASES (cases);
}

static void
test_input_too_large (void)
{
  g_autoptr (GError) error = NULL;
  char            *big = g_malloc (ND_HTML_MAX_INPUT + 2);
  NdHtmlDoc       *doc;
  char            *out;

  memset (big, ' ', ND_HTML_MAX_INPUT + 1);
  big[ND_HTML_MAX_INPUT + 1] = '\0';
  memcpy (big, "<p>ok</p>", 9);

  doc = nd_html_parse (big, -1, &error);
  g_assert_null (doc);
  g_assert_error (error, ND_HTML_ERROR, ND_HTML_ERROR_TOO_LARGE);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_test_message ("too large: %s", error->message);
  g_clear_error (&error);

  out = nd_html_sanitize (big, ND_HTML_MAX_INPUT + 1, &error);
  g_assert_null (out);
  g_assert_error (error, ND_HTML_ERROR, ND_HTML_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* No GError is fine too. */
  g_assert_null (nd_html_parse (big, -1, NULL));
  out = nd_html_to_plain_text (big);
  g_assert_cmpstr (out, ==, "");
  g_free (out);

  /* Exactly at the limit is accepted. */
  doc = nd_html_parse (big, ND_HTML_MAX_INPUT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (doc->blocks->len, ==, 1);
  nd_html_doc_free (doc);

  g_free (big);
}

static void
assert_bounded_time (gint64      start,
                     double      seconds,
                     const char *what)
{
  double elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_test_message ("%s took %.3f s", what, elapsed);
  if (elapsed > seconds * slow_factor ())
    g_error ("%s took %.1f s (limit %.1f s)", what, elapsed, seconds * slow_factor ());
}

static void
assert_bounded_memory (void)
{
#ifdef G_OS_UNIX
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  /* ru_maxrss is in KiB on Linux. A 10 MB input needs a few hundred MiB of DOM. */
  g_test_message ("peak RSS %ld KiB", usage.ru_maxrss);
  g_assert_cmpfloat (usage.ru_maxrss, <, 1024.0 * 1024.0 * slow_factor ());
#endif
}

static char *
repeat (const char *s,
        guint       n)
{
  GString *out = g_string_sized_new (strlen (s) * n);

  for (guint i = 0; i < n; i++)
    g_string_append (out, s);
  return g_string_free (out, FALSE);
}

static void
test_input_deep (void)
{
  static const struct
  {
    const char *open;
    const char *close;
  } shapes[] = {
    { "<div>", "</div>" },
    { "<b>", "</b>" },
    { "<span style=\"font-style:italic\">", "</span>" },
    { "<blockquote>", "</blockquote>" },
    { "<ul><li>", "</li></ul>" },
    { "<table><tr><td>", "</td></tr></table>" },
    { "<a href=\"http://x.example/\">", "</a>" },
    { "<p><i>", "" },
    { "<o:p>", "</o:p>" },
    { "<font><em>", "" },
    { "<li>", "" },
  };
  const guint depth = 100000;

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autofree char *open = repeat (shapes[i].open, depth);
      g_autofree char *close = repeat (shapes[i].close, depth);
      g_autofree char *input =
        g_strconcat ("<p>before</p>", open, "deep text", close, "<p>after</p>", NULL);
      gint64           start = g_get_monotonic_time ();
      g_autoptr (NdHtmlDoc) doc = parse_ok (input, -1);
      g_autofree char *out = nd_html_doc_serialize (doc);

      assert_bounded_time (start, 5.0, shapes[i].open);
      assert_doc_invariants (doc);
      assert_subset_only (out);
      /* Whatever libxml2 keeps of the deep part, what came before it is intact. */
      g_assert_true (g_str_has_prefix (out, "<p>before</p>"));
      assert_stable (input, -1);
    }

  {
    /* Deep nesting of the dropped kind must not leak anything either. */
    g_autofree char *open = repeat ("<svg><script>", depth);
    g_autofree char *input = g_strconcat ("<p>x</p>", open, "alert(1)", NULL);
    g_autofree char *out = sanitize_ok (input, -1);

    g_assert_cmpstr (out, ==, "<p>x</p>");
  }
}

static void
test_input_large (void)
{
  const gsize target = 10 * 1024 * 1024;
  GString    *input = g_string_sized_new (target + 256);
  guint       paragraphs = 0;
  gint64      start;
  g_autoptr (NdHtmlDoc) doc = NULL;
  g_autofree char *out = NULL;
  g_autofree char *last = NULL;
  NdHtmlBlock *block;

  while (input->len < target)
    {
      g_string_append_printf (input,
                              "<p>Paragraph %u with <b>bold</b>, <i>italic</i> and "
                              "<a href=\"https://example.com/%u\">a link</a>.<br>More.</p>\n",
                              paragraphs, paragraphs);
      paragraphs++;
    }

  start = g_get_monotonic_time ();
  doc = parse_ok (input->str, input->len);
  out = nd_html_doc_serialize (doc);
  assert_bounded_time (start, 10.0, "10 MB parse + serialize");
  assert_bounded_memory ();

  g_assert_cmpuint (doc->blocks->len, ==, paragraphs);
  block = g_ptr_array_index (doc->blocks, doc->blocks->len - 1);
  g_assert_cmpuint (block->runs->len, ==, 7);
  g_assert_true (g_str_has_prefix (out, "<p>Paragraph 0 with <strong>bold</strong>, <em>italic</em> "
                                        "and <a href=\"https://example.com/0\">a link</a>.<br>More.</p>\n"
                                        "<p>Paragraph 1 with"));
  last = g_strdup_printf ("\n<p>Paragraph %u with <strong>bold</strong>, <em>italic</em> and "
                          "<a href=\"https://example.com/%u\">a link</a>.<br>More.</p>",
                          paragraphs - 1, paragraphs - 1);
  g_assert_true (g_str_has_suffix (out, last));

  g_string_free (input, TRUE);
}

static void
test_input_long_text (void)
{
  /* One 9.5 MB text node: linear time, nothing lost. */
  const guint      words = 1900000;
  g_autofree char *body = repeat ("word ", words);
  g_autofree char *input = g_strconcat ("<p>", body, "</p>", NULL);
  gint64           start = g_get_monotonic_time ();
  g_autofree char *plain = NULL;
  g_autoptr (NdHtmlDoc) doc = parse_ok (input, -1);

  assert_bounded_time (start, 5.0, "9.5 MB text node");
  g_assert_cmpuint (doc->blocks->len, ==, 1);
  plain = nd_html_doc_to_plain_text (doc);
  g_assert_cmpuint (strlen (plain), ==, words * 5 - 1);
  g_assert_cmpuint (nd_text_count_words (plain), ==, words);

  {
    /* Many breaks in one block must not go quadratic either. */
    g_autofree char *breaks = repeat ("x <br> ", 500000);
    g_autofree char *in2 = g_strconcat ("<p>", breaks, "</p>", NULL);
    g_autoptr (NdHtmlDoc) doc2 = NULL;

    start = g_get_monotonic_time ();
    doc2 = parse_ok (in2, -1);
    assert_bounded_time (start, 5.0, "500k breaks");
    g_assert_cmpuint (doc2->blocks->len, ==, 1);
    g_assert_cmpuint (((NdHtmlBlock *) g_ptr_array_index (doc2->blocks, 0))->runs->len, ==, 1);
  }
}

/* ------------------------------------------------------------------------------------ */
/* Serialization                                                                         */
/* ------------------------------------------------------------------------------------ */

static void
test_serialize_format (void)
{
  g_autoptr (NdHtmlDoc) doc = nd_html_doc_new ();
  g_autofree char *out = NULL;
  NdHtmlBlock *b;

  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_HEADING2);
  nd_html_block_append_run (b, "Title", ND_HTML_STYLE_NONE, NULL);
  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_PARAGRAPH);
  nd_html_block_append_run (b, "Plain ", ND_HTML_STYLE_NONE, NULL);
  nd_html_block_append_run (b, "bold", ND_HTML_STYLE_BOLD, NULL);
  nd_html_block_append_run (b, " ", ND_HTML_STYLE_NONE, NULL);
  nd_html_block_append_run (b, "all", ND_HTML_STYLE_BOLD | ND_HTML_STYLE_ITALIC,
                            "https://example.com/?a=1&b='2'");
  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_HEADING3);
  nd_html_block_append_run (b, "Sub", ND_HTML_STYLE_ITALIC, NULL);
  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_QUOTE);
  nd_html_block_append_run (b, "q1", ND_HTML_STYLE_NONE, NULL);
  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_QUOTE);
  nd_html_block_append_run (b, "q2", ND_HTML_STYLE_NONE, NULL);
  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_BULLET);
  nd_html_block_append_run (b, "b1", ND_HTML_STYLE_NONE, NULL);
  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_BULLET);
  nd_html_block_append_run (b, "b2", ND_HTML_STYLE_NONE, NULL);
  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_NUMBERED);
  nd_html_block_append_run (b, "n1", ND_HTML_STYLE_NONE, NULL);
  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_BULLET);
  nd_html_block_append_run (b, "b3", ND_HTML_STYLE_NONE, NULL);
  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_QUOTE);
  nd_html_block_append_run (b, "q3", ND_HTML_STYLE_NONE, NULL);

  out = nd_html_doc_serialize (doc);
  g_assert_cmpstr (out, ==,
                   "<h2>Title</h2>\n"
                   "<p>Plain <strong>bold</strong> <a href=\"https://example.com/?a=1&amp;b='2'\">"
                   "<strong><em>all</em></strong></a></p>\n"
                   "<h3><em>Sub</em></h3>\n"
                   "<blockquote><p>q1</p>\n"
                   "<p>q2</p></blockquote>\n"
                   "<ul><li>b1</li>\n"
                   "<li>b2</li></ul>\n"
                   "<ol><li>n1</li></ol>\n"
                   "<ul><li>b3</li></ul>\n"
                   "<blockquote><p>q3</p></blockquote>");

  /* One line per block. */
  {
    g_auto (GStrv) lines = g_strsplit (out, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, doc->blocks->len);
  }

  {
    g_autoptr (NdHtmlDoc) back = parse_ok (out, -1);

    g_assert_true (docs_equal (doc, back));
  }
}

static void
test_serialize_escaping (void)
{
  g_autoptr (NdHtmlDoc) doc = nd_html_doc_new ();
  g_autofree char *out = NULL;
  NdHtmlBlock *b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_PARAGRAPH);

  nd_html_block_append_run (b, "a & b < c > d \"e\" 'f' g\xc2\xa0h\xe2\x80\xa8i </p><script>",
                            ND_HTML_STYLE_NONE, NULL);
  out = nd_html_doc_serialize (doc);
  g_assert_cmpstr (out, ==,
                   "<p>a &amp; b &lt; c &gt; d \"e\" 'f' g&nbsp;h<br>i &lt;/p&gt;&lt;script&gt;</p>");
  assert_subset_only (out);

  {
    g_autoptr (NdHtmlDoc) back = parse_ok (out, -1);

    g_assert_true (docs_equal (doc, back));
  }
}

static void
test_serialize_normalizes (void)
{
  g_autoptr (NdHtmlDoc) doc = nd_html_doc_new ();
  g_autofree char *out = NULL;
  NdHtmlBlock *b;
  NdHtmlRun   *raw;

  /* What a hand-built document may contain that parse never produces. */
  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_PARAGRAPH);
  nd_html_block_append_run (b, "  two  spaces\nand\ttab\x01 ", ND_HTML_STYLE_NONE, NULL);
  nd_html_block_append_run (b, " bold", ND_HTML_STYLE_BOLD, NULL);
  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_PARAGRAPH);   /* empty */
  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_QUOTE);
  nd_html_block_append_run (b, "\xe2\x80\xa8lead and trail\xe2\x80\xa8 ", ND_HTML_STYLE_NONE, NULL);
  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_PARAGRAPH);
  nd_html_block_append_run (b, " \xc2\xa0 ", ND_HTML_STYLE_NONE, NULL);
  b = nd_html_doc_append_block (doc, (NdHtmlBlockKind) 42);
  nd_html_block_append_run (b, "odd kind", ND_HTML_STYLE_NONE, NULL);
  b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_PARAGRAPH);
  /* Bypass the API to plant an unsafe link and stray style bits. */
  raw = g_new0 (NdHtmlRun, 1);
  raw->text = g_strdup ("evil");
  raw->style = 0x70 | ND_HTML_STYLE_ITALIC;
  raw->href = g_strdup ("javascript:alert(1)");
  g_ptr_array_add (b->runs, raw);
  raw = g_new0 (NdHtmlRun, 1);
  raw->text = g_strdup (" link");
  raw->style = ND_HTML_STYLE_ITALIC;
  raw->href = g_strdup (" https://ok.example/ ");
  g_ptr_array_add (b->runs, raw);

  out = nd_html_doc_serialize (doc);
  g_assert_cmpstr (out, ==,
                   "<p>two spaces and tab <strong>bold</strong></p>\n"
                   "<blockquote><p>lead and trail</p></blockquote>\n"
                   "<p>odd kind</p>\n"
                   "<p><em>evil</em><a href=\"https://ok.example/\"><em> link</em></a></p>");

  {
    g_autoptr (NdHtmlDoc) back = parse_ok (out, -1);
    g_autofree char *again = nd_html_doc_serialize (back);

    g_assert_cmpstr (again, ==, out);
  }

  {
    g_autoptr (NdHtmlDoc) empty = nd_html_doc_new ();
    g_autofree char *s = nd_html_doc_serialize (empty);

    g_assert_cmpstr (s, ==, "");
  }
}

static void
test_doc_api (void)
{
  g_autoptr (NdHtmlDoc) doc = nd_html_doc_new ();
  NdHtmlBlock *b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_BULLET);
  NdHtmlRun   *run;

  g_assert_cmpint (b->kind, ==, ND_HTML_BLOCK_BULLET);
  g_assert_cmpuint (b->runs->len, ==, 0);

  nd_html_block_append_run (b, "", ND_HTML_STYLE_BOLD, NULL);
  nd_html_block_append_run (b, NULL, ND_HTML_STYLE_BOLD, NULL);
  g_assert_cmpuint (b->runs->len, ==, 0);

  nd_html_block_append_run (b, "a", ND_HTML_STYLE_BOLD, "https://x.example");
  nd_html_block_append_run (b, "b", ND_HTML_STYLE_BOLD, "https://x.example");
  g_assert_cmpuint (b->runs->len, ==, 1);
  run = g_ptr_array_index (b->runs, 0);
  g_assert_cmpstr (run->text, ==, "ab");

  nd_html_block_append_run (b, "c", ND_HTML_STYLE_BOLD, "https://y.example");
  nd_html_block_append_run (b, "d", ND_HTML_STYLE_BOLD, NULL);
  nd_html_block_append_run (b, "e", ND_HTML_STYLE_NONE, NULL);
  g_assert_cmpuint (b->runs->len, ==, 4);

  /* Unsafe links are dropped, so the run merges with its unlinked neighbour. */
  nd_html_block_append_run (b, "f", ND_HTML_STYLE_NONE, "javascript:alert(1)");
  g_assert_cmpuint (b->runs->len, ==, 4);
  run = g_ptr_array_index (b->runs, 3);
  g_assert_cmpstr (run->text, ==, "ef");
  g_assert_null (run->href);

  /* Surrounding whitespace is trimmed from hrefs; unknown style bits are masked. */
  nd_html_block_append_run (b, "g", 0xf0 | ND_HTML_STYLE_ITALIC, "  http://z.example/  ");
  run = g_ptr_array_index (b->runs, 4);
  g_assert_cmpint (run->style, ==, ND_HTML_STYLE_ITALIC);
  g_assert_cmpstr (run->href, ==, "http://z.example/");

  /* Invalid UTF-8 is repaired. */
  nd_html_block_append_run (b, "h\xff", ND_HTML_STYLE_NONE, NULL);
  run = g_ptr_array_index (b->runs, 5);
  g_assert_cmpstr (run->text, ==, "h\xef\xbf\xbd");

  b = nd_html_doc_append_block (doc, (NdHtmlBlockKind) 99);
  g_assert_cmpint (b->kind, ==, ND_HTML_BLOCK_PARAGRAPH);
  g_assert_cmpuint (doc->blocks->len, ==, 2);

  nd_html_doc_free (NULL);
}

/* ------------------------------------------------------------------------------------ */
/* Round trips                                                                           */
/* ------------------------------------------------------------------------------------ */

static void
test_roundtrip_exact (void)
{
  static const char *inputs[] = {
    "<p>a <b>b</b> <i>c </i> d<br> <br>e</p>",
    "<ul><li>a<ul><li>b</li></ul></li></ul><ol><li>c</ol><li>x",
    "<blockquote>q<p>r</p></blockquote><h1>t</h1><h5>u</h5>",
    "<p><a href=\"https://a.example/?x=<y>&amp;z='\">l</a></p>",
    "<p>&nbsp;lead&nbsp; &amp; &lt;tag&gt; \xc2\x93</p>",
    "<p><b>a<br></b>b <i><b>c</b></i><a href=\"mailto:x@y.z\"><b>d</b></a></p>",
    "<pre>  x\n  y  \n</pre>",
    "<p>emoji \xf0\x9f\x98\x80 combining e\xcc\x81 rtl \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xe2\x80\x8b zw</p>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    assert_stable (inputs[i], -1);
}

/* Files in tests/data/hostile/ and what they must sanitize to. */
typedef struct
{
  const char *name;
  const char *expected;
} CorpusCase;

static const CorpusCase corpus[] = {
  { "attribute-breakout.html",
    "<p>Quote in href</p>\n"
    "<p>Angle in href</p>\n"
    "<p><a href=\"http://example.com/\">Stray quote</a></p>\n"
    "<p><a href=\"http://example.com/\">Unquoted href</a></p>\n"
    "<p>Attributes all dropped</p>" },
  { "browser-paste.html",
    "<h2>Storm&nbsp;hits coast</h2>\n"
    "<p>By&nbsp;<a href=\"https://news.example.com/staff/jo\">Jo Reporter</a></p>\n"
    "<p>Winds reached&nbsp;<strong>120 km/h</strong>&nbsp;overnight,&nbsp;<em>officials said</em>.</p>\n"
    "<p>Waves on the pier.</p>\n"
    "<p>More at&nbsp;our live page.</p>" },
  { "comments.html",
    "<p>One two</p>\n"
    "<p>Three four</p>\n"
    "<p>Five six</p>\n"
    "<p>Seven eight</p>\n"
    "<p>Nine ten</p>\n"
    "<p>Eleven twelve</p>\n"
    "<p>Thirteen fourteen</p>\n"
    "<p>Fifteen downlevel sixteen</p>\n"
    "<p>Last</p>" },
  { "css-tricks.html",
    "<p>Visible</p>\n"
    "<p>Unbold <strong>Semi bold</strong> Unitalic <em>Oblique</em></p>\n"
    "<p><strong>Bold paragraph </strong><strong><em>both</em></strong></p>" },
  { "data-url.html",
    "<p>Base64 page</p>\n"
    "<p>Upper case</p>\n"
    "<p>Pixel</p>\n"
    "<p>Spaced end.</p>" },
  { "entities.html",
    "<p>AT&amp;T &lt;b&gt;not bold&lt;/b&gt; \"quoted\" 'single'</p>\n"
    "<p>Non&nbsp;breaking&nbsp;&nbsp;spaces &nbsp;and&nbsp;hex</p>\n"
    "<p>Euro € € € em—dash © café</p>\n"
    "<p>Windows-1252 refs: “curly” – — €</p>\n"
    "<p>Unknown &amp;bogus; and bare &amp; ampersand and &amp;amp; double</p>\n"
    "<p>Null surrogate too big end</p>\n"
    "<p>Emoji 😀 and 😀 direct</p>\n"
    "<p>&lt;script&gt;alert(1)&lt;/script&gt; stays text</p>" },
  { "form.html",
    "<p>Form intro text</p>\n"
    "<p>Label text</p>" },
  { "frameset.html", "" },
  { "google-docs-paste.html",
    "<p>Plain start, <strong>bold middle</strong><em> italic end</em></p>\n"
    "<ul><li>Item one</li>\n"
    "<li><a href=\"https://docs.example.com/x\">Item two link</a></li></ul>" },
  { "iframe.html",
    "<p>Embed below:</p>\n"
    "<p>Embed above.</p>" },
  { "invalid-utf8.html",
    "<p>Valid start é</p>\n"
    "<p>Broken \xef\xbf\xbd( lead, stray \xef\xbf\xbd continuation, \xef\xbf\xbd\xef\xbf\xbd bytes, "
    "truncated \xef\xbf\xbd\xef\xbf\xbd</p>\n"
    "<p>Overlong \xef\xbf\xbd\xef\xbf\xbd slash and surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd half</p>" },
  { "javascript-link.html",
    "<p>Plain</p>\n"
    "<p>Mixed case</p>\n"
    "<p>Leading spaces</p>\n"
    "<p><a href=\"https://example.com/ok\">Good link</a> and <a href=\"http://example.org\">another</a>.</p>\n"
    "<p><a href=\"mailto:desk@example.com\">Mail the desk</a></p>\n"
    "<p>Comment trick</p>\n"
    "<p>Nested</p>\n"
    "<p>Old IE</p>\n"
    "<p>Local file</p>\n"
    "<p>Ftp</p>" },
  { "math.html",
    "<p>Formula:</p>\n"
    "<p>E = mc2 stays.</p>" },
  { "meta-refresh.html",
    "<p>Body text survives.</p>\n"
    "<p>Relative link</p>" },
  { "mxss.html",
    "<p>Start</p>\n"
    "<p><a href=\"http://example.com/\">Title attr</a></p>\n"
    "<p>End</p>" },
  { "namespaced.html",
    "<p>Prefixed elements</p>\n"
    "<p>Word inline paragraph address tag end</p>\n"
    "<p>After shape</p>" },
  { "nested-tables.html",
    "<p>Name</p>\n"
    "<p>Votes</p>\n"
    "<p>Alice</p>\n"
    "<p><strong>1,204</strong></p>\n"
    "<p>Bob</p>\n"
    "<p>inner <em>cell</em></p>\n"
    "<p>innermost</p>\n"
    "<p>998</p>\n"
    "<p>Results</p>" },
  { "obfuscated-js.html",
    "<p>Tab entity</p>\n"
    "<p>Newline entity</p>\n"
    "<p>CR entity</p>\n"
    "<p>Mixed case</p>\n"
    "<p>Decimal entities</p>\n"
    "<p>Hex entities</p>\n"
    "<p>Padded entities</p>\n"
    "<p>Leading control</p>\n"
    "<p>Null entity</p>\n"
    "<p>VBScript</p>\n"
    "<p>VBScript upper</p>\n"
    "<p>Named colon</p>\n"
    "<p>Protocol relative</p>\n"
    "<p>No host</p>\n"
    "<p>Tab in http</p>\n"
    "<p><a href=\"https://example.com/spaced\">Spaced but fine</a></p>\n"
    "<p><a href=\"HTTPS://EXAMPLE.COM/UPPER\">Upper https</a></p>\n"
    "<p>Unquoted</p>\n"
    "<p>Raw tab</p>" },
  { "object-embed.html",
    "<p>Plugins:</p>\n"
    "<p>No plugins above.</p>" },
  { "onerror.html",
    "<p>Click <strong>here</strong>.</p>\n"
    "<p>Image gone.</p>\n"
    "<p><a href=\"http://example.com/\">Safe link</a></p>\n"
    "<p>Summary</p>\n"
    "<p>Details body</p>" },
  { "script.html",
    "<p>Before the script.</p>\n"
    "<p>Middle text.</p>\n"
    "<p>Split ipt&gt;alert(1) tag.</p>\n"
    "<p>After all.</p>" },
  { "style.html",
    "<p>Red text</p>\n"
    "<p>Expression</p>\n"
    "<p>Binding</p>\n"
    "<p>Import done</p>\n"
    "<p><strong>Important bold</strong></p>" },
  { "svg.html",
    "<p>Before</p>\n"
    "<p>Inline icon.</p>" },
  { "unclosed.html",
    "<p>First <strong>bold </strong><strong><em>bold italic</em></strong></p>\n"
    "<p>Second paragraph <a href=\"https://example.com/\">link text</a></p>\n"
    "<ul><li><a href=\"https://example.com/\">one</a></li>\n"
    "<li><a href=\"https://example.com/\">two</a></li>\n"
    "<li><a href=\"https://example.com/\"><strong>three</strong></a></li></ul>\n"
    "<blockquote><p><a href=\"https://example.com/\">quoted </a><a href=\"https://example.com/\"><em>text</em></a></p></blockquote>\n"
    "<h2><a href=\"https://example.com/\"><em>Heading without end</em></a></h2>\n"
    "<blockquote><p><a href=\"https://example.com/\"><em>Last words</em></a></p></blockquote>" },
  { "unterminated.html",
    "<p>Text before</p>\n"
    "<p>Tag <a href=\"https://example.com/\">link </a><a href=\"https://example.com/\"><strong>bold</strong></a></p>" },
  { "word-paste.html",
    "<h2>Council Votes On Budget</h2>\n"
    "<p>The council voted <strong>7–2</strong> on Tuesday to <em>approve</em> the plan.</p>\n"
    "<p><strong>Span bold</strong> and <em>span italic</em> text.</p>\n"
    "<ul><li>First bullet</li>\n"
    "<li>Second bullet</li></ul>\n"
    "<ol><li>Numbered one</li>\n"
    "<li>Numbered two</li></ol>\n"
    "<p>Mayor Ana Faría lives at 12 Main Street.</p>\n"
    "<p>Visit <a href=\"https://example.com/budget\">the budget site</a>.</p>" },
};

static char *
load_corpus (const char *name,
             gsize      *len)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "hostile", name, NULL);
  g_autoptr (GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return data;
}

static void
test_hostile_file (gconstpointer data)
{
  const CorpusCase *c = data;
  gsize             len;
  g_autofree char  *input = load_corpus (c->name, &len);
  g_autofree char  *out = sanitize_ok (input, len);

  assert_no_forbidden (out);
  assert_subset_only (out);
  if (g_strcmp0 (out, c->expected) != 0)
    g_error ("%s:\n  got:\n%s\n  expected:\n%s", c->name, out, c->expected);
  assert_stable (input, len);

  {
    /* Same result whatever the length convention. */
    g_autofree char *again = sanitize_ok (input, -1);

    if (memchr (input, '\0', len) == NULL)
      g_assert_cmpstr (again, ==, out);
  }
}

/* Every file in the corpus must have an expectation above, so nobody adds one that is
 * never checked. */
static void
test_hostile_all_covered (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "hostile", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, &error);
  const char *name;
  guint       seen = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (corpus) && !known; i++)
        known = g_str_equal (corpus[i].name, name);
      if (!known)
        g_error ("tests/data/hostile/%s has no expected output in test-html.c", name);
      seen++;
    }

  g_assert_cmpuint (seen, ==, G_N_ELEMENTS (corpus));
}

static const char *const random_fragments[] = {
  "<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<strong>", "</strong>", "<i>", "</i>",
  "<em>", "</em>", "<a href=\"https://example.com/a?b=1&amp;c=2\">",
  "<a href=\"javascript:alert(1)\">", "<a href=\" http://x.example \">",
  "<a href=\"mailto:a@b.example\">", "<a href='http://q.example/\"'>", "<a>", "</a>", "<ul>",
  "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<blockquote>", "</blockquote>", "<h1>",
  "</h1>", "<h2>", "</h2>", "<h3>", "</h3>", "<h5>", "</h5>", "<br>", "<br/>", "<hr>",
  "<table>", "<tr>", "<td>", "</td>", "</table>", "<pre>", "</pre>",
  "<span style=\"font-weight:bold\">", "<span style=\"font-style:italic\">",
  "<b style=\"font-weight:normal\">", "<span style=\"display:none\">", "</span>",
  "<script>alert(1)</script>", "<style>p{}</style>", "<img src=x onerror=alert(1)>",
  "<svg onload=alert(1)>", "</svg>", "<o:p>", "</o:p>", "<!-- c -->", "<!--", "-->",
  "<![if x]>", "<![endif]>", "<?pi x?>", "<textarea>", "</textarea>", "<noscript>",
  "<p style=\"mso-list:l0 level1 lfo1\"><span style=\"mso-list:Ignore\">1.</span>",
  " ", "  ", "\n", "\t", "\r\n", "&nbsp;", "&amp;", "&lt;", "&gt;", "&#150;", "&#0;",
  "&quot;", "&", "<", ">", "\"", "'", "word", "Word", "x", "h\xc3\xa9llo", "\xf0\x9f\x98\x80",
  "e\xcc\x81", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xc2\xa0", "\x01", "\x7f", "\xc2\x85",
  "\xef\xbb\xbf", "\xe2\x80\x8b", "\xff", "\xc3", "\xef\xbf\xbe",
};

static void
test_roundtrip_random_html (void)
{
  guint iterations = g_test_thorough () ? 20000 : 3000;

  for (guint i = 0; i < iterations; i++)
    {
      GString *input = g_string_new (NULL);
      guint    n = g_test_rand_int_range (1, 60);
      g_autofree char *out = NULL;

      for (guint j = 0; j < n; j++)
        g_string_append (input, random_fragments[g_test_rand_int_range (
                                  0, G_N_ELEMENTS (random_fragments))]);

      out = sanitize_ok (input->str, input->len);
      assert_no_forbidden (out);
      assert_stable (input->str, input->len);
      g_string_free (input, TRUE);
    }
}

static void
test_roundtrip_random_docs (void)
{
  static const char *texts[] = {
    "word", " ", "  ", "\n", "\t", "a b", "\xc2\xa0", "\xe2\x80\xa8", "\xe2\x80\xa9", "<&>\"'",
    "\x01", "\xc2\x93", "\xf0\x9f\x98\x80", "", "caf\xc3\xa9", "\xe2\x80\x8b", "x\r\ny",
  };
  static const char *hrefs[] = {
    NULL, NULL, NULL, "https://a.example/", " http://b.example/?q=\"x\" ",
    "mailto:c@d.example", "javascript:alert(1)", "data:text/html,x", "/relative",
  };
  guint iterations = g_test_thorough () ? 20000 : 3000;

  for (guint i = 0; i < iterations; i++)
    {
      g_autoptr (NdHtmlDoc) doc = nd_html_doc_new ();
      g_autofree char *s = NULL;
      g_autofree char *s2 = NULL;
      g_autoptr (NdHtmlDoc) back = NULL;
      g_autoptr (NdHtmlDoc) back2 = NULL;
      guint n_blocks = g_test_rand_int_range (0, 8);

      for (guint j = 0; j < n_blocks; j++)
        {
          NdHtmlBlock *b = nd_html_doc_append_block (doc, g_test_rand_int_range (0, 7));
          guint        n_runs = g_test_rand_int_range (0, 6);

          for (guint k = 0; k < n_runs; k++)
            {
              /* Raw runs, bypassing append_run's merging and URL check. */
              NdHtmlRun *run = g_new0 (NdHtmlRun, 1);

              run->text = g_strconcat (texts[g_test_rand_int_range (0, G_N_ELEMENTS (texts))],
                                       texts[g_test_rand_int_range (0, G_N_ELEMENTS (texts))],
                                       NULL);
              run->style = g_test_rand_int_range (0, 8);
              run->href = g_strdup (hrefs[g_test_rand_int_range (0, G_N_ELEMENTS (hrefs))]);
              g_ptr_array_add (b->runs, run);
            }
        }

      s = nd_html_doc_serialize (doc);
      assert_subset_only (s);
      assert_no_forbidden (s);
      back = parse_ok (s, -1);
      assert_doc_invariants (back);
      s2 = nd_html_doc_serialize (back);
      g_assert_cmpstr (s, ==, s2);
      back2 = parse_ok (s2, -1);
      g_assert_true (docs_equal (back, back2));
    }
}

/* ------------------------------------------------------------------------------------ */
/* URLs, escaping, plain text, counting                                                  */
/* ------------------------------------------------------------------------------------ */

typedef struct
{
  const char *url;
  gboolean    safe;
  gboolean    http;
} UrlCase;

static void
test_url (void)
{
  static const UrlCase cases[] = {
    { "http://example.com", TRUE, TRUE },
    { "https://example.com/path?q=1&r=2#frag", TRUE, TRUE },
    { "HTTP://EXAMPLE.COM", TRUE, TRUE },
    { "HtTpS://example.com/", TRUE, TRUE },
    { "  https://example.com  ", TRUE, TRUE },
    { "\thttps://example.com\r\n", TRUE, TRUE },
    { "https://user@example.com:8080/x", TRUE, TRUE },
    { "http://[::1]/", TRUE, TRUE },
    { "https://\xe4\xbe\x8b\xe3\x81\x88.jp/\xe3\x83\x91\xe3\x82\xb9", TRUE, TRUE },
    { "https://example.com/it's", TRUE, TRUE },
    { "mailto:desk@example.com", TRUE, FALSE },
    { "MAILTO:desk@example.com?subject=Hi", TRUE, FALSE },
    { NULL, FALSE, FALSE },
    { "", FALSE, FALSE },
    { "   ", FALSE, FALSE },
    { "mailto:", FALSE, FALSE },
    { "javascript:alert(1)", FALSE, FALSE },
    { "JaVaScRiPt:alert(1)", FALSE, FALSE },
    { " javascript:alert(1)", FALSE, FALSE },
    { "java\tscript:alert(1)", FALSE, FALSE },
    { "java\nscript:alert(1)", FALSE, FALSE },
    { "java\x01script:alert(1)", FALSE, FALSE },
    { "\x01javascript:alert(1)", FALSE, FALSE },
    { "\x01https://example.com", FALSE, FALSE },
    { "ht\ttp://example.com", FALSE, FALSE },
    { "https://exa mple.com/", FALSE, FALSE },
    { "https://example.com/a b", FALSE, FALSE },
    { "https\xc2\xa0://example.com", FALSE, FALSE },
    { "https://exa\xe2\x80\x8bmple.com", FALSE, FALSE },
    { "https://example.com/\xc2\x85", FALSE, FALSE },
    { "https://\xff.com", FALSE, FALSE },
    { "javascript&colon;alert(1)", FALSE, FALSE },
    { "data:text/html;base64,PHNjcmlwdD4=", FALSE, FALSE },
    { "vbscript:msgbox(1)", FALSE, FALSE },
    { "file:///etc/passwd", FALSE, FALSE },
    { "ftp://example.com/", FALSE, FALSE },
    { "about:blank", FALSE, FALSE },
    { "/relative", FALSE, FALSE },
    { "relative/path", FALSE, FALSE },
    { "#frag", FALSE, FALSE },
    { "?q=1", FALSE, FALSE },
    { "//evil.example/x", FALSE, FALSE },
    { "http:example.com", FALSE, FALSE },
    { "http:///path", FALSE, FALSE },
    { "http://", FALSE, FALSE },
    { "https://", FALSE, FALSE },
    { "https:\\\\evil.example", FALSE, FALSE },
    { "http://example.com/%zz", FALSE, FALSE },
    { "http://example.com:99999/", FALSE, FALSE },
    { "https://example.com/\"onmouseover=\"x", FALSE, FALSE },
    { "https://example.com/<script>", FALSE, FALSE },
    { "https://example.com/`x`", FALSE, FALSE },
    { "httpx://example.com", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean safe = nd_html_is_safe_url (cases[i].url);
      gboolean http = nd_html_is_http_url (cases[i].url);

      if (safe != cases[i].safe || http != cases[i].http)
        g_error ("URL \"%s\": safe=%d http=%d, expected safe=%d http=%d", cases[i].url, safe,
                 http, cases[i].safe, cases[i].http);
    }
}

static void
test_escape (void)
{
  static const Case cases[] = {
    { "", "" },
    { "plain", "plain" },
    { "a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f" },
    { "&amp;", "&amp;amp;" },
    { "caf\xc3\xa9 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xf0\x9f\x98\x80" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = nd_html_escape (cases[i].input);

      g_assert_cmpstr (out, ==, cases[i].expected);
    }

  {
    g_autofree char *out = nd_html_escape (NULL);

    g_assert_cmpstr (out, ==, "");
  }
}

static void
test_plain_from (void)
{
  static const Case cases[] = {
    { "", "" },
    { "Hello", "<p>Hello</p>" },
    { "a\nb", "<p>a</p>\n<p>b</p>" },
    { "a\n\n\nb", "<p>a</p>\n<p>b</p>" },
    { "a\r\n\r\nb\rc", "<p>a</p>\n<p>b</p>\n<p>c</p>" },
    { "  x   y  ", "<p>x y</p>" },
    { "tab\there", "<p>tab here</p>" },
    { "<b>&\"'", "<p>&lt;b&gt;&amp;\"'</p>" },
    { "a\xe2\x80\xa8" "b", "<p>a<br>b</p>" },
    { "a\xc2\xa0" "b", "<p>a&nbsp;b</p>" },
    { "\n\n  \n", "" },
    { "bad \xff byte", "<p>bad \xef\xbf\xbd byte</p>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = nd_html_from_plain_text (cases[i].input);
      g_autofree char *again = NULL;

      g_assert_cmpstr (out, ==, cases[i].expected);
      /* The result is already canonical. */
      again = sanitize_ok (out, -1);
      g_assert_cmpstr (again, ==, out);
    }

  {
    g_autofree char *out = nd_html_from_plain_text (NULL);

    g_assert_cmpstr (out, ==, "");
  }
}

static void
test_plain_to (void)
{
  static const Case cases[] = {
    { "", "" },
    { "<p>a</p><p>b <b>c</b></p>", "a\nb c" },
    { "<p>a<br>b</p>", "a\nb" },
    { "<ul><li>a</li><li>b</li></ul><blockquote>q</blockquote>", "a\nb\nq" },
    { "<script>x</script><p>&amp;&nbsp;&lt;</p>", "&\xc2\xa0<" },
    { "<p><a href=\"https://x.example\">link</a></p>", "link" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = nd_html_to_plain_text (cases[i].input);

      g_assert_cmpstr (out, ==, cases[i].expected);
    }

  {
    g_autofree char *out = nd_html_to_plain_text (NULL);

    g_assert_cmpstr (out, ==, "");
  }

  {
    /* doc_to_plain_text reports the document as it is, without normalizing it. */
    g_autoptr (NdHtmlDoc) doc = nd_html_doc_new ();
    g_autofree char *out = NULL;
    NdHtmlBlock *b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_PARAGRAPH);

    nd_html_block_append_run (b, "a  b", ND_HTML_STYLE_NONE, NULL);
    nd_html_block_append_run (b, "c\xe2\x80\xa8" "d", ND_HTML_STYLE_BOLD, NULL);
    nd_html_doc_append_block (doc, ND_HTML_BLOCK_PARAGRAPH);
    b = nd_html_doc_append_block (doc, ND_HTML_BLOCK_BULLET);
    nd_html_block_append_run (b, "e", ND_HTML_STYLE_NONE, NULL);
    out = nd_html_doc_to_plain_text (doc);
    g_assert_cmpstr (out, ==, "a  bc\nd\n\ne");
  }
}

typedef struct
{
  const char *text;
  guint       count;
} CountCase;

static void
test_count_words (void)
{
  static const CountCase cases[] = {
    { "", 0 },
    { "   \n\t ", 0 },
    { "Hello", 1 },
    { "Hello world", 2 },
    { "  Hello,   world!  ", 2 },
    { "Far\xc3\xad" "a\xe2\x80\x99s 2-year-old", 2 },
    { "don't stop", 2 },
    { "rock\xe2\x80\x90n\xe2\x80\x91roll", 1 },
    { "e.g. this", 2 },
    { "U.S. officials", 2 },
    { "3.14 and 1,000,000", 3 },
    { "in 1990,the", 3 },
    { "and/or", 2 },
    { "a \xe2\x80\x94 b", 2 },
    { "a\xe2\x80\x94" "b", 2 },
    { "\xe2\x80\x94 ... !!! --", 0 },
    { "'quoted'", 1 },
    { "trailing- hyphen", 2 },
    { "-5 degrees", 2 },
    { "\xe2\x82\xac" "100 #tag @user 100%", 4 },
    { "na\xc3\xafve caf\xc3\xa9", 2 },
    { "cafe\xcc\x81 ok", 2 },
    { "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xd0\xbc\xd0\xb8\xd1\x80", 2 },
    { "line\nbreak\xe2\x80\xa8here", 3 },
    { "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88", 8 },
    { "Tokyo \xe6\x9d\xb1\xe4\xba\xac 2024", 4 },
    { "email@example.com", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint n = nd_text_count_words (cases[i].text);

      if (n != cases[i].count)
        g_error ("count_words (\"%s\") = %u, expected %u", cases[i].text, n, cases[i].count);
    }

  g_assert_cmpuint (nd_text_count_words (NULL), ==, 0);
  g_assert_cmpuint (nd_text_count_words ("bad\xff" "byte"), ==, 2);
}

static void
test_count_chars (void)
{
  static const CountCase cases[] = {
    { "", 0 },
    { "abc", 3 },
    { "a b", 3 },
    { "a\nb", 2 },
    { "a\r\nb\n", 2 },
    { "a\xe2\x80\xa8" "b\xe2\x80\xa9", 2 },
    { "h\xc3\xa9llo", 5 },
    { "\xf0\x9f\x98\x80", 1 },
    { "e\xcc\x81", 2 },
    { "a\xc2\xa0" "b\tc", 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint n = nd_text_count_chars (cases[i].text);

      if (n != cases[i].count)
        g_error ("count_chars (\"%s\") = %u, expected %u", cases[i].text, n, cases[i].count);
    }

  g_assert_cmpuint (nd_text_count_chars (NULL), ==, 0);
  g_assert_cmpuint (nd_text_count_chars ("x\xff"), ==, 2);
}

static void
test_error_quark (void)
{
  g_assert_cmpstr (g_quark_to_string (ND_HTML_ERROR), ==, "nd-html-error-quark");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/html/parse/blocks", test_parse_blocks);
  g_test_add_func ("/html/parse/inline-styles", test_parse_inline_styles);
  g_test_add_func ("/html/parse/links", test_parse_links);
  g_test_add_func ("/html/parse/breaks", test_parse_breaks);
  g_test_add_func ("/html/parse/lists", test_parse_lists);
  g_test_add_func ("/html/parse/quotes", test_parse_quotes);
  g_test_add_func ("/html/parse/whitespace", test_parse_whitespace);
  g_test_add_func ("/html/parse/dropped", test_parse_dropped);
  g_test_add_func ("/html/parse/entities", test_parse_entities);
  g_test_add_func ("/html/parse/controls", test_parse_controls);
  g_test_add_func ("/html/parse/pre", test_parse_pre);
  g_test_add_func ("/html/parse/word-lists", test_parse_word_lists);
  g_test_add_func ("/html/parse/prefixed-elements", test_parse_prefixed);
  g_test_add_func ("/html/parse/bogus-comments", test_parse_bogus_comments);
  g_test_add_func ("/html/parse/doc-structure", test_parse_doc_structure);

  g_test_add_func ("/html/input/empty", test_input_empty);
  g_test_add_func ("/html/input/length", test_input_length);
  g_test_add_func ("/html/input/invalid-utf8", test_input_invalid_utf8);
  g_test_add_func ("/html/input/embedded-nul", test_input_embedded_nul);
  g_test_add_func ("/html/input/utf16", test_input_utf16);
  g_test_add_func ("/html/input/bom-and-charset", test_input_bom_and_charset);
  g_test_add_func ("/html/input/cf-html", test_input_cf_html);
  g_test_add_func ("/html/input/too-large", test_input_too_large);
  g_test_add_func ("/html/input/deep", test_input_deep);
  g_test_add_func ("/html/input/large", test_input_large);
  g_test_add_func ("/html/input/long-text", test_input_long_text);

  g_test_add_func ("/html/serialize/format", test_serialize_format);
  g_test_add_func ("/html/serialize/escaping", test_serialize_escaping);
  g_test_add_func ("/html/serialize/normalizes", test_serialize_normalizes);
  g_test_add_func ("/html/doc/api", test_doc_api);

  g_test_add_func ("/html/roundtrip/exact", test_roundtrip_exact);
  g_test_add_func ("/html/roundtrip/random-html", test_roundtrip_random_html);
  g_test_add_func ("/html/roundtrip/random-docs", test_roundtrip_random_docs);

  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      g_autofree char *path = g_strdup_printf ("/html/hostile/%s", corpus[i].name);

      g_test_add_data_func (path, &corpus[i], test_hostile_file);
    }
  g_test_add_func ("/html/hostile/all-files-covered", test_hostile_all_covered);

  g_test_add_func ("/html/url", test_url);
  g_test_add_func ("/html/escape", test_escape);
  g_test_add_func ("/html/plain/from", test_plain_from);
  g_test_add_func ("/html/plain/to", test_plain_to);
  g_test_add_func ("/html/text/count-words", test_count_words);
  g_test_add_func ("/html/text/count-chars", test_count_chars);
  g_test_add_func ("/html/error-quark", test_error_quark);

  return g_test_run ();
}
