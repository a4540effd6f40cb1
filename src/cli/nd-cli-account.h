/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "newsdesk-cli account add|list|test|remove …"; argv[0] is "account". Returns the exit
 * status: 0 success, 1 error (one line on stderr), 2 wrong usage. */
int nd_cli_account (int    argc,
                    char **argv);

/* "newsdesk-cli publish ID --account NAME …"; argv[0] is "publish"; library may be NULL
 * (the default library). Exit status 3 on a conflict. */
int nd_cli_publish (const char  *library,
                    int          argc,
                    char       **argv);

G_END_DECLS
