/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the libFuzzer targets. Each target defines LLVMFuzzerTestOneInput; it is built
 * twice: with -fsanitize=fuzzer in a -Dfuzzing=true build (build-aux/fuzz), and everywhere
 * with fuzz-replay.c's main(), which runs the committed corpus once as a unit test. */

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A critical or warning (a g_return_if_fail that hostile input reached) is a crash: abort()
 * rather than GLib's breakpoint trap, so libFuzzer keeps the input. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  GLogWriterOutput out = g_log_writer_default (level, fields, n_fields, user_data);

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return out;
}

static inline void
fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

/* Aborts with a message: libFuzzer records the input. */
#define fuzz_check(cond, ...)                                                                \
  G_STMT_START {                                                                             \
    if (G_UNLIKELY (!(cond)))                                                                \
      {                                                                                      \
        g_printerr ("fuzz check failed: %s: ", #cond);                                       \
        g_printerr (__VA_ARGS__);                                                            \
        g_printerr ("\n");                                                                   \
        abort ();                                                                            \
      }                                                                                      \
  } G_STMT_END
