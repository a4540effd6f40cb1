/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-related-links"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "nd-page-title.h"
#include "nd-related-links.h"
#include "nd-test-util.h"

typedef struct
{
  GtkWindow      *window;
  NdRelatedLinks *links;
  NdArticle      *article;
  GtkListBox     *list;
  SoupServer     *server;
  GUri           *base;
  GPtrArray      *paused;
  guint           requests;
} Fixture;

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (out, child);
      collect (child, type, out);
    }
}

static void
iterate (void)
{
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static guint
n_rows (Fixture *f)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (f->list, n))
    n++;
  return n;
}

static GtkWidget *
row_at (Fixture *f,
        guint    i)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (f->list, i);

  g_assert_nonnull (row);
  return GTK_WIDGET (row);
}

/* 0: title entry, 1: URL entry */
static GtkEditable *
row_entry (Fixture *f,
           guint    i,
           guint    which)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  collect (row_at (f, i), GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 2);
  return entries->pdata[which];
}

static GtkWidget *
row_button (Fixture    *f,
            guint       i,
            const char *tooltip_prefix)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (row_at (f, i), GTK_TYPE_BUTTON, buttons);
  for (guint j = 0; j < buttons->len; j++)
    if (g_str_has_prefix (gtk_widget_get_tooltip_text (buttons->pdata[j]), tooltip_prefix))
      return buttons->pdata[j];
  g_assert_not_reached ();
}

static GtkWidget *
add_button (Fixture *f)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (f->links), GTK_TYPE_BUTTON, buttons);
  for (guint j = 0; j < buttons->len; j++)
    if (GTK_IS_LABEL (gtk_button_get_child (buttons->pdata[j])) &&
        g_str_equal (gtk_button_get_label (buttons->pdata[j]), "_Add Link"))
      return buttons->pdata[j];
  g_assert_not_reached ();
}

static gboolean
press_alt (Fixture *f,
           guint    i,
           guint    keyval)
{
  GListModel *controllers = gtk_widget_observe_controllers (row_at (f, i));
  gboolean handled = FALSE;

  for (guint j = 0; j < g_list_model_get_n_items (controllers); j++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, j);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "nd-related-row-keys") == 0)
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, GDK_ALT_MASK, &handled);
    }
  g_object_unref (controllers);
  return handled;
}

/* Model titles joined with "|". */
static char *
model_titles (Fixture *f)
{
  GListModel *model = nd_article_get_related (f->article);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(NdRelatedLink) link = g_list_model_get_item (model, i);

      if (i)
        g_string_append_c (out, '|');
      g_string_append (out, nd_related_link_get_title (link));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* What the rows show, titles joined with "|". */
static char *
row_titles (Fixture *f)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < n_rows (f); i++)
    {
      if (i)
        g_string_append_c (out, '|');
      g_string_append (out, gtk_editable_get_text (row_entry (f, i, 0)));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static NdRelatedLink *
link_at (Fixture *f,
         guint    i)
{
  g_autoptr(NdRelatedLink) link = g_list_model_get_item (nd_article_get_related (f->article), i);

  return link;  /* the article keeps it alive */
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *f = user_data;
  const char *body = NULL;

  f->requests++;
  if (g_str_equal (path, "/og"))
    body = "<html><head><title>Site name</title>"
           "<meta property=\"og:title\" content=\"Lavrov: &quot;fruitful&quot; partnership\"></head></html>";
  else if (g_str_equal (path, "/title"))
    body = "<html><head><title>  Caracas\n  summit  </title></head></html>";
  else if (g_str_equal (path, "/slow"))
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (f->paused, g_object_ref (msg));
      return;
    }

  if (body == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, body, strlen (body));
}

static char *
url_for (Fixture    *f,
         const char *path)
{
  g_autoptr(GUri) uri = g_uri_parse_relative (f->base, path, G_URI_FLAGS_NONE, NULL);

  return g_uri_to_string (uri);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(NdRelatedLink) a = nd_related_link_new ("First", "https://example.com/1");
  g_autoptr(NdRelatedLink) b = nd_related_link_new ("Second", "https://example.com/2");
  g_autoptr(NdRelatedLink) c = nd_related_link_new ("Third", "https://example.com/3");
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 500, 400);
  f->links = ND_RELATED_LINKS (nd_related_links_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->links));
  f->article = nd_article_new ();
  nd_article_add_related (f->article, a);
  nd_article_add_related (f->article, b);
  nd_article_add_related (f->article, c);
  nd_related_links_set_article (f->links, f->article);
  gtk_window_present (f->window);
  iterate ();

  {
    g_autoptr(GPtrArray) lists = g_ptr_array_new ();

    collect (GTK_WIDGET (f->links), GTK_TYPE_LIST_BOX, lists);
    g_assert_cmpuint (lists->len, ==, 1);
    f->list = lists->pdata[0];
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->list), "boxed-list"));
  }

  f->paused = g_ptr_array_new_with_free_func (g_object_unref);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, on_request_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_uri_ref (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  iterate ();
  g_assert_finalize_object (f->article);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->paused, g_ptr_array_unref);
  g_clear_pointer (&f->base, g_uri_unref);
}

