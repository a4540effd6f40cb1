/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-json-util"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-json-util.h"

gboolean
nd_json_field_error (GError     **error,
                     GQuark       domain,
                     int          code,
                     const char  *path,
                     const char  *problem)
{
  g_set_error (error, domain, code, "%s: %s", path, problem);
  return FALSE;
}

typedef enum
{
  SCAN_END,
  SCAN_OPEN,     /* { or [ */
  SCAN_CLOSE,    /* } or ] */
  SCAN_STRING,
  SCAN_SPACE,    /* white space or a comment */
  SCAN_OTHER,    /* part of a number, a name, or junk */
  SCAN_FOREIGN,  /* ' or / : never in plain JSON outside a string */
} ScanToken;

static int
hex4 (const char *data,
      gsize       len,
      gsize       at)
{
  int value = 0;

  if (at + 4 > len)
    return -1;
  for (gsize k = at; k < at + 4; k++)
    {
      int digit = g_ascii_xdigit_value (data[k]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* At a backslash inside a string: moves *i to the escape's last character if it is one
 * JSON has (\" \\ \/ \b \f \n \r \t \uXXXX, surrogates in pairs). json-glib 1.6 also
 * takes C's octal escapes and lone surrogates, and puts what they make (bytes that are
 * not UTF-8) into the string: a loaded article would then save as a file that does not
 * load. */
static gboolean
skip_escape (const char *data,
             gsize       len,
             gsize      *i)
{
  gsize at = *i + 1;
  int unit;

  if (at >= len)
    return FALSE;
  if (strchr ("\"\\/bfnrt", data[at]) != NULL && data[at] != '\0')
    {
      *i = at;
      return TRUE;
    }
  if (data[at] != 'u' || (unit = hex4 (data, len, at + 1)) < 0)
    return FALSE;
  if (unit >= 0xDC00 && unit <= 0xDFFF)
    return FALSE;
  if (unit >= 0xD800 && unit <= 0xDBFF)
    {
      int low = at + 10 < len && data[at + 5] == '\\' && data[at + 6] == 'u'
                ? hex4 (data, len, at + 7) : -1;

      if (low < 0xDC00 || low > 0xDFFF)
        return FALSE;
      *i = at + 10;
      return TRUE;
    }
  *i = at + 4;
  return TRUE;
}

/* One step through data: "…" strings (with backslash escapes) are skipped. json-glib
 * 1.6's scanner also reads '…' strings and C comments, with quirks of its own (slash, star,
 * slash is a whole comment to it); a check that skipped only "…" strings could be fooled by
 * ['"', [[[[…]]]]] or by a comment holding a quote. So ' and / outside a string, which
 * plain JSON never has, are SCAN_FOREIGN and the checks refuse the input. An
 * unterminated string runs to the end. */
static ScanToken
scan_next (const char *data,
           gsize       len,
           gsize      *pos)
{
  gsize i = *pos;
  char c;

  if (i >= len)
    return SCAN_END;
  c = data[i];
  if (c == '"')
    {
      for (i++; i < len && data[i] != c; i++)
        if (data[i] == '\\' && !skip_escape (data, len, &i))
          {
            *pos = len;
            return SCAN_FOREIGN;
          }
      *pos = MIN (i + 1, len);
      return SCAN_STRING;
    }
  *pos = i + 1;
  if (c == '\'' || c == '/')
    return SCAN_FOREIGN;
  if (c == '{' || c == '[')
    return SCAN_OPEN;
  if (c == '}' || c == ']')
    return SCAN_CLOSE;
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
    return SCAN_SPACE;
  return SCAN_OTHER;
}

gboolean
nd_json_too_deep (const char *data,
                  gsize       len,
                  guint       max_depth)
{
  guint depth = 0;
  gsize pos = 0;
  ScanToken token;

  while ((token = scan_next (data, len, &pos)) != SCAN_END)
    {
      if (token == SCAN_FOREIGN || (token == SCAN_OPEN && ++depth > max_depth))
        return TRUE;
      if (token == SCAN_CLOSE && depth > 0)
        depth--;
    }

  return FALSE;
}

gboolean
nd_json_is_one_value (const char *data,
                      gsize       len)
{
  gboolean in_scalar = FALSE;
  guint depth = 0;
  guint values = 0;
  gsize pos = 0;
  ScanToken token;

  while ((token = scan_next (data, len, &pos)) != SCAN_END)
    {
      if (token == SCAN_FOREIGN)
        return FALSE;
      if (depth == 0)
        {
          if (token == SCAN_SPACE)
            in_scalar = FALSE;
          else if (token == SCAN_STRING || token == SCAN_OPEN)
            {
              in_scalar = FALSE;
              values++;
            }
          else if (token == SCAN_OTHER && !in_scalar)
            {
              in_scalar = TRUE;
              values++;
            }
          if (values > 1)
            return FALSE;
        }
      if (token == SCAN_OPEN)
        depth++;
      else if (token == SCAN_CLOSE && depth > 0)
        depth--;
    }

  return TRUE;
}

const char *
nd_json_object_get_text (JsonObject *obj,
                         const char *key,
                         const char *default_value)
{
  JsonNode *node = obj ? json_object_get_member (obj, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return default_value;
  return json_node_get_string (node);
}

gint64
nd_json_object_get_integer (JsonObject *obj,
                            const char *key,
                            gint64      default_value)
{
  JsonNode *node = obj ? json_object_get_member (obj, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return default_value;
  return json_node_get_int (node);
}

gboolean
nd_json_get_string (JsonObject  *obj,
                    const char  *key,
                    const char  *path,
                    glong        max_chars,
                    GQuark       domain,
                    int          code,
                    const char **out,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  const char *s;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return nd_json_field_error (error, domain, code, path, _("expected text"));

  s = json_node_get_string (node);
  /* strlen first: counting characters of a 10 MB string is only done when it matters. */
  if (max_chars > 0 && (glong) strlen (s) > max_chars && g_utf8_strlen (s, -1) > max_chars)
    {
      g_autofree char *problem = g_strdup_printf (_("too long (at most %ld characters)"),
                                                  max_chars);
      return nd_json_field_error (error, domain, code, path, problem);
    }
  *out = s;
  return TRUE;
}

JsonNode *
nd_json_node_copy (JsonNode *node)
{
  JsonNode *copy;

  if (node == NULL)
    return NULL;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, nd_json_object_copy (json_node_get_object (node)));
      return copy;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *out = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (out, nd_json_node_copy (json_array_get_element (array, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, out);
        return copy;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

JsonObject *
nd_json_object_copy (JsonObject *obj)
{
  g_autoptr(GList) members = NULL;
  JsonObject *out = json_object_new ();

  if (obj == NULL)
    return out;
  members = json_object_get_members (obj);
  for (GList *l = members; l; l = l->next)
    json_object_set_member (out, l->data, nd_json_node_copy (json_object_get_member (obj, l->data)));
  return out;
}
