/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

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
