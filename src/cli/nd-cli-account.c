/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-cli-account"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nd-account-store.h"
#include "nd-article-store.h"
#include "nd-cli-account.h"
#include "nd-cli-outbox.h"
#include "nd-cli-util.h"
#include "nd-folder-publisher.h"
#include "nd-http-push-publisher.h"
#include "nd-publisher-factory.h"
#include "nd-secrets.h"
#include "nd-tls.h"
#include "nd-util.h"
#include "nd-wordpress-publisher.h"
#include "nd-wordpress.h"

static NdAccountStore *
open_store (GError **error)
{
  g_autoptr(NdAccountStore) store = nd_account_store_new (NULL);

  /* On first start the "Local folder" account appears, as in the app. */
  if (!nd_account_store_load (store, error) || !nd_account_store_ensure_default (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

/* The password from standard input: the first line, without the line end. Spaces inside
 * are kept (WordPress shows application passwords in groups of four and ignores them). */
static char *
read_password_stdin (GError **error)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (in);
  char *line;

  line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, error);
  if (line == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("No password on standard input."));
      return NULL;
    }
  g_strchomp (line);
  if (*line == '\0')
    {
      g_free (line);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The password on standard input is empty."));
      return NULL;
    }
  return line;
}

/* ---- add ---------------------------------------------------------------------------- */

static int
account_add (const char  *library,
             int          argc,
             char       **argv)
{
  g_autofree char *kind = NULL, *name = NULL, *url = NULL, *user = NULL;
  g_autofree char *assets_url = NULL, *format = NULL;
  g_autofree char *folder = NULL;
  gboolean password_stdin = FALSE, allow_insecure = FALSE, token_stdin = FALSE;
  NdNinjsFlavour flavour = ND_NINJS_2_2;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NdAccountStore) store = NULL;
  g_autoptr(NdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  char *password = NULL;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("wordpress (default), folder or http-push"), N_("KIND") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("A name for the account"), N_("NAME") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The site’s address, e.g. https://news.example.org/"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("The user name on the site"), N_("USER") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, N_("Read the (application) password from standard input"), NULL },
    { "allow-insecure-http", 0, 0, G_OPTION_ARG_NONE, &allow_insecure, N_("Allow sending the password over plain http to another computer"), NULL },
    { "assets-url", 0, 0, G_OPTION_ARG_STRING, &assets_url, N_("http-push: where pictures are sent"), N_("URL") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("http-push: ninjs-2.2 (default), ninjs-3.1 or superdesk"), N_("FORMAT") },
    { "token-stdin", 0, 0, G_OPTION_ARG_NONE, &token_stdin, N_("http-push: read the secret token that signs requests from standard input"), NULL },
    { "path", 0, 0, G_OPTION_ARG_FILENAME, &folder, N_("folder: where stories are written (default: ~/Newsdesk/Published)"), N_("DIR") },
    { NULL }
  };

  context = nd_cli_command_context ("", _("Add a publishing account. The password goes to the "
                                   "keyring, never to a file."), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return nd_cli_usage_error (context, error->message);
  if (argc > 1)
    return nd_cli_usage_error (context, _("“account add” takes no arguments, only options."));
  if (kind == NULL)
    kind = g_strdup (ND_ACCOUNT_KIND_WORDPRESS);
  if (!nd_account_kind_is_valid (kind))
    return nd_cli_usage_error (context, _("--kind must be wordpress, folder or http-push."));
  if (name == NULL || *g_strstrip (name) == '\0')
    return nd_cli_usage_error (context, _("--name is required."));

  if (g_str_equal (kind, ND_ACCOUNT_KIND_WORDPRESS))
    {
      if (url == NULL || user == NULL || !password_stdin)
        return nd_cli_usage_error (context, _("A WordPress account needs --url, --user and "
                                       "--password-stdin."));
      /* Refuse now rather than at the first publish. */
      if (!nd_wordpress_check_url (url, allow_insecure, &error))
        return nd_cli_fail ("%s", error->message);
    }
  if (g_str_equal (kind, ND_ACCOUNT_KIND_HTTP_PUSH))
    {
      if (url == NULL || assets_url == NULL)
        return nd_cli_usage_error (context, _("An http-push account needs --url (the resource URL) "
                                       "and --assets-url."));
      if (format && !nd_ninjs_flavour_from_string (format, &flavour))
        return nd_cli_usage_error (context, _("--format must be ninjs-2.2, ninjs-3.1 or superdesk."));
      if (!nd_http_push_check_urls (url, assets_url, &error))
        return nd_cli_fail ("%s", error->message);
      /* The token is the secret of this kind. */
      password_stdin = token_stdin;
    }
  else if (assets_url || format || token_stdin)
    return nd_cli_usage_error (context, _("--assets-url, --format and --token-stdin are for http-push "
                                   "accounts."));
  if (folder && !g_str_equal (kind, ND_ACCOUNT_KIND_FOLDER))
    return nd_cli_usage_error (context, _("--path is for folder accounts."));

  store = open_store (&error);
  if (store == NULL)
    return nd_cli_fail ("%s", error->message);
  if (nd_account_store_find_by_name (store, name))
    return nd_cli_fail (_("There is already an account named “%s”."), name);

  account = nd_account_new (kind, name);
  nd_account_set_url (account, url);
  nd_account_set_user (account, user);
  nd_account_set_allow_insecure_http (account, allow_insecure);
  if (g_str_equal (kind, ND_ACCOUNT_KIND_HTTP_PUSH))
    nd_http_push_account_configure (account, assets_url, flavour, token_stdin);
  if (folder)
    {
      /* Relative to where the command runs, stored absolute. */
      g_autofree char *absolute = g_canonicalize_filename (folder, NULL);
      json_object_set_string_member (nd_account_get_settings (account), ND_FOLDER_SETTING_PATH,
                                     absolute);
    }

  if (password_stdin)
    {
      password = read_password_stdin (&error);
      if (password == NULL)
        return nd_cli_fail ("%s", error->message);
      label = g_strdup_printf ("Newsdesk: %s", name);
      if (!nd_secrets_store_sync (nd_account_get_id (account), label, password, NULL, &error))
        {
          memset (password, 0, strlen (password));
          g_free (password);
          return nd_cli_fail ("%s", error->message);
        }
      memset (password, 0, strlen (password));
      g_free (password);
    }

  if (!nd_account_store_add (store, account, &error))
    {
      nd_secrets_delete_sync (nd_account_get_id (account), NULL, NULL);
      return nd_cli_fail ("%s", error->message);
    }

  g_print (_("Added the account “%s”.\n"), name);
  return EXIT_OK;
}

