/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main() for a fuzz target built without libFuzzer: runs every file named on the command
 * line, or every file in the directories named, through LLVMFuzzerTestOneInput once, and
 * prints TAP. The committed corpus (with the inputs of every crash found) thus runs in
 * every test run, also under gcc and build-aux/sanitize. */
#include "config.h"

#include <gio/gio.h>
#include <stdio.h>

#include "fuzz-common.h"

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
run_file (const char *path,
          guint      *n)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      printf ("not ok %u - %s: %s\n", ++*n, path, error->message);
      exit (1);
    }
  /* Hand over an exact-size copy so ASan sees reads past the end. */
  {
    g_autofree guint8 *copy = g_memdup2 (data, len);
    LLVMFuzzerTestOneInput (copy, len);
  }
  printf ("ok %u - %s\n", ++*n, path);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
          g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
          const char *name;

          while (dir && (name = g_dir_read_name (dir)) != NULL)
            if (name[0] != '.')
              g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
          g_ptr_array_sort (names, compare_paths);
          for (guint j = 0; j < names->len; j++)
            run_file (g_ptr_array_index (names, j), &n);
        }
      else
        run_file (argv[i], &n);
    }
  if (n == 0)
    {
      printf ("not ok 1 - no input files\n1..1\n");
      return 1;
    }
  printf ("1..%u\n", n);
  return 0;
}
