/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-article-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "nd-article-store.h"
#include "nd-index-reader.h"
#include "nd-util.h"

/* Photos larger than this are refused before anything decodes them. */
#define MAX_PHOTO_SIDE   30000
#define MAX_PHOTO_PIXELS (200u * 1000u * 1000u)
#define INDEX_VERSION    1

struct _NdArticleStore
{
  GObject    parent_instance;

  char      *dir;
  char      *articles_dir;
  char      *trash_dir;
  char      *quarantine_dir;

  /* Serialises index reads and rewrites within this process; other processes only ever
   * see a complete index because it is replaced atomically. */
  GMutex     index_lock;

  /* Ids of articles with a photo attach under way in this process (id → count), guarded
   * by attach_lock: their new photo file is not an orphan yet. */
  GHashTable *attaching;
  GMutex      attach_lock;
};

G_DEFINE_FINAL_TYPE (NdArticleStore, nd_article_store, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (NdIndexEntry, nd_index_entry, nd_index_entry_copy, nd_index_entry_free)
G_DEFINE_QUARK (nd-store-error-quark, nd_store_error)

typedef struct
{
  NdIndexEntry entry;
  gint64       mtime_ns;
  gint64       size;
} IndexRow;

NdIndexEntry *
nd_index_entry_copy (const NdIndexEntry *entry)
{
  NdIndexEntry *copy = g_new0 (NdIndexEntry, 1);

  copy->id = g_strdup (entry->id);
  copy->headline = g_strdup (entry->headline);
  copy->section = g_strdup (entry->section);
  copy->status = g_strdup (entry->status);
  copy->tags = g_strdupv (entry->tags);
  copy->modified = entry->modified;
  copy->deleted = entry->deleted;
  return copy;
}

static void
index_entry_clear (NdIndexEntry *entry)
{
  g_free (entry->id);
  g_free (entry->headline);
  g_free (entry->section);
  g_free (entry->status);
  g_strfreev (entry->tags);
}

void
nd_index_entry_free (NdIndexEntry *entry)
{
  if (entry == NULL)
    return;
  index_entry_clear (entry);
  g_free (entry);
}

void
nd_revision_free (NdRevision *revision)
{
  if (revision == NULL)
    return;
  g_free (revision->name);
  g_free (revision->reason);
  g_free (revision);
}

static void
index_row_free (IndexRow *row)
{
  index_entry_clear (&row->entry);
  g_free (row);
}

static void
fill_entry (NdIndexEntry *entry,
            NdArticle    *article)
{
  entry->id = g_strdup (nd_article_get_id (article));
  entry->headline = g_strdup (nd_article_get_headline (article));
  entry->section = nd_article_dup_section_path (article);
  entry->status = g_strdup (nd_article_get_status (article));
  entry->tags = g_strdupv ((char **) nd_article_get_tags (article));
  entry->modified = g_date_time_to_unix (nd_article_get_modified (article));
}

NdIndexEntry *
nd_index_entry_new_for_article (NdArticle *article)
{
  NdIndexEntry *entry = g_new0 (NdIndexEntry, 1);

  g_return_val_if_fail (ND_IS_ARTICLE (article), entry);
  fill_entry (entry, article);
  return entry;
}

static gint
compare_entries_newest_first (gconstpointer a,
                              gconstpointer b)
{
  const NdIndexEntry *ea = *(NdIndexEntry * const *) a;
  const NdIndexEntry *eb = *(NdIndexEntry * const *) b;

  if (ea->modified != eb->modified)
    return ea->modified < eb->modified ? 1 : -1;
  return g_strcmp0 (ea->id, eb->id);
}

static gboolean
io_error (GError    **error,
          const char *format_msg,
          const char *path)
{
  int saved = errno;

  g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_IO, format_msg, path, g_strerror (saved));
  return FALSE;
}

static void
nd_article_store_finalize (GObject *object)
{
  NdArticleStore *self = (NdArticleStore *) object;

  g_free (self->dir);
  g_free (self->articles_dir);
  g_free (self->trash_dir);
  g_free (self->quarantine_dir);
  g_mutex_clear (&self->index_lock);
  g_hash_table_unref (self->attaching);
  g_mutex_clear (&self->attach_lock);

  G_OBJECT_CLASS (nd_article_store_parent_class)->finalize (object);
}

static void
nd_article_store_class_init (NdArticleStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = nd_article_store_finalize;
}

static void
nd_article_store_init (NdArticleStore *self)
{
  g_mutex_init (&self->index_lock);
  g_mutex_init (&self->attach_lock);
  self->attaching = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

char *
nd_article_store_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "newsdesk", NULL);
}

NdArticleStore *
nd_article_store_new (const char *dir)
{
  NdArticleStore *self = g_object_new (ND_TYPE_ARTICLE_STORE, NULL);

  self->dir = dir ? g_canonicalize_filename (dir, NULL) : nd_article_store_default_dir ();
  self->articles_dir = g_build_filename (self->dir, "articles", NULL);
  self->trash_dir = g_build_filename (self->dir, "trash", NULL);
  self->quarantine_dir = g_build_filename (self->dir, "quarantine", NULL);

  /* Failures surface on the first save with a message naming the folder. */
  nd_mkdir_private (self->dir, NULL);
  nd_mkdir_private (self->articles_dir, NULL);
  return self;
}

const char *
nd_article_store_get_dir (NdArticleStore *self)
{
  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), NULL);
  return self->dir;
}

static gboolean
is_article_id (const char *id)
{
  /* Ids become folder names: only canonical UUIDs, never "..", never a path. */
  return id != NULL && g_uuid_string_is_valid (id);
}

