/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The rows of a drop-down's popup list take keyboard focus but GTK 4.8 gives them no
 * accessible name: name each after the text it shows (the drop-down's expression, or the
 * string of a GtkStringList). Call after the model and expression are set up. */
void nd_a11y_name_drop_down_rows (GtkDropDown *dropdown);

/* The same for the popup list of an AdwComboRow. */
void nd_a11y_name_combo_row_rows  (AdwComboRow *row);

G_END_DECLS
