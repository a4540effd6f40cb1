/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-test-util"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "nd-html.h"
#include "nd-test-util.h"
#include "nd-util.h"

char *
nd_test_isolate_home (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("newsdesk-test-XXXXXX", &error);
  const char *subdirs[][2] = {
    { "XDG_DATA_HOME", "data" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" },
  };

  g_assert_no_error (error);
  g_setenv ("HOME", dir, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (dir, subdirs[i][1], NULL);
      g_mkdir_with_parents (path, 0700);
      g_setenv (subdirs[i][0], path, TRUE);
    }
  /* GLib caches g_get_user_data_dir() for the life of the process, so every test after
   * the first would share one library; NEWSDESK_LIBRARY is read each time. */
  {
    g_autofree char *library = g_build_filename (dir, "data", "newsdesk", NULL);
    g_setenv ("NEWSDESK_LIBRARY", library, TRUE);
  }
  return dir;
}

NdArticle *
nd_test_article_complete (void)
{
  NdArticle *article = nd_article_new ();
  g_autoptr(NdPhoto) photo = nd_photo_new ();
  g_autoptr(NdRelatedLink) link1 = NULL;
  g_autoptr(NdRelatedLink) link2 = NULL;
  g_autoptr(GDateTime) created = g_date_time_new_utc (2022, 7, 4, 10, 0, 0);
  g_autoptr(GDateTime) modified = g_date_time_new_utc (2022, 7, 4, 11, 30, 0);
  g_autoptr(GDateTime) publish_at = g_date_time_new_utc (2031, 1, 1, 9, 0, 0);
  const char *tags[] = { "Russia", "Venezuela", "Diplomacia 🌎", NULL };

  g_object_set (article,
                "language", "es",
                "headline", "Russia Commits To Fruitful Partnership With Latam - Lavrov",
                "standfirst", "Lavrov ‘welcomed’ the “new” ties — said Faría 🇻🇪",
                "byline", "María José Faría",
                "dateline", "Moscú",
                "tags", tags,
                "body-html", "<p>Russian Foreign Minister Sergey Lavrov said <strong>Latin America</strong> "
                             "is a <em>partner</em>, see <a href=\"https://example.org/lavrov\">the "
                             "interview</a>.</p>\n<p>Segundo párrafo con eñe y emoji 🎉.</p>",
                NULL);
  nd_article_set_section_path (article, "News > Russia");
  nd_article_set_created (article, created);
  nd_article_set_publish_at (article, publish_at);
  nd_article_set_status (article, "scheduled");

  g_object_set (photo,
                "file", "photo.jpg",
                "caption", "Lavrov en la rueda de prensa “anual”",
                "credit", "Twitter/@LaVigesima",
                "alt", "Sergey Lavrov speaking at a lectern in front of flags",
                "width", 1200,
                "height", 800,
                "sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                NULL);
  nd_article_set_photo (article, photo);

  link1 = nd_related_link_new ("Venezuela y Rusia: una alianza", "https://example.org/venezuela?x=1&y=2");
  link2 = nd_related_link_new ("Lavrov’s tour", "http://example.com/tour#día");
  nd_article_add_related (article, link1);
  nd_article_add_related (article, link2);

  nd_article_set_modified (article, modified);
  return article;
}

NdArticle *
nd_test_article_saved_with_photo (NdArticleStore *store,
                                  const char     *dir)
{
  NdArticle *article = nd_test_article_complete ();
  g_autofree char *photo = nd_test_write_image (dir, "lead.jpg", 320, 240, "jpeg");
  g_autoptr(GError) error = NULL;

  g_assert_true (nd_article_store_attach_photo (store, article, photo, &error));
  g_assert_no_error (error);
  g_assert_true (nd_article_store_save (store, article, &error));
  g_assert_no_error (error);
  return article;
}

void
nd_test_result_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
nd_test_wait_result (GAsyncResult **slot)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

char *
nd_test_write_image (const char *dir,
                     const char *name,
                     int         width,
                     int         height,
                     const char *type)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  gdk_pixbuf_fill (pixbuf, 0xa51d2dff);
  gdk_pixbuf_save (pixbuf, path, type ? type : "jpeg", &error, NULL);
  g_assert_no_error (error);
  return path;
}

static void
assert_datetime_equal (GDateTime *a,
                       GDateTime *b)
{
  if (a == NULL || b == NULL)
    {
      g_assert_true (a == b);
      return;
    }
  g_assert_cmpint (g_date_time_to_unix (a), ==, g_date_time_to_unix (b));
}

void
nd_test_assert_articles_equal (NdArticle *a,
                               NdArticle *b)
{
  GListModel *ra = nd_article_get_related (a);
  GListModel *rb = nd_article_get_related (b);
  NdPhoto *pa = nd_article_get_photo (a);
  NdPhoto *pb = nd_article_get_photo (b);

  g_assert_cmpstr (nd_article_get_id (a), ==, nd_article_get_id (b));
  g_assert_cmpstr (nd_article_get_language (a), ==, nd_article_get_language (b));
  g_assert_cmpstr (nd_article_get_headline (a), ==, nd_article_get_headline (b));
  g_assert_cmpstr (nd_article_get_standfirst (a), ==, nd_article_get_standfirst (b));
  g_assert_cmpstr (nd_article_get_byline (a), ==, nd_article_get_byline (b));
  g_assert_cmpstr (nd_article_get_dateline (a), ==, nd_article_get_dateline (b));
  g_assert_cmpstrv (nd_article_get_section (a), nd_article_get_section (b));
  g_assert_cmpstrv (nd_article_get_tags (a), nd_article_get_tags (b));
  g_assert_cmpstr (nd_article_get_body_html (a), ==, nd_article_get_body_html (b));
  g_assert_cmpstr (nd_article_get_status (a), ==, nd_article_get_status (b));
  assert_datetime_equal (nd_article_get_publish_at (a), nd_article_get_publish_at (b));
  assert_datetime_equal (nd_article_get_created (a), nd_article_get_created (b));
  assert_datetime_equal (nd_article_get_modified (a), nd_article_get_modified (b));

  g_assert_true ((pa == NULL) == (pb == NULL));
  if (pa)
    {
      g_assert_cmpstr (nd_photo_get_file (pa), ==, nd_photo_get_file (pb));
      g_assert_cmpstr (nd_photo_get_caption (pa), ==, nd_photo_get_caption (pb));
      g_assert_cmpstr (nd_photo_get_credit (pa), ==, nd_photo_get_credit (pb));
      g_assert_cmpstr (nd_photo_get_alt (pa), ==, nd_photo_get_alt (pb));
      g_assert_cmpuint (nd_photo_get_width (pa), ==, nd_photo_get_width (pb));
      g_assert_cmpuint (nd_photo_get_height (pa), ==, nd_photo_get_height (pb));
      g_assert_cmpstr (nd_photo_get_sha256 (pa), ==, nd_photo_get_sha256 (pb));
    }

  g_assert_cmpuint (g_list_model_get_n_items (ra), ==, g_list_model_get_n_items (rb));
  for (guint i = 0; i < g_list_model_get_n_items (ra); i++)
    {
      g_autoptr(NdRelatedLink) la = g_list_model_get_item (ra, i);
      g_autoptr(NdRelatedLink) lb = g_list_model_get_item (rb, i);

      g_assert_cmpstr (nd_related_link_get_title (la), ==, nd_related_link_get_title (lb));
      g_assert_cmpstr (nd_related_link_get_url (la), ==, nd_related_link_get_url (lb));
    }
}

guint
nd_test_file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}