/* ---- list --------------------------------------------------------------------------- */

static int
account_list (const char  *library,
              int          argc,
              char       **argv)
{
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NdAccountStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *accounts;
  guint n;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = nd_cli_command_context ("", _("List the publishing accounts: name, kind, address, user."),
                             entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return nd_cli_usage_error (context, error->message);
  if (argc > 1)
    return nd_cli_usage_error (context, _("“account list” takes no arguments."));

  store = open_store (&error);
  if (store == NULL)
    return nd_cli_fail ("%s", error->message);

  accounts = nd_account_store_get_accounts (store);
  n = g_list_model_get_n_items (accounts);
  if (json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autofree char *data = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(NdAccount) account = g_list_model_get_item (accounts, i);
          json_array_add_element (array, nd_account_to_json (account));
        }
      json_node_set_array (root, array);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      data = json_generator_to_data (gen, NULL);
      g_print ("%s\n", data);
      return EXIT_OK;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NdAccount) account = g_list_model_get_item (accounts, i);
      const char *url = nd_account_get_url (account);
      const char *user = nd_account_get_user (account);
      g_autofree char *folder = NULL;

      /* A folder account's address is where it writes. */
      if (g_str_equal (nd_account_get_kind (account), ND_ACCOUNT_KIND_FOLDER))
        url = folder = nd_folder_publisher_account_folder (account);
      g_print ("%-20s  %-9s  %s  %s%s%s%s\n", nd_account_get_name (account),
               nd_account_get_kind (account), url ? url : "-", user ? user : "-",
               nd_account_get_allow_insecure_http (account) ? _("  (insecure http allowed)") : "",
               nd_account_get_pinned_certificate (account) ? _("  (trusted certificate)") : "",
               account == nd_account_store_get_default (store) ? _("  (default)") : "");
    }
  return EXIT_OK;
}

