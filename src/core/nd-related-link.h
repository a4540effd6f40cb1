/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ND_TYPE_RELATED_LINK (nd_related_link_get_type ())
G_DECLARE_FINAL_TYPE (NdRelatedLink, nd_related_link, ND, RELATED_LINK, GObject)

NdRelatedLink *nd_related_link_new       (const char    *title,
                                          const char    *url);
NdRelatedLink *nd_related_link_copy      (NdRelatedLink *self);
const char    *nd_related_link_get_title (NdRelatedLink *self);
void           nd_related_link_set_title (NdRelatedLink *self,
                                          const char    *title);
const char    *nd_related_link_get_url   (NdRelatedLink *self);
void           nd_related_link_set_url   (NdRelatedLink *self,
                                          const char    *url);
JsonObject    *nd_related_link_get_extra (NdRelatedLink *self);

G_END_DECLS
