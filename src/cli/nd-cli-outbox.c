/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-cli-outbox"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "nd-cli-outbox.h"
#include "nd-cli-util.h"
#include "nd-util.h"

/* The CLI drives the async outbox API with a main loop of its own, one call at a time. */
typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *w = user_data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

/* GTask never calls back within the call that started it, so the loop can be made here. */
static GAsyncResult *
wait_run (Wait *w)
{
  w->loop = g_main_loop_new (NULL, FALSE);
  while (w->result == NULL)
    g_main_loop_run (w->loop);
  g_main_loop_unref (w->loop);
  w->loop = NULL;
  return w->result;
}

#define WAIT_INIT { NULL, NULL }

static NdAccountStore *
open_accounts (GError **error)
{
  g_autoptr(NdAccountStore) store = nd_account_store_new (NULL);

  if (!nd_account_store_load (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

/* "14:03:12 (in 31 s)", in local time; the date too when it is not today. */
static char *
describe_when (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock = NULL;
  g_autofree char *in = NULL;
  gint64 secs;

  if (when == NULL)
    return g_strdup ("-");
  local = g_date_time_to_local (when);
  secs = g_date_time_to_unix (when) - g_date_time_to_unix (now);
  if (g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now) &&
      g_date_time_get_year (local) == g_date_time_get_year (now))
    clock = g_date_time_format (local, "%H:%M:%S");
  else
    clock = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  if (secs <= 0)
    return g_strdup_printf (_("%s (now)"), clock);
  if (secs < 120)
    in = g_strdup_printf (_("in %d s"), (int) secs);
  else if (secs < 7200)
    in = g_strdup_printf (_("in %d min"), (int) ((secs + 59) / 60));
  else
    in = g_strdup_printf (_("in %d h"), (int) ((secs + 1799) / 3600));
  /* TRANSLATORS: a time and how far away it is: "14:03:12 (in 31 s)" */
  return g_strdup_printf (_("%s (%s)"), clock, in);
}

static const char *
state_text (NdOutboxJobState state)
{
  switch (state)
    {
    case ND_OUTBOX_JOB_QUEUED:
      return _("queued");
    case ND_OUTBOX_JOB_RUNNING:
      return _("publishing");
    case ND_OUTBOX_JOB_FAILED:
      return _("needs attention");
    default:
      return "?";
    }
}

static gboolean
load_outbox (NdOutbox  *outbox,
             GError   **error)
{
  Wait w = WAIT_INIT;
  g_autoptr(GAsyncResult) result = NULL;

  nd_outbox_reload_async (outbox, NULL, wait_cb, &w);
  result = wait_run (&w);
  return nd_outbox_reload_finish (outbox, result, error);
}

/* A job by its id or an unambiguous prefix of at least 4 characters. */
static NdOutboxJob *
find_job (NdOutbox    *outbox,
          const char  *text,
          GError     **error)
{
  GListModel *jobs = nd_outbox_get_jobs (outbox);
  g_autofree char *lower = g_ascii_strdown (text, -1);
  NdOutboxJob *match = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(NdOutboxJob) job = g_list_model_get_item (jobs, i);
      const char *id = nd_outbox_job_get_id (job);

      if (g_str_equal (id, lower))
        return job;
      if (strlen (lower) < 4 || !g_str_has_prefix (id, lower))
        continue;
      if (match)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("“%s” matches more than one outbox job; give more of the id."), text);
          return NULL;
        }
      match = job;
    }
  if (match == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("There is no outbox job “%s”. See “newsdesk-cli outbox list”."), text);
  return match;
}

static NdOutbox *
open_outbox (const char      *library,
             NdArticleStore **store_out,
             GError         **error)
{
  g_autoptr(NdArticleStore) store = nd_article_store_new (library);
  g_autoptr(NdAccountStore) accounts = open_accounts (error);

  if (accounts == NULL)
    return NULL;
  if (store_out)
    *store_out = g_object_ref (store);
  return nd_outbox_new (store, accounts);
}

/* ---- list --------------------------------------------------------------------------- */

