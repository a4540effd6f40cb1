/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "nd-article.h"
#include "nd-article-store.h"

G_BEGIN_DECLS

/* Points HOME, the XDG folders and NEWSDESK_LIBRARY (HOME/data/newsdesk) at a fresh temp
 * dir, so no test touches a real library. Returns that dir. */
char      *nd_test_isolate_home      (void);
/* The reference story with every field set, with non-ASCII text throughout. No photo. */
NdArticle *nd_test_article_complete  (void);
/* nd_test_article_complete() with a real 320×240 JPEG (written into dir) attached as its
 * photo, saved in store. */
NdArticle *nd_test_article_saved_with_photo (NdArticleStore *store,
                                             const char     *dir);
/* A GAsyncReadyCallback that stores a reference to the result in
 * *(GAsyncResult **) user_data. */
void       nd_test_result_cb         (GObject      *object,
                                      GAsyncResult *result,
                                      gpointer      user_data);
/* Runs the default main context until *slot is set (by nd_test_result_cb); returns it.
 * Fails the test if that takes more than 60 s. */
GAsyncResult *nd_test_wait_result    (GAsyncResult **slot);
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
