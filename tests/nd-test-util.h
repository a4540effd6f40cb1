/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nd-article.h"

G_BEGIN_DECLS

/* Points HOME, the XDG folders and NEWSDESK_LIBRARY (HOME/data/newsdesk) at a fresh temp
 * dir, so no test touches a real library. Returns that dir. */
char      *nd_test_isolate_home      (void);
/* The reference story with every field set, with non-ASCII text throughout. No photo. */
NdArticle *nd_test_article_complete  (void);
/* Writes a real JPEG (or PNG) of the given size into dir; returns its path. */
char      *nd_test_write_image       (const char *dir,
                                      const char *name,
                                      int         width,
                                      int         height,
                                      const char *type);
/* Asserts that every field of a and b is the same (photo and related links included). */
void       nd_test_assert_articles_equal (NdArticle *a,
                                          NdArticle *b);
/* The unix mode bits of path (permissions only). */
guint      nd_test_file_mode         (const char *path);

G_END_DECLS
