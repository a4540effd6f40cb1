/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-photo"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-photo.h"
#include "nd-util.h"

struct _NdPhoto
{
  GObject     parent_instance;

  char       *file;
  char       *caption;
  char       *credit;
  char       *alt;
  guint       width;
  guint       height;
  char       *sha256;
  JsonObject *extra;
};

G_DEFINE_FINAL_TYPE (NdPhoto, nd_photo, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_CAPTION,
  PROP_CREDIT,
  PROP_ALT,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_SHA256,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char **
string_field (NdPhoto *self,
              guint    prop_id)
{
  switch (prop_id)
    {
    case PROP_FILE: return &self->file;
    case PROP_CAPTION: return &self->caption;
    case PROP_CREDIT: return &self->credit;
    case PROP_ALT: return &self->alt;
    case PROP_SHA256: return &self->sha256;
    default: return NULL;
    }
}

static void
set_string (NdPhoto    *self,
            guint       prop_id,
            const char *value)
{
  /* Text fields are never NULL: an empty field and a missing one are the same thing. */
  if (nd_set_str (string_field (self, prop_id), value ? value : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
nd_photo_finalize (GObject *object)
{
  NdPhoto *self = (NdPhoto *) object;

  g_free (self->file);
  g_free (self->caption);
  g_free (self->credit);
  g_free (self->alt);
  g_free (self->sha256);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (nd_photo_parent_class)->finalize (object);
}

static void
nd_photo_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  NdPhoto *self = ND_PHOTO (object);

  switch (prop_id)
    {
    case PROP_FILE:
    case PROP_CAPTION:
    case PROP_CREDIT:
    case PROP_ALT:
    case PROP_SHA256:
      g_value_set_string (value, *string_field (self, prop_id));
      break;
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_photo_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  NdPhoto *self = ND_PHOTO (object);

  switch (prop_id)
    {
    case PROP_FILE:
    case PROP_CAPTION:
    case PROP_CREDIT:
    case PROP_ALT:
    case PROP_SHA256:
      set_string (self, prop_id, g_value_get_string (value));
      break;
    case PROP_WIDTH:
      nd_photo_set_width (self, g_value_get_uint (value));
      break;
    case PROP_HEIGHT:
      nd_photo_set_height (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_photo_class_init (NdPhotoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = nd_photo_finalize;
  object_class->get_property = nd_photo_get_property;
  object_class->set_property = nd_photo_set_property;

  properties[PROP_FILE] = g_param_spec_string ("file", NULL, NULL, NULL, flags);
  properties[PROP_CAPTION] = g_param_spec_string ("caption", NULL, NULL, NULL, flags);
  properties[PROP_CREDIT] = g_param_spec_string ("credit", NULL, NULL, NULL, flags);
  properties[PROP_ALT] = g_param_spec_string ("alt", NULL, NULL, NULL, flags);
  properties[PROP_WIDTH] = g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HEIGHT] = g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SHA256] = g_param_spec_string ("sha256", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
nd_photo_init (NdPhoto *self)
{
  self->file = g_strdup ("");
  self->caption = g_strdup ("");
  self->credit = g_strdup ("");
  self->alt = g_strdup ("");
  self->sha256 = g_strdup ("");
  self->extra = json_object_new ();
}

NdPhoto *
nd_photo_new (void)
{
  return g_object_new (ND_TYPE_PHOTO, NULL);
}

NdPhoto *
nd_photo_copy (NdPhoto *self)
{
  NdPhoto *copy;

  g_return_val_if_fail (ND_IS_PHOTO (self), NULL);

  copy = g_object_new (ND_TYPE_PHOTO,
                       "file", self->file,
                       "caption", self->caption,
                       "credit", self->credit,
                       "alt", self->alt,
                       "width", self->width,
                       "height", self->height,
                       "sha256", self->sha256,
                       NULL);
  /* Unknown keys are never edited, only carried along: sharing them is safe. */
  json_object_unref (copy->extra);
  copy->extra = json_object_ref (self->extra);
  return copy;
}

gboolean
nd_photo_equal (NdPhoto *a,
                NdPhoto *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return nd_str_equal0 (a->file, b->file) &&
         nd_str_equal0 (a->caption, b->caption) &&
         nd_str_equal0 (a->credit, b->credit) &&
         nd_str_equal0 (a->alt, b->alt) &&
         nd_str_equal0 (a->sha256, b->sha256) &&
         a->width == b->width && a->height == b->height;
}

#define STRING_ACCESSORS(field, PROP)                                  \
  const char *nd_photo_get_##field (NdPhoto *self)                     \
  {                                                                    \
    g_return_val_if_fail (ND_IS_PHOTO (self), NULL);                   \
    return self->field;                                                \
  }                                                                    \
  void nd_photo_set_##field (NdPhoto *self, const char *value)         \
  {                                                                    \
    g_return_if_fail (ND_IS_PHOTO (self));                             \
    set_string (self, PROP, value);                                    \
  }

STRING_ACCESSORS (file, PROP_FILE)
STRING_ACCESSORS (caption, PROP_CAPTION)
STRING_ACCESSORS (credit, PROP_CREDIT)
STRING_ACCESSORS (alt, PROP_ALT)
STRING_ACCESSORS (sha256, PROP_SHA256)

guint
nd_photo_get_width (NdPhoto *self)
{
  g_return_val_if_fail (ND_IS_PHOTO (self), 0);
  return self->width;
}

void
nd_photo_set_width (NdPhoto *self,
                    guint    width)
{
  g_return_if_fail (ND_IS_PHOTO (self));
  if (self->width == width)
    return;
  self->width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
}

guint
nd_photo_get_height (NdPhoto *self)
{
  g_return_val_if_fail (ND_IS_PHOTO (self), 0);
  return self->height;
}

void
nd_photo_set_height (NdPhoto *self,
                     guint    height)
{
  g_return_if_fail (ND_IS_PHOTO (self));
  if (self->height == height)
    return;
  self->height = height;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
}

JsonObject *
nd_photo_get_extra (NdPhoto *self)
{
  g_return_val_if_fail (ND_IS_PHOTO (self), NULL);
  return self->extra;
}
