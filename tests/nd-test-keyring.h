/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A real Secret Service (gnome-keyring) on a private session bus, with its runtime dir
 * under home: tests never touch the keyring of the person running them. Sets
 * DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR. Returns NULL, or why it could not start. */
char *nd_test_keyring_start (const char *home);
void  nd_test_keyring_stop  (void);

G_END_DECLS
