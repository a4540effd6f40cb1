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
