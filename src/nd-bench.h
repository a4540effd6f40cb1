/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* With NEWSDESK_BENCH=1 in the environment: prints "first-frame <µs since exec>" when the
 * first frame is on screen, then, after NEWSDESK_BENCH_SETTLE_MS (default 1500) more,
 * "rss <kB>" and "hwm <kB>" from /proc/self/status, and exits. Does nothing otherwise. */
void nd_bench_install (void);
/* With NEWSDESK_BENCH=1: prints "mark <name> <µs since exec>" (a moment the benchmarks
 * check, like "library-shown"). Does nothing otherwise. */
void nd_bench_mark    (const char *name);

G_END_DECLS
