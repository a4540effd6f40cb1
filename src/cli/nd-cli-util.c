/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "nd-cli-util.h"

int
nd_cli_fail (const char *format,
             ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line: scripts read the first line of stderr. */
  g_strdelimit (msg, "\n", ' ');
  fprintf (stderr, "newsdesk-cli: %s\n", msg);
  return EXIT_USER;
}

int
nd_cli_usage_error (GOptionContext *context,
                    const char     *message)
{
  fprintf (stderr, "newsdesk-cli: %s\n", message);
  if (context)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      fprintf (stderr, "\n%s", help);
    }
  return EXIT_USAGE;
}

GOptionContext *
nd_cli_command_context (const char   *args,
                        const char   *summary,
                        GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (args);

  g_option_context_set_summary (context, summary);
  if (entries)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

gboolean
nd_cli_parse_options (GOptionContext  *context,
                      int             *argc,
                      char          ***argv,
                      int             *status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = nd_cli_usage_error (context, error->message);
      return FALSE;
    }
  return TRUE;
}

char *
nd_cli_resolve_article_id (NdArticleStore  *store,
                           const char      *text,
                           GError         **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *lower = g_ascii_strdown (text, -1);
  const char *match = NULL;

  if (g_uuid_string_is_valid (text))
    return g_steal_pointer (&lower);

  entries = strlen (lower) >= 4 ? nd_article_store_list (store, NULL) : NULL;
  for (guint i = 0; entries && i < entries->len; i++)
    {
      NdIndexEntry *entry = g_ptr_array_index (entries, i);

      if (!g_str_has_prefix (entry->id, lower))
        continue;
      if (match)
        {
          g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_FOUND,
                       _("“%s” matches more than one article; give more of the id."), text);
          return NULL;
        }
      match = entry->id;
    }
  if (match == NULL)
    {
      g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_FOUND,
                   _("There is no article with the id “%s”. See “newsdesk-cli list”."), text);
      return NULL;
    }
  return g_strdup (match);
}

NdArticle *
nd_cli_load_article (NdArticleStore  *store,
                     const char      *text,
                     GError         **error)
{
  g_autofree char *id = nd_cli_resolve_article_id (store, text, error);

  if (id == NULL)
    return NULL;
  return nd_article_store_load (store, id, error);
}

int
nd_cli_run_subcommand (const char             *group,
                       const NdCliSubcommand  *subs,
                       gsize                   n_subs,
                       void                  (*print_usage) (FILE *out),
                       const char             *unknown_format,
                       const char             *library,
                       int                     argc,
                       char                  **argv)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }

  for (gsize i = 0; i < n_subs; i++)
    if (g_str_equal (argv[1], subs[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("newsdesk-cli %s %s", group, subs[i].name);

        g_set_prgname (prgname);
        return subs[i].func (library, argc - 1, argv + 1);
      }

  fprintf (stderr, unknown_format, argv[1]);
  print_usage (stderr);
  return EXIT_USAGE;
}