static gboolean
check_id (const char  *id,
          GError     **error)
{
  if (is_article_id (id))
    return TRUE;
  g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_FOUND,
               _("“%s” is not an article id."), id ? id : "");
  return FALSE;
}

char *
nd_article_store_article_dir (NdArticleStore *self,
                              const char     *id)
{
  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (is_article_id (id), NULL);
  return g_build_filename (self->articles_dir, id, NULL);
}

char *
nd_article_store_index_path (NdArticleStore *self)
{
  return g_build_filename (self->dir, "index.json", NULL);
}

char *
nd_article_store_photo_path (NdArticleStore *self,
                             NdArticle      *article)
{
  NdPhoto *photo;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), NULL);
  g_return_val_if_fail (ND_IS_ARTICLE (article), NULL);

  photo = nd_article_get_photo (article);
  if (photo == NULL || *nd_photo_get_file (photo) == '\0')
    return NULL;
  return g_build_filename (self->articles_dir, nd_article_get_id (article),
                           nd_photo_get_file (photo), NULL);
}

gboolean
nd_article_store_exists (NdArticleStore *self,
                         const char     *id)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), FALSE);
  if (!is_article_id (id))
    return FALSE;
  path = g_build_filename (self->articles_dir, id, "article.json", NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* What is written must load again: an article over a limit of the loader (a body over
 * 16 MB, a pasted 20,000-character caption…) is refused here, with the loader's own
 * words, and the version on disk stays as it was. Runs where the write runs (a worker for
 * the async saves). */
static gboolean
check_loadable (const char  *json,
                gsize        len,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(NdArticle) check = nd_article_new_from_json (json, len, &local_error);

  if (check)
    return TRUE;
  g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_INVALID,
               _("Not saved (%s). Shorten the text to save again; the last saved version is kept."),
               local_error->message);
  return FALSE;
}

static gboolean
write_article (const char  *folder,
               const char  *json,
               gsize        len,
               GError     **error)
{
  g_autofree char *path = g_build_filename (folder, "article.json", NULL);

  if (!check_loadable (json, len, error))
    return FALSE;
  if (!nd_mkdir_private (folder, error))
    return FALSE;
  return nd_file_write_atomic (path, json, len, error);
}

gboolean
nd_article_store_save (NdArticleStore  *self,
                       NdArticle       *article,
                       GError         **error)
{
  g_autofree char *json = NULL;
  g_autofree char *folder = NULL;
  gsize len;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (ND_IS_ARTICLE (article), FALSE);

  if (!check_id (nd_article_get_id (article), error))
    return FALSE;

  json = nd_article_to_json (article, &len);
  folder = nd_article_store_article_dir (self, nd_article_get_id (article));
  return write_article (folder, json, len, error);
}

static char *
timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y%m%dT%H%M%SZ");
}

static gboolean
quarantine (NdArticleStore  *self,
            const char      *id,
            const GError    *why,
            GError         **error)
{
  g_autofree char *folder = g_build_filename (self->articles_dir, id, NULL);
  g_autofree char *stamp = timestamp_now ();
  g_autofree char *name = g_strdup_printf ("%s-%s", id, stamp);
  g_autofree char *dest = g_build_filename (self->quarantine_dir, name, NULL);
  g_autofree char *reason_path = NULL;
  g_autofree char *reason = NULL;

  if (!nd_mkdir_private (self->quarantine_dir, error))
    return FALSE;
  for (guint i = 1; g_file_test (dest, G_FILE_TEST_EXISTS); i++)
    {
      g_free (dest);
      dest = g_strdup_printf ("%s/%s-%u", self->quarantine_dir, name, i);
    }
  if (g_rename (folder, dest) != 0)
    return io_error (error, _("Could not move “%s” to quarantine: %s"), folder);

  reason_path = g_build_filename (dest, "reason.txt", NULL);
  reason = g_strdup_printf ("%s\n", why->message);
  nd_file_write_atomic (reason_path, reason, strlen (reason), NULL);

  g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_QUARANTINED,
               _("The article in “%s” could not be read (%s). It was moved to “%s”; "
                 "nothing was deleted."),
               folder, why->message, dest);
  return TRUE;
}

/* The names attaching gives photo files: photo.<ext>, or photo-2.<ext> when replacing a
 * photo.<ext> (the file an article names is never overwritten in place). */
