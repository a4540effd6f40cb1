/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-publish-error"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-publish-error.h"

G_DEFINE_QUARK (nd-publish-error-quark, nd_publish_error)