static int
outbox_list (const char  *library,
             int          argc,
             char       **argv)
{
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NdOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *jobs;
  int status;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = nd_cli_command_context ("", _("List the publishes waiting in the outbox, oldest "
                                          "first: job id, state, attempts, next attempt, "
                                          "account, headline, and why the last attempt "
                                          "failed."), entries);
  if (!nd_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return nd_cli_usage_error (context, _("“outbox list” takes no arguments."));

  outbox = open_outbox (library, NULL, &error);
  if (outbox == NULL || !load_outbox (outbox, &error))
    return nd_cli_fail (_("Could not read the outbox: %s"), error->message);

  jobs = nd_outbox_get_jobs (outbox);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
        {
          g_autoptr(NdOutboxJob) job = g_list_model_get_item (jobs, i);
          GDateTime *next = nd_outbox_job_get_next_attempt (job);
          g_autofree char *next_text = next ? nd_datetime_format (next) : NULL;
          g_autoptr(GEnumClass) klass = g_type_class_ref (ND_TYPE_OUTBOX_JOB_STATE);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, nd_outbox_job_get_id (job));
          json_builder_set_member_name (b, "article_id");
          json_builder_add_string_value (b, nd_outbox_job_get_article_id (job));
          json_builder_set_member_name (b, "headline");
          json_builder_add_string_value (b, nd_outbox_job_get_headline (job));
          json_builder_set_member_name (b, "account");
          json_builder_add_string_value (b, nd_outbox_job_get_account_name (job));
          json_builder_set_member_name (b, "state");
          json_builder_add_string_value (
            b, g_enum_get_value (klass, nd_outbox_job_get_state (job))->value_nick);
          json_builder_set_member_name (b, "attempts");
          json_builder_add_int_value (b, nd_outbox_job_get_attempts (job));
          json_builder_set_member_name (b, "next_attempt");
          if (next_text)
            json_builder_add_string_value (b, next_text);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "last_error");
          if (nd_outbox_job_get_last_error (job))
            json_builder_add_string_value (b, nd_outbox_job_get_last_error (job));
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return EXIT_OK;
    }

  if (g_list_model_get_n_items (jobs) == 0)
    {
      g_print ("%s\n", _("The outbox is empty."));
      return EXIT_OK;
    }
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(NdOutboxJob) job = g_list_model_get_item (jobs, i);
      g_autofree char *next = describe_when (nd_outbox_job_get_next_attempt (job));
      const char *headline = nd_outbox_job_get_headline (job);
      const char *reason = nd_outbox_job_get_last_error (job);

      /* One job per line: id, state, attempts, next, account, headline; the reason below. */
      g_print ("%s  %-15s  %2u  %-22s  %-16s  %s\n", nd_outbox_job_get_id (job),
               state_text (nd_outbox_job_get_state (job)), nd_outbox_job_get_attempts (job),
               next, nd_outbox_job_get_account_name (job),
               headline && *headline ? headline : _("(no headline)"));
      if (reason && *reason)
        g_print ("    %s\n", reason);
    }
  return EXIT_OK;
}

/* ---- retry -------------------------------------------------------------------------- */

static void
published_cb (NdOutbox    *outbox,
              NdOutboxJob *job,
              const char  *link,
              gpointer     user_data)
{
  if (link)
    g_print (_("Published “%s”: %s\n"), nd_outbox_job_get_headline (job), link);
  else
    g_print (_("Published “%s”.\n"), nd_outbox_job_get_headline (job));
}

static void
failed_cb (NdOutbox    *outbox,
           NdOutboxJob *job,
           GError      *error,
           gpointer     user_data)
{
  if (nd_outbox_job_get_state (job) == ND_OUTBOX_JOB_FAILED)
    g_print (_("Not published “%s”; it needs attention: %s\n"),
             nd_outbox_job_get_headline (job), error->message);
  else
    {
      g_autofree char *when = describe_when (nd_outbox_job_get_next_attempt (job));

      g_print (_("Not published “%s”: %s Still queued; next attempt %s.\n"),
               nd_outbox_job_get_headline (job), error->message, when);
    }
}

static int
outbox_retry (const char  *library,
              int          argc,
              char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NdOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  NdOutboxJob *job = NULL;
  guint published = 0, queued = 0, failed = 0;
  Wait w = WAIT_INIT;
  int status;

  context = nd_cli_command_context (_("[JOB]"),
    _("Attempt the job now (every queued and failed job when none is given), whatever its "
      "next attempt time, and wait for the result. Exit status: 0 all published, 4 some still "
      "queued, 1 some need attention."), NULL);
  if (!nd_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc > 2)
    return nd_cli_usage_error (context, _("“outbox retry” takes at most one job id."));

  outbox = open_outbox (library, NULL, &error);
  if (outbox == NULL || !load_outbox (outbox, &error))
    return nd_cli_fail (_("Could not read the outbox: %s"), error->message);
  if (argc == 2)
    {
      job = find_job (outbox, argv[1], &error);
      if (job == NULL)
        return nd_cli_fail ("%s", error->message);
    }
  else if (g_list_model_get_n_items (nd_outbox_get_jobs (outbox)) == 0)
    {
      g_print ("%s\n", _("The outbox is empty."));
      return EXIT_OK;
    }

  g_signal_connect (outbox, "job-published", G_CALLBACK (published_cb), NULL);
  g_signal_connect (outbox, "job-failed", G_CALLBACK (failed_cb), NULL);
  nd_outbox_retry_async (outbox, job, NULL, wait_cb, &w);
  result = wait_run (&w);
  if (nd_outbox_retry_finish (outbox, result, &published, &queued, &failed, &error))
    return EXIT_OK;
  if (failed)
    return EXIT_USER;
  if (queued)
    {
      /* Another process has it (no job-failed was printed for that one). */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY))
        g_print ("%s\n", error->message);
      return EXIT_QUEUED;
    }
  return nd_cli_fail ("%s", error->message);
}

