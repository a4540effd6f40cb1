/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "nd-test-widget.h"

GtkWidget *
nd_test_find_typed (GtkWidget  *root,
                    const char *label,
                    GType       type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          gtk_test_accessible_has_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL))
        {
          /* GTK 4.8 has no getter: compare through the test assertion helper. */
          char *name = gtk_test_accessible_check_property (GTK_ACCESSIBLE (child),
                                                           GTK_ACCESSIBLE_PROPERTY_LABEL, label);
          if (name == NULL)
            return child;
          g_free (name);
        }
      found = nd_test_find_typed (child, label, type);
      if (found)
        return found;
    }
  return NULL;
}

GtkWidget *
nd_test_find_by_label (GtkWidget  *root,
                       const char *label)
{
  return nd_test_find_typed (root, label, G_TYPE_OBJECT);
}

GtkWidget *
nd_test_find_button_text (GtkWidget  *root,
                          const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)))
        {
          GString *plain = g_string_new (gtk_button_get_label (GTK_BUTTON (child)));
          gboolean same;

          g_string_replace (plain, "_", "", 0);
          same = g_str_equal (plain->str, text);
          g_string_free (plain, TRUE);
          if (same)
            return child;
        }
      found = nd_test_find_button_text (child, text);
      if (found)
        return found;
    }
  return NULL;
}

void
nd_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

void
nd_test_wait_until (gboolean  (*check) (gpointer data),
                    gpointer    data,
                    const char *what)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!check (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("gave up waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

GtkWidget *
nd_test_wait_for_label (GtkWidget  *root,
                        const char *label)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GtkWidget *found;

  while ((found = nd_test_find_by_label (root, label)) == NULL)
    {
      if (g_get_monotonic_time () > end)
        g_error ("nothing called “%s” appeared", label);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return found;
}

void
nd_test_click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

void
nd_test_screenshot (const char *name)
{
  const char *dir = g_getenv ("ND_TEST_SCREENSHOT_DIR");
  g_autofree char *command = NULL;

  if (dir == NULL)
    return;
  nd_test_spin (300);
  command = g_strdup_printf ("import -window root %s/%s.png", dir, name);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}