static gboolean
is_photo_name (const char *name)
{
  static const char * const exts[] = { "jpg", "png", "webp", "gif" };
  const char *rest;

  if (g_str_has_prefix (name, "photo-2."))
    rest = name + strlen ("photo-2.");
  else if (g_str_has_prefix (name, "photo."))
    rest = name + strlen ("photo.");
  else
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    if (g_str_equal (rest, exts[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_attaching (NdArticleStore *self,
              const char     *id)
{
  gboolean busy;

  g_mutex_lock (&self->attach_lock);
  busy = g_hash_table_contains (self->attaching, id);
  g_mutex_unlock (&self->attach_lock);
  return busy;
}

static void
set_attaching (NdArticleStore *self,
               const char     *id,
               gboolean        busy)
{
  guint count;

  g_mutex_lock (&self->attach_lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->attaching, id));
  count = busy ? count + 1 : count - 1;
  if (count > 0)
    g_hash_table_insert (self->attaching, g_strdup (id), GUINT_TO_POINTER (count));
  else
    g_hash_table_remove (self->attaching, id);
  g_mutex_unlock (&self->attach_lock);
}

/* Removes photo files in folder that the article does not name (keep): what an attach
 * killed between copying the photo in and saving the article left behind, or what a
 * replaced photo was. With only_stale, a file is removed only if the article was saved
 * after it was written or it is more than a minute old: another process may be about to
 * save the article that names it. */
static void
remove_orphan_photos (const char *folder,
                      const char *keep,
                      gboolean    only_stale)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *json_path = g_build_filename (folder, "article.json", NULL);
  struct stat json_st;
  const char *name;

  if (dir == NULL || (only_stale && stat (json_path, &json_st) != 0))
    return;
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      struct stat st;

      if (!is_photo_name (name) || g_strcmp0 (name, keep) == 0)
        continue;
      path = g_build_filename (folder, name, NULL);
      if (only_stale)
        {
          if (stat (path, &st) != 0)
            continue;
          if (st.st_mtime >= json_st.st_mtime && st.st_mtime + 60 > time (NULL))
            continue;
        }
      g_unlink (path);
    }
}

NdArticle *
nd_article_store_load (NdArticleStore  *self,
                       const char      *id,
                       GError         **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  NdArticle *article;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), NULL);

  if (!check_id (id, error))
    return NULL;

  folder = g_build_filename (self->articles_dir, id, NULL);
  path = g_build_filename (folder, "article.json", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_FOUND,
                   _("There is no article with the id “%s”."), id);
      return NULL;
    }

  nd_remove_stale_temps (folder);
  {
    g_autofree char *revisions = g_build_filename (folder, "revisions", NULL);
    nd_remove_stale_temps (revisions);
  }

  article = nd_article_new_from_file (path, &local_error);
  if (article == NULL)
    {
      /* An unreadable file (permissions, I/O) is not broken content: leave it alone. */
      if (local_error->domain != ND_ARTICLE_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      quarantine (self, id, local_error, error);
      return NULL;
    }

  if (g_strcmp0 (nd_article_get_id (article), id) != 0)
    {
      /* A folder copied by hand under another name: the folder name is the identity. */
      nd_article_set_id (article, id);
    }

  if (!is_attaching (self, id))
    {
      NdPhoto *photo = nd_article_get_photo (article);

      remove_orphan_photos (folder, photo ? nd_photo_get_file (photo) : NULL, TRUE);
    }

  return article;
}

/* ---- the index ---------------------------------------------------------------------- */

static void
add_index_record (NdIndexRecord *record,
                  gpointer       user_data)
{
  GHashTable *rows = user_data;
  IndexRow *row;

  if (!is_article_id (record->id) || g_hash_table_contains (rows, record->id))
    return;
  row = g_new0 (IndexRow, 1);
  row->entry.id = g_steal_pointer (&record->id);
  row->entry.headline = record->headline ? g_steal_pointer (&record->headline) : g_strdup ("");
  row->entry.section = record->section ? g_steal_pointer (&record->section) : g_strdup ("");
  row->entry.status = record->status ? g_steal_pointer (&record->status) : g_strdup ("draft");
  row->entry.tags = record->tags ? g_steal_pointer (&record->tags) : g_new0 (char *, 1);
  row->entry.modified = record->modified != G_MININT64 ? record->modified : 0;
  row->mtime_ns = record->mtime_ns != G_MININT64 ? record->mtime_ns : -1;
  row->size = record->size != G_MININT64 ? record->size : -1;
  g_hash_table_insert (rows, row->entry.id, row);
}

/* The index as this version writes it, read without building a JSON tree (see
 * nd-index-reader.c); FALSE, with rows left empty, for anything else. */
static gboolean
read_index_fast (const char *path,
                 GHashTable *rows)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);

  if (mapped == NULL || g_mapped_file_get_length (mapped) == 0)
    return FALSE;
  if (nd_index_reader_parse (g_mapped_file_get_contents (mapped),
                             g_mapped_file_get_length (mapped), INDEX_VERSION,
                             add_index_record, rows))
    return TRUE;
  g_hash_table_remove_all (rows);
  return FALSE;
}

static GHashTable *
read_index (NdArticleStore *self)
{
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) index_row_free);
  g_autofree char *path = nd_article_store_index_path (self);
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *obj;
  JsonArray *array;

  if (read_index_fast (path, rows))
    return rows;
  parser = json_parser_new_immutable ();
  /* A missing or unreadable index is not an error: it is rebuilt from the articles. */
  if (!json_parser_load_from_mapped_file (parser, path, NULL))
    return rows;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return rows;
  obj = json_node_get_object (root);
  if (json_object_get_int_member_with_default (obj, "version", 0) != INDEX_VERSION)
    return rows;
  array = json_object_get_array_member (obj, "articles");
  if (array == NULL)
    return rows;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      JsonArray *tags;
      IndexRow *row;
      const char *id;

      if (item == NULL)
        continue;
      id = json_object_get_string_member_with_default (item, "id", NULL);
      if (!is_article_id (id) || g_hash_table_contains (rows, id))
        continue;

      row = g_new0 (IndexRow, 1);
      row->entry.id = g_strdup (id);
      row->entry.headline = g_strdup (json_object_get_string_member_with_default (item, "headline", ""));
      row->entry.section = g_strdup (json_object_get_string_member_with_default (item, "section", ""));
      row->entry.status = g_strdup (json_object_get_string_member_with_default (item, "status", "draft"));
      row->entry.modified = json_object_get_int_member_with_default (item, "modified", 0);
      row->mtime_ns = json_object_get_int_member_with_default (item, "mtime_ns", -1);
      row->size = json_object_get_int_member_with_default (item, "size", -1);
      tags = json_object_has_member (item, "tags") ? json_object_get_array_member (item, "tags") : NULL;
      row->entry.tags = g_new0 (char *, (tags ? json_array_get_length (tags) : 0) + 1);
      for (guint t = 0; tags && t < json_array_get_length (tags); t++)
        row->entry.tags[t] = g_strdup (json_array_get_string_element (tags, t));
      g_hash_table_insert (rows, row->entry.id, row);
    }

  return rows;
}

