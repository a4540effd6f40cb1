/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "newsdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "nd-application.h"
#include "nd-bench.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(NdApplication) app = NULL;
  const char *localedir;

  setlocale (LC_ALL, "");
  /* NEWSDESK_LOCALEDIR: the catalogs of an uninstalled build (tests). */
  localedir = g_getenv ("NEWSDESK_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  nd_bench_install ();
  app = nd_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
