/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/*
 * Certificate errors are never ignored. A certificate that this computer cannot verify
 * (self-signed, unknown authority, wrong name, expired…) is accepted only when it is
 * exactly the certificate pinned on the account (NdAccount "pinned-certificate", PEM): the
 * same bytes, not the same name. There is no switch that ignores TLS errors.
 */

/* "AB:CD:…" (32 upper-case hex pairs): the SHA-256 of the certificate's DER bytes. */
char            *nd_tls_certificate_fingerprint  (GTlsCertificate      *certificate);
/* A fingerprint as people paste it ("sha256 Fingerprint=ab:cd…", "ABCD…", with spaces)
 * in the form above, or NULL if it is not 64 hex digits. */
char            *nd_tls_fingerprint_normalize    (const char           *text);
/* What is wrong, in words: "it is not signed by an authority this computer knows; …". */
char            *nd_tls_describe_flags           (GTlsCertificateFlags  flags);
/* The certificate's PEM (certificate only, never a key). */
char            *nd_tls_certificate_get_pem      (GTlsCertificate      *certificate);
/* Several lines, each "Label: value\n": the problem (when flags is not 0), issued to,
 * issued by, valid from, valid until, SHA-256 fingerprint. */
char            *nd_tls_certificate_describe     (GTlsCertificate      *certificate,
                                                  GTlsCertificateFlags  flags);
/* TRUE when certificate is exactly the one in pinned_pem (NULL: nothing is pinned). */
gboolean         nd_tls_certificate_matches_pin  (GTlsCertificate      *certificate,
                                                  const char           *pinned_pem);
/* The fingerprint of a pinned PEM, or NULL if it is not a certificate. */
char            *nd_tls_pem_fingerprint          (const char           *pem);

#define ND_TYPE_TLS_GUARD (nd_tls_guard_get_type ())
G_DECLARE_FINAL_TYPE (NdTlsGuard, nd_tls_guard, ND, TLS_GUARD, GObject)

/* One per HTTP client of an account: watches its messages, accepts a certificate with
 * errors only when it is the pinned one, and remembers the last certificate it refused
 * (for the GUI and the CLI to show and, if the reporter wants, pin). */
NdTlsGuard      *nd_tls_guard_new                (const char           *pinned_pem);
void             nd_tls_guard_set_pinned         (NdTlsGuard           *self,
                                                  const char           *pinned_pem);
const char      *nd_tls_guard_get_pinned         (NdTlsGuard           *self);
/* Connects to msg's "accept-certificate" (call before sending it). */
void             nd_tls_guard_watch              (NdTlsGuard           *self,
                                                  SoupMessage          *msg);
/* The last certificate refused, with what is wrong with it; NULL if none. Transfer none. */
GTlsCertificate *nd_tls_guard_get_rejected       (NdTlsGuard           *self,
                                                  GTlsCertificateFlags *flags);
/* Whether error (from sending msg) is a certificate problem. An error on a connection
 * whose certificate was accepted through the pin is not. */
gboolean         nd_tls_guard_is_failure         (NdTlsGuard           *self,
                                                  SoupMessage          *msg,
                                                  const GError         *error);
/* ND_PUBLISH_ERROR_TLS for host: what is wrong, nothing was sent, who the certificate is
 * issued to and by, its validity and SHA-256 fingerprint. */
GError          *nd_tls_guard_new_error          (NdTlsGuard           *self,
                                                  SoupMessage          *msg,
                                                  const GError         *error,
                                                  const char           *host);

/* Connects to url (https) without credentials and returns the server's certificate,
 * whatever is wrong with it (flags says what; 0 if this computer trusts it). Sends no
 * request when the certificate has errors. */
void             nd_tls_fetch_certificate_async  (const char           *url,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GTlsCertificate *nd_tls_fetch_certificate_finish (GAsyncResult         *result,
                                                  GTlsCertificateFlags *flags,
                                                  GError              **error);

G_END_DECLS
