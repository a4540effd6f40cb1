/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "nd-article-store.h"

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

/* The id of an article given by its full id or an unambiguous prefix of at least 4
 * characters, as git does; NULL with an ND_STORE_ERROR_NOT_FOUND error otherwise. */
char           *nd_cli_resolve_article_id (NdArticleStore  *store,
                                           const char      *text,
                                           GError         **error);
/* The article given as for nd_cli_resolve_article_id(), loaded from the store. */
NdArticle      *nd_cli_load_article       (NdArticleStore  *store,
                                           const char      *text,
                                           GError         **error);

typedef struct
{
  const char *name;
  int       (*func) (const char  *library,
                     int          argc,
                     char       **argv);
} NdCliSubcommand;

/* Runs "newsdesk-cli GROUP NAME …" (argv[1] is NAME) with the program name set to that,
 * or prints the usage (stdout for --help, stderr and EXIT_USAGE without a NAME) or
 * unknown_format (one %s: the NAME) and the usage on stderr for a NAME not in subs. */
int             nd_cli_run_subcommand     (const char             *group,
                                           const NdCliSubcommand  *subs,
                                           gsize                   n_subs,
                                           void                  (*print_usage) (FILE *out),
                                           const char             *unknown_format,
                                           const char             *library,
                                           int                     argc,
                                           char                  **argv);

G_END_DECLS
