/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-account-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-account-store.h"
#include "nd-util.h"

#define FORMAT_NAME "newsdesk-accounts"
#define FORMAT_VERSION 1

struct _NdAccountStore
{
  GObject     parent_instance;

  char       *path;
  GListStore *accounts;
  /* Top-level keys we do not know, written back as they were (forward compatibility). */
  JsonObject *extra;
  char       *default_id;
  /* The last load found no file: a first start. */
  guint       missing : 1;
};

G_DEFINE_FINAL_TYPE (NdAccountStore, nd_account_store, G_TYPE_OBJECT)

static void
nd_account_store_finalize (GObject *object)
{
  NdAccountStore *self = (NdAccountStore *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->accounts);
  g_clear_pointer (&self->extra, json_object_unref);
  g_clear_pointer (&self->default_id, g_free);

  G_OBJECT_CLASS (nd_account_store_parent_class)->finalize (object);
}

static void
nd_account_store_class_init (NdAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = nd_account_store_finalize;
}

static void
nd_account_store_init (NdAccountStore *self)
{
  self->accounts = g_list_store_new (ND_TYPE_ACCOUNT);
  self->extra = json_object_new ();
}

char *
nd_account_store_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "newsdesk", "accounts.json", NULL);
}

NdAccountStore *
nd_account_store_new (const char *path)
{
  NdAccountStore *self = g_object_new (ND_TYPE_ACCOUNT_STORE, NULL);

  self->path = path ? g_strdup (path) : nd_account_store_default_path ();
  return self;
}

const char *
nd_account_store_get_path (NdAccountStore *self)
{
  g_return_val_if_fail (ND_IS_ACCOUNT_STORE (self), NULL);
  return self->path;
}

gboolean
nd_account_store_load (NdAccountStore  *self,
                       GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  JsonObject *root;
  JsonArray *list;
  JsonNode *node;

  g_return_val_if_fail (ND_IS_ACCOUNT_STORE (self), FALSE);

  if (!json_parser_load_from_mapped_file (parser, self->path, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_list_store_remove_all (self->accounts);
          g_clear_pointer (&self->default_id, g_free);
          self->missing = TRUE;
          return TRUE;
        }
      g_set_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_INVALID,
                   _("Could not read the accounts file “%s”: %s"), self->path,
                   local_error->message);
      return FALSE;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    goto invalid;
  root = json_node_get_object (node);
  node = json_object_get_member (root, "accounts");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    goto invalid;
  list = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      NdAccount *account = nd_account_new_from_json (json_array_get_element (list, i),
                                                     &local_error);
      if (account == NULL)
        {
          g_set_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_INVALID,
                       _("The accounts file “%s” is damaged: %s"), self->path,
                       local_error->message);
          return FALSE;
        }
      g_ptr_array_add (loaded, account);
    }

  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = json_object_new ();
  {
    JsonObjectIter iter;
    const char *name;
    JsonNode *value;

    json_object_iter_init (&iter, root);
    while (json_object_iter_next (&iter, &name, &value))
      if (!g_str_equal (name, "format") && !g_str_equal (name, "version") &&
          !g_str_equal (name, "accounts") && !g_str_equal (name, "default"))
        json_object_set_member (self->extra, name, json_node_copy (value));
  }
  g_free (self->default_id);
  self->default_id = g_strdup (json_object_get_string_member_with_default (root, "default", NULL));
  self->missing = FALSE;

  g_list_store_splice (self->accounts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->accounts)),
                       loaded->pdata, loaded->len);
  return TRUE;

invalid:
  g_set_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_INVALID,
               _("The accounts file “%s” is damaged: it has no list of accounts."),
               self->path);
  return FALSE;
}

gboolean
nd_account_store_save (NdAccountStore  *self,
                       GError         **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  guint n;

  g_return_val_if_fail (ND_IS_ACCOUNT_STORE (self), FALSE);

  json_builder_begin_object (b);
  json_object_iter_init (&iter, self->extra);
  while (json_object_iter_next (&iter, &name, &value))
    {
      json_builder_set_member_name (b, name);
      json_builder_add_value (b, json_node_copy (value));
    }
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, FORMAT_NAME);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, FORMAT_VERSION);
  if (self->default_id)
    {
      json_builder_set_member_name (b, "default");
      json_builder_add_string_value (b, self->default_id);
    }
  json_builder_set_member_name (b, "accounts");
  json_builder_begin_array (b);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NdAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      json_builder_add_value (b, nd_account_to_json (account));
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  data = json_generator_to_data (gen, NULL);

  dir = g_path_get_dirname (self->path);
  if (!nd_mkdir_private (dir, error))
    return FALSE;
  return nd_file_write_atomic (self->path, data, strlen (data), error);
}

GListModel *
nd_account_store_get_accounts (NdAccountStore *self)
{
  g_return_val_if_fail (ND_IS_ACCOUNT_STORE (self), NULL);
  return G_LIST_MODEL (self->accounts);
}

static gboolean
find_position (NdAccountStore *self,
               NdAccount      *account,
               guint          *position)
{
  return g_list_store_find (self->accounts, account, position);
}

