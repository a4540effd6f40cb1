/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-page-title"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/HTMLparser.h>
#include <string.h>

#include "nd-html.h"
#include "nd-page-title.h"

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
  /* Soup works under an inner cancellable so the timeout can stop it without touching
   * the caller's; the caller's one is chained to it. */
  GCancellable *inner;
  GCancellable *outer;
  gulong        outer_id;
  GSource      *timeout;
  gboolean      timed_out;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  if (fetch->timeout)
    {
      g_source_destroy (fetch->timeout);
      g_source_unref (fetch->timeout);
    }
  if (fetch->outer_id)
    g_cancellable_disconnect (fetch->outer, fetch->outer_id);
  g_clear_object (&fetch->outer);
  g_clear_object (&fetch->inner);
  if (fetch->stream)
    {
      /* Closing early makes soup drop the connection instead of draining the body. */
      g_input_stream_close_async (fetch->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&fetch->stream);
    }
  g_clear_object (&fetch->message);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
  g_free (fetch);
}

static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x2028 || c == 0x2029;
}

/* Collapses runs of whitespace, trims and caps the length. NULL if nothing is left. */
static char *
tidy_title (const char *text)
{
  g_autoptr(GString) out = NULL;
  gboolean pending_space = FALSE;
  guint chars = 0;

  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0' && chars < ND_PAGE_TITLE_MAX_CHARS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_space (c))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (c < 0x20 || c == 0x7F)
        continue;
      if (pending_space)
        {
          g_string_append_c (out, ' ');
          pending_space = FALSE;
          if (++chars == ND_PAGE_TITLE_MAX_CHARS)
            break;
        }
      g_string_append_unichar (out, c);
      chars++;
    }

  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
name_is (const xmlChar *name,
         const char    *expected)
{
  return name != NULL && g_ascii_strcasecmp ((const char *) name, expected) == 0;
}

/* Depth-first: the first og:title meta wins, and the first <title> is kept as fallback. */
static void
find_titles (xmlNode  *node,
             char    **og_title,
             char    **title)
{
  for (; node != NULL && *og_title == NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;

      if (name_is (node->name, "meta"))
        {
          g_autofree xmlChar *property = xmlGetProp (node, (const xmlChar *) "property");

          if (property == NULL)
            property = xmlGetProp (node, (const xmlChar *) "name");
          if (name_is (property, "og:title"))
            {
              g_autofree xmlChar *content = xmlGetProp (node, (const xmlChar *) "content");

              *og_title = tidy_title ((const char *) content);
            }
        }
      else if (name_is (node->name, "title") && *title == NULL)
        {
          g_autofree xmlChar *content = xmlNodeGetContent (node);

          *title = tidy_title ((const char *) content);
        }
      /* An SVG's <title> is a tooltip, not the page's. */
      if (!name_is (node->name, "svg"))
        find_titles (node->children, og_title, title);
    }
}

char *
nd_page_title_parse (const char *html,
                     gsize       len)
{
  const char *encoding = NULL;
  const char *end = NULL;
  htmlDocPtr doc;
  g_autofree char *og_title = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (html != NULL || len == 0, NULL);

  if (len == 0 || len > G_MAXINT)
    return NULL;

  /* libxml2 assumes Latin-1 when a page does not name its charset; most such pages are
   * UTF-8 today. A download cut at the size limit may end inside a character, so a
   * short invalid tail still counts as UTF-8. Anything else is left to libxml2's
   * detection (<meta charset>). */
  if (g_utf8_validate (html, len, &end) || (gsize) (end - html) + 4 > len)
    encoding = "UTF-8";

  xmlInitParser ();
  doc = htmlReadMemory (html, (int) len, NULL, encoding,
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (doc == NULL)
    return NULL;

  find_titles (xmlDocGetRootElement (doc), &og_title, &title);
  xmlFreeDoc (doc);

  if (og_title != NULL)
    return g_steal_pointer (&og_title);
  return g_steal_pointer (&title);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Fetch *fetch = task_data;

  g_task_return_pointer (task, nd_page_title_parse ((const char *) fetch->body->data, fetch->body->len),
                         g_free);
}

static void
return_error (GTask  *task,
              GError *error)
{
  Fetch *fetch = g_task_get_task_data (task);

  if (fetch->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               _("The page took too long to answer"));
      return;
    }
  g_task_return_error (task, error);
}

static void read_next (GTask *task);

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      return_error (task, error);
      return;
    }

  if (g_bytes_get_size (bytes) > 0)
    {
      g_byte_array_append (fetch->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (fetch->body->len < ND_PAGE_TITLE_MAX_BYTES)
        {
          read_next (g_steal_pointer (&task));
          return;
        }
    }

  /* Done reading (end of body or enough of it): stop the clock and parse off the
   * main thread. */
  if (fetch->timeout)
    {
      g_source_destroy (fetch->timeout);
      g_clear_pointer (&fetch->timeout, g_source_unref);
    }
  g_task_run_in_thread (task, parse_in_thread);
}

static void
read_next (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  gsize want = MIN (16 * 1024, ND_PAGE_TITLE_MAX_BYTES - fetch->body->len);

  g_input_stream_read_bytes_async (fetch->stream, want, G_PRIORITY_DEFAULT, fetch->inner,
                                   on_read_cb, task);
}

static gboolean
is_html_type (const char *content_type)
{
  return content_type == NULL ||
         g_ascii_strcasecmp (content_type, "text/html") == 0 ||
         g_ascii_strcasecmp (content_type, "application/xhtml+xml") == 0;
}

static void
on_send_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  guint status;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (fetch->stream == NULL)
    {
      return_error (task, error);
      return;
    }

  status = soup_message_get_status (fetch->message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The page could not be loaded (HTTP %u)"), status);
      return;
    }

  if (!is_html_type (soup_message_headers_get_content_type (soup_message_get_response_headers (fetch->message),
                                                            NULL)))
    {
      /* A PDF or an image has no title to offer; that is not an error. */
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  read_next (g_steal_pointer (&task));
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  Fetch *fetch = user_data;

  fetch->timed_out = TRUE;
  g_cancellable_cancel (fetch->inner);
  g_clear_pointer (&fetch->timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_outer_cancelled_cb (GCancellable *outer,
                       GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

void
nd_page_title_fetch_async (SoupSession         *session,
                           const char          *url,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Fetch *fetch;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, nd_page_title_fetch_async);

  fetch = g_new0 (Fetch, 1);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  if (nd_html_is_http_url (url))
    fetch->message = soup_message_new (SOUP_METHOD_GET, url);
  if (fetch->message == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a web address"), url);
      return;
    }

  fetch->body = g_byte_array_new ();
  fetch->inner = g_cancellable_new ();

  if (cancellable)
    {
      fetch->outer = g_object_ref (cancellable);
      fetch->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled_cb),
                                               fetch->inner, NULL);
    }

  fetch->timeout = g_timeout_source_new_seconds (ND_PAGE_TITLE_TIMEOUT);
  g_source_set_callback (fetch->timeout, on_timeout_cb, fetch, NULL);
  g_source_set_static_name (fetch->timeout, "[nd] page title timeout");
  g_source_attach (fetch->timeout, g_task_get_context (task));

  soup_message_headers_replace (soup_message_get_request_headers (fetch->message),
                                "Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1");
  soup_session_send_async (session, fetch->message, G_PRIORITY_DEFAULT, fetch->inner,
                           on_send_cb, g_steal_pointer (&task));
}

char *
nd_page_title_fetch_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == nd_page_title_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
