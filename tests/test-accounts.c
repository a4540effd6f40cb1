/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-accounts"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "nd-account-store.h"
#include "nd-secrets.h"
#include "nd-test-keyring.h"
#include "nd-test-util.h"
#include "nd-util.h"

#define SECRET_VALUE "xK9p Qw2r Zt7v Lm3n Hy6b Jc4d"

static char *home;

/* ---- helpers ------------------------------------------------------------------------ */

static char *
temp_accounts_path (const char *name)
{
  return g_build_filename (home, "config", name, "newsdesk", "accounts.json", NULL);
}

static NdAccount *
make_wordpress (const char *name)
{
  NdAccount *account = nd_account_new (ND_ACCOUNT_KIND_WORDPRESS, name);

  nd_account_set_url (account, "https://example.org/news/");
  nd_account_set_user (account, "maría");
  return account;
}

/* ---- accounts.json ------------------------------------------------------------------ */

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;
  (*count)++;
}

static void
test_account_properties (void)
{
  g_autoptr(NdAccount) a = make_wordpress ("Newsroom");
  g_autoptr(NdAccount) b = make_wordpress ("Newsroom");
  guint notified = 0;

  g_assert_true (g_uuid_string_is_valid (nd_account_get_id (a)));
  g_assert_cmpstr (nd_account_get_id (a), !=, nd_account_get_id (b));
  g_assert_cmpstr (nd_account_get_kind (a), ==, "wordpress");
  g_assert_false (nd_account_get_allow_insecure_http (a));

  g_signal_connect (a, "notify", G_CALLBACK (count_notify_cb), &notified);
  nd_account_set_url (a, "https://example.org/news/");
  nd_account_set_allow_insecure_http (a, FALSE);
  g_assert_cmpuint (notified, ==, 0);
  nd_account_set_url (a, "https://example.com/");
  nd_account_set_allow_insecure_http (a, TRUE);
  g_assert_cmpuint (notified, ==, 2);

  g_assert_true (nd_account_kind_is_valid ("folder"));
  g_assert_true (nd_account_kind_is_valid ("http-push"));
  g_assert_false (nd_account_kind_is_valid ("ftp"));
  g_assert_false (nd_account_kind_is_valid (NULL));
}

