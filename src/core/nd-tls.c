/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-tls"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-publish-error.h"
#include "nd-tls.h"

#define REJECTED_KEY "nd-tls-rejected"
#define REJECTED_FLAGS_KEY "nd-tls-rejected-flags"

/* ---- certificates ------------------------------------------------------------------- */

static GByteArray *
certificate_der (GTlsCertificate *certificate)
{
  GByteArray *der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  return der;
}

char *
nd_tls_certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) sum = NULL;
  guint8 digest[32];
  gsize len = sizeof digest;
  GString *out;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  der = certificate_der (certificate);
  if (der == NULL)
    return NULL;
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, der->data, der->len);
  g_checksum_get_digest (sum, digest, &len);
  out = g_string_sized_new (96);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "%s%02X", i ? ":" : "", digest[i]);
  return g_string_free (out, FALSE);
}

char *
nd_tls_fingerprint_normalize (const char *text)
{
  GString *hex;
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;
  /* What openssl prints: "sha256 Fingerprint=AB:…", or "SHA256:…". */
  p = strrchr (text, '=');
  p = p ? p + 1 : text;
  while (g_ascii_isspace (*p))
    p++;
  if (g_ascii_strncasecmp (p, "sha256", 6) == 0)
    p += 6;

  hex = g_string_new (NULL);
  for (; *p; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (hex, g_ascii_toupper (*p));
      else if (*p != ':' && *p != ' ' && *p != '-' && *p != '\t')
        {
          g_string_free (hex, TRUE);
          return NULL;
        }
    }
  if (hex->len != 64)
    {
      g_string_free (hex, TRUE);
      return NULL;
    }
  out = g_string_sized_new (96);
  for (gsize i = 0; i < hex->len; i += 2)
    g_string_append_printf (out, "%s%c%c", i ? ":" : "", hex->str[i], hex->str[i + 1]);
  g_string_free (hex, TRUE);
  return g_string_free (out, FALSE);
}

char *
nd_tls_describe_flags (GTlsCertificateFlags flags)
{
  GString *s = g_string_new (NULL);
  const struct { GTlsCertificateFlags flag; const char *text; } texts[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, N_("it is not signed by an authority this computer knows") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("it was issued for a different site") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("it is not valid yet") },
    { G_TLS_CERTIFICATE_EXPIRED, N_("it has expired") },
    { G_TLS_CERTIFICATE_REVOKED, N_("it has been revoked") },
    { G_TLS_CERTIFICATE_INSECURE, N_("it uses insecure cryptography") },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, N_("it could not be checked") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (flags & texts[i].flag)
      {
        if (s->len)
          g_string_append (s, "; ");
        g_string_append (s, _(texts[i].text));
      }
  if (s->len == 0)
    g_string_append (s, _("the secure connection failed"));
  return g_string_free (s, FALSE);
}

char *
nd_tls_certificate_get_pem (GTlsCertificate *certificate)
{
  char *pem = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);
  g_object_get (certificate, "certificate-pem", &pem, NULL);
  return pem;
}

static char *
format_date (GDateTime *when)
{
  g_autoptr(GDateTime) utc = NULL;

  if (when == NULL)
    return g_strdup (_("unknown"));
  utc = g_date_time_to_utc (when);
  return g_date_time_format (utc, "%Y-%m-%d %H:%M UTC");
}

static char *
name_or_unknown (char *name)
{
  if (name == NULL || *name == '\0')
    {
      g_free (name);
      return g_strdup (_("unknown"));
    }
  return name;
}

