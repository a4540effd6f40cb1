/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "newsdesk-cli photo ID [FILE] [--caption TEXT] [--credit TEXT] [--alt TEXT] [--remove]";
 * argv[0] is "photo"; library may be NULL (the default library). Returns the exit status:
 * 0 success, 1 error (one line on stderr), 2 wrong usage. */
int nd_cli_photo (const char  *library,
                  int          argc,
                  char       **argv);

G_END_DECLS