static void
test_store_round_trip (void)
{
  g_autofree char *path = temp_accounts_path ("round-trip");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(NdAccountStore) store = nd_account_store_new (path);
  g_autoptr(NdAccountStore) again = nd_account_store_new (path);
  g_autoptr(NdAccount) wp = make_wordpress ("Newsroom WordPress");
  g_autoptr(NdAccount) folder = nd_account_new (ND_ACCOUNT_KIND_FOLDER, "Hot folder");
  g_autoptr(GError) error = NULL;
  NdAccount *loaded;
  JsonObject *settings;

  /* A missing file is an empty list, not an error. */
  g_assert_true (nd_account_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (nd_account_store_get_accounts (store)), ==, 0);

  nd_account_set_allow_insecure_http (wp, TRUE);
  json_object_set_string_member (nd_account_get_settings (folder), "path", "/srv/out/ñ");
  json_object_set_int_member (nd_account_get_settings (folder), "keep", 7);
  g_assert_true (nd_account_store_add (store, wp, &error));
  g_assert_no_error (error);
  g_assert_true (nd_account_store_add (store, folder, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (nd_test_file_mode (path), ==, 0600);
  g_assert_cmpuint (nd_test_file_mode (dir), ==, 0700);

  g_assert_true (nd_account_store_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (nd_account_store_get_accounts (again)), ==, 2);

  loaded = nd_account_store_find (again, "newsroom wordpress");
  g_assert_nonnull (loaded);
  g_assert_cmpstr (nd_account_get_id (loaded), ==, nd_account_get_id (wp));
  g_assert_cmpstr (nd_account_get_name (loaded), ==, "Newsroom WordPress");
  g_assert_cmpstr (nd_account_get_kind (loaded), ==, "wordpress");
  g_assert_cmpstr (nd_account_get_url (loaded), ==, "https://example.org/news/");
  g_assert_cmpstr (nd_account_get_user (loaded), ==, "maría");
  g_assert_true (nd_account_get_allow_insecure_http (loaded));

  loaded = nd_account_store_find (again, nd_account_get_id (folder));
  g_assert_nonnull (loaded);
  g_assert_cmpstr (nd_account_get_name (loaded), ==, "Hot folder");
  g_assert_false (nd_account_get_allow_insecure_http (loaded));
  settings = nd_account_get_settings (loaded);
  g_assert_cmpstr (json_object_get_string_member (settings, "path"), ==, "/srv/out/ñ");
  g_assert_cmpint (json_object_get_int_member (settings, "keep"), ==, 7);

  g_assert_null (nd_account_store_find (again, "nobody"));
  g_assert_null (nd_account_store_find (again, NULL));
}

static void
test_store_duplicates_and_remove (void)
{
  g_autofree char *path = temp_accounts_path ("dup");
  g_autoptr(NdAccountStore) store = nd_account_store_new (path);
  g_autoptr(NdAccountStore) again = nd_account_store_new (path);
  g_autoptr(NdAccount) a = make_wordpress ("Site");
  g_autoptr(NdAccount) b = make_wordpress ("SITE");
  g_autoptr(NdAccount) empty = nd_account_new (ND_ACCOUNT_KIND_WORDPRESS, "");
  g_autoptr(GError) error = NULL;

  g_assert_true (nd_account_store_add (store, a, &error));
  g_assert_false (nd_account_store_add (store, b, &error));
  g_assert_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "SITE"));
  g_clear_error (&error);
  g_assert_false (nd_account_store_add (store, empty, &error));
  g_assert_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (nd_account_store_remove (store, a, &error));
  g_assert_no_error (error);
  g_assert_false (nd_account_store_remove (store, a, &error));
  g_assert_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (nd_account_store_load (again, &error));
  g_assert_cmpuint (g_list_model_get_n_items (nd_account_store_get_accounts (again)), ==, 0);

  /* Now the name is free again. */
  g_assert_true (nd_account_store_add (store, b, &error));
  g_assert_no_error (error);
}

static void
test_store_keeps_unknown_and_rejects_damage (void)
{
  g_autofree char *path = temp_accounts_path ("compat");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(NdAccountStore) store = nd_account_store_new (path);
  g_autoptr(NdAccount) extra = make_wordpress ("Second");
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  const char *future =
    "{ \"format\": \"newsdesk-accounts\", \"version\": 1, \"default\": \"x\",\n"
    "  \"accounts\": [ { \"id\": \"x\", \"name\": \"Folder\", \"kind\": \"folder\","
    " \"settings\": { \"path\": \"/tmp/out\" } } ] }";
  const char *broken = "{ \"accounts\": [ { \"name\": \"No id\", \"kind\": \"wordpress\" } ] }";

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, future, -1, NULL));
  g_assert_true (nd_account_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_nonnull (nd_account_store_find_by_id (store, "x"));
  g_assert_true (nd_account_store_add (store, extra, &error));
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_nonnull (strstr (data, "\"default\""));
  g_assert_nonnull (strstr (data, "/tmp/out"));
  g_clear_pointer (&data, g_free);

  /* A damaged file is reported and left exactly as it was. */
  g_assert_true (g_file_set_contents (path, broken, -1, NULL));
  g_assert_false (nd_account_store_load (store, &error));
  g_assert_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_cmpstr (data, ==, broken);
  g_clear_error (&error);
  g_clear_pointer (&data, g_free);

  g_assert_true (g_file_set_contents (path, "not json", -1, NULL));
  g_assert_false (nd_account_store_load (store, &error));
  g_assert_error (error, ND_ACCOUNT_ERROR, ND_ACCOUNT_ERROR_INVALID);
}

