/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "nd-photo.h"
#include "nd-related-link.h"

G_BEGIN_DECLS

#define ND_ARTICLE_ERROR (nd_article_error_quark ())

typedef enum
{
  ND_ARTICLE_ERROR_SYNTAX,         /* not JSON at all */
  ND_ARTICLE_ERROR_NOT_ARTICLE,    /* JSON, but not a Newsdesk article */
  ND_ARTICLE_ERROR_NEWER_VERSION,  /* written by a newer Newsdesk */
  ND_ARTICLE_ERROR_INVALID_FIELD,  /* a field has the wrong type or value; message starts with its JSON path */
  ND_ARTICLE_ERROR_TOO_LARGE,
} NdArticleError;

#define ND_ARTICLE_FORMAT          "newsdesk-article"
#define ND_ARTICLE_FORMAT_VERSION  1
/* Bounds that keep a hostile or broken file from eating the machine. */
#define ND_ARTICLE_MAX_FILE_SIZE   (48 * 1024 * 1024)
#define ND_ARTICLE_MAX_LINE_FIELD  4096      /* headline, byline, dateline, captions… (characters) */
#define ND_ARTICLE_MAX_STANDFIRST  16384
#define ND_ARTICLE_MAX_BODY        (16 * 1024 * 1024)  /* bytes */
#define ND_ARTICLE_MAX_LIST        1000      /* tags, section levels, related links */

#define ND_TYPE_ARTICLE (nd_article_get_type ())
G_DECLARE_FINAL_TYPE (NdArticle, nd_article, ND, ARTICLE, GObject)

GQuark              nd_article_error_quark     (void);

NdArticle          *nd_article_new             (void);
NdArticle          *nd_article_copy            (NdArticle          *self);

/* JSON (the article.json document format). Loading validates every field and keeps
 * unknown keys; the body is always sanitized to the HTML subset. */
NdArticle          *nd_article_new_from_json   (const char         *data,
                                                gssize              len,
                                                GError            **error);
NdArticle          *nd_article_new_from_file   (const char         *path,
                                                GError            **error);
char               *nd_article_to_json         (NdArticle          *self,
                                                gsize              *len_out);

const char         *nd_article_get_id          (NdArticle          *self);
void                nd_article_set_id          (NdArticle          *self,
                                                const char         *id);
const char         *nd_article_get_language    (NdArticle          *self);
void                nd_article_set_language    (NdArticle          *self,
                                                const char         *language);
const char         *nd_article_get_headline    (NdArticle          *self);
void                nd_article_set_headline    (NdArticle          *self,
                                                const char         *headline);
const char         *nd_article_get_standfirst  (NdArticle          *self);
void                nd_article_set_standfirst  (NdArticle          *self,
                                                const char         *standfirst);
const char         *nd_article_get_byline      (NdArticle          *self);
void                nd_article_set_byline      (NdArticle          *self,
                                                const char         *byline);
const char         *nd_article_get_dateline    (NdArticle          *self);
void                nd_article_set_dateline    (NdArticle          *self,
                                                const char         *dateline);

/* The section path, e.g. { "News", "Russia", NULL }; levels are trimmed, empty ones dropped. */
const char * const *nd_article_get_section     (NdArticle          *self);
void                nd_article_set_section     (NdArticle          *self,
                                                const char * const *section);
/* "News > Russia" */
char               *nd_article_dup_section_path (NdArticle         *self);
void                nd_article_set_section_path (NdArticle         *self,
                                                 const char        *path);
char              **nd_section_path_split      (const char         *path);

/* Tags are trimmed; duplicates (compared case-insensitively) and empty tags are dropped,
 * the first spelling wins. */
const char * const *nd_article_get_tags        (NdArticle          *self);
void                nd_article_set_tags        (NdArticle          *self,
                                                const char * const *tags);
gboolean            nd_article_add_tag         (NdArticle          *self,
                                                const char         *tag);
gboolean            nd_article_remove_tag      (NdArticle          *self,
                                                const char         *tag);

/* The body in the HTML subset. set_body_html trusts its caller (the editor serializes the
 * subset); set_body_from_untrusted sanitizes first. */
const char         *nd_article_get_body_html   (NdArticle          *self);
void                nd_article_set_body_html   (NdArticle          *self,
                                                const char         *html);
gboolean            nd_article_set_body_from_untrusted (NdArticle  *self,
                                                        const char *html,
                                                        GError    **error);
guint               nd_article_get_word_count  (NdArticle          *self);
guint               nd_article_get_char_count  (NdArticle          *self);
/* Minutes, rounded up, at 230 words a minute; 0 for an empty body. */
guint               nd_article_get_reading_minutes (NdArticle      *self);

NdPhoto            *nd_article_get_photo       (NdArticle          *self);
void                nd_article_set_photo       (NdArticle          *self,
                                                NdPhoto            *photo);

/* A GListModel of NdRelatedLink; edit it with the functions below. */
GListModel         *nd_article_get_related     (NdArticle          *self);
void                nd_article_add_related     (NdArticle          *self,
                                                NdRelatedLink      *link);
void                nd_article_insert_related  (NdArticle          *self,
                                                guint               position,
                                                NdRelatedLink      *link);
void                nd_article_remove_related  (NdArticle          *self,
                                                guint               position);
void                nd_article_move_related    (NdArticle          *self,
                                                guint               from,
                                                guint               to);

/* "draft", "scheduled" or "published" */
const char         *nd_article_get_status      (NdArticle          *self);
void                nd_article_set_status      (NdArticle          *self,
                                                const char         *status);
gboolean            nd_article_status_is_valid (const char         *status);
/* BCP 47 in its common shape: "en", "es-419", "pt-BR". */
gboolean            nd_language_tag_is_valid   (const char         *tag);
GDateTime          *nd_article_get_publish_at  (NdArticle          *self);
void                nd_article_set_publish_at  (NdArticle          *self,
                                                GDateTime          *when);
GDateTime          *nd_article_get_created     (NdArticle          *self);
void                nd_article_set_created     (NdArticle          *self,
                                                GDateTime          *when);
GDateTime          *nd_article_get_modified    (NdArticle          *self);
void                nd_article_set_modified    (NdArticle          *self,
                                                GDateTime          *when);
void                nd_article_touch           (NdArticle          *self);

/* Remote state per account id (see ARCHITECTURE.md); NULL when never published there. */
JsonObject         *nd_article_get_remote      (NdArticle          *self,
                                                const char         *account_id);
void                nd_article_set_remote      (NdArticle          *self,
                                                const char         *account_id,
                                                JsonObject         *remote);
/* Every account id with remote state. Free with g_strfreev. */
char              **nd_article_list_remotes    (NdArticle          *self);

/* Top-level keys this version does not understand, kept for round trips. */
JsonObject         *nd_article_get_extra       (NdArticle          *self);

G_END_DECLS