char *
nd_tls_certificate_describe (GTlsCertificate      *certificate,
                             GTlsCertificateFlags  flags)
{
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  subject = name_or_unknown (g_tls_certificate_get_subject_name (certificate));
  issuer = name_or_unknown (g_tls_certificate_get_issuer_name (certificate));
  before = g_tls_certificate_get_not_valid_before (certificate);
  after = g_tls_certificate_get_not_valid_after (certificate);
  from = format_date (before);
  until = format_date (after);
  fingerprint = nd_tls_certificate_fingerprint (certificate);

  if (flags != 0)
    {
      g_autofree char *why = nd_tls_describe_flags (flags);
      g_string_append_printf (out, _("Problem: %s\n"), why);
    }
  g_string_append_printf (out, _("Issued to: %s\n"), subject);
  g_string_append_printf (out, _("Issued by: %s\n"), issuer);
  g_string_append_printf (out, _("Valid from: %s\n"), from);
  g_string_append_printf (out, _("Valid until: %s\n"), until);
  g_string_append_printf (out, _("SHA-256 fingerprint: %s\n"), fingerprint ? fingerprint : "?");
  return g_string_free (out, FALSE);
}

static GTlsCertificate *
certificate_from_pem (const char *pem)
{
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;

  if (pem == NULL || *pem == '\0')
    return NULL;
  certificate = g_tls_certificate_new_from_pem (pem, -1, &error);
  if (certificate == NULL)
    g_warning ("The pinned certificate is not a certificate: %s", error->message);
  return certificate;
}

gboolean
nd_tls_certificate_matches_pin (GTlsCertificate *certificate,
                                const char      *pinned_pem)
{
  g_autoptr(GTlsCertificate) pinned = NULL;

  if (certificate == NULL)
    return FALSE;
  pinned = certificate_from_pem (pinned_pem);
  return pinned != NULL && g_tls_certificate_is_same (certificate, pinned);
}

char *
nd_tls_pem_fingerprint (const char *pem)
{
  g_autoptr(GTlsCertificate) certificate = certificate_from_pem (pem);

  return certificate ? nd_tls_certificate_fingerprint (certificate) : NULL;
}

/* ---- the guard ---------------------------------------------------------------------- */

struct _NdTlsGuard
{
  GObject               parent_instance;

  char                 *pinned_pem;
  GTlsCertificate      *pinned;
  GTlsCertificate      *rejected;
  GTlsCertificateFlags  rejected_flags;
};

G_DEFINE_FINAL_TYPE (NdTlsGuard, nd_tls_guard, G_TYPE_OBJECT)

static void
nd_tls_guard_finalize (GObject *object)
{
  NdTlsGuard *self = ND_TLS_GUARD (object);

  g_clear_pointer (&self->pinned_pem, g_free);
  g_clear_object (&self->pinned);
  g_clear_object (&self->rejected);

  G_OBJECT_CLASS (nd_tls_guard_parent_class)->finalize (object);
}

static void
nd_tls_guard_class_init (NdTlsGuardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = nd_tls_guard_finalize;
}

static void
nd_tls_guard_init (NdTlsGuard *self)
{
}

NdTlsGuard *
nd_tls_guard_new (const char *pinned_pem)
{
  NdTlsGuard *self = g_object_new (ND_TYPE_TLS_GUARD, NULL);

  nd_tls_guard_set_pinned (self, pinned_pem);
  return self;
}

void
nd_tls_guard_set_pinned (NdTlsGuard *self,
                         const char *pinned_pem)
{
  g_return_if_fail (ND_IS_TLS_GUARD (self));

  if (pinned_pem && *pinned_pem == '\0')
    pinned_pem = NULL;
  if (g_strcmp0 (self->pinned_pem, pinned_pem) == 0)
    return;
  g_free (self->pinned_pem);
  self->pinned_pem = g_strdup (pinned_pem);
  g_clear_object (&self->pinned);
  self->pinned = certificate_from_pem (pinned_pem);
}

const char *
nd_tls_guard_get_pinned (NdTlsGuard *self)
{
  g_return_val_if_fail (ND_IS_TLS_GUARD (self), NULL);
  return self->pinned_pem;
}

