/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-article"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-article.h"
#include "nd-article-private.h"
#include "nd-html.h"
#include "nd-util.h"

struct _NdArticle
{
  GObject     parent_instance;

  char       *id;
  char       *language;
  char       *headline;
  char       *standfirst;
  char       *byline;
  char       *dateline;
  char      **section;
  char      **tags;
  char       *body_html;
  NdPhoto    *photo;
  GListStore *related;
  char       *status;
  GDateTime  *publish_at;
  GDateTime  *created;
  GDateTime  *modified;
  JsonObject *remote;
  JsonObject *extra;

  /* Derived from body_html, computed on demand. */
  gboolean    counts_valid;
  guint       word_count;
  guint       char_count;
};

G_DEFINE_FINAL_TYPE (NdArticle, nd_article, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LANGUAGE,
  PROP_HEADLINE,
  PROP_STANDFIRST,
  PROP_BYLINE,
  PROP_DATELINE,
  PROP_SECTION,
  PROP_TAGS,
  PROP_BODY_HTML,
  PROP_PHOTO,
  PROP_RELATED,
  PROP_STATUS,
  PROP_PUBLISH_AT,
  PROP_CREATED,
  PROP_MODIFIED,
  PROP_WORD_COUNT,
  PROP_CHAR_COUNT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (nd-article-error-quark, nd_article_error)

static char **
string_field (NdArticle *self,
              guint      prop_id)
{
  switch (prop_id)
    {
    case PROP_ID: return &self->id;
    case PROP_LANGUAGE: return &self->language;
    case PROP_HEADLINE: return &self->headline;
    case PROP_STANDFIRST: return &self->standfirst;
    case PROP_BYLINE: return &self->byline;
    case PROP_DATELINE: return &self->dateline;
    case PROP_BODY_HTML: return &self->body_html;
    case PROP_STATUS: return &self->status;
    default: return NULL;
    }
}

/* "changed" tells listeners such as autosave that the document differs from what they
 * saw; modified-time bookkeeping is left to whoever saves. */
static void
emit_changed (NdArticle *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
set_string (NdArticle  *self,
            guint       prop_id,
            const char *value)
{
  g_autofree char *cut = NULL;
  glong max_chars = 0;

  /* -- hostile input: the loader refuses longer fields (nd-article-json.c), so a longer
   * one (a 10 MB paste) would save an article that no longer opens: cut it here, at a
   * character boundary, instead. */
  if (prop_id == PROP_HEADLINE || prop_id == PROP_BYLINE || prop_id == PROP_DATELINE)
    max_chars = ND_ARTICLE_MAX_LINE_FIELD;
  else if (prop_id == PROP_STANDFIRST)
    max_chars = ND_ARTICLE_MAX_STANDFIRST;
  if (max_chars > 0 && value != NULL && strlen (value) > (gsize) max_chars &&
      g_utf8_strlen (value, -1) > max_chars)
    value = cut = g_utf8_substring (value, 0, max_chars);

  /* Text fields are never NULL: an empty field and a missing one are the same thing. */
  if (!nd_set_str (string_field (self, prop_id), value ? value : ""))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  if (prop_id == PROP_BODY_HTML)
    {
      self->counts_valid = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORD_COUNT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAR_COUNT]);
    }
  emit_changed (self);
}

static gboolean
set_datetime (GDateTime **ptr,
              GDateTime  *value)
{
  if (*ptr == value || (*ptr && value && g_date_time_equal (*ptr, value)))
    return FALSE;

  g_clear_pointer (ptr, g_date_time_unref);
  if (value)
    *ptr = g_date_time_to_utc (value);
  return TRUE;
}

static char **
normalize_list (const char * const *items,
                gboolean            dedupe)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; items && items[i]; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (items[i]));
      g_autofree char *key = NULL;

      if (*trimmed == '\0')
        continue;
      if (dedupe)
        {
          key = g_utf8_casefold (trimmed, -1);
          if (g_hash_table_contains (seen, key))
            continue;
          g_hash_table_add (seen, g_steal_pointer (&key));
        }
      g_strv_builder_add (builder, trimmed);
    }

  return g_strv_builder_end (builder);
}

static void
ensure_counts (NdArticle *self)
{
  g_autofree char *text = NULL;

  if (self->counts_valid)
    return;

  text = nd_html_to_plain_text (self->body_html ? self->body_html : "");
  self->word_count = nd_text_count_words (text);
  self->char_count = nd_text_count_chars (text);
  self->counts_valid = TRUE;
}

