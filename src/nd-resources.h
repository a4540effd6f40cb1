/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the app's GResource (templates, CSS, shortcuts) once per process. */
void nd_ensure_resources (void);

G_END_DECLS
