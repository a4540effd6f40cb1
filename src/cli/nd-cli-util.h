/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of newsdesk-cli (documented in the man page). */
enum {
  EXIT_OK = 0,
  EXIT_USER = 1,
  EXIT_USAGE = 2,
  EXIT_CONFLICT = 3,
  EXIT_QUEUED = 4,     /* could not reach the server: the job waits in the outbox */
};

/* Prints "newsdesk-cli: MESSAGE" as one line on stderr (scripts read the first line) and
 * returns EXIT_USER. */
int             nd_cli_fail            (const char      *format,
                                        ...) G_GNUC_PRINTF (1, 2);
/* Prints the message and the command's help; returns EXIT_USAGE. */
int             nd_cli_usage_error     (GOptionContext  *context,
                                        const char      *message);
GOptionContext *nd_cli_command_context (const char      *args,
                                        const char      *summary,
                                        GOptionEntry    *entries);
/* FALSE (with *status set to EXIT_USAGE) when the options do not parse. */
gboolean        nd_cli_parse_options   (GOptionContext  *context,
                                        int             *argc,
                                        char          ***argv,
                                        int             *status);

G_END_DECLS