static void
on_child_notify_cb (NdArticle *self)
{
  emit_changed (self);
}

static void
on_link_notify_cb (NdRelatedLink *link,
                   GParamSpec    *pspec,
                   NdArticle     *self)
{
  /* Removed links keep their handler (the store does not say what it removed); they
   * must no longer count as edits of this article. Lists are a handful of links. */
  if (self->related && g_list_store_find (self->related, link, NULL))
    emit_changed (self);
}

static void
on_related_items_changed_cb (NdArticle  *self,
                             guint       position,
                             guint       removed,
                             guint       added,
                             GListModel *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(NdRelatedLink) link = g_list_model_get_item (model, i);

      g_signal_handlers_disconnect_by_func (link, on_link_notify_cb, self);
      g_signal_connect_object (link, "notify", G_CALLBACK (on_link_notify_cb), self, 0);
    }
  emit_changed (self);
}

static void
nd_article_dispose (GObject *object)
{
  NdArticle *self = (NdArticle *) object;

  if (self->photo)
    g_signal_handlers_disconnect_by_func (self->photo, on_child_notify_cb, self);
  g_clear_object (&self->photo);
  g_clear_object (&self->related);

  G_OBJECT_CLASS (nd_article_parent_class)->dispose (object);
}

static void
nd_article_finalize (GObject *object)
{
  NdArticle *self = (NdArticle *) object;

  g_free (self->id);
  g_free (self->language);
  g_free (self->headline);
  g_free (self->standfirst);
  g_free (self->byline);
  g_free (self->dateline);
  g_strfreev (self->section);
  g_strfreev (self->tags);
  g_free (self->body_html);
  g_free (self->status);
  g_clear_pointer (&self->publish_at, g_date_time_unref);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->remote, json_object_unref);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (nd_article_parent_class)->finalize (object);
}