static gboolean
is_pinned (NdTlsGuard           *self,
           GTlsCertificate      *certificate,
           GTlsCertificateFlags  flags)
{
  /* The very certificate the reporter trusted, unless its authority revoked it since. */
  return self->pinned != NULL && certificate != NULL &&
         (flags & G_TLS_CERTIFICATE_REVOKED) == 0 &&
         g_tls_certificate_is_same (certificate, self->pinned);
}

static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  flags,
                       NdTlsGuard           *self)
{
  if (is_pinned (self, certificate, flags))
    {
      g_debug ("Accepting the pinned certificate of %s", g_uri_get_host (soup_message_get_uri (msg)));
      return TRUE;
    }
  g_set_object (&self->rejected, certificate);
  self->rejected_flags = flags;
  g_object_set_data_full (G_OBJECT (msg), REJECTED_KEY, g_object_ref (certificate), g_object_unref);
  g_object_set_data (G_OBJECT (msg), REJECTED_FLAGS_KEY, GUINT_TO_POINTER (flags));
  return FALSE;
}

void
nd_tls_guard_watch (NdTlsGuard  *self,
                    SoupMessage *msg)
{
  g_return_if_fail (ND_IS_TLS_GUARD (self));
  g_return_if_fail (SOUP_IS_MESSAGE (msg));

  g_signal_connect_object (msg, "accept-certificate", G_CALLBACK (on_accept_certificate),
                           self, 0);
}

GTlsCertificate *
nd_tls_guard_get_rejected (NdTlsGuard           *self,
                           GTlsCertificateFlags *flags)
{
  g_return_val_if_fail (ND_IS_TLS_GUARD (self), NULL);

  if (flags)
    *flags = self->rejected ? self->rejected_flags : 0;
  return self->rejected;
}

gboolean
nd_tls_guard_is_failure (NdTlsGuard   *self,
                         SoupMessage  *msg,
                         const GError *error)
{
  GTlsCertificateFlags flags = soup_message_get_tls_peer_certificate_errors (msg);

  g_return_val_if_fail (ND_IS_TLS_GUARD (self), FALSE);

  if (error && error->domain == G_TLS_ERROR)
    return TRUE;
  if (g_object_get_data (G_OBJECT (msg), REJECTED_KEY))
    return TRUE;
  /* A timeout or a reset on a connection whose certificate was pinned is not a
   * certificate problem. */
  return flags != 0 && !is_pinned (self, soup_message_get_tls_peer_certificate (msg), flags);
}

GError *
nd_tls_guard_new_error (NdTlsGuard   *self,
                        SoupMessage  *msg,
                        const GError *error,
                        const char   *host)
{
  GTlsCertificate *certificate = g_object_get_data (G_OBJECT (msg), REJECTED_KEY);
  GTlsCertificateFlags flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (msg),
                                                                    REJECTED_FLAGS_KEY));
  g_autofree char *why = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *until = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GDateTime) after = NULL;

  g_return_val_if_fail (ND_IS_TLS_GUARD (self), NULL);

  if (certificate == NULL)
    {
      certificate = soup_message_get_tls_peer_certificate (msg);
      flags = soup_message_get_tls_peer_certificate_errors (msg);
    }
  if (certificate == NULL)
    return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TLS,
                        _("The secure connection to %s failed (%s). Nothing was sent."),
                        host, error ? error->message : _("no certificate"));

  why = nd_tls_describe_flags (flags);
  subject = name_or_unknown (g_tls_certificate_get_subject_name (certificate));
  issuer = name_or_unknown (g_tls_certificate_get_issuer_name (certificate));
  after = g_tls_certificate_get_not_valid_after (certificate);
  until = format_date (after);
  fingerprint = nd_tls_certificate_fingerprint (certificate);
  if (self->pinned != NULL)
    return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TLS,
                        _("The security certificate of %s cannot be trusted: %s. It is not the "
                          "certificate you trusted for this account: the site’s certificate "
                          "has changed. Nothing was sent. The new certificate is issued to "
                          "“%s” by “%s”, valid until %s, SHA-256 fingerprint %s."),
                        host, why, subject, issuer, until, fingerprint);
  return g_error_new (ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TLS,
                      _("The security certificate of %s cannot be trusted: %s. Nothing was "
                        "sent. The certificate is issued to “%s” by “%s”, valid until %s, "
                        "SHA-256 fingerprint %s."),
                      host, why, subject, issuer, until, fingerprint);
}

