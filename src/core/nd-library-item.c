/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-library-item"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-library-item.h"

struct _NdLibraryItem
{
  GObject       parent_instance;

  NdIndexEntry *entry;
};

G_DEFINE_FINAL_TYPE (NdLibraryItem, nd_library_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_HEADLINE,
  PROP_SECTION,
  PROP_STATUS,
  PROP_STATUS_TEXT,
  PROP_MODIFIED_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
nd_library_item_finalize (GObject *object)
{
  NdLibraryItem *self = (NdLibraryItem *) object;

  g_clear_pointer (&self->entry, nd_index_entry_free);

  G_OBJECT_CLASS (nd_library_item_parent_class)->finalize (object);
}

static void
nd_library_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  NdLibraryItem *self = ND_LIBRARY_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->entry->id);
      break;
    case PROP_HEADLINE:
      g_value_set_string (value, self->entry->headline && *self->entry->headline
                                   ? self->entry->headline : _("Untitled article"));
      break;
    case PROP_SECTION:
      g_value_set_string (value, self->entry->section);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->entry->status);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, nd_status_display_name (self->entry->status));
      break;
    case PROP_MODIFIED_TEXT:
      g_value_take_string (value, nd_library_item_dup_modified_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_library_item_class_init (NdLibraryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = nd_library_item_finalize;
  object_class->get_property = nd_library_item_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_HEADLINE] = g_param_spec_string ("headline", NULL, NULL, NULL, flags);
  properties[PROP_SECTION] = g_param_spec_string ("section", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, flags);
  properties[PROP_MODIFIED_TEXT] = g_param_spec_string ("modified-text", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
nd_library_item_init (NdLibraryItem *self)
{
}

NdLibraryItem *
nd_library_item_new (const NdIndexEntry *entry)
{
  NdLibraryItem *self;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (ND_TYPE_LIBRARY_ITEM, NULL);
  self->entry = nd_index_entry_copy (entry);
  return self;
}

NdLibraryItem *
nd_library_item_new_take (NdIndexEntry *entry)
{
  NdLibraryItem *self;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (ND_TYPE_LIBRARY_ITEM, NULL);
  self->entry = entry;
  return self;
}

const NdIndexEntry *
nd_library_item_get_entry (NdLibraryItem *self)
{
  g_return_val_if_fail (ND_IS_LIBRARY_ITEM (self), NULL);
  return self->entry;
}

const char *
nd_library_item_get_id (NdLibraryItem *self)
{
  g_return_val_if_fail (ND_IS_LIBRARY_ITEM (self), NULL);
  return self->entry->id;
}

const char *
nd_library_item_get_headline (NdLibraryItem *self)
{
  g_return_val_if_fail (ND_IS_LIBRARY_ITEM (self), NULL);
  return self->entry->headline;
}

char *
nd_library_item_dup_modified_text (NdLibraryItem *self)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (ND_IS_LIBRARY_ITEM (self), NULL);

  utc = g_date_time_new_from_unix_utc (self->entry->modified);
  local = g_date_time_to_local (utc);
  /* Translators: date and time of the last change in the library list, strftime format */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

const char *
nd_status_display_name (const char *status)
{
  if (g_strcmp0 (status, "published") == 0)
    return _("Published");
  if (g_strcmp0 (status, "scheduled") == 0)
    return _("Scheduled");
  return _("Draft");
}
