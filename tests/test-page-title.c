/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-page-title"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-page-title.h"

static char *
parse (const char *html)
{
  return nd_page_title_parse (html, strlen (html));
}

static void
test_parse_title (void)
{
  g_autofree char *plain = parse ("<html><head><title>Hello world</title></head><body>x</body></html>");
  g_autofree char *entities = parse ("<title>Caf&eacute; &amp; Bar &#8212; &quot;Lavrov&quot; &lt;3</title>");
  g_autofree char *spaces = parse ("<title>\n   Russia\t commits\n\n to   partnership  </title>");
  g_autofree char *nbsp = parse ("<title>&nbsp;A&nbsp;&nbsp;B&nbsp;</title>");
  g_autofree char *utf8 = parse ("<title>Faría — Москва</title>");

  g_assert_cmpstr (plain, ==, "Hello world");
  g_assert_cmpstr (entities, ==, "Café & Bar — \"Lavrov\" <3");
  g_assert_cmpstr (spaces, ==, "Russia commits to partnership");
  g_assert_cmpstr (nbsp, ==, "A B");
  g_assert_cmpstr (utf8, ==, "Faría — Москва");
}

static void
test_parse_og_title (void)
{
  g_autofree char *og = parse ("<html><head><title>Site | Story</title>"
                               "<meta property=\"og:title\" content=\"The  Story &amp; more\">"
                               "</head></html>");
  /* Some sites use name= instead of property=. */
  g_autofree char *og_name = parse ("<meta name='og:title' content='By name'><title>T</title>");
  g_autofree char *og_empty = parse ("<meta property='og:title' content='  '><title>Fallback</title>");

  g_assert_cmpstr (og, ==, "The Story & more");
  g_assert_cmpstr (og_name, ==, "By name");
  g_assert_cmpstr (og_empty, ==, "Fallback");
}

static void
test_parse_none (void)
{
  g_autofree char *none = parse ("<html><body><p>No title here</p></body></html>");
  g_autofree char *empty = parse ("<title>   </title>");
  g_autofree char *svg = parse ("<body><svg><title>icon</title></svg></body>");
  g_autofree char *junk = parse ("\x01\x02 not html at all <<<>>>");

  g_assert_null (none);
  g_assert_null (empty);
  g_assert_null (svg);
  g_assert_null (junk);
  g_assert_null (nd_page_title_parse ("", 0));
}

static void
test_parse_limits (void)
{
  g_autoptr(GString) html = g_string_new ("<title>");
  g_autofree char *title = NULL;
  g_autofree char *latin1 = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append (html, "ñ ");
  g_string_append (html, "</title>");
  title = nd_page_title_parse (html->str, html->len);
  /* Cut at the limit; a space the cut leaves at the end is trimmed too. */
  g_assert_cmpuint (g_utf8_strlen (title, -1), <=, ND_PAGE_TITLE_MAX_CHARS);
  g_assert_cmpuint (g_utf8_strlen (title, -1), >=, ND_PAGE_TITLE_MAX_CHARS - 1);
  g_assert_true (g_str_has_prefix (title, "ñ ñ"));
  g_assert_false (g_str_has_suffix (title, " "));

  /* A page that declares a legacy charset. */
  latin1 = parse ("<meta charset=\"iso-8859-1\"><title>Caf\xe9</title>");
  g_assert_cmpstr (latin1, ==, "Café");
}

/* ------------------------------------------------------------------------------------ */

typedef struct
{
  SoupServer *server;
  GUri       *base;
  GPtrArray  *paused;
} Server;

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Server *fixture = user_data;
  const char *body = NULL;

  if (g_str_equal (path, "/og"))
    body = "<html><head><title>Fallback title</title>"
           "<meta property=\"og:title\" content=\"Lavrov visits Caracas &amp; Havana\"></head></html>";
  else if (g_str_equal (path, "/title"))
    body = "<html><head><title>\n  Only a   title </title></head><body></body></html>";
  else if (g_str_equal (path, "/notitle"))
    body = "<html><body>nothing</body></html>";
  else if (g_str_equal (path, "/slow"))
    {
      /* Never answers: the client must give up by itself. */
      soup_server_message_pause (msg);
      g_ptr_array_add (fixture->paused, g_object_ref (msg));
      return;
    }
  else if (g_str_equal (path, "/huge"))
    {
      GString *big = g_string_new ("<html><head><!-- ");

      while (big->len < 2 * 1024 * 1024)
        g_string_append (big, "padding padding padding padding ");
      g_string_append (big, "--><title>Too late</title></head></html>");
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_TAKE, big->str, big->len);
      g_string_free (big, FALSE);
      return;
    }

  if (body == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

static void
server_setup (Server        *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->paused = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, on_request_cb, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base = g_uri_ref (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
server_teardown (Server        *fixture,
                 gconstpointer  data)
{
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->paused, g_ptr_array_unref);
  g_clear_pointer (&fixture->base, g_uri_unref);
}

static char *
url_for (Server     *fixture,
         const char *path)
{
  g_autoptr(GUri) uri = g_uri_parse_relative (fixture->base, path, G_URI_FLAGS_NONE, NULL);

  return g_uri_to_string (uri);
}

typedef struct
{
  gboolean  done;
  char     *title;
  GError   *error;
} Result;

static void
on_fetched_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Result *res = user_data;

  res->title = nd_page_title_fetch_finish (result, &res->error);
  res->done = TRUE;
}

static Result
fetch (Server       *fixture,
       const char   *path,
       GCancellable *cancellable)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = url_for (fixture, path);
  Result res = { 0 };

  nd_page_title_fetch_async (session, url, cancellable, on_fetched_cb, &res);
  while (!res.done)
    g_main_context_iteration (NULL, TRUE);
  return res;
}

