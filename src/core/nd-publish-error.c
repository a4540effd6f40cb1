/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-publish-error"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "nd-publish-error.h"

/* An extended error domain, so a 429 or 503 can carry the server's Retry-After to the
 * outbox without a side channel. */
typedef struct
{
  gint64 retry_after;
} NdPublishErrorPrivate;

static void
nd_publish_error_private_init (NdPublishErrorPrivate *priv)
{
  priv->retry_after = -1;
}

static void
nd_publish_error_private_copy (const NdPublishErrorPrivate *src,
                               NdPublishErrorPrivate       *dest)
{
  dest->retry_after = src->retry_after;
}

static void
nd_publish_error_private_clear (NdPublishErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (NdPublishError, nd_publish_error)

gint64
nd_publish_error_get_retry_after (const GError *error)
{
  NdPublishErrorPrivate *priv;

  if (error == NULL || error->domain != ND_PUBLISH_ERROR)
    return -1;
  priv = nd_publish_error_get_private (error);
  return priv ? priv->retry_after : -1;
}

void
nd_publish_error_set_retry_after (GError *error,
                                  gint64  seconds)
{
  NdPublishErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == ND_PUBLISH_ERROR);

  priv = nd_publish_error_get_private (error);
  if (priv)
    priv->retry_after = seconds < 0 ? -1 : seconds;
}

gint64
nd_publish_error_parse_retry_after (const char *value,
                                    gint64      now_unix)
{
  g_autoptr(GDateTime) when = NULL;
  const char *p;
  gint64 secs;

  if (value == NULL)
    return -1;
  while (g_ascii_isspace (*value))
    value++;
  if (g_ascii_isdigit (*value))
    {
      guint64 n = 0;

      for (p = value; g_ascii_isdigit (*p); p++)
        {
          n = n * 10 + (guint64) (*p - '0');
          if (n > G_MAXINT32)   /* anything this far out means "much later" */
            n = G_MAXINT32;
        }
      while (g_ascii_isspace (*p))
        p++;
      return *p == '\0' ? (gint64) n : -1;
    }

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return -1;
  secs = g_date_time_to_unix (when) - now_unix;
  return MAX (secs, 0);
}
