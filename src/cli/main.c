/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "newsdesk-cli"

#include "config.h"

#include "nd-cli.h"

int
main (int    argc,
      char **argv)
{
  return nd_cli_main (argc, argv);
}