static gboolean
write_index (NdArticleStore  *self,
             GHashTable      *rows,
             GError         **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = nd_article_store_index_path (self);
  g_autofree char *data = NULL;
  GHashTableIter iter;
  IndexRow *row;
  gsize len;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, INDEX_VERSION);
  json_builder_set_member_name (b, "articles");
  json_builder_begin_array (b);
  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, row->entry.id);
      json_builder_set_member_name (b, "headline");
      json_builder_add_string_value (b, row->entry.headline);
      json_builder_set_member_name (b, "section");
      json_builder_add_string_value (b, row->entry.section);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, row->entry.status);
      json_builder_set_member_name (b, "tags");
      json_builder_begin_array (b);
      for (guint t = 0; row->entry.tags && row->entry.tags[t]; t++)
        json_builder_add_string_value (b, row->entry.tags[t]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "modified");
      json_builder_add_int_value (b, row->entry.modified);
      json_builder_set_member_name (b, "mtime_ns");
      json_builder_add_int_value (b, row->mtime_ns);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, row->size);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  data = json_generator_to_data (gen, &len);
  return nd_file_write_atomic (path, data, len, error);
}

static gint64
stat_mtime_ns (const struct stat *st)
{
  return (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
}

static GPtrArray *
list_locked (NdArticleStore  *self,
             gboolean         force_rebuild,
             GError         **error)
{
  g_autoptr(GHashTable) old_rows = NULL;
  g_autoptr(GHashTable) rows = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *result;
  GHashTableIter iter;
  gboolean dirty = FALSE;
  const char *name;
  IndexRow *row;

  dir = g_dir_open (self->articles_dir, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_ptr_array_new_with_free_func ((GDestroyNotify) nd_index_entry_free);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* The index and the session are written beside the articles folder: a writer killed
   * part-way leaves its temp file there. */
  nd_remove_stale_temps (self->dir);

  old_rows = force_rebuild
    ? g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) index_row_free)
    : read_index (self);
  rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) index_row_free);

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autoptr(NdArticle) article = NULL;
      g_autoptr(GError) load_error = NULL;
      struct stat st;
      gpointer old_key;
      IndexRow *old_row;

      if (!is_article_id (name))
        continue;

      path = g_build_filename (self->articles_dir, name, "article.json", NULL);
      if (stat (path, &st) != 0)
        continue;

      /* Unchanged since indexed (same mtime and size): trust the index row. */
      if (g_hash_table_steal_extended (old_rows, name, &old_key, (gpointer *) &old_row))
        {
          if (old_row->mtime_ns == stat_mtime_ns (&st) && old_row->size == st.st_size)
            {
              g_hash_table_insert (rows, old_row->entry.id, old_row);
              continue;
            }
          index_row_free (old_row);
        }

      dirty = TRUE;
      article = nd_article_store_load (self, name, &load_error);
      if (article == NULL)
        {
          g_warning ("%s", load_error->message);
          continue;
        }

      row = g_new0 (IndexRow, 1);
      fill_entry (&row->entry, article);
      row->mtime_ns = stat_mtime_ns (&st);
      row->size = st.st_size;
      g_hash_table_insert (rows, row->entry.id, row);
    }

  if (g_hash_table_size (old_rows) > 0)
    dirty = TRUE;

  if (dirty)
    {
      g_autoptr(GError) write_error = NULL;

      /* The index is only a cache: failing to write it slows the next listing down,
       * nothing more. */
      if (!write_index (self, rows, &write_error))
        g_warning ("Could not write the library index: %s", write_error->message);
    }

  result = g_ptr_array_new_full (g_hash_table_size (rows), (GDestroyNotify) nd_index_entry_free);
  g_hash_table_iter_init (&iter, rows);
  /* The rows become the entries, no copy of 10,000 rows: an entry is its row's first
   * member, so nd_index_entry_free() frees the whole row. */
  G_STATIC_ASSERT (G_STRUCT_OFFSET (IndexRow, entry) == 0);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    g_ptr_array_add (result, &row->entry);
  g_hash_table_steal_all (rows);
  g_ptr_array_sort (result, compare_entries_newest_first);
  return result;
}

GPtrArray *
nd_article_store_list (NdArticleStore  *self,
                       GError         **error)
{
  GPtrArray *result;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), NULL);

  g_mutex_lock (&self->index_lock);
  result = list_locked (self, FALSE, error);
  g_mutex_unlock (&self->index_lock);
  return result;
}

gboolean
nd_article_store_rebuild_index (NdArticleStore  *self,
                                GError         **error)
{
  g_autoptr(GPtrArray) result = NULL;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), FALSE);

  g_mutex_lock (&self->index_lock);
  result = list_locked (self, TRUE, error);
  g_mutex_unlock (&self->index_lock);
  return result != NULL;
}

/* ---- photos ------------------------------------------------------------------------- */

static const char *
extension_for_format (GdkPixbufFormat *format)
{
  g_autofree char *name = gdk_pixbuf_format_get_name (format);

  if (g_str_equal (name, "jpeg"))
    return "jpg";
  if (g_str_equal (name, "png"))
    return "png";
  if (g_str_equal (name, "webp"))
    return "webp";
  if (g_str_equal (name, "gif"))
    return "gif";
  return NULL;
}

typedef struct
{
  NdArticleStore *store;  /* not owned: the caller or the task holds it */
  char  *id;
  char  *image_path;
  char  *folder;
  char  *current_file;    /* the photo file the article names now, or NULL */
  /* results */
  char  *file_name;
  char  *sha256;
  guint  width;
  guint  height;
} PhotoImport;

