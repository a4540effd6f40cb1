/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-test-keyring"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nd-test-keyring.h"

/* The same set-up as test-accounts.c, shared by the widget tests that need passwords. */

static GPid bus_pid;
static GPid keyring_pid;

/* If the test aborts, its daemons go with it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
bus_has_owner (const char *name)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean has = FALSE;

  bus = g_dbus_connection_new_for_address_sync (g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, NULL);
  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply)
    g_variant_get (reply, "(b)", &has);
  g_dbus_connection_close_sync (bus, NULL, NULL);
  return has;
}

char *
nd_test_keyring_start (const char *home)
{
  const char *bus_argv[] = { "dbus-daemon", "--session", "--nofork", "--print-address=1", NULL };
  const char *kr_argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock",
                            "--components=secrets", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *runtime = g_build_filename (home, "run", NULL);
  g_autofree char *address = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *bus_exe = g_find_program_in_path ("dbus-daemon");
  g_autofree char *kr_exe = g_find_program_in_path ("gnome-keyring-daemon");
  int out_fd, in_fd;
  gint64 deadline;

  if (bus_exe == NULL)
    return g_strdup ("dbus-daemon is not installed (package dbus)");
  if (kr_exe == NULL)
    return g_strdup ("gnome-keyring-daemon is not installed (package gnome-keyring)");

  g_mkdir_with_parents (runtime, 0700);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);

  if (!g_spawn_async_with_pipes (NULL, (char **) bus_argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                 die_with_parent, NULL, &bus_pid, NULL, &out_fd, NULL, &error))
    return g_strdup_printf ("could not start dbus-daemon: %s", error->message);
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  if (g_io_channel_read_line (channel, &address, NULL, NULL, &error) != G_IO_STATUS_NORMAL)
    return g_strdup_printf ("dbus-daemon printed no address: %s",
                            error ? error->message : "end of output");
  g_strstrip (address);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);

  /* --unlock with a password on stdin creates the "login" collection, unlocked, and
   * makes it the default one. */
  if (!g_spawn_async_with_pipes (NULL, (char **) kr_argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                 die_with_parent, NULL, &keyring_pid, &in_fd, NULL, NULL, &error))
    return g_strdup_printf ("could not start gnome-keyring-daemon: %s", error->message);
  if (write (in_fd, "test", 4) != 4)
    return g_strdup ("could not give gnome-keyring-daemon its password");
  close (in_fd);

  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (!bus_has_owner ("org.freedesktop.secrets"))
    {
      if (g_get_monotonic_time () > deadline)
        return g_strdup ("gnome-keyring-daemon did not register org.freedesktop.secrets "
                         "on the session bus within 15 s");
      g_usleep (50 * 1000);
    }
  return NULL;
}

static void
stop_pid (GPid *pid)
{
  if (*pid <= 0)
    return;
  kill (*pid, SIGTERM);
  waitpid (*pid, NULL, 0);
  g_spawn_close_pid (*pid);
  *pid = 0;
}

void
nd_test_keyring_stop (void)
{
  stop_pid (&keyring_pid);
  stop_pid (&bus_pid);
}
