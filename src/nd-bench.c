/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-bench"

#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nd-bench.h"

static gint64 started_at;
static gboolean reported;

/* Process start time, so the figure includes dynamic linking and GTK's own start-up. */
static gint64
process_start_monotonic (void)
{
  g_autofree char *stat = NULL;
  double uptime = 0;
  char *p;
  unsigned long long start_ticks = 0;
  g_autofree char *up = NULL;
  gint64 now = g_get_monotonic_time ();

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      !g_file_get_contents ("/proc/uptime", &up, NULL, NULL))
    return now;
  /* Field 22 (starttime, in clock ticks since boot), after the parenthesised name. */
  p = strrchr (stat, ')');
  for (int field = 2; p && field < 22; field++)
    p = strchr (p + 1, ' ');
  if (p == NULL)
    return now;
  start_ticks = g_ascii_strtoull (p + 1, NULL, 10);
  uptime = g_ascii_strtod (up, NULL);
  /* Monotonic clock and uptime share the boot as origin on Linux. */
  return now - (gint64) ((uptime - (double) start_ticks / sysconf (_SC_CLK_TCK)) * G_USEC_PER_SEC);
}

static void
print_memory (void)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "VmRSS:"))
        printf ("rss %" G_GINT64_FORMAT "\n", g_ascii_strtoll (lines[i] + 6, NULL, 10));
      else if (g_str_has_prefix (lines[i], "VmHWM:"))
        printf ("hwm %" G_GINT64_FORMAT "\n", g_ascii_strtoll (lines[i] + 6, NULL, 10));
    }
  fflush (stdout);
}

static gboolean
settled_cb (gpointer data)
{
  print_memory ();
  exit (0);
  return G_SOURCE_REMOVE;
}

static gboolean
after_paint_hook (GSignalInvocationHint *hint,
                  guint                  n_params,
                  const GValue          *params,
                  gpointer               data)
{
  const char *settle = g_getenv ("NEWSDESK_BENCH_SETTLE_MS");

  if (reported)
    return FALSE;
  reported = TRUE;
  printf ("first-frame %lld\n", (long long) (g_get_monotonic_time () - started_at));
  fflush (stdout);
  g_timeout_add (settle ? atoi (settle) : 1500, settled_cb, NULL);
  return FALSE;
}

void
nd_bench_mark (const char *name)
{
  if (started_at == 0)
    return;
  printf ("mark %s %lld\n", name, (long long) (g_get_monotonic_time () - started_at));
  fflush (stdout);
}

void
nd_bench_install (void)
{
  if (g_strcmp0 (g_getenv ("NEWSDESK_BENCH"), "1") != 0)
    return;
  started_at = process_start_monotonic ();
  /* Signals exist once the class does. */
  g_type_class_unref (g_type_class_ref (GDK_TYPE_FRAME_CLOCK));
  g_signal_add_emission_hook (g_signal_lookup ("after-paint", GDK_TYPE_FRAME_CLOCK), 0,
                              after_paint_hook, NULL, NULL);
}
