/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "nd-article-html.h"
#include "nd-article-store.h"
#include "nd-cli.h"
#include "nd-cli-util.h"
#include "nd-cli-account.h"
#include "nd-cli-outbox.h"
#include "nd-cli-photo.h"
#include "nd-html.h"
#include "nd-ninjs.h"
#include "nd-util.h"

typedef struct
{
  char           *library;
  NdArticleStore *store;
} Cli;

typedef int (*CommandFunc) (Cli *cli, int argc, char **argv);

typedef struct
{
  const char  *name;
  CommandFunc  func;
  const char  *args;
  const char  *summary;
} Command;

static NdArticleStore *
cli_store (Cli *cli)
{
  if (cli->store == NULL)
    cli->store = nd_article_store_new (cli->library);
  return cli->store;
}

static char *
resolve_id (Cli         *cli,
            const char  *text,
            GError     **error)
{
  return nd_cli_resolve_article_id (cli_store (cli), text, error);
}

static NdArticle *
load_by_id (Cli         *cli,
            const char  *text,
            GError     **error)
{
  g_autofree char *id = resolve_id (cli, text, error);

  if (id == NULL)
    return NULL;
  return nd_article_store_load (cli_store (cli), id, error);
}

static gboolean
looks_like_html (const char *text)
{
  while (g_ascii_isspace (*text))
    text++;
  return *text == '<';
}

static char *
read_text_file (const char  *path,
                GError     **error)
{
  g_autofree char *data = NULL;
  gsize len;

  if (g_str_equal (path, "-"))
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

      if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
        return NULL;
      len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
      data = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
      data = g_realloc (data, len + 1);
      data[len] = '\0';
    }
  else if (!g_file_get_contents (path, &data, &len, error))
    return NULL;

  if (!g_utf8_validate (data, len, NULL))
    {
      char *valid = g_utf8_make_valid (data, len);
      g_free (data);
      return valid;
    }
  return g_steal_pointer (&data);
}

/* ---- new ---------------------------------------------------------------------------- */

