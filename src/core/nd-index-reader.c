/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-index-reader"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-index-reader.h"

/* A general JSON parser builds a tree of nodes first: for a library of 10,000 articles
 * that is some 15 MB of small blocks, which GLib's slice allocator then keeps for the rest
 * of the session. The index has one known shape, so it is read here in one pass over the
 * bytes into the strings the listing keeps anyway. Everything unexpected makes the reader
 * give up (FALSE) rather than guess: the caller has the general parser for that. */

typedef struct
{
  const char *p;
  const char *end;
} Cursor;

static void
skip_space (Cursor *c)
{
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;
}

/* Skips white space, then consumes @ch if it is next. */
static gboolean
accept (Cursor *c,
        char    ch)
{
  skip_space (c);
  if (c->p < c->end && *c->p == ch)
    {
      c->p++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
accept_word (Cursor     *c,
             const char *word)
{
  gsize len = strlen (word);

  skip_space (c);
  if ((gsize) (c->end - c->p) < len || memcmp (c->p, word, len) != 0)
    return FALSE;
  c->p += len;
  return TRUE;
}

static int
hex_value (char ch)
{
  if (ch >= '0' && ch <= '9')
    return ch - '0';
  if (ch >= 'a' && ch <= 'f')
    return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F')
    return ch - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Cursor   *c,
           gunichar *out)
{
  gunichar value = 0;

  if (c->end - c->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (c->p[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }
  c->p += 4;
  *out = value;
  return TRUE;
}

/* Decodes one escape after the backslash into @out. */
static gboolean
read_escape (Cursor  *c,
             GString *out)
{
  gunichar ch;

  if (c->p >= c->end)
    return FALSE;
  switch (*c->p++)
    {
    case '"': g_string_append_c (out, '"'); return TRUE;
    case '\\': g_string_append_c (out, '\\'); return TRUE;
    case '/': g_string_append_c (out, '/'); return TRUE;
    case 'b': g_string_append_c (out, '\b'); return TRUE;
    case 'f': g_string_append_c (out, '\f'); return TRUE;
    case 'n': g_string_append_c (out, '\n'); return TRUE;
    case 'r': g_string_append_c (out, '\r'); return TRUE;
    case 't': g_string_append_c (out, '\t'); return TRUE;
    case 'u':
      break;
    default:
      return FALSE;
    }

  if (!read_hex4 (c, &ch))
    return FALSE;
  if (ch >= 0xDC00 && ch <= 0xDFFF)
    return FALSE;   /* a low surrogate alone */
  if (ch >= 0xD800 && ch <= 0xDBFF)
    {
      gunichar low;

      if (c->end - c->p < 2 || c->p[0] != '\\' || c->p[1] != 'u')
        return FALSE;
      c->p += 2;
      if (!read_hex4 (c, &low) || low < 0xDC00 || low > 0xDFFF)
        return FALSE;
      ch = 0x10000 + ((ch - 0xD800) << 10) + (low - 0xDC00);
    }
  if (ch == 0)
    return FALSE;   /* C strings cannot hold it */
  g_string_append_unichar (out, ch);
  return TRUE;
}

/* A string value or null (→ *out = NULL). */
static gboolean
read_string (Cursor  *c,
             char   **out)
{
  const char *start;
  GString *decoded = NULL;

  *out = NULL;
  skip_space (c);
  if (accept_word (c, "null"))
    return TRUE;
  if (!accept (c, '"'))
    return FALSE;

  start = c->p;
  while (c->p < c->end && *c->p != '"')
    {
      if ((guchar) *c->p < 0x20)
        goto fail;
      if (*c->p == '\\')
        {
          if (decoded == NULL)
            decoded = g_string_sized_new ((gsize) (c->p - start) + 16);
          g_string_append_len (decoded, start, c->p - start);
          c->p++;
          if (!read_escape (c, decoded))
            goto fail;
          start = c->p;
          continue;
        }
      c->p++;
    }
  if (c->p >= c->end)
    goto fail;

  if (decoded)
    {
      g_string_append_len (decoded, start, c->p - start);
      if (!g_utf8_validate_len (decoded->str, decoded->len, NULL))
        goto fail;
      *out = g_string_free (decoded, FALSE);
    }
  else
    {
      if (!g_utf8_validate_len (start, (gsize) (c->p - start), NULL))
        return FALSE;
      *out = g_strndup (start, (gsize) (c->p - start));
    }
  c->p++;   /* the closing quote */
  return TRUE;

fail:
  if (decoded)
    g_string_free (decoded, TRUE);
  return FALSE;
}

/* An integer that fits a gint64; no fraction, no exponent (the writer never makes them). */
static gboolean
read_int (Cursor *c,
          gint64 *out)
{
  gboolean negative = FALSE;
  guint64 value = 0;
  const char *digits;

  skip_space (c);
  if (c->p < c->end && *c->p == '-')
    {
      negative = TRUE;
      c->p++;
    }
  digits = c->p;
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
    {
      guint digit = (guint) (*c->p - '0');

      if (value > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      value = value * 10 + digit;
      c->p++;
    }
  if (c->p == digits)
    return FALSE;
  if (c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E'))
    return FALSE;
  if (negative)
    {
      if (value > (guint64) G_MAXINT64 + 1)
        return FALSE;
      *out = value == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) value;
    }
  else
    {
      if (value > (guint64) G_MAXINT64)
        return FALSE;
      *out = (gint64) value;
    }
  return TRUE;
}

static gboolean
read_tags (Cursor   *c,
           char   ***out)
{
  g_autoptr(GPtrArray) tags = NULL;

  if (!accept (c, '['))
    return FALSE;
  tags = g_ptr_array_new_with_free_func (g_free);
  if (!accept (c, ']'))
    {
      do
        {
          char *tag = NULL;

          if (!read_string (c, &tag) || tag == NULL)
            return FALSE;
          g_ptr_array_add (tags, tag);
        }
      while (accept (c, ','));
      if (!accept (c, ']'))
        return FALSE;
    }
  g_ptr_array_add (tags, NULL);
  g_ptr_array_set_free_func (tags, NULL);
  *out = (char **) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
  return TRUE;
}

static void
record_clear (NdIndexRecord *record)
{
  g_free (record->id);
  g_free (record->headline);
  g_free (record->section);
  g_free (record->status);
  g_strfreev (record->tags);
  memset (record, 0, sizeof *record);
  record->modified = record->mtime_ns = record->size = G_MININT64;
}

/* Member names are short and never escaped by the writer: compare them in place. */
static gboolean
read_key (Cursor      *c,
          const char **key,
          gsize       *len)
{
  if (!accept (c, '"'))
    return FALSE;
  *key = c->p;
  while (c->p < c->end && *c->p != '"')
    {
      if (*c->p == '\\' || (guchar) *c->p < 0x20)
        return FALSE;
      c->p++;
    }
  if (c->p >= c->end)
    return FALSE;
  *len = (gsize) (c->p - *key);
  c->p++;
  return accept (c, ':');
}

#define KEY_IS(key, len, name) ((len) == sizeof (name) - 1 && memcmp ((key), (name), (len)) == 0)

static gboolean
read_string_member (Cursor  *c,
                    char   **field)
{
  char *value = NULL;

  if (!read_string (c, &value))
    return FALSE;
  g_free (*field);   /* a repeated member: the last one counts, as in json-glib */
  *field = value;
  return TRUE;
}

static gboolean
read_record (Cursor        *c,
             NdIndexRecord *record)
{
  if (!accept (c, '{'))
    return FALSE;
  if (accept (c, '}'))
    return TRUE;
  do
    {
      const char *key;
      gsize len;
      gboolean ok;

      if (!read_key (c, &key, &len))
        return FALSE;
      if (KEY_IS (key, len, "id"))
        ok = read_string_member (c, &record->id);
      else if (KEY_IS (key, len, "headline"))
        ok = read_string_member (c, &record->headline);
      else if (KEY_IS (key, len, "section"))
        ok = read_string_member (c, &record->section);
      else if (KEY_IS (key, len, "status"))
        ok = read_string_member (c, &record->status);
      else if (KEY_IS (key, len, "modified"))
        ok = read_int (c, &record->modified);
      else if (KEY_IS (key, len, "mtime_ns"))
        ok = read_int (c, &record->mtime_ns);
      else if (KEY_IS (key, len, "size"))
        ok = read_int (c, &record->size);
      else if (KEY_IS (key, len, "tags"))
        {
          char **tags = NULL;

          ok = read_tags (c, &tags);
          if (ok)
            {
              g_strfreev (record->tags);
              record->tags = tags;
            }
        }
      else
        ok = FALSE;   /* not written by this version: let the general parser decide */
      if (!ok)
        return FALSE;
    }
  while (accept (c, ','));
  return accept (c, '}');
}

static gboolean
read_articles (Cursor            *c,
               NdIndexRecordFunc  func,
               gpointer           user_data)
{
  NdIndexRecord record;

  if (!accept (c, '['))
    return FALSE;
  if (accept (c, ']'))
    return TRUE;

  memset (&record, 0, sizeof record);
  record_clear (&record);
  do
    {
      if (!read_record (c, &record))
        {
          record_clear (&record);
          return FALSE;
        }
      func (&record, user_data);
      record_clear (&record);
    }
  while (accept (c, ','));
  return accept (c, ']');
}

gboolean
nd_index_reader_parse (const char        *data,
                       gsize              length,
                       gint64             version,
                       NdIndexRecordFunc  func,
                       gpointer           user_data)
{
  Cursor c = { data, data + length };
  gboolean seen_version = FALSE;
  gboolean seen_articles = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!accept (&c, '{'))
    return FALSE;
  do
    {
      const char *key;
      gsize len;

      if (!read_key (&c, &key, &len))
        return FALSE;
      if (KEY_IS (key, len, "version") && !seen_version)
        {
          gint64 found;

          if (!read_int (&c, &found) || found != version)
            return FALSE;
          seen_version = TRUE;
        }
      /* Articles are handed out as they are read: the version must come first. */
      else if (KEY_IS (key, len, "articles") && seen_version && !seen_articles)
        {
          if (!read_articles (&c, func, user_data))
            return FALSE;
          seen_articles = TRUE;
        }
      else
        return FALSE;
    }
  while (accept (&c, ','));
  if (!accept (&c, '}') || !seen_articles)
    return FALSE;
  skip_space (&c);
  return c.p == c.end;
}
