/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nd-article.h"

G_BEGIN_DECLS

/* For nd-article-json.c, which builds articles from documents. */
JsonObject *_nd_article_get_remote_object  (NdArticle  *self);
void        _nd_article_replace_json_parts (NdArticle  *self,
                                            JsonObject *remote,
                                            JsonObject *extra);

G_END_DECLS