static int
cmd_new (Cli   *cli,
         int    argc,
         char **argv)
{
  g_autofree char *headline = NULL, *standfirst = NULL, *byline = NULL, *dateline = NULL;
  g_autofree char *language = NULL, *section = NULL, *body_file = NULL, *photo = NULL;
  g_autofree char *caption = NULL, *credit = NULL, *alt = NULL, *status = NULL;
  g_autofree char *publish_at = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) related = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NdArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  int status_code;
  GOptionEntry entries[] = {
    { "headline", 0, 0, G_OPTION_ARG_STRING, &headline, N_("The headline"), N_("TEXT") },
    { "standfirst", 0, 0, G_OPTION_ARG_STRING, &standfirst, N_("The standfirst (summary)"), N_("TEXT") },
    { "byline", 0, 0, G_OPTION_ARG_STRING, &byline, N_("The byline"), N_("TEXT") },
    { "dateline", 0, 0, G_OPTION_ARG_STRING, &dateline, N_("The dateline, e.g. Moscow"), N_("TEXT") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, N_("Language tag, e.g. en or es"), N_("TAG") },
    { "section", 0, 0, G_OPTION_ARG_STRING, &section, N_("Section path, e.g. \"News > Russia\""), N_("PATH") },
    { "tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &tags, N_("A tag (repeatable)"), N_("TAG") },
    { "body-file", 0, 0, G_OPTION_ARG_FILENAME, &body_file, N_("Body from a file (HTML is sanitized, plain text becomes paragraphs; - for stdin)"), N_("FILE") },
    { "photo", 0, 0, G_OPTION_ARG_FILENAME, &photo, N_("Lead photo (copied into the article)"), N_("FILE") },
    { "caption", 0, 0, G_OPTION_ARG_STRING, &caption, N_("Photo caption"), N_("TEXT") },
    { "credit", 0, 0, G_OPTION_ARG_STRING, &credit, N_("Photo credit"), N_("TEXT") },
    { "alt", 0, 0, G_OPTION_ARG_STRING, &alt, N_("Photo alt text"), N_("TEXT") },
    { "related", 0, 0, G_OPTION_ARG_STRING_ARRAY, &related, N_("A related link (repeatable)"), N_("TITLE|URL") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, N_("draft, scheduled or published"), N_("STATUS") },
    { "publish-at", 0, 0, G_OPTION_ARG_STRING, &publish_at, N_("Scheduled time, RFC 3339"), N_("TIME") },
    { NULL }
  };

  context = nd_cli_command_context ("", _("Create an article and print its id."), entries);
  if (!nd_cli_parse_options (context, &argc, &argv, &status_code))
    return status_code;
  if (argc > 1)
    return nd_cli_usage_error (context, _("“new” takes no arguments, only options."));
  if ((caption || credit || alt) && !photo)
    return nd_cli_usage_error (context, _("--caption, --credit and --alt need --photo."));
  if (status && !nd_article_status_is_valid (status))
    return nd_cli_usage_error (context, _("--status must be draft, scheduled or published."));

  article = nd_article_new ();
  g_object_set (article,
                "headline", headline,
                "standfirst", standfirst,
                "byline", byline,
                "dateline", dateline,
                "tags", tags,
                NULL);
  if (language)
    {
      if (!nd_language_tag_is_valid (language))
        return nd_cli_fail (_("“%s” is not a language tag such as “en” or “es”."), language);
      nd_article_set_language (article, language);
    }
  if (section)
    nd_article_set_section_path (article, section);
  if (status)
    nd_article_set_status (article, status);
  if (publish_at)
    {
      g_autoptr(GDateTime) when = nd_datetime_parse (publish_at);
      if (when == NULL)
        return nd_cli_fail (_("--publish-at: “%s” is not an RFC 3339 time such as 2031-01-01T09:00:00Z."),
                     publish_at);
      nd_article_set_publish_at (article, when);
    }

  for (guint i = 0; related && related[i]; i++)
    {
      const char *bar = strrchr (related[i], '|');
      g_autofree char *title = NULL;
      g_autofree char *url = NULL;
      g_autoptr(NdRelatedLink) link = NULL;

      if (bar == NULL)
        return nd_cli_fail (_("--related “%s”: expected TITLE|URL."), related[i]);
      title = g_strstrip (g_strndup (related[i], bar - related[i]));
      url = g_strstrip (g_strdup (bar + 1));
      if (!nd_html_is_http_url (url))
        return nd_cli_fail (_("--related “%s”: “%s” is not an http(s) URL."), related[i], url);
      link = nd_related_link_new (title, url);
      nd_article_add_related (article, link);
    }

  if (body_file)
    {
      g_autofree char *text = read_text_file (body_file, &error);

      if (text == NULL)
        return nd_cli_fail (_("Could not read the body: %s"), error->message);
      if (looks_like_html (text))
        {
          if (!nd_article_set_body_from_untrusted (article, text, &error))
            return nd_cli_fail (_("Could not use the body: %s"), error->message);
        }
      else
        {
          g_autofree char *html = nd_html_from_plain_text (text);
          nd_article_set_body_html (article, html);
        }
    }

  if (photo)
    {
      if (!nd_article_store_attach_photo (cli_store (cli), article, photo, &error))
        return nd_cli_fail ("%s", error->message);
      g_object_set (nd_article_get_photo (article),
                    "caption", caption, "credit", credit, "alt", alt, NULL);
    }

  if (!nd_article_store_save (cli_store (cli), article, &error))
    return nd_cli_fail (_("Could not save the article: %s"), error->message);

  g_print ("%s\n", nd_article_get_id (article));
  return EXIT_OK;
}

/* ---- list --------------------------------------------------------------------------- */

