/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ND_TYPE_PREFERENCES (nd_preferences_get_type ())
G_DECLARE_FINAL_TYPE (NdPreferences, nd_preferences, ND, PREFERENCES, AdwPreferencesWindow)

GtkWidget *nd_preferences_new (GtkWindow *parent);

G_END_DECLS
