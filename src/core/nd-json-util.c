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

gboolean
nd_json_too_deep (const char *data,
                  gsize       len,
                  guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if ((c == '{' || c == '[') && ++depth > max_depth)
        return TRUE;
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  return FALSE;
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