/* ---- cancel ------------------------------------------------------------------------- */

static int
outbox_cancel (const char  *library,
               int          argc,
               char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NdOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(NdOutboxJob) job = NULL;
  Wait w = WAIT_INIT;
  int status;

  context = nd_cli_command_context (_("JOB"),
    _("Remove a job and its copy of the article from the outbox; nothing is published. The "
      "article in the library stays as it is."), NULL);
  if (!nd_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return nd_cli_usage_error (context, _("“outbox cancel” takes one job id."));

  outbox = open_outbox (library, NULL, &error);
  if (outbox == NULL || !load_outbox (outbox, &error))
    return nd_cli_fail (_("Could not read the outbox: %s"), error->message);
  job = find_job (outbox, argv[1], &error);
  if (job == NULL)
    return nd_cli_fail ("%s", error->message);
  g_object_ref (job);

  nd_outbox_cancel_async (outbox, job, NULL, wait_cb, &w);
  result = wait_run (&w);
  if (!nd_outbox_cancel_finish (outbox, result, &error))
    return nd_cli_fail ("%s", error->message);
  g_print (_("Cancelled the publish of “%s” (job %s).\n"), nd_outbox_job_get_headline (job),
           nd_outbox_job_get_id (job));
  return EXIT_OK;
}

/* ---- entry points ------------------------------------------------------------------- */

static void
print_outbox_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: newsdesk-cli outbox COMMAND [OPTION…]"));
  fprintf (out, "  list [--json]\n  retry [JOB]\n  cancel JOB\n\n");
  fprintf (out, "%s\n", _("Publishes that could not reach the server wait in the outbox. "
                          "Newsdesk retries them while it is open; “retry” tries at once."));
}

int
nd_cli_outbox (const char  *library,
               int          argc,
               char       **argv)
{
  static const NdCliSubcommand subs[] = {
    { "list", outbox_list },
    { "retry", outbox_retry },
    { "cancel", outbox_cancel },
  };

  return nd_cli_run_subcommand ("outbox", subs, G_N_ELEMENTS (subs), print_outbox_usage,
                                _("newsdesk-cli: unknown outbox command “%s”\n\n"),
                                library, argc, argv);
}

int
nd_cli_outbox_queue (NdArticleStore *store,
                     NdAccountStore *accounts,
                     NdArticle      *article,
                     NdAccount      *account,
                     const char     *status,
                     GDateTime      *publish_at,
                     NdPublishFlags  flags,
                     const GError   *reason)
{
  g_autoptr(NdOutbox) outbox = nd_outbox_new (store, accounts);
  g_autoptr(NdOutboxJob) job = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  Wait w = WAIT_INIT;

  nd_outbox_enqueue_async (outbox, article, account, status, publish_at, flags, reason, NULL,
                           wait_cb, &w);
  result = wait_run (&w);
  job = nd_outbox_enqueue_finish (outbox, result, &error);
  if (job == NULL)
    return nd_cli_fail (_("%s It could not be queued either: %s"), reason->message,
                        error->message);

  /* The reason on stderr, like any failure; what happens next on stdout. */
  {
    g_autofree char *line = g_strdelimit (g_strdup (reason->message), "\n", ' ');

    g_printerr ("newsdesk-cli: %s\n", line);
  }
  when = describe_when (nd_outbox_job_get_next_attempt (job));
  g_print (_("Queued “%s” for %s in the outbox (job %s). Next attempt: %s. Newsdesk retries "
             "while it is open; “newsdesk-cli outbox retry” tries at once.\n"),
           nd_outbox_job_get_headline (job), nd_account_get_name (account),
           nd_outbox_job_get_id (job), when);
  return EXIT_QUEUED;
}

void
nd_cli_outbox_forget (NdArticleStore *store,
                      NdAccountStore *accounts,
                      const char     *article_id,
                      const char     *account_id)
{
  g_autoptr(NdOutbox) outbox = nd_outbox_new (store, accounts);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Wait w = WAIT_INIT;

  nd_outbox_forget_async (outbox, article_id, account_id, NULL, wait_cb, &w);
  result = wait_run (&w);
  if (!nd_outbox_forget_finish (outbox, result, &error))
    g_warning ("Could not clear the outbox: %s", error->message);
}