/* ---- fetching a certificate --------------------------------------------------------- */

typedef struct
{
  SoupSession          *session;
  SoupMessage          *msg;
  GTlsCertificate      *certificate;
  GTlsCertificateFlags  flags;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->msg);
  g_clear_object (&fetch->session);
  g_clear_object (&fetch->certificate);
  g_free (fetch);
}

static gboolean
on_fetch_accept_certificate (SoupMessage          *msg,
                             GTlsCertificate      *certificate,
                             GTlsCertificateFlags  flags,
                             Fetch                *fetch)
{
  /* Kept to be shown, and refused: nothing goes over this connection. */
  g_set_object (&fetch->certificate, certificate);
  fetch->flags = flags;
  return FALSE;
}

static void
fetch_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *host = g_strdup (g_uri_get_host (soup_message_get_uri (fetch->msg)));

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (fetch->certificate)
    {
      g_task_return_pointer (task, g_object_ref (fetch->certificate), g_object_unref);
      return;
    }
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_CANCELLED,
                                 _("Cancelled."));
      else
        g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_UNREACHABLE,
                                 _("Could not reach %s: %s. Check the address and your "
                                   "connection."), host, error->message);
      return;
    }
  /* A certificate this computer trusts. */
  fetch->certificate = soup_message_get_tls_peer_certificate (fetch->msg);
  if (fetch->certificate == NULL)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_TLS,
                               _("%s sent no certificate."), host);
      return;
    }
  g_object_ref (fetch->certificate);
  fetch->flags = soup_message_get_tls_peer_certificate_errors (fetch->msg);
  g_task_return_pointer (task, g_object_ref (fetch->certificate), g_object_unref);
}

void
nd_tls_fetch_certificate_async (const char          *url,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  Fetch *fetch;

  g_task_set_source_tag (task, nd_tls_fetch_certificate_async);
  g_task_set_check_cancellable (task, FALSE);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
    {
      g_task_return_new_error (task, ND_PUBLISH_ERROR, ND_PUBLISH_ERROR_INVALID_URL,
                               _("“%s” is not an https address: there is no certificate to "
                                 "trust."), url ? url : "");
      return;
    }

  fetch = g_new0 (Fetch, 1);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  fetch->session = soup_session_new ();
  soup_session_set_user_agent (fetch->session, "Newsdesk/" VERSION " ");
  soup_session_set_timeout (fetch->session, 30);
  fetch->msg = soup_message_new_from_uri (SOUP_METHOD_HEAD, uri);
  soup_message_add_flags (fetch->msg, SOUP_MESSAGE_NO_REDIRECT);
  g_signal_connect (fetch->msg, "accept-certificate",
                    G_CALLBACK (on_fetch_accept_certificate), fetch);
  soup_session_send_and_read_async (fetch->session, fetch->msg, G_PRIORITY_DEFAULT, cancellable,
                                    fetch_sent_cb, g_object_ref (task));
}

GTlsCertificate *
nd_tls_fetch_certificate_finish (GAsyncResult          *result,
                                 GTlsCertificateFlags  *flags,
                                 GError               **error)
{
  Fetch *fetch;
  GTlsCertificate *certificate;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  certificate = g_task_propagate_pointer (G_TASK (result), error);
  fetch = g_task_get_task_data (G_TASK (result));
  if (flags)
    *flags = certificate && fetch ? fetch->flags : 0;
  return certificate;
}