gboolean
nd_account_store_add (NdAccountStore  *self,
                      NdAccount       *account,
                      GError         **error)
{
  const char *name;

  g_return_val_if_fail (ND_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (ND_IS_ACCOUNT (account), FALSE);

  name = nd_account_get_name (account);
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_INVALID,
                   _("An account needs a name."));
      return FALSE;
    }
  if (nd_account_store_find_by_name (self, name) != NULL)
    {
      g_set_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_EXISTS,
                   _("There is already an account named “%s”."), name);
      return FALSE;
    }
  if (nd_account_store_find_by_id (self, nd_account_get_id (account)) != NULL)
    {
      g_set_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_EXISTS,
                   _("This account is already in the list."));
      return FALSE;
    }

  g_list_store_append (self->accounts, account);
  if (!nd_account_store_save (self, error))
    {
      guint pos;
      if (find_position (self, account, &pos))
        g_list_store_remove (self->accounts, pos);
      return FALSE;
    }
  return TRUE;
}

gboolean
nd_account_store_remove (NdAccountStore  *self,
                         NdAccount       *account,
                         GError         **error)
{
  g_autoptr(NdAccount) keep = NULL;
  g_autofree char *was_default = NULL;
  guint pos;

  g_return_val_if_fail (ND_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (ND_IS_ACCOUNT (account), FALSE);

  if (!find_position (self, account, &pos))
    {
      g_set_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_NOT_FOUND,
                   _("There is no account named “%s”."), nd_account_get_name (account));
      return FALSE;
    }

  keep = g_object_ref (account);
  g_list_store_remove (self->accounts, pos);
  if (g_strcmp0 (self->default_id, nd_account_get_id (account)) == 0)
    was_default = g_steal_pointer (&self->default_id);
  if (!nd_account_store_save (self, error))
    {
      g_list_store_insert (self->accounts, pos, account);
      if (was_default)
        self->default_id = g_steal_pointer (&was_default);
      return FALSE;
    }
  return TRUE;
}

NdAccount *
nd_account_store_find_by_id (NdAccountStore *self,
                             const char     *id)
{
  guint n;

  g_return_val_if_fail (ND_IS_ACCOUNT_STORE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  for (guint i = 0; id && i < n; i++)
    {
      NdAccount *account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      /* The store keeps its reference: hand out a borrowed pointer. */
      g_object_unref (account);
      if (g_strcmp0 (nd_account_get_id (account), id) == 0)
        return account;
    }
  return NULL;
}

NdAccount *
nd_account_store_find_by_name (NdAccountStore *self,
                               const char     *name)
{
  g_autofree char *folded = NULL;
  guint n;

  g_return_val_if_fail (ND_IS_ACCOUNT_STORE (self), NULL);

  if (name == NULL)
    return NULL;
  folded = g_utf8_casefold (name, -1);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  for (guint i = 0; i < n; i++)
    {
      NdAccount *account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      g_autofree char *other = g_utf8_casefold (nd_account_get_name (account), -1);

      g_object_unref (account);
      if (g_str_equal (folded, other))
        return account;
    }
  return NULL;
}

NdAccount *
nd_account_store_find (NdAccountStore *self,
                       const char     *name_or_id)
{
  NdAccount *account = nd_account_store_find_by_name (self, name_or_id);

  return account ? account : nd_account_store_find_by_id (self, name_or_id);
}

NdAccount *
nd_account_store_get_default (NdAccountStore *self)
{
  g_return_val_if_fail (ND_IS_ACCOUNT_STORE (self), NULL);
  return nd_account_store_find_by_id (self, self->default_id);
}

gboolean
nd_account_store_set_default (NdAccountStore  *self,
                              NdAccount       *account,
                              GError         **error)
{
  g_autofree char *previous = NULL;

  g_return_val_if_fail (ND_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (account == NULL || ND_IS_ACCOUNT (account), FALSE);

  if (account && !find_position (self, account, NULL))
    {
      g_set_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_NOT_FOUND,
                   _("There is no account named “%s”."), nd_account_get_name (account));
      return FALSE;
    }
  previous = g_steal_pointer (&self->default_id);
  self->default_id = account ? g_strdup (nd_account_get_id (account)) : NULL;
  if (!nd_account_store_save (self, error))
    {
      g_free (self->default_id);
      self->default_id = g_steal_pointer (&previous);
      return FALSE;
    }
  return TRUE;
}

gboolean
nd_account_store_ensure_default (NdAccountStore  *self,
                                 GError         **error)
{
  g_autoptr(NdAccount) account = NULL;

  g_return_val_if_fail (ND_IS_ACCOUNT_STORE (self), FALSE);

  if (!self->missing || g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) > 0)
    return TRUE;

  /* No path in its settings: it follows the documents folder if that changes later. */
  account = nd_account_new (ND_ACCOUNT_KIND_FOLDER, _("Local folder"));
  g_list_store_append (self->accounts, account);
  self->default_id = g_strdup (nd_account_get_id (account));
  if (!nd_account_store_save (self, error))
    {
      g_list_store_remove_all (self->accounts);
      g_clear_pointer (&self->default_id, g_free);
      return FALSE;
    }
  self->missing = FALSE;
  return TRUE;
}