/* First start: one "Local folder" account, the default; never brought back once removed. */
static void
test_store_default_account (void)
{
  g_autofree char *path = temp_accounts_path ("first-start");
  g_autoptr(NdAccountStore) store = nd_account_store_new (path);
  g_autoptr(NdAccountStore) again = NULL;
  g_autoptr(NdAccountStore) third = NULL;
  g_autoptr(NdAccount) wp = make_wordpress ("Site");
  g_autoptr(NdAccount) local = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  g_assert_true (nd_account_store_load (store, &error));
  g_assert_null (nd_account_store_get_default (store));
  g_assert_true (nd_account_store_ensure_default (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (nd_account_store_get_accounts (store)), ==, 1);
  local = g_object_ref (nd_account_store_get_default (store));
  g_assert_cmpstr (nd_account_get_kind (local), ==, ND_ACCOUNT_KIND_FOLDER);
  g_assert_cmpstr (nd_account_get_name (local), ==, "Local folder");
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_nonnull (strstr (data, "\"default\""));
  g_assert_nonnull (strstr (data, nd_account_get_id (local)));

  /* Calling it again, or on the next start, adds nothing. */
  g_assert_true (nd_account_store_ensure_default (store, &error));
  again = nd_account_store_new (path);
  g_assert_true (nd_account_store_load (again, &error));
  g_assert_true (nd_account_store_ensure_default (again, &error));
  g_assert_cmpuint (g_list_model_get_n_items (nd_account_store_get_accounts (again)), ==, 1);
  g_assert_cmpstr (nd_account_get_id (nd_account_store_get_default (again)), ==,
                   nd_account_get_id (local));

  /* Another account can be made the default; removing the default leaves none. */
  g_assert_true (nd_account_store_add (again, wp, &error));
  g_assert_true (nd_account_store_set_default (again, wp, &error));
  g_assert_no_error (error);
  g_assert_true (nd_account_store_get_default (again) == wp);
  g_assert_true (nd_account_store_load (store, &error));
  g_assert_cmpstr (nd_account_get_id (nd_account_store_get_default (store)), ==,
                   nd_account_get_id (wp));
  g_assert_true (nd_account_store_remove (again, wp, &error));
  g_assert_null (nd_account_store_get_default (again));
  g_assert_true (nd_account_store_remove (again, nd_account_store_find (again, "Local folder"),
                                          &error));

  third = nd_account_store_new (path);
  g_assert_true (nd_account_store_load (third, &error));
  g_assert_true (nd_account_store_ensure_default (third, &error));
  g_assert_cmpuint (g_list_model_get_n_items (nd_account_store_get_accounts (third)), ==, 0);
  g_assert_null (nd_account_store_get_default (third));
}

static void
test_store_default_path (void)
{
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "newsdesk",
                                                "accounts.json", NULL);
  g_autoptr(NdAccountStore) store = nd_account_store_new (NULL);

  g_assert_cmpstr (nd_account_store_get_path (store), ==, expected);
}

/* ---- secrets ------------------------------------------------------------------------ */