static void
nd_article_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  NdArticle *self = ND_ARTICLE (object);

  switch (prop_id)
    {
    case PROP_ID:
    case PROP_LANGUAGE:
    case PROP_HEADLINE:
    case PROP_STANDFIRST:
    case PROP_BYLINE:
    case PROP_DATELINE:
    case PROP_BODY_HTML:
    case PROP_STATUS:
      g_value_set_string (value, *string_field (self, prop_id));
      break;
    case PROP_SECTION:
      g_value_set_boxed (value, self->section);
      break;
    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;
    case PROP_PHOTO:
      g_value_set_object (value, self->photo);
      break;
    case PROP_RELATED:
      g_value_set_object (value, self->related);
      break;
    case PROP_PUBLISH_AT:
      g_value_set_boxed (value, self->publish_at);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;
    case PROP_MODIFIED:
      g_value_set_boxed (value, self->modified);
      break;
    case PROP_WORD_COUNT:
      g_value_set_uint (value, nd_article_get_word_count (self));
      break;
    case PROP_CHAR_COUNT:
      g_value_set_uint (value, nd_article_get_char_count (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_article_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  NdArticle *self = ND_ARTICLE (object);

  switch (prop_id)
    {
    case PROP_ID:
    case PROP_LANGUAGE:
    case PROP_HEADLINE:
    case PROP_STANDFIRST:
    case PROP_BYLINE:
    case PROP_DATELINE:
    case PROP_BODY_HTML:
      set_string (self, prop_id, g_value_get_string (value));
      break;
    case PROP_STATUS:
      nd_article_set_status (self, g_value_get_string (value));
      break;
    case PROP_SECTION:
      nd_article_set_section (self, g_value_get_boxed (value));
      break;
    case PROP_TAGS:
      nd_article_set_tags (self, g_value_get_boxed (value));
      break;
    case PROP_PHOTO:
      nd_article_set_photo (self, g_value_get_object (value));
      break;
    case PROP_PUBLISH_AT:
      nd_article_set_publish_at (self, g_value_get_boxed (value));
      break;
    case PROP_CREATED:
      nd_article_set_created (self, g_value_get_boxed (value));
      break;
    case PROP_MODIFIED:
      nd_article_set_modified (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_article_class_init (NdArticleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = nd_article_dispose;
  object_class->finalize = nd_article_finalize;
  object_class->get_property = nd_article_get_property;
  object_class->set_property = nd_article_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_LANGUAGE] = g_param_spec_string ("language", NULL, NULL, "en", flags);
  properties[PROP_HEADLINE] = g_param_spec_string ("headline", NULL, NULL, NULL, flags);
  properties[PROP_STANDFIRST] = g_param_spec_string ("standfirst", NULL, NULL, NULL, flags);
  properties[PROP_BYLINE] = g_param_spec_string ("byline", NULL, NULL, NULL, flags);
  properties[PROP_DATELINE] = g_param_spec_string ("dateline", NULL, NULL, NULL, flags);
  properties[PROP_SECTION] = g_param_spec_boxed ("section", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_BODY_HTML] = g_param_spec_string ("body-html", NULL, NULL, NULL, flags);
  properties[PROP_PHOTO] = g_param_spec_object ("photo", NULL, NULL, ND_TYPE_PHOTO, flags);
  properties[PROP_RELATED] = g_param_spec_object ("related", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, "draft", flags);
  properties[PROP_PUBLISH_AT] = g_param_spec_boxed ("publish-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_MODIFIED] = g_param_spec_boxed ("modified", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_WORD_COUNT] = g_param_spec_uint ("word-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_CHAR_COUNT] = g_param_spec_uint ("char-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NdArticle::changed:
   *
   * Any part of the document changed, including the photo's fields and the related links.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
nd_article_init (NdArticle *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  self->id = nd_uuid_new ();
  self->language = g_strdup ("en");
  self->status = g_strdup ("draft");
  self->section = g_new0 (char *, 1);
  self->tags = g_new0 (char *, 1);
  self->body_html = g_strdup ("");
  self->headline = g_strdup ("");
  self->standfirst = g_strdup ("");
  self->byline = g_strdup ("");
  self->dateline = g_strdup ("");
  /* Whole seconds: the document format has no sub-second precision. */
  self->created = g_date_time_new_from_unix_utc (g_date_time_to_unix (now));
  self->modified = g_date_time_ref (self->created);
  self->remote = json_object_new ();
  self->extra = json_object_new ();
  self->related = g_list_store_new (ND_TYPE_RELATED_LINK);
  g_signal_connect_object (self->related, "items-changed",
                           G_CALLBACK (on_related_items_changed_cb), self, G_CONNECT_SWAPPED);
}

NdArticle *
nd_article_new (void)
{
  return g_object_new (ND_TYPE_ARTICLE, NULL);
}

NdArticle *
nd_article_copy (NdArticle *self)
{
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  NdArticle *copy;
  gsize len;

  g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);

  /* Through the document format, so a copy is exactly what a save would write. */
  json = nd_article_to_json (self, &len);
  copy = nd_article_new_from_json (json, len, &error);
  if (copy == NULL)
    g_critical ("An article could not be copied: %s", error->message);
  return copy;
}

#define STRING_ACCESSORS(field, PROP)                                  \
  const char *nd_article_get_##field (NdArticle *self)                 \
  {                                                                    \
    g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);                 \
    return self->field;                                                \
  }                                                                    \
  void nd_article_set_##field (NdArticle *self, const char *value)     \
  {                                                                    \
    g_return_if_fail (ND_IS_ARTICLE (self));                           \
    set_string (self, PROP, value);                                    \
  }

STRING_ACCESSORS (id, PROP_ID)
STRING_ACCESSORS (headline, PROP_HEADLINE)
STRING_ACCESSORS (standfirst, PROP_STANDFIRST)
STRING_ACCESSORS (byline, PROP_BYLINE)
STRING_ACCESSORS (dateline, PROP_DATELINE)
STRING_ACCESSORS (body_html, PROP_BODY_HTML)

const char *
nd_article_get_language (NdArticle *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);
  return self->language;
}

void
nd_article_set_language (NdArticle  *self,
                         const char *language)
{
  g_return_if_fail (ND_IS_ARTICLE (self));
  set_string (self, PROP_LANGUAGE, language && *language ? language : "en");
}

gboolean
nd_article_set_body_from_untrusted (NdArticle   *self,
                                    const char  *html,
                                    GError     **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (ND_IS_ARTICLE (self), FALSE);

  clean = nd_html_sanitize (html ? html : "", -1, error);
  if (clean == NULL)
    return FALSE;
  nd_article_set_body_html (self, clean);
  return TRUE;
}

const char * const *
nd_article_get_section (NdArticle *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);
  return (const char * const *) self->section;
}

void
nd_article_set_section (NdArticle          *self,
                        const char * const *section)
{
  g_auto(GStrv) clean = NULL;

  g_return_if_fail (ND_IS_ARTICLE (self));

  clean = normalize_list (section, FALSE);
  if (nd_set_strv (&self->section, (const char * const *) clean))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION]);
      emit_changed (self);
    }
}