static void
test_rows (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *titles = row_titles (f);

  g_assert_cmpuint (n_rows (f), ==, 3);
  g_assert_cmpstr (titles, ==, "First|Second|Third");
  g_assert_cmpstr (gtk_editable_get_text (row_entry (f, 1, 1)), ==, "https://example.com/2");
  /* First can't go up, last can't go down. */
  g_assert_false (gtk_widget_get_sensitive (row_button (f, 0, "Move up")));
  g_assert_true (gtk_widget_get_sensitive (row_button (f, 0, "Move down")));
  g_assert_false (gtk_widget_get_sensitive (row_button (f, 2, "Move down")));
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  gtk_editable_set_text (row_entry (f, 1, 0), "Second, edited");
  gtk_editable_set_text (row_entry (f, 1, 1), "https://example.org/new");
  g_assert_cmpstr (nd_related_link_get_title (link_at (f, 1)), ==, "Second, edited");
  g_assert_cmpstr (nd_related_link_get_url (link_at (f, 1)), ==, "https://example.org/new");

  /* And the other way round. */
  nd_related_link_set_title (link_at (f, 0), "Changed elsewhere");
  g_assert_cmpstr (gtk_editable_get_text (row_entry (f, 0, 0)), ==, "Changed elsewhere");
}

static void
test_invalid_url (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *url = GTK_WIDGET (row_entry (f, 0, 1));

  g_assert_false (gtk_widget_has_css_class (url, "error"));
  gtk_editable_set_text (GTK_EDITABLE (url), "javascript:alert(1)");
  g_assert_true (gtk_widget_has_css_class (url, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (url), "http"));
  gtk_editable_set_text (GTK_EDITABLE (url), "example.com");
  g_assert_true (gtk_widget_has_css_class (url, "error"));
  gtk_editable_set_text (GTK_EDITABLE (url), "http://example.com/ok");
  g_assert_false (gtk_widget_has_css_class (url, "error"));
  g_assert_null (gtk_widget_get_tooltip_text (url));
  /* Empty is not an error yet (a link being added). */
  gtk_editable_set_text (GTK_EDITABLE (url), "");
  g_assert_false (gtk_widget_has_css_class (url, "error"));
}

static void
test_add_remove (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *after_add = NULL;
  g_autofree char *after_remove = NULL;
  GtkRoot *root = GTK_ROOT (f->window);
  GtkWidget *focus;

  g_signal_emit_by_name (add_button (f), "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (nd_article_get_related (f->article)), ==, 4);
  g_assert_cmpuint (n_rows (f), ==, 4);
  after_add = model_titles (f);
  g_assert_cmpstr (after_add, ==, "First|Second|Third|");
  /* The new row's URL entry has the keyboard. */
  focus = gtk_root_get_focus (root);
  g_assert_true (focus && gtk_widget_is_ancestor (focus, GTK_WIDGET (row_entry (f, 3, 1))));

  g_signal_emit_by_name (row_button (f, 1, "Remove"), "clicked");
  after_remove = model_titles (f);
  g_assert_cmpstr (after_remove, ==, "First|Third|");
  g_assert_cmpuint (n_rows (f), ==, 3);
}

static void
test_move (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *down = NULL;
  g_autofree char *up = NULL;
  g_autofree char *alt_up = NULL;
  g_autofree char *alt_down = NULL;
  g_autofree char *shown = NULL;

  g_signal_emit_by_name (row_button (f, 0, "Move down"), "clicked");
  down = model_titles (f);
  g_assert_cmpstr (down, ==, "Second|First|Third");

  g_signal_emit_by_name (row_button (f, 2, "Move up"), "clicked");
  up = model_titles (f);
  g_assert_cmpstr (up, ==, "Second|Third|First");

  /* Alt+Up / Alt+Down from the keyboard, with the focus following the moved row. */
  gtk_widget_grab_focus (GTK_WIDGET (row_entry (f, 2, 0)));
  g_assert_true (press_alt (f, 2, GDK_KEY_Up));
  alt_up = model_titles (f);
  g_assert_cmpstr (alt_up, ==, "Second|First|Third");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (row_entry (f, 1, 0))));
  g_assert_true (press_alt (f, 0, GDK_KEY_Down));
  alt_down = model_titles (f);
  g_assert_cmpstr (alt_down, ==, "First|Second|Third");

  /* Nothing happens past the ends. */
  press_alt (f, 0, GDK_KEY_Up);
  press_alt (f, 2, GDK_KEY_Down);
  shown = row_titles (f);
  g_assert_cmpstr (shown, ==, "First|Second|Third");
  g_assert_false (gtk_widget_get_sensitive (row_button (f, 0, "Move up")));
  g_assert_true (gtk_widget_get_sensitive (row_button (f, 1, "Move up")));
}