static void
test_secrets_sync (void)
{
  g_autoptr(NdAccount) account = make_wordpress ("Secrets");
  g_autoptr(GError) error = NULL;
  const char *id = nd_account_get_id (account);
  char *password;

  password = nd_secrets_lookup_sync (id, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);

  g_assert_true (nd_secrets_store_sync (id, "Newsdesk: Secrets", SECRET_VALUE, NULL, &error));
  g_assert_no_error (error);
  password = nd_secrets_lookup_sync (id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, SECRET_VALUE);
  nd_secrets_free (password);

  /* Storing again replaces, it does not add a second item. */
  g_assert_true (nd_secrets_store_sync (id, "Newsdesk: Secrets", "second", NULL, &error));
  password = nd_secrets_lookup_sync (id, NULL, &error);
  g_assert_cmpstr (password, ==, "second");
  nd_secrets_free (password);

  /* Keyed by the id: another account sees nothing. */
  password = nd_secrets_lookup_sync ("some-other-id", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);

  g_assert_true (nd_secrets_delete_sync (id, NULL, &error));
  g_assert_no_error (error);
  password = nd_secrets_lookup_sync (id, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  /* Deleting nothing is fine. */
  g_assert_true (nd_secrets_delete_sync (id, NULL, &error));
  g_assert_no_error (error);
}

static void
test_secrets_async (void)
{
  g_autoptr(NdAccount) account = make_wordpress ("Async");
  g_autoptr(GError) error = NULL;
  const char *id = nd_account_get_id (account);
  GAsyncResult *result = NULL;
  char *password;

  nd_secrets_store_async (id, "Newsdesk: Async", SECRET_VALUE, NULL, nd_test_result_cb, &result);
  g_assert_true (nd_secrets_store_finish (nd_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  nd_secrets_lookup_async (id, NULL, nd_test_result_cb, &result);
  password = nd_secrets_lookup_finish (nd_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, SECRET_VALUE);
  nd_secrets_free (password);
  g_clear_object (&result);

  nd_secrets_delete_async (id, NULL, nd_test_result_cb, &result);
  g_assert_true (nd_secrets_delete_finish (nd_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  nd_secrets_lookup_async (id, NULL, nd_test_result_cb, &result);
  password = nd_secrets_lookup_finish (nd_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_clear_object (&result);
}

static void
test_password_never_in_file (void)
{
  g_autofree char *path = temp_accounts_path ("no-secret");
  g_autoptr(NdAccountStore) store = nd_account_store_new (path);
  g_autoptr(NdAccount) account = make_wordpress ("With password");
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  char *password;

  g_assert_true (nd_account_store_add (store, account, &error));
  g_assert_true (nd_secrets_store_sync (nd_account_get_id (account), "Newsdesk: test",
                                        SECRET_VALUE, NULL, &error));
  g_assert_no_error (error);
  nd_account_set_user (account, "editor");
  g_assert_true (nd_account_store_save (store, &error));

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_nonnull (strstr (data, "editor"));
  g_assert_null (strstr (data, SECRET_VALUE));
  g_assert_null (strstr (data, "xK9p"));

  password = nd_secrets_lookup_sync (nd_account_get_id (account), NULL, &error);
  g_assert_cmpstr (password, ==, SECRET_VALUE);
  nd_secrets_free (password);
  g_assert_true (nd_secrets_delete_sync (nd_account_get_id (account), NULL, &error));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *reason = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  home = nd_test_isolate_home ();

  g_test_add_func ("/accounts/properties", test_account_properties);
  g_test_add_func ("/accounts/store/round-trip", test_store_round_trip);
  g_test_add_func ("/accounts/store/duplicates-and-remove", test_store_duplicates_and_remove);
  g_test_add_func ("/accounts/store/unknown-keys-and-damage", test_store_keeps_unknown_and_rejects_damage);
  g_test_add_func ("/accounts/store/default-path", test_store_default_path);
  g_test_add_func ("/accounts/store/default-account", test_store_default_account);
  g_test_add_func ("/accounts/secrets/sync", test_secrets_sync);
  g_test_add_func ("/accounts/secrets/async", test_secrets_async);
  g_test_add_func ("/accounts/secrets/never-in-accounts-json", test_password_never_in_file);

  /* No skipping: without a working keyring the secrets tests cannot say anything. */
  /* A real Secret Service on a private bus: never the keyring of whoever runs the tests. */
  reason = nd_test_keyring_start (home);
  if (reason)
    {
      g_printerr ("Bail out! No Secret Service for the tests: %s\n", reason);
      g_print ("Bail out! No Secret Service for the tests: %s\n", reason);
      nd_test_keyring_stop ();
      return 1;
    }

  status = g_test_run ();
  nd_test_keyring_stop ();
  nd_rm_rf (home, NULL);
  return status;
}
