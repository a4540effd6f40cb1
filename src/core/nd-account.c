/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-account"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-account.h"
#include "nd-tls.h"
#include "nd-util.h"

struct _NdAccount
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *kind;
  char       *url;
  char       *user;
  gboolean    allow_insecure_http;
  char       *pinned_certificate;
  JsonObject *settings;
};

G_DEFINE_FINAL_TYPE (NdAccount, nd_account, G_TYPE_OBJECT)

G_DEFINE_QUARK (nd-account-error-quark, nd_account_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_URL,
  PROP_USER,
  PROP_ALLOW_INSECURE_HTTP,
  PROP_PINNED_CERTIFICATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
nd_account_finalize (GObject *object)
{
  NdAccount *self = (NdAccount *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->pinned_certificate, g_free);
  g_clear_pointer (&self->settings, json_object_unref);

  G_OBJECT_CLASS (nd_account_parent_class)->finalize (object);
}

static void
nd_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  NdAccount *self = ND_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_ALLOW_INSECURE_HTTP:
      g_value_set_boolean (value, self->allow_insecure_http);
      break;
    case PROP_PINNED_CERTIFICATE:
      g_value_set_string (value, self->pinned_certificate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  NdAccount *self = ND_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      /* Construct-only: the id is what secrets and remote state are keyed by. */
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      nd_account_set_name (self, g_value_get_string (value));
      break;
    case PROP_KIND:
      g_free (self->kind);
      self->kind = g_value_dup_string (value);
      break;
    case PROP_URL:
      nd_account_set_url (self, g_value_get_string (value));
      break;
    case PROP_USER:
      nd_account_set_user (self, g_value_get_string (value));
      break;
    case PROP_ALLOW_INSECURE_HTTP:
      nd_account_set_allow_insecure_http (self, g_value_get_boolean (value));
      break;
    case PROP_PINNED_CERTIFICATE:
      nd_account_set_pinned_certificate (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_account_constructed (GObject *object)
{
  NdAccount *self = ND_ACCOUNT (object);

  G_OBJECT_CLASS (nd_account_parent_class)->constructed (object);

  if (self->id == NULL || *self->id == '\0')
    {
      g_free (self->id);
      self->id = nd_uuid_new ();
    }
}

static void
nd_account_class_init (NdAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = nd_account_constructed;
  object_class->finalize = nd_account_finalize;
  object_class->get_property = nd_account_get_property;
  object_class->set_property = nd_account_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, co);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL,
                                               ND_ACCOUNT_KIND_WORDPRESS, co);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, rw);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, rw);
  properties[PROP_ALLOW_INSECURE_HTTP] =
    g_param_spec_boolean ("allow-insecure-http", NULL, NULL, FALSE, rw);
  properties[PROP_PINNED_CERTIFICATE] =
    g_param_spec_string ("pinned-certificate", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
nd_account_init (NdAccount *self)
{
  self->settings = json_object_new ();
}

gboolean
nd_account_kind_is_valid (const char *kind)
{
  return g_strcmp0 (kind, ND_ACCOUNT_KIND_WORDPRESS) == 0 ||
         g_strcmp0 (kind, ND_ACCOUNT_KIND_FOLDER) == 0 ||
         g_strcmp0 (kind, ND_ACCOUNT_KIND_HTTP_PUSH) == 0;
}

NdAccount *
nd_account_new (const char *kind,
                const char *name)
{
  g_return_val_if_fail (nd_account_kind_is_valid (kind), NULL);

  return g_object_new (ND_TYPE_ACCOUNT, "kind", kind, "name", name, NULL);
}

NdAccount *
nd_account_copy (NdAccount *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (ND_IS_ACCOUNT (self), NULL);

  node = nd_account_to_json (self);
  return nd_account_new_from_json (node, NULL);
}

const char *
nd_account_get_id (NdAccount *self)
{
  g_return_val_if_fail (ND_IS_ACCOUNT (self), NULL);
  return self->id;
}

const char *
nd_account_get_name (NdAccount *self)
{
  g_return_val_if_fail (ND_IS_ACCOUNT (self), NULL);
  return self->name;
}

void
nd_account_set_name (NdAccount  *self,
                     const char *name)
{
  g_return_if_fail (ND_IS_ACCOUNT (self));

  if (nd_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
nd_account_get_kind (NdAccount *self)
{
  g_return_val_if_fail (ND_IS_ACCOUNT (self), NULL);
  return self->kind;
}

const char *
nd_account_get_url (NdAccount *self)
{
  g_return_val_if_fail (ND_IS_ACCOUNT (self), NULL);
  return self->url;
}

void
nd_account_set_url (NdAccount  *self,
                    const char *url)
{
  g_return_if_fail (ND_IS_ACCOUNT (self));

  if (nd_set_str (&self->url, url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

const char *
nd_account_get_user (NdAccount *self)
{
  g_return_val_if_fail (ND_IS_ACCOUNT (self), NULL);
  return self->user;
}

void
nd_account_set_user (NdAccount  *self,
                     const char *user)
{
  g_return_if_fail (ND_IS_ACCOUNT (self));

  if (nd_set_str (&self->user, user))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

gboolean
nd_account_get_allow_insecure_http (NdAccount *self)
{
  g_return_val_if_fail (ND_IS_ACCOUNT (self), FALSE);
  return self->allow_insecure_http;
}

void
nd_account_set_allow_insecure_http (NdAccount *self,
                                    gboolean   allow)
{
  g_return_if_fail (ND_IS_ACCOUNT (self));

  allow = !!allow;
  if (self->allow_insecure_http == allow)
    return;
  self->allow_insecure_http = allow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_INSECURE_HTTP]);
}

const char *
nd_account_get_pinned_certificate (NdAccount *self)
{
  g_return_val_if_fail (ND_IS_ACCOUNT (self), NULL);
  return self->pinned_certificate;
}

void
nd_account_set_pinned_certificate (NdAccount  *self,
                                   const char *pem)
{
  g_return_if_fail (ND_IS_ACCOUNT (self));

  if (pem && *pem == '\0')
    pem = NULL;
  if (nd_set_str (&self->pinned_certificate, pem))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED_CERTIFICATE]);
}

JsonObject *
nd_account_get_settings (NdAccount *self)
{
  g_return_val_if_fail (ND_IS_ACCOUNT (self), NULL);
  return self->settings;
}

void
nd_account_set_settings (NdAccount  *self,
                         JsonObject *settings)
{
  g_return_if_fail (ND_IS_ACCOUNT (self));

  g_clear_pointer (&self->settings, json_object_unref);
  self->settings = settings ? json_object_ref (settings) : json_object_new ();
}

JsonNode *
nd_account_to_json (NdAccount *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) settings = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (ND_IS_ACCOUNT (self), NULL);

  json_node_set_object (settings, self->settings);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, self->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, self->name);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, self->kind);
  json_builder_set_member_name (b, "url");
  json_builder_add_string_value (b, self->url);
  json_builder_set_member_name (b, "user");
  json_builder_add_string_value (b, self->user);
  json_builder_set_member_name (b, "allow_insecure_http");
  json_builder_add_boolean_value (b, self->allow_insecure_http);
  if (self->pinned_certificate)
    {
      g_autofree char *fingerprint = nd_tls_pem_fingerprint (self->pinned_certificate);

      json_builder_set_member_name (b, "pinned_certificate");
      json_builder_add_string_value (b, self->pinned_certificate);
      /* For people reading the file; never trusted on its own. */
      json_builder_set_member_name (b, "pinned_certificate_sha256");
      json_builder_add_string_value (b, fingerprint);
    }
  json_builder_set_member_name (b, "settings");
  json_builder_add_value (b, json_node_copy (settings));
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

NdAccount *
nd_account_new_from_json (JsonNode  *node,
                          GError   **error)
{
  JsonObject *obj;
  JsonNode *settings;
  const char *id, *name, *kind;
  NdAccount *self;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_INVALID,
                   _("An account entry is not a JSON object."));
      return NULL;
    }
  obj = json_node_get_object (node);
  id = member_string (obj, "id");
  name = member_string (obj, "name");
  kind = member_string (obj, "kind");
  if (id == NULL || *id == '\0' || name == NULL || *name == '\0')
    {
      g_set_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_INVALID,
                   _("An account has no id or no name."));
      return NULL;
    }
  if (!nd_account_kind_is_valid (kind))
    {
      g_set_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_INVALID,
                   _("The account “%s” has an unknown kind “%s”."), name, kind ? kind : "");
      return NULL;
    }

  self = g_object_new (ND_TYPE_ACCOUNT,
                       "id", id,
                       "kind", kind,
                       "name", name,
                       "url", member_string (obj, "url"),
                       "user", member_string (obj, "user"),
                       NULL);
  self->allow_insecure_http =
    json_object_get_boolean_member_with_default (obj, "allow_insecure_http", FALSE);
  nd_account_set_pinned_certificate (self, member_string (obj, "pinned_certificate"));
  settings = json_object_get_member (obj, "settings");
  if (settings && JSON_NODE_HOLDS_OBJECT (settings))
    {
      g_autoptr(JsonNode) copy = json_node_copy (settings);
      nd_account_set_settings (self, json_node_get_object (copy));
    }
  return self;
}