/* ---- certificates ------------------------------------------------------------------- */

/* The certificate's details, and how to trust it for this account only. */
static void
print_certificate_help (FILE                 *out,
                        NdAccount            *account,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  flags)
{
  g_autofree char *details = nd_tls_certificate_describe (certificate, flags);
  g_autofree char *fingerprint = nd_tls_certificate_fingerprint (certificate);
  g_autofree char *quoted = g_shell_quote (nd_account_get_name (account));

  fprintf (out, "\n%s\n", details);
  fprintf (out, _("If this is the site’s own certificate (compare the fingerprint with the one "
                  "its administrator gives you), trust it for “%s” only with:\n"),
           nd_account_get_name (account));
  fprintf (out, "  newsdesk-cli account trust %s --fingerprint %s\n", quoted, fingerprint);
}

typedef struct
{
  GMainLoop            *loop;
  GTlsCertificate      *certificate;
  GTlsCertificateFlags  flags;
  GError               *error;
} FetchRun;

static void
fetch_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  FetchRun *run = user_data;

  run->certificate = nd_tls_fetch_certificate_finish (result, &run->flags, &run->error);
  g_main_loop_quit (run->loop);
}

/* A line from the terminal: only "yes" (or the translation of it) trusts. */
static gboolean
confirm_on_terminal (const char *question)
{
  char line[64];

  fprintf (stderr, "%s ", question);
  fflush (stderr);
  if (fgets (line, sizeof line, stdin) == NULL)
    return FALSE;
  g_strstrip (line);
  return g_ascii_strcasecmp (line, "yes") == 0 || g_strcmp0 (line, _("yes")) == 0;
}