static gboolean
wait_for_title (NdRelatedLink *link,
                int            seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      if (*nd_related_link_get_title (link))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return FALSE;
}

static void
test_fetch_title (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *og = url_for (f, "/og");
  g_autofree char *title = url_for (f, "/title");
  g_autofree char *missing = url_for (f, "/missing");

  g_signal_emit_by_name (add_button (f), "clicked");
  gtk_editable_set_text (row_entry (f, 3, 1), og);
  g_assert_true (wait_for_title (link_at (f, 3), 5));
  g_assert_cmpstr (nd_related_link_get_title (link_at (f, 3)), ==, "Lavrov: \"fruitful\" partnership");
  g_assert_cmpstr (gtk_editable_get_text (row_entry (f, 3, 0)), ==, "Lavrov: \"fruitful\" partnership");

  g_signal_emit_by_name (add_button (f), "clicked");
  gtk_editable_set_text (row_entry (f, 4, 1), title);
  g_assert_true (wait_for_title (link_at (f, 4), 5));
  g_assert_cmpstr (gtk_editable_get_text (row_entry (f, 4, 0)), ==, "Caracas summit");

  /* A row that has a title keeps it: no request at all. */
  f->requests = 0;
  gtk_editable_set_text (row_entry (f, 0, 1), og);
  for (guint i = 0; i < 100; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpstr (nd_related_link_get_title (link_at (f, 0)), ==, "First");
  g_assert_cmpuint (f->requests, ==, 0);

  /* A 404 leaves the title empty. */
  g_signal_emit_by_name (add_button (f), "clicked");
  gtk_editable_set_text (row_entry (f, 5, 1), missing);
  g_assert_false (wait_for_title (link_at (f, 5), 2));
  g_assert_cmpuint (f->requests, ==, 1);
}

static void
test_fetch_user_typed (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *og = url_for (f, "/og");

  /* The user types a title while the page loads: theirs stays. */
  g_signal_emit_by_name (add_button (f), "clicked");
  gtk_editable_set_text (row_entry (f, 3, 1), og);
  gtk_editable_set_text (row_entry (f, 3, 0), "Mine");
  g_assert_true (wait_for_title (link_at (f, 3), 1));
  for (guint i = 0; i < 100; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpstr (nd_related_link_get_title (link_at (f, 3)), ==, "Mine");
}

static void
test_fetch_timeout (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *slow = url_for (f, "/slow");
  gint64 deadline;

  g_signal_emit_by_name (add_button (f), "clicked");
  gtk_editable_set_text (row_entry (f, 3, 1), slow);

  /* Past the fetch timeout: still no title, nothing broke. */
  deadline = g_get_monotonic_time () + (ND_PAGE_TITLE_TIMEOUT + 2) * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  g_assert_cmpuint (f->requests, ==, 1);
  g_assert_cmpstr (nd_related_link_get_title (link_at (f, 3)), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (row_entry (f, 3, 0)), ==, "");
}

static void
test_fetch_cancelled_on_switch (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(NdArticle) other = nd_article_new ();
  g_autofree char *slow = url_for (f, "/slow");
  g_autofree char *og = url_for (f, "/og");
  g_autoptr(NdRelatedLink) pending = NULL;
  g_autoptr(NdRelatedLink) removed = NULL;

  /* One row waits on a page that never comes, another is removed mid-fetch, then the
   * article goes away: no crash, no late title. */
  g_signal_emit_by_name (add_button (f), "clicked");
  gtk_editable_set_text (row_entry (f, 3, 1), slow);
  pending = g_object_ref (link_at (f, 3));
  g_signal_emit_by_name (add_button (f), "clicked");
  gtk_editable_set_text (row_entry (f, 4, 1), og);
  removed = g_object_ref (link_at (f, 4));
  for (guint i = 0; i < 60; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_signal_emit_by_name (row_button (f, 4, "Remove"), "clicked");
  nd_related_links_set_article (f->links, other);
  g_assert_cmpuint (n_rows (f), ==, 0);
  for (guint i = 0; i < 100; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpstr (nd_related_link_get_title (pending), ==, "");

  nd_related_links_set_article (f->links, NULL);
  g_assert_false (gtk_widget_get_sensitive (add_button (f)));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;

  home = nd_test_isolate_home ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/related-links/rows", test_rows);
  ADD ("/related-links/edit", test_edit);
  ADD ("/related-links/invalid-url", test_invalid_url);
  ADD ("/related-links/add-remove", test_add_remove);
  ADD ("/related-links/move", test_move);
  ADD ("/related-links/fetch-title", test_fetch_title);
  ADD ("/related-links/fetch-user-typed", test_fetch_user_typed);
  ADD ("/related-links/fetch-timeout", test_fetch_timeout);
  ADD ("/related-links/fetch-cancelled-on-switch", test_fetch_cancelled_on_switch);
#undef ADD

  return g_test_run ();
}
