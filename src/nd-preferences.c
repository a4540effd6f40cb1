/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-accounts-page.h"
#include "nd-application.h"
#include "nd-article.h"
#include "nd-preferences.h"

struct _NdPreferences
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  AdwPreferencesGroup  *sections_group;
  AdwEntryRow          *add_section_row;
  GPtrArray            *section_rows;
};

G_DEFINE_FINAL_TYPE (NdPreferences, nd_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static void rebuild_sections (NdPreferences *self);

static void
on_remove_section_cb (GtkButton     *button,
                      NdPreferences *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "section");
  g_auto(GStrv) sections = g_settings_get_strv (self->settings, "sections");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (guint i = 0; sections[i]; i++)
    if (!g_str_equal (sections[i], path))
      g_strv_builder_add (builder, sections[i]);
  kept = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "sections", (const char * const *) kept);
}

static void
on_add_section_cb (NdPreferences *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->add_section_row));
  g_auto(GStrv) parts = nd_section_path_split (text);
  g_auto(GStrv) sections = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) all = NULL;

  if (parts[0] == NULL)
    return;
  /* Normalised spelling, so "News>Russia" and "News > Russia" are one section. */
  path = g_strjoinv (" > ", parts);
  sections = g_settings_get_strv (self->settings, "sections");
  if (g_strv_contains ((const char * const *) sections, path))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->add_section_row), "");
      return;
    }
  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) sections);
  g_strv_builder_add (builder, path);
  all = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "sections", (const char * const *) all);
  gtk_editable_set_text (GTK_EDITABLE (self->add_section_row), "");
}

static void
rebuild_sections (NdPreferences *self)
{
  g_auto(GStrv) sections = g_settings_get_strv (self->settings, "sections");

  for (guint i = 0; i < self->section_rows->len; i++)
    adw_preferences_group_remove (self->sections_group, g_ptr_array_index (self->section_rows, i));
  g_ptr_array_set_size (self->section_rows, 0);

  for (guint i = 0; sections[i]; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *label = g_strdup_printf (_("Remove section %s"), sections[i]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sections[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      g_object_set_data_full (G_OBJECT (remove), "section", g_strdup (sections[i]), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_section_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->sections_group, row);
      g_ptr_array_add (self->section_rows, row);
    }
}

static GtkWidget *
spin_row (NdPreferences *self,
          const char    *title,
          const char    *subtitle,
          const char    *key,
          double         min,
          double         max,
          double         step)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_settings_bind (self->settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  return row;
}

static void
nd_preferences_dispose (GObject *object)
{
  NdPreferences *self = ND_PREFERENCES (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->section_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (nd_preferences_parent_class)->dispose (object);
}

static void
nd_preferences_class_init (NdPreferencesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = nd_preferences_dispose;
}

static void
nd_preferences_init (NdPreferences *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *editing = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  self->settings = g_settings_new (SCHEMA_ID);
  self->section_rows = g_ptr_array_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Preferences"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 640);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);

  adw_preferences_page_set_title (page, _("Editing"));
  adw_preferences_page_set_icon_name (page, "document-edit-symbolic");

  adw_preferences_group_set_title (editing, _("Writing"));
  adw_preferences_group_add (editing,
                             spin_row (self, _("Headline limit"),
                                       _("Longer headlines get a warning, in characters"),
                                       "headline-limit", 10, 500, 1));
  adw_preferences_group_add (editing,
                             spin_row (self, _("Autosave delay"),
                                       _("Quiet time after an edit before it is saved, in milliseconds"),
                                       "autosave-delay", 250, 60000, 250));
  adw_preferences_page_add (page, editing);

  {
    AdwPreferencesGroup *publishing = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
    GtkWidget *caption_row = adw_entry_row_new ();

    adw_preferences_group_set_title (publishing, _("Publishing"));
    adw_preferences_group_set_description (publishing,
                                           _("How the photo’s caption and credit are combined "
                                             "on the site: {caption} and {credit} are replaced."));
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (caption_row), _("Photo caption format"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (caption_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Photo caption format"), -1);
    g_settings_bind (self->settings, "caption-format", caption_row, "text", G_SETTINGS_BIND_DEFAULT);
    adw_preferences_group_add (publishing, caption_row);
    adw_preferences_page_add (page, publishing);
  }

  self->sections_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->sections_group, _("Sections"));
  adw_preferences_group_set_description (self->sections_group,
                                         _("Offered by the section picker. Separate levels with “>”, "
                                           "as in “News > Russia”."));
  self->add_section_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_section_row), _("Add section"));
  adw_entry_row_set_show_apply_button (self->add_section_row, TRUE);
  g_signal_connect_swapped (self->add_section_row, "apply", G_CALLBACK (on_add_section_cb), self);
  g_signal_connect_swapped (self->add_section_row, "entry-activated", G_CALLBACK (on_add_section_cb), self);
  adw_preferences_group_add (self->sections_group, GTK_WIDGET (self->add_section_row));
  adw_preferences_page_add (page, self->sections_group);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);

  g_signal_connect_object (self->settings, "changed::sections", G_CALLBACK (rebuild_sections),
                           self, G_CONNECT_SWAPPED);
  rebuild_sections (self);
}

GtkWidget *
nd_preferences_new (GtkWindow *parent)
{
  GtkWidget *self = g_object_new (ND_TYPE_PREFERENCES,
                                  "transient-for", parent,
                                  "modal", TRUE,
                                  NULL);
  GApplication *app = g_application_get_default ();
  g_autoptr(NdAccountStore) accounts = NULL;

  /* The application's store, so an open publish dialog sees a new account at once; tests
   * without an NdApplication get their own, read from the default path. */
  if (ND_IS_APPLICATION (app))
    accounts = g_object_ref (nd_application_get_account_store (ND_APPLICATION (app)));
  else
    {
      accounts = nd_account_store_new (NULL);
      if (!nd_account_store_load (accounts, NULL))
        g_warning ("Could not read the accounts");
    }
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (nd_accounts_page_new (accounts)));
  return self;
}