static int
account_trust (const char  *library,
               int          argc,
               char       **argv)
{
  g_autofree char *expected = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NdAccountStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *details = NULL;
  g_autofree char *pem = NULL;
  FetchRun run = { 0 };
  NdAccount *account;
  const char *url;
  GOptionEntry entries[] = {
    { "fingerprint", 0, 0, G_OPTION_ARG_STRING, &expected, N_("Trust the certificate only if its SHA-256 fingerprint is this one (needed when not asked on a terminal)"), N_("SHA256") },
    { NULL }
  };

  context = nd_cli_command_context (_("NAME"), _("Fetch the server certificate of an account, show "
                                                 "it, and trust it for this account only even "
                                                 "though this computer cannot verify it "
                                                 "(self-signed, unknown authority…)."), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return nd_cli_usage_error (context, error->message);
  if (argc != 2)
    return nd_cli_usage_error (context, _("“account trust” takes one account name."));
  if (expected)
    {
      wanted = nd_tls_fingerprint_normalize (expected);
      if (wanted == NULL)
        return nd_cli_usage_error (context, _("--fingerprint must be a SHA-256 fingerprint: 64 hex "
                                              "digits, with or without colons."));
    }

  store = open_store (&error);
  if (store == NULL)
    return nd_cli_fail ("%s", error->message);
  account = nd_account_store_find (store, argv[1]);
  if (account == NULL)
    return nd_cli_fail (_("There is no account named “%s”. See “newsdesk-cli account list”."), argv[1]);
  url = nd_account_get_url (account);
  if (g_str_equal (nd_account_get_kind (account), ND_ACCOUNT_KIND_FOLDER) || url == NULL)
    return nd_cli_fail (_("The account “%s” does not connect to a server."),
                        nd_account_get_name (account));

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  nd_tls_fetch_certificate_async (url, NULL, fetch_done_cb, &run);
  g_main_loop_run (loop);
  if (run.certificate == NULL)
    {
      int status = nd_cli_fail ("%s", run.error->message);
      g_clear_error (&run.error);
      return status;
    }

  fingerprint = nd_tls_certificate_fingerprint (run.certificate);
  pem = nd_tls_certificate_get_pem (run.certificate);
  details = nd_tls_certificate_describe (run.certificate, run.flags);
  g_print (_("The certificate of %s:\n%s"), url, details);
  g_object_unref (run.certificate);

  if (wanted && g_strcmp0 (wanted, fingerprint) != 0)
    return nd_cli_fail (_("Not trusted: the certificate’s fingerprint is %s, not %s. Someone may "
                          "be in the way, or the site has another certificate now."),
                        fingerprint, wanted);
  if (run.flags == 0)
    {
      g_print (_("This computer trusts this certificate already: there is nothing to pin.\n"));
      return EXIT_OK;
    }
  if (g_strcmp0 (nd_account_get_pinned_certificate (account), pem) == 0)
    {
      g_print (_("This certificate is trusted for “%s” already.\n"), nd_account_get_name (account));
      return EXIT_OK;
    }
  if (wanted == NULL)
    {
      g_autofree char *question = NULL;

      if (!isatty (STDIN_FILENO))
        return nd_cli_fail (_("Not trusted. Check the fingerprint with the site’s administrator, "
                              "then run: newsdesk-cli account trust NAME --fingerprint %s"),
                            fingerprint);
      question = g_strdup_printf (_("Trust this certificate for “%s” only? Type “yes” if its "
                                    "fingerprint is the one the site’s administrator gave you:"),
                                  nd_account_get_name (account));
      if (!confirm_on_terminal (question))
        return nd_cli_fail (_("Not trusted."));
    }

  nd_account_set_pinned_certificate (account, pem);
  if (!nd_account_store_save (store, &error))
    return nd_cli_fail ("%s", error->message);
  g_print (_("Trusted the certificate %s for “%s”. Another certificate is refused, as before.\n"),
           fingerprint, nd_account_get_name (account));
  return EXIT_OK;
}

static int
account_untrust (const char  *library,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NdAccountStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  NdAccount *account;

  context = nd_cli_command_context (_("NAME"), _("Forget the certificate trusted for an account: "
                                                 "certificates this computer cannot verify are "
                                                 "refused again."), NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return nd_cli_usage_error (context, error->message);
  if (argc != 2)
    return nd_cli_usage_error (context, _("“account untrust” takes one account name."));

  store = open_store (&error);
  if (store == NULL)
    return nd_cli_fail ("%s", error->message);
  account = nd_account_store_find (store, argv[1]);
  if (account == NULL)
    return nd_cli_fail (_("There is no account named “%s”. See “newsdesk-cli account list”."), argv[1]);
  if (nd_account_get_pinned_certificate (account) == NULL)
    {
      g_print (_("“%s” has no trusted certificate.\n"), nd_account_get_name (account));
      return EXIT_OK;
    }
  fingerprint = nd_tls_pem_fingerprint (nd_account_get_pinned_certificate (account));
  nd_account_set_pinned_certificate (account, NULL);
  if (!nd_account_store_save (store, &error))
    return nd_cli_fail ("%s", error->message);
  g_print (_("Forgot the certificate %s trusted for “%s”.\n"), fingerprint ? fingerprint : "?",
           nd_account_get_name (account));
  return EXIT_OK;
}

/* ---- test --------------------------------------------------------------------------- */

typedef struct
{
  GMainLoop         *loop;
  NdWordpressClient *client;
  GError            *error;
  JsonObject        *user;
  gboolean           done;
} TestRun;

static void
whoami_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TestRun *run = user_data;

  run->user = nd_wordpress_client_whoami_finish (run->client, result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
discover_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TestRun *run = user_data;
  const char *site_name;

  if (!nd_wordpress_client_discover_finish (run->client, result, &run->error))
    {
      g_main_loop_quit (run->loop);
      return;
    }

  site_name = nd_wordpress_client_get_site_name (run->client);
  if (site_name && *site_name)
    g_print (_("API found at %s (site “%s”)\n"), nd_wordpress_client_get_api_root (run->client),
             site_name);
  else
    g_print (_("API found at %s\n"), nd_wordpress_client_get_api_root (run->client));

  if (!nd_wordpress_client_check_app_passwords (run->client, &run->error))
    {
      g_main_loop_quit (run->loop);
      return;
    }
  g_print (_("Application passwords are available\n"));

  nd_wordpress_client_whoami_async (run->client, NULL, whoami_done_cb, run);
}

static int
account_test (const char  *library,
              int          argc,
              char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NdAccountStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(NdWordpressClient) client = NULL;
  TestRun run = { 0 };
  NdAccount *account;
  char *password;
  const char *shown;

  context = nd_cli_command_context (_("NAME"), _("Check that the account can log in: find the API, "
                                          "check application passwords, log in."), NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return nd_cli_usage_error (context, error->message);
  if (argc != 2)
    return nd_cli_usage_error (context, _("“account test” takes one account name."));

  store = open_store (&error);
  if (store == NULL)
    return nd_cli_fail ("%s", error->message);
  account = nd_account_store_find (store, argv[1]);
  if (account == NULL)
    return nd_cli_fail (_("There is no account named “%s”. See “newsdesk-cli account list”."), argv[1]);
  if (!g_str_equal (nd_account_get_kind (account), ND_ACCOUNT_KIND_WORDPRESS))
    return nd_cli_fail (_("Only WordPress accounts can be tested so far."));

  password = nd_secrets_lookup_sync (nd_account_get_id (account), NULL, &error);
  if (error)
    return nd_cli_fail ("%s", error->message);
  if (password == NULL)
    return nd_cli_fail (_("The keyring has no password for “%s”. Remove the account and add it again."),
                 nd_account_get_name (account));

  client = nd_wordpress_client_new_for_account (account, password);
  nd_secrets_free (password);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.client = client;
  nd_wordpress_client_discover_async (client, NULL, discover_done_cb, &run);
  g_main_loop_run (loop);

  if (run.error)
    {
      int status = nd_cli_fail ("%s", run.error->message);
      GTlsCertificateFlags flags = 0;
      GTlsCertificate *rejected = nd_wordpress_client_get_rejected_certificate (client, &flags);

      if (g_error_matches (run.error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TLS) && rejected)
        print_certificate_help (stderr, account, rejected, flags);
      g_clear_error (&run.error);
      return status;
    }

  shown = json_object_get_string_member_with_default (run.user, "name", NULL);
  g_print (_("Logged in as %s (%s)\n"), shown ? shown : nd_account_get_user (account),
           json_object_get_string_member_with_default (run.user, "slug",
                                                       nd_account_get_user (account)));
  json_object_unref (run.user);
  return EXIT_OK;
}

/* ---- remove ------------------------------------------------------------------------- */

static int
account_remove (const char  *library,
                int          argc,
                char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NdAccountStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NdAccount) account = NULL;
  g_autoptr(GError) secret_error = NULL;

  context = nd_cli_command_context (_("NAME"), _("Remove an account and its password."), NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return nd_cli_usage_error (context, error->message);
  if (argc != 2)
    return nd_cli_usage_error (context, _("“account remove” takes one account name."));

  store = open_store (&error);
  if (store == NULL)
    return nd_cli_fail ("%s", error->message);
  if (nd_account_store_find (store, argv[1]) == NULL)
    return nd_cli_fail (_("There is no account named “%s”. See “newsdesk-cli account list”."), argv[1]);
  account = g_object_ref (nd_account_store_find (store, argv[1]));

  if (!nd_account_store_remove (store, account, &error))
    return nd_cli_fail ("%s", error->message);
  /* A folder account never had a secret: no keyring needed to remove it. */
  if (!g_str_equal (nd_account_get_kind (account), ND_ACCOUNT_KIND_FOLDER) &&
      !nd_secrets_delete_sync (nd_account_get_id (account), NULL, &secret_error))
    return nd_cli_fail (_("Removed the account “%s”, but its password could not be deleted from the "
                   "keyring: %s"), nd_account_get_name (account), secret_error->message);

  g_print (_("Removed the account “%s”.\n"), nd_account_get_name (account));
  return EXIT_OK;
}

static void
print_account_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: newsdesk-cli account COMMAND [OPTION…]"));
  fprintf (out, "  add --kind wordpress --name NAME --url URL --user USER --password-stdin "
                "[--allow-insecure-http]\n");
  fprintf (out, "  add --kind http-push --name NAME --url RESOURCE_URL --assets-url URL "
                "[--format ninjs-2.2|ninjs-3.1|superdesk] [--token-stdin]\n");
  fprintf (out, "  add --kind folder --name NAME [--path DIR]\n");
  fprintf (out, "  list [--json]\n  test NAME\n  remove NAME\n");
  fprintf (out, "  trust NAME [--fingerprint SHA256]\n  untrust NAME\n");
}

int
nd_cli_account (int    argc,
                char **argv)
{
  static const NdCliSubcommand subs[] = {
    { "add", account_add },
    { "list", account_list },
    { "test", account_test },
    { "remove", account_remove },
    { "trust", account_trust },
    { "untrust", account_untrust },
  };

  return nd_cli_run_subcommand ("account", subs, G_N_ELEMENTS (subs), print_account_usage,
                                _("newsdesk-cli: unknown account command “%s”\n\n"),
                                NULL, argc, argv);
}

/* ---- publish ------------------------------------------------------------------------ */

typedef struct
{
  GMainLoop  *loop;
  JsonObject *remote;
  GError     *error;
  char       *last_step;
} PublishRun;

static void
publish_progress_cb (const char *step,
                     gint64      done,
                     gint64      total,
                     gpointer    user_data)
{
  PublishRun *run = user_data;

  /* One line per step on stderr; stdout is kept for the post's address. */
  if (g_strcmp0 (run->last_step, step) == 0)
    return;
  g_free (run->last_step);
  run->last_step = g_strdup (step);
  fprintf (stderr, "%s…\n", step);
}

static void
publish_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PublishRun *run = user_data;

  run->remote = nd_publisher_publish_finish (ND_PUBLISHER (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* The publisher for account, with its secret from the keyring (none for a dry run). */
static NdPublisher *
new_publisher (NdAccount       *account,
               NdArticleStore  *store,
               gboolean         dry_run,
               GError         **error)
{
  gboolean push = g_str_equal (nd_account_get_kind (account), ND_ACCOUNT_KIND_HTTP_PUSH);
  /* An http-push token is optional: looked up only when the account has one, so such an
   * account works without a keyring. */
  gboolean needs_secret = push ? nd_http_push_account_get_has_token (account)
                               : nd_publisher_factory_needs_secret (nd_account_get_kind (account));
  NdPublisher *publisher;
  char *secret = NULL;

  if (needs_secret && !dry_run)
    {
      secret = nd_secrets_lookup_sync (nd_account_get_id (account), NULL, error);
      if (secret == NULL)
        {
          if (error && *error == NULL)
            g_set_error (error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_AUTH,
                         push ? _("The keyring has no secret token for “%s”. Remove the account "
                                  "and add it again.")
                              : _("The keyring has no password for “%s”. Remove the account and "
                                  "add it again."),
                         nd_account_get_name (account));
          return NULL;
        }
    }
  publisher = nd_publisher_factory_new_publisher (account, secret, store, error);
  nd_secrets_free (secret);
  return publisher;
}

int
nd_cli_publish (const char  *library,
                int          argc,
                char       **argv)
{
  g_autofree char *account_name = NULL, *status = NULL, *at = NULL;
  gboolean force = FALSE, dry_run = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NdAccountStore) accounts = NULL;
  g_autoptr(NdArticleStore) store = NULL;
  g_autoptr(NdArticle) article = NULL;
  g_autoptr(NdPublisher) publisher = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  PublishRun run = { 0 };
  NdAccount *account;
  const char *url;
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name, N_("The account to publish to (default: the default account)"), N_("NAME") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, N_("draft (default), publish or future"), N_("STATUS") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When to publish, RFC 3339 (with --status future)"), N_("TIME") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Overwrite the post even if it was changed on the site"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Print the requests instead of sending them"), NULL },
    { NULL }
  };

  context = nd_cli_command_context (_("ID"), _("Publish an article (or update what an earlier publish "
                                        "created) and print the post’s address. Exit status 3: "
                                        "the post was changed on the site (see --force)."),
                             entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return nd_cli_usage_error (context, error->message);
  if (argc != 2)
    return nd_cli_usage_error (context, _("“publish” takes one article id."));
  if (status == NULL)
    status = g_strdup (ND_PUBLISH_STATUS_DRAFT);
  if (!g_str_equal (status, ND_PUBLISH_STATUS_DRAFT) &&
      !g_str_equal (status, ND_PUBLISH_STATUS_PUBLISH) &&
      !g_str_equal (status, ND_PUBLISH_STATUS_FUTURE))
    return nd_cli_usage_error (context, _("--status must be draft, publish or future."));
  if (at)
    {
      when = nd_datetime_parse (at);
      if (when == NULL)
        return nd_cli_fail (_("--at: “%s” is not an RFC 3339 time such as 2031-01-01T09:00:00Z."), at);
    }
  if (g_str_equal (status, ND_PUBLISH_STATUS_FUTURE) && when == NULL)
    return nd_cli_usage_error (context, _("--status future needs --at."));

  accounts = open_store (&error);
  if (accounts == NULL)
    return nd_cli_fail ("%s", error->message);
  account = account_name ? nd_account_store_find (accounts, account_name)
                         : nd_account_store_get_default (accounts);
  if (account == NULL && account_name == NULL)
    return nd_cli_fail (_("There is no default account: name one with --account. See "
                   "“newsdesk-cli account list”."));
  if (account == NULL)
    return nd_cli_fail (_("There is no account named “%s”. See “newsdesk-cli account list”."),
                 account_name);
  store = nd_article_store_new (library);
  article = nd_cli_load_article (store, argv[1], &error);
  if (article == NULL)
    return nd_cli_fail ("%s", error->message);

  publisher = new_publisher (account, store, dry_run, &error);
  if (publisher == NULL)
    return nd_cli_fail ("%s", error->message);

  if (dry_run)
    {
      g_autofree char *text = NULL;

      text = nd_publisher_factory_describe (publisher, article, status, when);
      if (text == NULL)
        return nd_cli_fail (_("--dry-run is not available for accounts of the kind “%s”."),
                     nd_account_get_kind (account));
      g_print ("%s", text);
      return EXIT_OK;
    }

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  nd_publisher_publish_async (publisher, article, status, when,
                              force ? ND_PUBLISH_FLAGS_FORCE : ND_PUBLISH_FLAGS_NONE,
                              publish_progress_cb, &run, NULL, publish_done_cb, &run);
  g_main_loop_run (loop);
  g_free (run.last_step);

  /* -- outbox: the server could not be reached (or asked to wait): the job is queued. */
  if (run.error && nd_outbox_error_is_retryable (run.error, NULL))
    {
      int code = nd_cli_outbox_queue (store, accounts, article, account, status, when,
                                      force ? ND_PUBLISH_FLAGS_FORCE : ND_PUBLISH_FLAGS_NONE,
                                      run.error);
      g_clear_error (&run.error);
      return code;
    }

  if (run.error)
    {
      gboolean conflict = g_error_matches (run.error, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CONFLICT);
      int code = conflict
        ? (nd_cli_fail (_("%s Use --force to overwrite it."), run.error->message), EXIT_CONFLICT)
        : nd_cli_fail ("%s", run.error->message);
      g_clear_error (&run.error);
      return code;
    }

  url = json_object_get_string_member_with_default (run.remote, "url", "");
  g_print ("%s\n", url);
  json_object_unref (run.remote);
  /* -- outbox: an older queued snapshot must not overwrite what was just published. */
  nd_cli_outbox_forget (store, accounts, nd_article_get_id (article), nd_account_get_id (account));
  return EXIT_OK;
}
