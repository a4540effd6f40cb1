/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTML parser, sanitizer and serializer (nd-html.c): whatever comes in, what comes
 * out is valid UTF-8 in the subset (p h2 h3 strong em a[href] blockquote ul ol li br),
 * with no script, no event handler, no javascript: or data: link; and sanitizing it
 * again changes nothing. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "nd-html.h"

static const char * const allowed[] = {
  "p", "h2", "h3", "strong", "em", "a", "blockquote", "ul", "ol", "li", "br", NULL
};

static char *
unescape_attr (const char *p,
               gsize       len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    {
      static const struct { const char *entity; char c; } map[] = {
        { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&#39;", '\'' },
      };
      gboolean done = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (map) && !done; k++)
        if (strncmp (p + i, map[k].entity, strlen (map[k].entity)) == 0)
          {
            g_string_append_c (out, map[k].c);
            i += strlen (map[k].entity) - 1;
            done = TRUE;
          }
      if (!done)
        {
          fuzz_check (p[i] != '&', "a bare & in an attribute");
          g_string_append_c (out, p[i]);
        }
    }
  return g_string_free (out, FALSE);
}

static void
check_link (const char *href)
{
  g_autofree char *lower = g_ascii_strdown (href, -1);
  const char *p = lower;

  while (*p && (g_ascii_isspace (*p) || (guchar) *p < 0x20))
    p++;
  fuzz_check (nd_html_is_safe_url (href), "unsafe link kept: %s", href);
  fuzz_check (!g_str_has_prefix (p, "javascript:") && !g_str_has_prefix (p, "data:") &&
              !g_str_has_prefix (p, "vbscript:"), "script link kept: %s", href);
}

/* Every '<' in the output starts a tag of the subset; the only attribute is a's href. */
static void
check_subset (const char *html)
{
  const char *p = html;

  fuzz_check (g_utf8_validate (html, -1, NULL), "output is not UTF-8");
  while ((p = strchr (p, '<')) != NULL)
    {
      const char *name = p + 1 + (p[1] == '/');
      gsize n = strspn (name, "abcdefghijklmnopqrstuvwxyz0123456789");
      g_autofree char *tag = g_strndup (name, n);
      const char *rest = name + n;

      fuzz_check (g_strv_contains (allowed, tag), "tag <%s> outside the subset: %s", tag, html);
      if (*rest == '>')
        {
          p = rest + 1;
          continue;
        }
      fuzz_check (g_str_equal (tag, "a") && p[1] != '/' && g_str_has_prefix (rest, " href=\""),
                  "attribute outside the subset: %.80s", p);
      {
        const char *value = rest + strlen (" href=\"");
        const char *end = strchr (value, '"');
        g_autofree char *href = NULL;

        fuzz_check (end != NULL && end[1] == '>', "unterminated attribute: %.80s", p);
        href = unescape_attr (value, end - value);
        check_link (href);
        p = end + 2;
      }
    }
  fuzz_check (strstr (html, "<script") == NULL, "script kept");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NdHtmlDoc) doc = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *again = NULL;
  g_autofree char *serialized = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *text = NULL;

  fuzz_init ();
  clean = nd_html_sanitize ((const char *) data, size, &error);
  if (clean == NULL)
    {
      fuzz_check (error != NULL && error->domain == ND_HTML_ERROR, "no error");
      return 0;
    }
  check_subset (clean);

  again = nd_html_sanitize (clean, -1, &error);
  fuzz_check (again != NULL, "sanitized output refused: %s", error->message);
  fuzz_check (g_str_equal (clean, again), "sanitize is not idempotent:\n%s\n---\n%s", clean, again);

  doc = nd_html_parse (clean, -1, &error);
  fuzz_check (doc != NULL, "sanitized output does not parse: %s", error->message);
  serialized = nd_html_doc_serialize (doc);
  fuzz_check (g_str_equal (serialized, clean), "serialize(parse(x)) != x:\n%s\n---\n%s",
              clean, serialized);
  plain = nd_html_doc_to_plain_text (doc);
  fuzz_check (g_utf8_validate (plain, -1, NULL), "plain text is not UTF-8");
  (void) nd_text_count_words (plain);
  (void) nd_text_count_chars (plain);

  /* The same bytes as plain text (paste of text) and as a link. */
  if (g_utf8_validate ((const char *) data, size, NULL) && memchr (data, 0, size) == NULL)
    {
      g_autofree char *str = g_strndup ((const char *) data, size);
      g_autofree char *from_plain = nd_html_from_plain_text (str);

      check_subset (from_plain);
      if (nd_html_is_safe_url (str))
        check_link (str);
      text = nd_html_to_plain_text (str);
    }
  return 0;
}