static void
print_entries (GPtrArray *entries,
               gboolean   json,
               gboolean   trash)
{
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *data = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < entries->len; i++)
        {
          NdIndexEntry *e = g_ptr_array_index (entries, i);
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (e->modified);
          g_autofree char *modified = nd_datetime_format (dt);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, e->id);
          json_builder_set_member_name (b, "headline");
          json_builder_add_string_value (b, e->headline);
          json_builder_set_member_name (b, "section");
          json_builder_add_string_value (b, e->section);
          json_builder_set_member_name (b, "status");
          json_builder_add_string_value (b, e->status);
          json_builder_set_member_name (b, "modified");
          json_builder_add_string_value (b, modified);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      data = json_generator_to_data (gen, NULL);
      g_print ("%s\n", data);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      NdIndexEntry *e = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (trash ? e->deleted : e->modified);
      g_autofree char *when = g_date_time_format (dt, "%Y-%m-%d %H:%M");

      g_print ("%s  %s  %-9s  %-20s  %s\n", e->id, when, e->status,
               e->section && *e->section ? e->section : "-",
               e->headline && *e->headline ? e->headline : _("(no headline)"));
    }
}

static int
cmd_list (Cli   *cli,
          int    argc,
          char **argv)
{
  gboolean json = FALSE, trash = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  GOptionEntry entries_opts[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "trash", 0, 0, G_OPTION_ARG_NONE, &trash, N_("List the deleted articles instead"), NULL },
    { NULL }
  };

  context = nd_cli_command_context ("", _("List the articles in the library, newest first: id, "
                                   "modified (UTC), status, section, headline."), entries_opts);
  if (!nd_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return nd_cli_usage_error (context, _("“list” takes no arguments."));

  entries = trash ? nd_article_store_list_trash (cli_store (cli), &error)
                  : nd_article_store_list (cli_store (cli), &error);
  if (entries == NULL)
    return nd_cli_fail (_("Could not read the library: %s"), error->message);

  print_entries (entries, json, trash);
  return EXIT_OK;
}

/* ---- show / export ------------------------------------------------------------------ */

