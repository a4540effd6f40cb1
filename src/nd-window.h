/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "nd-application.h"

G_BEGIN_DECLS

#define ND_TYPE_WINDOW (nd_window_get_type ())
G_DECLARE_FINAL_TYPE (NdWindow, nd_window, ND, WINDOW, AdwApplicationWindow)

NdWindow   *nd_window_new             (NdApplication *app);
/* The library rows shown, a GListModel of NdLibraryItem. */
GListModel *nd_window_get_library     (NdWindow      *self);
void        nd_window_reload_library  (NdWindow      *self);

G_END_DECLS
