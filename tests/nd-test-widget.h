/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Helpers for widget tests: find widgets the way a screen reader does (by accessible
 * label), run the main loop for a while or until something shows up, take screenshots. */

/* The first widget under root of type whose accessible label is exactly label. */
GtkWidget *nd_test_find_typed     (GtkWidget  *root,
                                   const char *label,
                                   GType       type);
GtkWidget *nd_test_find_by_label  (GtkWidget  *root,
                                   const char *label);
/* A GtkButton whose visible label (mnemonic underscores removed) is text. */
GtkWidget *nd_test_find_button_text (GtkWidget  *root,
                                     const char *text);
/* Runs the default main context for ms milliseconds. */
void       nd_test_spin           (guint       ms);
/* Runs the main context until check (data) is TRUE; fails the test with what after 20 s. */
void       nd_test_wait_until     (gboolean  (*check) (gpointer data),
                                   gpointer    data,
                                   const char *what);
GtkWidget *nd_test_wait_for_label (GtkWidget  *root,
                                   const char *label);
/* Asserts the button is sensitive and clicks it. */
void       nd_test_click          (GtkWidget  *button);
/* With ND_TEST_SCREENSHOT_DIR=dir: the screen as it is now, as dir/name.png. */
void       nd_test_screenshot     (const char *name);

G_END_DECLS
