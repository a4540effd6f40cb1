/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kills a process at random moments while it saves an article, in a loop, and checks
 * that what is on disk always loads and is never older than the last completed save. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "nd-article-store.h"
#include "nd-test-util.h"
#include "nd-util.h"

static void
test_kill_during_save (void)
{
  g_autofree char *home = nd_test_isolate_home ();
  g_autofree char *libdir = g_build_filename (home, "library", NULL);
  g_autofree char *loop = g_test_build_filename (G_TEST_BUILT, "nd-save-loop", NULL);
  g_autofree char *photo = nd_test_write_image (home, "lead.jpg", 640, 480, "jpeg");
  g_autofree char *id = nd_uuid_new ();
  g_autoptr(GRand) rand = g_rand_new ();
  const char *rounds_env = g_getenv ("ND_KILL_ROUNDS");
  guint rounds = rounds_env ? (guint) atoi (rounds_env) : 50;
  guint last_saved = 0;
  guint mid_save_kills = 0;
  gint64 max_delay = 120000;   /* µs */

  g_test_message ("seed for this run: use ND_KILL_ROUNDS to change the count (%u rounds)", rounds);

  /* How long two saves take here (a sanitizer build is many times slower): kills are
   * spread over that, so that most rounds end in the middle of saving, not of starting. */
  {
    g_autofree char *calibration = g_build_filename (home, "calibration", NULL);
    const char *argv[] = { loop, calibration, id, photo, NULL };
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocess) child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
    g_autoptr(GDataInputStream) lines = NULL;
    gint64 start = g_get_monotonic_time ();
    char *line;

    g_assert_no_error (error);
    lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
    while ((line = g_data_input_stream_read_line (lines, NULL, NULL, &error)))
      {
        gboolean second = g_str_equal (line, "saved 2");

        g_free (line);
        if (second)
          break;
      }
    g_assert_no_error (error);
    max_delay = MAX (max_delay, 2 * (g_get_monotonic_time () - start));
    g_subprocess_force_exit (child);
    g_subprocess_wait (child, NULL, NULL);
    g_test_message ("kills at 5 ms to %" G_GINT64_FORMAT " ms after start", max_delay / 1000);
  }

  for (guint round = 0; round < rounds; round++)
    {
      const char *argv[] = { loop, libdir, id, photo, NULL };
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(NdArticleStore) store = NULL;
      g_autoptr(NdArticle) article = NULL;
      g_autoptr(GBytes) out = NULL;
      g_autofree char *folder = NULL;
      g_autoptr(GDir) dir = NULL;
      const char *name, *last_line;
      guint reported = 0, on_disk = 0;
      gsize len;
      const char *text;

      child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
      g_assert_no_error (error);

      g_usleep (g_rand_int_range (rand, 5000, (gint32) MIN (max_delay, G_MAXINT32)));
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_communicate (child, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      g_subprocess_wait (child, NULL, NULL);
      g_assert_true (g_subprocess_get_if_signaled (child));

      text = g_bytes_get_data (out, &len);
      last_line = text ? g_strrstr_len (text, len, "saved ") : NULL;
      if (last_line)
        reported = (guint) atoi (last_line + strlen ("saved "));

      /* Nothing written yet in this round: the article is whatever the last round left. */
      store = nd_article_store_new (libdir);
      if (!nd_article_store_exists (store, id))
        {
          g_assert_cmpuint (last_saved, ==, 0);
          continue;
        }

      article = nd_article_store_load (store, id, &error);
      g_assert_no_error (error);
      g_assert_nonnull (article);
      g_assert_true (sscanf (nd_article_get_headline (article), "rev %u", &on_disk) == 1);

      /* Each round starts its count at 1 again; what matters is that the file holds the
       * last save the child completed, or the one it was in the middle of. */
      if (reported > 0)
        {
          g_assert_cmpuint (on_disk, >=, reported);
          g_assert_cmpuint (on_disk, <=, reported + 1);
          if (on_disk == reported)
            mid_save_kills++;
        }
      g_assert_cmpuint (g_list_model_get_n_items (nd_article_get_related (article)), ==, 0);
      g_assert_true (g_str_has_prefix (nd_article_get_body_html (article), "<p>Paragraph 0"));

      /* A photo it names is there, whole. */
      if (nd_article_get_photo (article))
        {
          g_autofree char *path = nd_article_store_photo_path (store, article);
          g_autofree char *sum = nd_file_sha256 (path, NULL);
          g_assert_cmpstr (sum, ==, nd_photo_get_sha256 (nd_article_get_photo (article)));
        }

      /* Loading cleaned up the killed writer's temp files. */
      folder = nd_article_store_article_dir (store, id);
      dir = g_dir_open (folder, 0, NULL);
      while ((name = g_dir_read_name (dir)))
        g_assert_false (nd_is_temp_name (name));

      last_saved = MAX (last_saved, reported);
    }

  g_test_message ("%u rounds; %u ended with the newest completed save on disk", rounds, mid_save_kills);
  g_assert_cmpuint (last_saved, >, 0);
  nd_rm_rf (home, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash/kill-during-save", test_kill_during_save);
  return g_test_run ();
}
