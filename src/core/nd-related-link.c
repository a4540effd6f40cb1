/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-related-link"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-related-link.h"
#include "nd-util.h"

struct _NdRelatedLink
{
  GObject     parent_instance;

  char       *title;
  char       *url;
  JsonObject *extra;
};

G_DEFINE_FINAL_TYPE (NdRelatedLink, nd_related_link, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
nd_related_link_finalize (GObject *object)
{
  NdRelatedLink *self = (NdRelatedLink *) object;

  g_free (self->title);
  g_free (self->url);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (nd_related_link_parent_class)->finalize (object);
}

static void
nd_related_link_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  NdRelatedLink *self = ND_RELATED_LINK (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_related_link_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  NdRelatedLink *self = ND_RELATED_LINK (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      nd_related_link_set_title (self, g_value_get_string (value));
      break;
    case PROP_URL:
      nd_related_link_set_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_related_link_class_init (NdRelatedLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = nd_related_link_finalize;
  object_class->get_property = nd_related_link_get_property;
  object_class->set_property = nd_related_link_set_property;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
nd_related_link_init (NdRelatedLink *self)
{
  self->title = g_strdup ("");
  self->url = g_strdup ("");
  self->extra = json_object_new ();
}

NdRelatedLink *
nd_related_link_new (const char *title,
                     const char *url)
{
  return g_object_new (ND_TYPE_RELATED_LINK, "title", title, "url", url, NULL);
}

NdRelatedLink *
nd_related_link_copy (NdRelatedLink *self)
{
  NdRelatedLink *copy;

  g_return_val_if_fail (ND_IS_RELATED_LINK (self), NULL);

  copy = nd_related_link_new (self->title, self->url);
  /* Unknown keys are never edited, only carried along: sharing them is safe. */
  json_object_unref (copy->extra);
  copy->extra = json_object_ref (self->extra);
  return copy;
}

const char *
nd_related_link_get_title (NdRelatedLink *self)
{
  g_return_val_if_fail (ND_IS_RELATED_LINK (self), NULL);
  return self->title;
}

void
nd_related_link_set_title (NdRelatedLink *self,
                           const char    *title)
{
  g_return_if_fail (ND_IS_RELATED_LINK (self));
  if (nd_set_str (&self->title, title ? title : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
nd_related_link_get_url (NdRelatedLink *self)
{
  g_return_val_if_fail (ND_IS_RELATED_LINK (self), NULL);
  return self->url;
}

void
nd_related_link_set_url (NdRelatedLink *self,
                         const char    *url)
{
  g_return_if_fail (ND_IS_RELATED_LINK (self));
  if (nd_set_str (&self->url, url ? url : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

JsonObject *
nd_related_link_get_extra (NdRelatedLink *self)
{
  g_return_val_if_fail (ND_IS_RELATED_LINK (self), NULL);
  return self->extra;
}