static void
test_fetch_og (Server        *fixture,
               gconstpointer  data)
{
  Result res = fetch (fixture, "/og", NULL);

  g_assert_no_error (res.error);
  g_assert_cmpstr (res.title, ==, "Lavrov visits Caracas & Havana");
  g_free (res.title);
}

static void
test_fetch_title (Server        *fixture,
                  gconstpointer  data)
{
  Result res = fetch (fixture, "/title", NULL);
  Result none = fetch (fixture, "/notitle", NULL);

  g_assert_no_error (res.error);
  g_assert_cmpstr (res.title, ==, "Only a title");
  g_assert_no_error (none.error);
  g_assert_null (none.title);
  g_free (res.title);
}

static void
test_fetch_not_found (Server        *fixture,
                      gconstpointer  data)
{
  Result res = fetch (fixture, "/missing", NULL);

  g_assert_error (res.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_null (res.title);
  g_clear_error (&res.error);
}

static void
test_fetch_huge (Server        *fixture,
                 gconstpointer  data)
{
  /* The title sits past the size limit: it is not seen, and the fetch still ends. */
  Result res = fetch (fixture, "/huge", NULL);

  g_assert_no_error (res.error);
  g_assert_null (res.title);
}

static void
test_fetch_timeout (Server        *fixture,
                    gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();
  Result res = fetch (fixture, "/slow", NULL);
  gint64 elapsed = g_get_monotonic_time () - start;

  g_assert_error (res.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_null (res.title);
  g_assert_cmpint (elapsed, >=, (ND_PAGE_TITLE_TIMEOUT - 1) * G_USEC_PER_SEC);
  g_assert_cmpint (elapsed, <, (ND_PAGE_TITLE_TIMEOUT + 3) * G_USEC_PER_SEC);
  g_clear_error (&res.error);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_fetch_cancel (Server        *fixture,
                   gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 start = g_get_monotonic_time ();
  Result res;

  g_timeout_add (100, cancel_cb, cancellable);
  res = fetch (fixture, "/slow", cancellable);
  g_assert_error (res.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_clear_error (&res.error);
}

static void
test_fetch_bad_url (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  Result res = { 0 };

  nd_page_title_fetch_async (session, "javascript:alert(1)", NULL, on_fetched_cb, &res);
  while (!res.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (res.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&res.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/page-title/parse/title", test_parse_title);
  g_test_add_func ("/page-title/parse/og-title", test_parse_og_title);
  g_test_add_func ("/page-title/parse/none", test_parse_none);
  g_test_add_func ("/page-title/parse/limits", test_parse_limits);
  g_test_add_func ("/page-title/fetch/bad-url", test_fetch_bad_url);
  g_test_add ("/page-title/fetch/og-title", Server, NULL, server_setup, test_fetch_og, server_teardown);
  g_test_add ("/page-title/fetch/title", Server, NULL, server_setup, test_fetch_title, server_teardown);
  g_test_add ("/page-title/fetch/not-found", Server, NULL, server_setup, test_fetch_not_found, server_teardown);
  g_test_add ("/page-title/fetch/huge", Server, NULL, server_setup, test_fetch_huge, server_teardown);
  g_test_add ("/page-title/fetch/timeout", Server, NULL, server_setup, test_fetch_timeout, server_teardown);
  g_test_add ("/page-title/fetch/cancel", Server, NULL, server_setup, test_fetch_cancel, server_teardown);

  return g_test_run ();
}