static void
photo_import_free (PhotoImport *import)
{
  set_attaching (import->store, import->id, FALSE);
  g_free (import->id);
  g_free (import->current_file);
  g_free (import->image_path);
  g_free (import->folder);
  g_free (import->file_name);
  g_free (import->sha256);
  g_free (import);
}

/* The file work of attaching a photo: checks it, copies it into the article folder.
 * Touches no GObject, so it can run in a worker thread. */
static gboolean
photo_import_run (PhotoImport  *import,
                  GError      **error)
{
  g_autofree char *display = g_filename_display_basename (import->image_path);
  g_autofree char *dest = NULL;
  GdkPixbufFormat *format;
  const char *ext;
  int width = 0, height = 0;

  if (!g_file_test (import->image_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_FOUND,
                   _("The photo “%s” does not exist or is not a file."), display);
      return FALSE;
    }

  /* Only the header is read here: a file claiming to be 50,000 pixels square is refused
   * before anything tries to decode it. */
  format = gdk_pixbuf_get_file_info (import->image_path, &width, &height);
  ext = format ? extension_for_format (format) : NULL;
  if (ext == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_AN_IMAGE,
                   _("“%s” is not a photo Newsdesk can use. Choose a JPEG, PNG, WebP or GIF image."),
                   display);
      return FALSE;
    }
  if (width > MAX_PHOTO_SIDE || height > MAX_PHOTO_SIDE ||
      (guint64) width * (guint64) height > MAX_PHOTO_PIXELS)
    {
      g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_AN_IMAGE,
                   _("“%s” claims to be %d × %d pixels, larger than any photo Newsdesk accepts "
                     "(%d pixels a side). Resize it and try again."),
                   display, width, height, MAX_PHOTO_SIDE);
      return FALSE;
    }

  if (!nd_mkdir_private (import->folder, error))
    return FALSE;

  /* Never over the file the article names: a crash before the article is saved must
   * leave the old photo whole, as the article describes it. */
  import->file_name = g_strdup_printf ("photo.%s", ext);
  if (g_strcmp0 (import->file_name, import->current_file) == 0 &&
      g_file_test (dest = g_build_filename (import->folder, import->file_name, NULL),
                   G_FILE_TEST_EXISTS))
    {
      g_free (import->file_name);
      import->file_name = g_strdup_printf ("photo-2.%s", ext);
    }
  g_free (dest);
  dest = g_build_filename (import->folder, import->file_name, NULL);
  if (!nd_file_copy_atomic (import->image_path, dest, &import->sha256, error))
    return FALSE;

  import->width = width;
  import->height = height;
  return TRUE;
}

/* The model part, on the article's thread: point the article at the new file, save it,
 * and only then remove an old photo of another type. */
static gboolean
photo_import_apply (NdArticleStore  *self,
                    NdArticle       *article,
                    PhotoImport     *import,
                    GError         **error)
{
  g_autoptr(NdPhoto) photo = NULL;
  g_autofree char *old_file = NULL;

  if (nd_article_get_photo (article))
    {
      photo = nd_photo_copy (nd_article_get_photo (article));
      old_file = g_strdup (nd_photo_get_file (photo));
    }
  else
    photo = nd_photo_new ();

  g_object_set (photo,
                "file", import->file_name,
                "width", import->width,
                "height", import->height,
                "sha256", import->sha256,
                NULL);
  nd_article_set_photo (article, photo);

  if (!nd_article_store_save (self, article, error))
    return FALSE;

  if (old_file && *old_file && !g_str_equal (old_file, import->file_name) &&
      !nd_is_temp_name (old_file) && !is_photo_name (old_file))
    {
      g_autofree char *old_path = g_build_filename (import->folder, old_file, NULL);
      g_unlink (old_path);
    }
  /* The old photo, and whatever an interrupted attach left. */
  remove_orphan_photos (import->folder, import->file_name, FALSE);

  return TRUE;
}

static PhotoImport *
photo_import_new (NdArticleStore  *self,
                  NdArticle       *article,
                  const char      *image_path,
                  GError         **error)
{
  PhotoImport *import;

  if (!check_id (nd_article_get_id (article), error))
    return NULL;

  import = g_new0 (PhotoImport, 1);
  import->store = self;
  import->id = g_strdup (nd_article_get_id (article));
  import->image_path = g_strdup (image_path);
  import->folder = nd_article_store_article_dir (self, nd_article_get_id (article));
  if (nd_article_get_photo (article))
    import->current_file = g_strdup (nd_photo_get_file (nd_article_get_photo (article)));
  set_attaching (self, import->id, TRUE);
  return import;
}