static int
cmd_show (Cli   *cli,
          int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = nd_cli_command_context (_("ID"), _("Print an article's JSON document."), NULL);
  g_autoptr(NdArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  int status;

  if (!nd_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return nd_cli_usage_error (context, _("“show” takes one article id."));

  article = load_by_id (cli, argv[1], &error);
  if (article == NULL)
    return nd_cli_fail ("%s", error->message);

  json = nd_article_to_json (article, NULL);
  g_print ("%s\n", json);
  return EXIT_OK;
}

static int
cmd_export (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NdArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  int status;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("json, html, ninjs-2.2, ninjs-3.1 or superdesk (default json)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  NdNinjsFlavour flavour = ND_NINJS_2_2;
  gboolean ninjs = FALSE;

  context = nd_cli_command_context (_("ID"), _("Export an article."), entries);
  if (!nd_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return nd_cli_usage_error (context, _("“export” takes one article id."));
  if (format && !g_str_equal (format, "json") && !g_str_equal (format, "html"))
    {
      ninjs = nd_ninjs_flavour_from_string (format, &flavour);
      if (!ninjs)
        return nd_cli_usage_error (context, _("--format must be json, html, ninjs-2.2, ninjs-3.1 or superdesk."));
    }

  article = load_by_id (cli, argv[1], &error);
  if (article == NULL)
    return nd_cli_fail ("%s", error->message);

  if (ninjs || (format && g_str_equal (format, "html")))
    {
      NdPhoto *photo = nd_article_get_photo (article);
      g_autofree char *href = NULL;

      /* Next to an output file the photo is copied beside it; on stdout it is referred
       * to by its absolute path in the library. */
      if (photo && output)
        {
          g_autofree char *src = nd_article_store_photo_path (cli_store (cli), article);
          g_autofree char *dir = g_path_get_dirname (output);
          g_autofree char *dest = g_build_filename (dir, nd_photo_get_file (photo), NULL);

          if (!nd_file_copy_atomic (src, dest, NULL, &error))
            return nd_cli_fail (_("Could not copy the photo: %s"), error->message);
          href = g_strdup (nd_photo_get_file (photo));
        }
      else if (photo)
        {
          g_autofree char *src = nd_article_store_photo_path (cli_store (cli), article);
          href = g_filename_to_uri (src, NULL, NULL);
        }
      if (ninjs)
        data = nd_ninjs_export_string (article, flavour, href, 1);
      else
        data = nd_article_render_html (article, href);
    }
  else
    data = nd_article_to_json (article, NULL);

  if (output)
    {
      if (!nd_file_write_atomic (output, data, strlen (data), &error))
        return nd_cli_fail ("%s", error->message);
    }
  else
    g_print ("%s\n", data);
  return EXIT_OK;
}

/* ---- import / validate -------------------------------------------------------------- */

/* A Newsdesk article document, or a news item in any ninjs flavour. */
static NdArticle *
read_import (const char  *path,
             gboolean    *is_ninjs,
             char       **photo_href,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  NdArticle *article;
  GStatBuf st;
  gsize len;

  *is_ninjs = FALSE;
  /* The article loader reports an oversized file without reading it. */
  if (g_stat (path, &st) == 0 && st.st_size > ND_ARTICLE_MAX_FILE_SIZE)
    return nd_article_new_from_file (path, error);
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;

  article = nd_ninjs_import_full (data, len, NULL, photo_href, &local_error);
  if (article)
    {
      *is_ninjs = TRUE;
      return article;
    }
  /* A ninjs item with a bad field is reported as such; anything else (not JSON, not a
   * news item) is the article loader's to judge. */
  if (g_error_matches (local_error, ND_NINJS_ERROR, ND_NINJS_ERROR_INVALID_FIELD))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_clear_error (&local_error);

  article = nd_article_new_from_json (data, len, &local_error);
  if (article == NULL && g_error_matches (local_error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_NOT_ARTICLE))
    {
      g_set_error_literal (error, ND_ARTICLE_ERROR, ND_ARTICLE_ERROR_NOT_ARTICLE,
                           _("This is neither a Newsdesk article nor a ninjs news item."));
      return NULL;
    }
  if (article == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return article;
}

static int
cmd_import (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = nd_cli_command_context (_("FILE"),
    _("Import an article document or a ninjs news item (2.x, 3.x or Superdesk) into the "
      "library and print its id. A photo named in the document by a bare file name is "
      "taken from the same folder; a picture elsewhere is not downloaded."), NULL);
  g_autoptr(NdArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *photo_src = NULL;
  g_autofree char *ninjs_href = NULL;
  gboolean is_ninjs;
  NdPhoto *photo;
  int status;

  if (!nd_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return nd_cli_usage_error (context, _("“import” takes one file."));

  article = read_import (argv[1], &is_ninjs, &ninjs_href, &error);
  if (article == NULL)
    return nd_cli_fail ("%s: %s", argv[1], error->message);

  if (nd_article_store_exists (cli_store (cli), nd_article_get_id (article)))
    {
      /* Importing the same story twice must not overwrite what is in the library. */
      g_autofree char *id = nd_uuid_new ();
      nd_article_set_id (article, id);
      g_printerr (_("newsdesk-cli: the library already has this article; imported as a copy.\n"));
    }
  /* Remote ids belong to the copy that was published, not to this import. */
  {
    g_auto(GStrv) remotes = nd_article_list_remotes (article);
    for (guint i = 0; remotes[i]; i++)
      nd_article_set_remote (article, remotes[i], NULL);
  }

  photo = nd_article_get_photo (article);
  if (photo && is_ninjs && g_strcmp0 (nd_photo_get_file (photo), ninjs_href) != 0)
    {
      /* The picture lives on the sender's server (or nowhere): it is never fetched, and
       * the article's photo must be a file in its folder. */
      if (ninjs_href)
        g_printerr (_("newsdesk-cli: the picture %s was not imported; attach it by hand.\n"),
                    ninjs_href);
      else
        g_printerr (_("newsdesk-cli: the item names a picture but no file; attach it by hand.\n"));
      nd_article_set_photo (article, NULL);
      photo = NULL;
    }
  if (photo)
    {
      g_autofree char *dir = g_path_get_dirname (argv[1]);
      g_autoptr(NdPhoto) keep = nd_photo_copy (photo);

      photo_src = g_build_filename (dir, nd_photo_get_file (photo), NULL);
      nd_article_set_photo (article, NULL);
      if (g_file_test (photo_src, G_FILE_TEST_IS_REGULAR))
        {
          nd_article_set_photo (article, keep);
          if (!nd_article_store_attach_photo (cli_store (cli), article, photo_src, &error))
            return nd_cli_fail ("%s", error->message);
        }
      else
        g_printerr (_("newsdesk-cli: the photo “%s” is not beside the document; imported without it.\n"),
                    nd_photo_get_file (keep));
    }

  if (!nd_article_store_save (cli_store (cli), article, &error))
    return nd_cli_fail (_("Could not save the article: %s"), error->message);

  g_print ("%s\n", nd_article_get_id (article));
  return EXIT_OK;
}

static int
cmd_validate (Cli   *cli,
              int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = nd_cli_command_context (_("FILE.json|ID"),
    _("Check an article document (a file, or an article in the library)."), NULL);
  g_autoptr(NdArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!nd_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return nd_cli_usage_error (context, _("“validate” takes one file or id."));

  if (g_file_test (argv[1], G_FILE_TEST_EXISTS))
    article = nd_article_new_from_file (argv[1], &error);
  else
    {
      g_autofree char *id = resolve_id (cli, argv[1], &error);
      g_autofree char *path = NULL;

      if (id == NULL)
        return nd_cli_fail ("%s", error->message);
      /* Validate in place: a broken file is reported, not moved to quarantine. */
      path = g_build_filename (nd_article_store_get_dir (cli_store (cli)), "articles", id,
                               "article.json", NULL);
      article = nd_article_new_from_file (path, &error);
    }

  if (article == NULL)
    return nd_cli_fail ("%s: %s", argv[1], error->message);

  g_print (_("%s: valid\n"), argv[1]);
  return EXIT_OK;
}

/* ---- delete / restore --------------------------------------------------------------- */

static int
cmd_delete (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = nd_cli_command_context (_("ID"),
    _("Move an article to the trash (“restore” brings it back)."), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  int status;

  if (!nd_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return nd_cli_usage_error (context, _("“delete” takes one article id."));

  id = resolve_id (cli, argv[1], &error);
  if (id == NULL || !nd_article_store_trash (cli_store (cli), id, &error))
    return nd_cli_fail ("%s", error->message);

  g_print (_("Moved %s to the trash. Undo with: newsdesk-cli restore %s\n"), id, id);
  return EXIT_OK;
}

static int
cmd_restore (Cli   *cli,
             int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = nd_cli_command_context (_("ID"),
    _("Bring an article back from the trash."), NULL);
  g_autoptr(GError) error = NULL;
  int status;

  if (!nd_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return nd_cli_usage_error (context, _("“restore” takes one article id."));

  if (!nd_article_store_restore (cli_store (cli), argv[1], &error))
    return nd_cli_fail ("%s", error->message);

  g_print (_("Restored %s.\n"), argv[1]);
  return EXIT_OK;
}

/* ---- account (in nd-cli-account.c) ------------------------------------------------- */

static int
cmd_account (Cli   *cli,
             int    argc,
             char **argv)
{
  return nd_cli_account (argc, argv);
}

static int
cmd_publish (Cli   *cli,
             int    argc,
             char **argv)
{
  return nd_cli_publish (cli->library, argc, argv);
}

static int
cmd_outbox (Cli   *cli,
            int    argc,
            char **argv)
{
  return nd_cli_outbox (cli->library, argc, argv);
}

static int
cmd_photo (Cli   *cli,
           int    argc,
           char **argv)
{
  return nd_cli_photo (cli->library, argc, argv);
}

static const Command commands[] = {
  { "new", cmd_new, "[OPTION…]", N_("Create an article and print its id") },
  { "list", cmd_list, "[--json] [--trash]", N_("List the library") },
  { "show", cmd_show, "ID", N_("Print an article's JSON document") },
  { "import", cmd_import, "FILE", N_("Import an article document or a ninjs item") },
  { "validate", cmd_validate, "FILE.json|ID", N_("Check an article document") },
  { "export", cmd_export, "--format FORMAT ID", N_("Export as json, html, ninjs-2.2, ninjs-3.1 or superdesk") },
  { "delete", cmd_delete, "ID", N_("Move an article to the trash") },
  { "restore", cmd_restore, "ID", N_("Bring an article back from the trash") },
  { "account", cmd_account, "add|list|test|trust|untrust|remove", N_("Manage publishing accounts") },
  { "publish", cmd_publish, "ID --account NAME", N_("Publish an article to an account") },
  { "outbox", cmd_outbox, "list|retry|cancel", N_("Publishes waiting for the server") },
  { "photo", cmd_photo, "ID [FILE] [OPTION…]", N_("Attach, describe or remove an article’s photo") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: newsdesk-cli [--library DIR] COMMAND [OPTION…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %-24s %s\n", commands[i].name, commands[i].args, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("“newsdesk-cli COMMAND --help” describes a command’s options."));
  fprintf (out, "%s\n", _("Exit status: 0 success, 1 error, 2 wrong usage, 3 conflict, 4 queued in the outbox."));
}

int
nd_cli_main (int    argc,
             char **argv)
{
  g_autofree char *library = NULL;
  g_autofree char *prgname = NULL;
  Cli cli = { 0 };
  const char *localedir;
  int first = 1;
  int status;

  setlocale (LC_ALL, "");
  /* NEWSDESK_LOCALEDIR: the catalogs of an uninstalled build (tests). */
  localedir = g_getenv ("NEWSDESK_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command. */
  while (first < argc && argv[first][0] == '-')
    {
      if (g_str_equal (argv[first], "--library") && first + 1 < argc)
        {
          g_free (library);
          library = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (argv[first], "--library="))
        {
          g_free (library);
          library = g_strdup (argv[first] + strlen ("--library="));
          first++;
        }
      else if (g_str_equal (argv[first], "--help") || g_str_equal (argv[first], "-h"))
        {
          print_usage (stdout);
          return EXIT_OK;
        }
      else if (g_str_equal (argv[first], "--version"))
        {
          g_print ("newsdesk-cli %s\n", PACKAGE_VERSION);
          return EXIT_OK;
        }
      else
        {
          fprintf (stderr, _("newsdesk-cli: unknown option “%s”\n\n"), argv[first]);
          print_usage (stderr);
          return EXIT_USAGE;
        }
    }

  if (first >= argc)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  if (library == NULL && g_getenv ("NEWSDESK_LIBRARY"))
    library = g_strdup (g_getenv ("NEWSDESK_LIBRARY"));
  cli.library = library;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (argv[first], commands[i].name))
        continue;

      prgname = g_strdup_printf ("newsdesk-cli %s", commands[i].name);
      g_set_prgname (prgname);
      status = commands[i].func (&cli, argc - first, argv + first);
      g_clear_object (&cli.store);
      return status;
    }

  fprintf (stderr, _("newsdesk-cli: unknown command “%s”\n\n"), argv[first]);
  print_usage (stderr);
  return EXIT_USAGE;
}