char **
nd_section_path_split (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path ? path : "", ">", -1);

  return normalize_list ((const char * const *) parts, FALSE);
}

char *
nd_article_dup_section_path (NdArticle *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);
  return g_strjoinv (" > ", self->section);
}

void
nd_article_set_section_path (NdArticle  *self,
                             const char *path)
{
  g_auto(GStrv) parts = nd_section_path_split (path);

  nd_article_set_section (self, (const char * const *) parts);
}

const char * const *
nd_article_get_tags (NdArticle *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);
  return (const char * const *) self->tags;
}

void
nd_article_set_tags (NdArticle          *self,
                     const char * const *tags)
{
  g_auto(GStrv) clean = NULL;

  g_return_if_fail (ND_IS_ARTICLE (self));

  clean = normalize_list (tags, TRUE);
  if (nd_set_strv (&self->tags, (const char * const *) clean))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
      emit_changed (self);
    }
}

gboolean
nd_article_add_tag (NdArticle  *self,
                    const char *tag)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) tags = NULL;
  guint before;

  g_return_val_if_fail (ND_IS_ARTICLE (self), FALSE);

  before = g_strv_length (self->tags);
  g_strv_builder_addv (builder, (const char **) self->tags);
  g_strv_builder_add (builder, tag ? tag : "");
  tags = g_strv_builder_end (builder);
  nd_article_set_tags (self, (const char * const *) tags);

  return g_strv_length (self->tags) > before;
}

gboolean
nd_article_remove_tag (NdArticle  *self,
                       const char *tag)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *key = NULL;
  g_auto(GStrv) tags = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (ND_IS_ARTICLE (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);

  key = g_utf8_casefold (tag, -1);
  for (guint i = 0; self->tags[i]; i++)
    {
      g_autofree char *k = g_utf8_casefold (self->tags[i], -1);

      if (g_str_equal (k, key))
        found = TRUE;
      else
        g_strv_builder_add (builder, self->tags[i]);
    }
  tags = g_strv_builder_end (builder);
  nd_article_set_tags (self, (const char * const *) tags);
  return found;
}

guint
nd_article_get_word_count (NdArticle *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE (self), 0);
  ensure_counts (self);
  return self->word_count;
}

guint
nd_article_get_char_count (NdArticle *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE (self), 0);
  ensure_counts (self);
  return self->char_count;
}

guint
nd_article_get_reading_minutes (NdArticle *self)
{
  guint words = nd_article_get_word_count (self);

  return (words + 229) / 230;
}

NdPhoto *
nd_article_get_photo (NdArticle *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);
  return self->photo;
}

void
nd_article_set_photo (NdArticle *self,
                      NdPhoto   *photo)
{
  g_return_if_fail (ND_IS_ARTICLE (self));
  g_return_if_fail (photo == NULL || ND_IS_PHOTO (photo));

  if (self->photo == photo)
    return;

  if (self->photo)
    g_signal_handlers_disconnect_by_func (self->photo, on_child_notify_cb, self);
  g_set_object (&self->photo, photo);
  if (photo)
    g_signal_connect_object (photo, "notify", G_CALLBACK (on_child_notify_cb), self,
                             G_CONNECT_SWAPPED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHOTO]);
  emit_changed (self);
}

GListModel *
nd_article_get_related (NdArticle *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);
  return G_LIST_MODEL (self->related);
}

void
nd_article_add_related (NdArticle     *self,
                        NdRelatedLink *link)
{
  g_return_if_fail (ND_IS_ARTICLE (self));
  g_return_if_fail (ND_IS_RELATED_LINK (link));
  g_list_store_append (self->related, link);
}

void
nd_article_insert_related (NdArticle     *self,
                           guint          position,
                           NdRelatedLink *link)
{
  g_return_if_fail (ND_IS_ARTICLE (self));
  g_return_if_fail (ND_IS_RELATED_LINK (link));
  g_list_store_insert (self->related, MIN (position, g_list_model_get_n_items (G_LIST_MODEL (self->related))), link);
}

void
nd_article_remove_related (NdArticle *self,
                           guint      position)
{
  g_return_if_fail (ND_IS_ARTICLE (self));
  g_return_if_fail (position < g_list_model_get_n_items (G_LIST_MODEL (self->related)));
  g_list_store_remove (self->related, position);
}