gboolean
nd_article_store_attach_photo (NdArticleStore  *self,
                               NdArticle       *article,
                               const char      *image_path,
                               GError         **error)
{
  PhotoImport *import;
  gboolean ok;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (ND_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (image_path != NULL, FALSE);

  import = photo_import_new (self, article, image_path, error);
  if (import == NULL)
    return FALSE;
  ok = photo_import_run (import, error) && photo_import_apply (self, article, import, error);
  photo_import_free (import);
  return ok;
}

static gboolean
remove_photo (NdArticleStore  *self,
              NdArticle       *article,
              char           **kept_path,
              GError         **error)
{
  g_autofree char *path = NULL;
  g_autoptr(NdPhoto) old = NULL;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (ND_IS_ARTICLE (article), FALSE);

  path = nd_article_store_photo_path (self, article);
  if (nd_article_get_photo (article))
    old = g_object_ref (nd_article_get_photo (article));
  nd_article_set_photo (article, NULL);
  if (!nd_article_store_save (self, article, error))
    {
      /* Not saved: the article keeps its photo, in memory as on disk. */
      nd_article_set_photo (article, old);
      return FALSE;
    }
  if (path == NULL)
    return TRUE;

  if (kept_path)
    {
      g_autofree char *undo_dir = g_build_filename (self->dir, "undo", NULL);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *name = g_strdup_printf ("%s-%" G_GINT64_FORMAT "-%s",
                                               nd_article_get_id (article),
                                               g_get_real_time (), base);
      g_autofree char *dest = g_build_filename (undo_dir, name, NULL);

      /* Same file system as the library: the move is a rename, instant for any size. */
      if (nd_mkdir_private (undo_dir, NULL) && g_rename (path, dest) == 0)
        {
          *kept_path = g_steal_pointer (&dest);
          return TRUE;
        }
    }
  g_unlink (path);
  return TRUE;
}

gboolean
nd_article_store_remove_photo (NdArticleStore  *self,
                               NdArticle       *article,
                               GError         **error)
{
  return remove_photo (self, article, NULL, error);
}

gboolean
nd_article_store_remove_photo_keep (NdArticleStore  *self,
                                    NdArticle       *article,
                                    char           **kept_path,
                                    GError         **error)
{
  g_return_val_if_fail (kept_path != NULL, FALSE);
  *kept_path = NULL;
  return remove_photo (self, article, kept_path, error);
}

void
nd_article_store_clear_undo (NdArticleStore *self)
{
  g_autofree char *undo_dir = NULL;

  g_return_if_fail (ND_IS_ARTICLE_STORE (self));
  undo_dir = g_build_filename (self->dir, "undo", NULL);
  nd_rm_rf (undo_dir, NULL);
}

/* ---- revisions ---------------------------------------------------------------------- */

/* Writes a revision file; touches no GObject, so it can run in a worker. */
static gboolean
write_snapshot (const char  *folder,
                const char  *json,
                gsize        len,
                const char  *reason,
                GError     **error)
{
  g_autofree char *revisions = g_build_filename (folder, "revisions", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = NULL;
  g_autofree char *path = NULL;

  if (!check_loadable (json, len, error))
    return FALSE;
  if (!nd_mkdir_private (revisions, error))
    return FALSE;

  /* Microseconds, so that names sort in the order the snapshots were taken. */
  stamp = g_date_time_format (now, "%Y%m%dT%H%M%S.%fZ");
  path = g_strdup_printf ("%s/%s-%s.json", revisions, stamp, reason);
  for (guint i = 2; g_file_test (path, G_FILE_TEST_EXISTS); i++)
    {
      g_free (path);
      path = g_strdup_printf ("%s/%s-%s-%u.json", revisions, stamp, reason, i);
    }

  return nd_file_write_atomic (path, json, len, error);
}

static const char *
snapshot_reason (const char *reason)
{
  if (reason == NULL || !g_regex_match_simple ("^[a-z-]{1,32}$", reason, 0, 0))
    return "save";
  return reason;
}

gboolean
nd_article_store_snapshot (NdArticleStore  *self,
                           NdArticle       *article,
                           const char      *reason,
                           GError         **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *json = NULL;
  gsize len;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), FALSE);
  g_return_val_if_fail (ND_IS_ARTICLE (article), FALSE);

  if (!check_id (nd_article_get_id (article), error))
    return FALSE;

  folder = nd_article_store_article_dir (self, nd_article_get_id (article));
  json = nd_article_to_json (article, &len);
  return write_snapshot (folder, json, len, snapshot_reason (reason), error);
}

typedef struct
{
  char  *folder;
  char  *json;
  gsize  len;
  char  *reason;
} SnapshotData;

static void
snapshot_data_free (SnapshotData *data)
{
  g_free (data->folder);
  g_free (data->json);
  g_free (data->reason);
  g_free (data);
}

static void
snapshot_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SnapshotData *data = task_data;
  GError *error = NULL;

  if (write_snapshot (data->folder, data->json, data->len, data->reason, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
nd_article_store_snapshot_async (NdArticleStore      *self,
                                 NdArticle           *article,
                                 const char          *reason,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SnapshotData *data;

  g_return_if_fail (ND_IS_ARTICLE_STORE (self));
  g_return_if_fail (ND_IS_ARTICLE (article));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nd_article_store_snapshot_async);
  if (!check_id (nd_article_get_id (article), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Serialised now, on the caller's thread: the snapshot is the article as it is. */
  data = g_new0 (SnapshotData, 1);
  data->folder = nd_article_store_article_dir (self, nd_article_get_id (article));
  data->json = nd_article_to_json (article, &data->len);
  data->reason = g_strdup (snapshot_reason (reason));
  g_task_set_task_data (task, data, (GDestroyNotify) snapshot_data_free);
  g_task_run_in_thread (task, snapshot_thread);
}

gboolean
nd_article_store_snapshot_finish (NdArticleStore  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gint
compare_revisions (gconstpointer a,
                   gconstpointer b)
{
  const NdRevision *ra = *(NdRevision * const *) a;
  const NdRevision *rb = *(NdRevision * const *) b;

  return g_strcmp0 (ra->name, rb->name);
}

GPtrArray *
nd_article_store_list_revisions (NdArticleStore  *self,
                                 const char      *id,
                                 GError         **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) nd_revision_free);
  g_autofree char *revisions = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), NULL);
  if (!check_id (id, error))
    return NULL;

  revisions = g_build_filename (self->articles_dir, id, "revisions", NULL);
  dir = g_dir_open (revisions, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autoptr(GDateTime) taken = NULL;
      g_autofree char *iso = NULL;
      NdRevision *rev;

      /* 20220704T103000.123456Z-save.json */
      if (strlen (name) < 29 || !g_str_has_suffix (name, ".json") || name[8] != 'T' ||
          name[15] != '.' || name[22] != 'Z' || name[23] != '-')
        continue;
      iso = g_strdup_printf ("%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", name, name + 4, name + 6,
                             name + 9, name + 11, name + 13);
      taken = g_date_time_new_from_iso8601 (iso, NULL);
      if (taken == NULL)
        continue;

      rev = g_new0 (NdRevision, 1);
      rev->name = g_strdup (name);
      rev->taken = g_date_time_to_unix (taken);
      rev->reason = g_strndup (name + 24, strlen (name) - 24 - strlen (".json"));
      g_ptr_array_add (result, rev);
    }

  g_ptr_array_sort (result, compare_revisions);
  return g_steal_pointer (&result);
}

