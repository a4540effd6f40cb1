/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reference for start-up benchmarks: a bare libadwaita window with a header bar.
 * With NEWSDESK_BENCH=1 it reports like newsdesk does (see nd-bench.c). */
#include <adwaita.h>
#include <stdio.h>

#include "nd-bench.h"

static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.newsdesk.BenchReference",
                                                       G_APPLICATION_NON_UNIQUE);

  nd_bench_install ();
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