void
nd_article_move_related (NdArticle *self,
                         guint      from,
                         guint      to)
{
  g_autoptr(NdRelatedLink) link = NULL;
  guint n;

  g_return_if_fail (ND_IS_ARTICLE (self));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->related));
  g_return_if_fail (from < n && to < n);

  if (from == to)
    return;
  link = g_list_model_get_item (G_LIST_MODEL (self->related), from);
  g_list_store_remove (self->related, from);
  g_list_store_insert (self->related, to, link);
}

gboolean
nd_language_tag_is_valid (const char *tag)
{
  /* BCP 47 in its common shape: "en", "es-419", "pt-BR", "zh-Hant". */
  g_auto(GStrv) parts = NULL;

  if (tag == NULL)
    return FALSE;
  parts = g_strsplit (tag, "-", -1);

  if (parts[0] == NULL)
    return FALSE;
  for (guint i = 0; parts[i]; i++)
    {
      gsize n = strlen (parts[i]);

      if (n < (i == 0 ? 2u : 1u) || n > 8)
        return FALSE;
      for (gsize j = 0; j < n; j++)
        if (!g_ascii_isalnum (parts[i][j]) || (i == 0 && !g_ascii_isalpha (parts[i][j])))
          return FALSE;
    }
  return TRUE;
}

gboolean
nd_article_status_is_valid (const char *status)
{
  return g_strcmp0 (status, "draft") == 0 ||
         g_strcmp0 (status, "scheduled") == 0 ||
         g_strcmp0 (status, "published") == 0;
}

const char *
nd_article_get_status (NdArticle *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);
  return self->status;
}

void
nd_article_set_status (NdArticle  *self,
                       const char *status)
{
  g_return_if_fail (ND_IS_ARTICLE (self));
  g_return_if_fail (nd_article_status_is_valid (status));
  set_string (self, PROP_STATUS, status);
}

#define DATETIME_ACCESSORS(field, PROP)                                        \
  GDateTime *nd_article_get_##field (NdArticle *self)                          \
  {                                                                            \
    g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);                         \
    return self->field;                                                        \
  }                                                                            \
  void nd_article_set_##field (NdArticle *self, GDateTime *when)               \
  {                                                                            \
    g_return_if_fail (ND_IS_ARTICLE (self));                                   \
    if (set_datetime (&self->field, when))                                     \
      {                                                                        \
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);          \
        emit_changed (self);                                                   \
      }                                                                        \
  }

DATETIME_ACCESSORS (publish_at, PROP_PUBLISH_AT)
DATETIME_ACCESSORS (created, PROP_CREATED)

GDateTime *
nd_article_get_modified (NdArticle *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);
  return self->modified;
}

void
nd_article_set_modified (NdArticle *self,
                         GDateTime *when)
{
  g_return_if_fail (ND_IS_ARTICLE (self));
  g_return_if_fail (when != NULL);

  /* Not a content change: saving stamps it, and must not trigger another save. */
  if (set_datetime (&self->modified, when))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

void
nd_article_touch (NdArticle *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) whole = g_date_time_new_from_unix_utc (g_date_time_to_unix (now));

  nd_article_set_modified (self, whole);
}

JsonObject *
nd_article_get_remote (NdArticle  *self,
                       const char *account_id)
{
  g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  if (!json_object_has_member (self->remote, account_id))
    return NULL;
  return json_object_get_object_member (self->remote, account_id);
}

void
nd_article_set_remote (NdArticle  *self,
                       const char *account_id,
                       JsonObject *remote)
{
  g_return_if_fail (ND_IS_ARTICLE (self));
  g_return_if_fail (account_id != NULL);

  if (remote)
    json_object_set_object_member (self->remote, account_id, json_object_ref (remote));
  else if (json_object_has_member (self->remote, account_id))
    json_object_remove_member (self->remote, account_id);
  else
    return;
  emit_changed (self);
}

char **
nd_article_list_remotes (NdArticle *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);

  members = json_object_get_members (self->remote);
  for (GList *l = members; l; l = l->next)
    g_strv_builder_add (builder, l->data);
  return g_strv_builder_end (builder);
}

JsonObject *
nd_article_get_extra (NdArticle *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE (self), NULL);
  return self->extra;
}

JsonObject *
_nd_article_get_remote_object (NdArticle *self)
{
  return self->remote;
}

void
_nd_article_replace_json_parts (NdArticle  *self,
                                JsonObject *remote,
                                JsonObject *extra)
{
  g_clear_pointer (&self->remote, json_object_unref);
  g_clear_pointer (&self->extra, json_object_unref);
  self->remote = json_object_ref (remote);
  self->extra = json_object_ref (extra);
}