NdArticle *
nd_article_store_load_revision (NdArticleStore  *self,
                                const char      *id,
                                const char      *name,
                                GError         **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), NULL);
  if (!check_id (id, error))
    return NULL;
  if (name == NULL || strchr (name, '/') || name[0] == '.')
    {
      g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_FOUND,
                   _("There is no revision “%s”."), name ? name : "");
      return NULL;
    }

  path = g_build_filename (self->articles_dir, id, "revisions", name, NULL);
  return nd_article_new_from_file (path, error);
}

/* ---- duplicate and session --------------------------------------------------------- */

NdArticle *
nd_article_store_duplicate (NdArticleStore  *self,
                            const char      *id,
                            GError         **error)
{
  g_autoptr(NdArticle) original = NULL;
  g_autoptr(NdArticle) copy = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *photo_src = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) whole = g_date_time_new_from_unix_utc (g_date_time_to_unix (now));

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), NULL);

  original = nd_article_store_load (self, id, error);
  if (original == NULL)
    return NULL;

  copy = nd_article_copy (original);
  new_id = nd_uuid_new ();
  nd_article_set_id (copy, new_id);
  nd_article_set_status (copy, "draft");
  nd_article_set_created (copy, whole);
  nd_article_set_modified (copy, whole);
  /* The copy has never been published anywhere. */
  {
    g_auto(GStrv) remotes = nd_article_list_remotes (copy);
    for (guint i = 0; remotes[i]; i++)
      nd_article_set_remote (copy, remotes[i], NULL);
  }

  photo_src = nd_article_store_photo_path (self, original);
  if (photo_src)
    {
      g_autofree char *folder = nd_article_store_article_dir (self, new_id);
      g_autofree char *dest = g_build_filename (folder, nd_photo_get_file (nd_article_get_photo (copy)), NULL);

      if (!nd_mkdir_private (folder, error) || !nd_file_copy_atomic (photo_src, dest, NULL, error))
        return NULL;
    }

  if (!nd_article_store_save (self, copy, error))
    return NULL;
  return g_steal_pointer (&copy);
}

gboolean
nd_article_store_read_session (NdArticleStore  *self,
                               char           **open_id,
                               gboolean        *clean_exit)
{
  g_autofree char *path = g_build_filename (self->dir, "session.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *obj;
  const char *id;

  *open_id = NULL;
  *clean_exit = TRUE;
  if (!json_parser_load_from_file (parser, path, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  obj = json_node_get_object (root);
  id = json_object_get_string_member_with_default (obj, "open", NULL);
  if (is_article_id (id))
    *open_id = g_strdup (id);
  *clean_exit = json_object_get_boolean_member_with_default (obj, "clean_exit", TRUE);
  return TRUE;
}

gboolean
nd_article_store_write_session (NdArticleStore  *self,
                                const char      *open_id,
                                gboolean         clean_exit,
                                GError         **error)
{
  g_autofree char *path = g_build_filename (self->dir, "session.json", NULL);
  g_autofree char *data = NULL;

  data = g_strdup_printf ("{\n  \"open\": %s%s%s,\n  \"clean_exit\": %s\n}\n",
                          is_article_id (open_id) ? "\"" : "",
                          is_article_id (open_id) ? open_id : "null",
                          is_article_id (open_id) ? "\"" : "",
                          clean_exit ? "true" : "false");
  if (!nd_mkdir_private (self->dir, error))
    return FALSE;
  return nd_file_write_atomic (path, data, strlen (data), error);
}

/* ---- trash -------------------------------------------------------------------------- */

gboolean
nd_article_store_trash (NdArticleStore  *self,
                        const char      *id,
                        GError         **error)
{
  g_autofree char *src = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *marker = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), FALSE);
  if (!check_id (id, error))
    return FALSE;

  src = g_build_filename (self->articles_dir, id, NULL);
  if (!g_file_test (src, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_FOUND,
                   _("There is no article with the id “%s”."), id);
      return FALSE;
    }
  if (!nd_mkdir_private (self->trash_dir, error))
    return FALSE;

  dest = g_build_filename (self->trash_dir, id, NULL);
  /* An older trashed copy of the same article gives way to the newer one. */
  if (g_file_test (dest, G_FILE_TEST_EXISTS) && !nd_rm_rf (dest, error))
    return FALSE;

  if (g_rename (src, dest) != 0)
    return io_error (error, _("Could not move “%s” to the trash: %s"), src);

  marker = g_build_filename (dest, "trashed-at", NULL);
  stamp = g_strdup_printf ("%" G_GINT64_FORMAT "\n", g_date_time_to_unix (now));
  nd_file_write_atomic (marker, stamp, strlen (stamp), NULL);
  nd_fsync_dir (self->articles_dir);
  return TRUE;
}

gboolean
nd_article_store_restore (NdArticleStore  *self,
                          const char      *id,
                          GError         **error)
{
  g_autofree char *src = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *marker = NULL;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), FALSE);
  if (!check_id (id, error))
    return FALSE;

  src = g_build_filename (self->trash_dir, id, NULL);
  dest = g_build_filename (self->articles_dir, id, NULL);
  if (!g_file_test (src, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_FOUND,
                   _("There is no article with the id “%s” in the trash."), id);
      return FALSE;
    }
  if (g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_EXISTS,
                   _("The article “%s” is already in the library."), id);
      return FALSE;
    }

  if (!nd_mkdir_private (self->articles_dir, error))
    return FALSE;
  if (g_rename (src, dest) != 0)
    return io_error (error, _("Could not restore “%s”: %s"), src);

  marker = g_build_filename (dest, "trashed-at", NULL);
  g_unlink (marker);
  nd_fsync_dir (self->trash_dir);
  return TRUE;
}

