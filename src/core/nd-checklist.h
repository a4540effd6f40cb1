/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nd-article.h"

G_BEGIN_DECLS

/* Pre-publish checks. Blocking items disable Publish; warnings are shown but allowed. */
typedef enum
{
  ND_CHECK_BLOCKING,
  ND_CHECK_WARNING,
} NdCheckSeverity;

typedef struct
{
  NdCheckSeverity  severity;
  const char      *id;        /* stable, for tests and for focusing the field: "headline", … */
  char            *message;   /* translated, says what to do */
} NdCheckItem;

void       nd_check_item_free        (NdCheckItem *item);

/* Runs every rule on article; blocking items first. headline_limit is the soft limit in
 * characters (the "headline-limit" setting). */
GPtrArray *nd_checklist_run          (NdArticle   *article,
                                      guint        headline_limit);
gboolean   nd_checklist_has_blocking (GPtrArray   *items);
/* The item with that id, or NULL. */
NdCheckItem *nd_checklist_find       (GPtrArray   *items,
                                      const char  *id);

G_END_DECLS