GPtrArray *
nd_article_store_list_trash (NdArticleStore  *self,
                             GError         **error)
{
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) nd_index_entry_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), NULL);

  dir = g_dir_open (self->trash_dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autofree char *marker = NULL;
      g_autofree char *stamp = NULL;
      g_autoptr(NdArticle) article = NULL;
      NdIndexEntry *entry;

      if (!is_article_id (name))
        continue;
      path = g_build_filename (self->trash_dir, name, "article.json", NULL);
      article = nd_article_new_from_file (path, NULL);
      if (article == NULL)
        continue;

      entry = g_new0 (NdIndexEntry, 1);
      fill_entry (entry, article);
      g_free (entry->id);
      entry->id = g_strdup (name);
      marker = g_build_filename (self->trash_dir, name, "trashed-at", NULL);
      if (g_file_get_contents (marker, &stamp, NULL, NULL))
        entry->deleted = g_ascii_strtoll (stamp, NULL, 10);
      g_ptr_array_add (result, entry);
    }

  g_ptr_array_sort (result, compare_entries_newest_first);
  return result;
}

gboolean
nd_article_store_purge (NdArticleStore  *self,
                        const char      *id,
                        GError         **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (ND_IS_ARTICLE_STORE (self), FALSE);
  if (!check_id (id, error))
    return FALSE;

  path = g_build_filename (self->trash_dir, id, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, ND_STORE_ERROR, ND_STORE_ERROR_NOT_FOUND,
                   _("There is no article with the id “%s” in the trash."), id);
      return FALSE;
    }
  return nd_rm_rf (path, error);
}

/* ---- async -------------------------------------------------------------------------- */

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *result = nd_article_store_list (source_object, &error);

  if (result)
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
nd_article_store_list_async (NdArticleStore      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ND_IS_ARTICLE_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nd_article_store_list_async);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
nd_article_store_list_finish (NdArticleStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  NdArticle *article = nd_article_store_load (source_object, task_data, &error);

  /* The article is handed to the main thread and used only there from now on. */
  if (article)
    g_task_return_pointer (task, article, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
nd_article_store_load_async (NdArticleStore      *self,
                             const char          *id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ND_IS_ARTICLE_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nd_article_store_load_async);
  g_task_set_task_data (task, g_strdup (id), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}

NdArticle *
nd_article_store_load_finish (NdArticleStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char  *folder;
  char  *json;
  gsize  len;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->folder);
  g_free (data->json);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;

  /* Deliberately not cancellable once started: a half-done save is worse than a late one,
   * and the write is atomic either way. */
  if (write_article (data->folder, data->json, data->len, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
nd_article_store_save_async (NdArticleStore      *self,
                             NdArticle           *article,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (ND_IS_ARTICLE_STORE (self));
  g_return_if_fail (ND_IS_ARTICLE (article));
  g_return_if_fail (is_article_id (nd_article_get_id (article)));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nd_article_store_save_async);

  /* Serialising here, on the caller's thread, is the snapshot: the GObject is never
   * touched by the worker. */
  data = g_new0 (SaveData, 1);
  data->folder = nd_article_store_article_dir (self, nd_article_get_id (article));
  data->json = nd_article_to_json (article, &data->len);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
nd_article_store_save_finish (NdArticleStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
attach_photo_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;

  if (photo_import_run (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
attach_photo_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NdArticleStore *self = g_task_get_source_object (task);
  NdArticle *article = g_object_get_data (G_OBJECT (task), "article");
  PhotoImport *import = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      g_task_return_error_if_cancelled (task) ||
      !photo_import_apply (self, article, import, &error))
    {
      if (error)
        g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
nd_article_store_attach_photo_async (NdArticleStore      *self,
                                     NdArticle           *article,
                                     const char          *image_path,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  GError *error = NULL;
  PhotoImport *import;

  g_return_if_fail (ND_IS_ARTICLE_STORE (self));
  g_return_if_fail (ND_IS_ARTICLE (article));
  g_return_if_fail (image_path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, nd_article_store_attach_photo_async);
  g_object_set_data_full (G_OBJECT (task), "article", g_object_ref (article), g_object_unref);

  import = photo_import_new (self, article, image_path, &error);
  if (import == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Two tasks: the worker does the file work; the outer one applies it to the article
   * back on this thread, where the article lives. */
  worker = g_task_new (self, cancellable, attach_photo_done_cb, g_steal_pointer (&task));
  g_task_set_task_data (worker, import, (GDestroyNotify) photo_import_free);
  g_task_run_in_thread (worker, attach_photo_thread);
}

gboolean
nd_article_store_attach_photo_finish (NdArticleStore  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
