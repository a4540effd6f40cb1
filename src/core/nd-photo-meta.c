/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-photo-meta"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gexiv2/gexiv2.h>
#include <string.h>
#include <sys/stat.h>

#include "nd-article.h"
#include "nd-photo-meta.h"

G_DEFINE_QUARK (nd-photo-meta-error-quark, nd_photo_meta_error)

/* exiv2 0.27's XMP toolkit is initialised by gexiv2 without a lock function, so parsing
 * XMP in two threads at once is not safe: every use of exiv2 here goes through this lock.
 * Reading the metadata of one photo takes milliseconds, so serialising costs nothing. */
static GMutex exiv2_lock;

/* Descriptions cameras write on their own; they are not captions. */
static const char * const camera_descriptions[] = {
  "OLYMPUS DIGITAL CAMERA",
  "SONY DSC",
  "KONICA MINOLTA DIGITAL CAMERA",
  "MINOLTA DIGITAL CAMERA",
  "DIGITAL CAMERA",
  "DCIM",
  "Default",
  NULL
};

static void
ensure_exiv2 (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      if (!gexiv2_initialize ())
        g_warning ("gexiv2 failed to initialise; photo details will not be read");
      g_once_init_leave (&once, 1);
    }
}

/* Makes text fit for a one-line field of the model: valid UTF-8, runs of whitespace and
 * control characters folded to one space, trimmed, at most max_chars characters.
 * Returns NULL for nothing left. */
static char *
clean_text (const char *raw,
            gboolean    legacy_charset,
            glong       max_chars)
{
  g_autofree char *utf8 = NULL;
  GString *out;
  gboolean space = FALSE;
  glong n_chars = 0;

  if (raw == NULL)
    return NULL;

  if (g_utf8_validate (raw, -1, NULL))
    utf8 = g_strdup (raw);
  else if (legacy_charset)
    {
      /* Old IPTC writers (Photoshop before CS, many agency tools) wrote Windows-1252 and
       * said nothing about it; Latin-1 always converts, so it is the last resort. */
      utf8 = g_convert (raw, -1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
      if (utf8 == NULL)
        utf8 = g_convert (raw, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
    }
  if (utf8 == NULL)
    utf8 = g_utf8_make_valid (raw, -1);

  out = g_string_new (NULL);
  for (const char *p = utf8; *p && n_chars < max_chars; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          space = FALSE;
          if (n_chars >= max_chars)
            break;
        }
      g_string_append_unichar (out, c);
      n_chars++;
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* gexiv2 0.14 hands a lang-alt value over as exiv2 prints it:
 * `lang="x-default" Text, lang="de" Text`. (Its get_tag_multiple splits that at every
 * ", ", so a caption with a comma in it comes back cut; the printed form is parsed here
 * instead, splitting only where a new `lang="` item starts.) Returns the x-default text,
 * else the first language's. */
static char *
pick_lang_alt (const char *value)
{
  const char *chosen = NULL;
  const char *chosen_end = NULL;
  const char *item = value;

  if (!g_str_has_prefix (value, "lang=\""))
    return g_strdup (value);

  while (item)
    {
      const char *next = strstr (item, ", lang=\"");
      const char *end = next ? next : item + strlen (item);

      if (chosen == NULL || g_str_has_prefix (item, "lang=\"x-default\""))
        {
          chosen = item;
          chosen_end = end;
          if (g_str_has_prefix (item, "lang=\"x-default\""))
            break;
        }
      item = next ? next + strlen (", ") : NULL;
    }

  chosen = strchr (chosen + strlen ("lang=\""), '"');
  if (chosen == NULL || chosen >= chosen_end)
    return NULL;
  chosen++;
  if (*chosen == ' ')
    chosen++;
  return g_strndup (chosen, chosen_end - chosen);
}

/* The tag's value as text; repeated values (IPTC By-line, XMP dc:creator) come joined
 * with ", ". */
static char *
get_tag (GExiv2Metadata *meta,
         const char     *tag,
         gboolean        lang_alt)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  if (!gexiv2_metadata_try_has_tag (meta, tag, &error))
    {
      if (error)
        g_debug ("%s: %s", tag, error->message);
      return NULL;
    }
  value = gexiv2_metadata_try_get_tag_string (meta, tag, &error);
  if (value == NULL)
    {
      if (error)
        g_debug ("%s: %s", tag, error->message);
      return NULL;
    }
  if (lang_alt)
    return pick_lang_alt (value);
  return g_steal_pointer (&value);
}

static char *
get_iptc (GExiv2Metadata *meta,
          const char     *tag,
          gboolean        declared_utf8,
          glong           max_chars)
{
  g_autofree char *raw = get_tag (meta, tag, FALSE);

  /* A file that says its IPTC is UTF-8 but has broken bytes gets U+FFFD for them rather
   * than a Latin-1 guess. */
  return clean_text (raw, !declared_utf8, max_chars);
}

static char *
get_xmp (GExiv2Metadata *meta,
         const char     *tag,
         gboolean        lang_alt,
         glong           max_chars)
{
  g_autofree char *raw = get_tag (meta, tag, lang_alt);

  /* XMP is UTF-8 by definition. */
  return clean_text (raw, FALSE, max_chars);
}

static gboolean
is_camera_description (const char *text)
{
  for (guint i = 0; camera_descriptions[i]; i++)
    if (g_ascii_strcasecmp (text, camera_descriptions[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
read_fields (GExiv2Metadata *meta,
             NdPhotoMeta    *result)
{
  g_autofree char *charset = get_tag (meta, "Iptc.Envelope.CharacterSet", FALSE);
  /* ISO 2022 escape sequence ESC % G announces UTF-8. */
  gboolean iptc_utf8 = charset && strstr (charset, "%G") != NULL;
  const char * const credit_tags[] = {
    "Iptc.Application2.Credit", "Iptc.Application2.Byline",
    "Xmp.photoshop.Credit", "Xmp.dc.creator",
  };

  result->caption = get_iptc (meta, "Iptc.Application2.Caption", iptc_utf8,
                              ND_ARTICLE_MAX_STANDFIRST);
  if (result->caption == NULL)
    result->caption = get_xmp (meta, "Xmp.dc.description", TRUE, ND_ARTICLE_MAX_STANDFIRST);
  if (result->caption == NULL)
    {
      /* EXIF has no charset: ASCII by the standard, UTF-8 or Latin-1 in practice. */
      g_autofree char *raw = get_tag (meta, "Exif.Image.ImageDescription", FALSE);

      result->caption = clean_text (raw, TRUE, ND_ARTICLE_MAX_STANDFIRST);
      if (result->caption && is_camera_description (result->caption))
        g_clear_pointer (&result->caption, g_free);
    }

  for (guint i = 0; i < G_N_ELEMENTS (credit_tags) && result->credit == NULL; i++)
    {
      if (g_str_has_prefix (credit_tags[i], "Iptc."))
        result->credit = get_iptc (meta, credit_tags[i], iptc_utf8, ND_ARTICLE_MAX_LINE_FIELD);
      else
        result->credit = get_xmp (meta, credit_tags[i], FALSE, ND_ARTICLE_MAX_LINE_FIELD);
    }

  /* exiv2 0.27 knows the IPTC Core namespace under the prefix "iptc", so the property
   * Iptc4xmpCore:AltTextAccessibility is the key Xmp.iptc.AltTextAccessibility. It is not
   * in exiv2's property table (IPTC added it in 2021), but exiv2 keeps unknown properties
   * of known namespaces with the type the packet gives them (lang-alt here). */
  result->alt = get_xmp (meta, "Xmp.iptc.AltTextAccessibility", TRUE, ND_ARTICLE_MAX_STANDFIRST);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
fill_field (NdPhoto    *photo,
            const char *property,
            const char *current,
            const char *value)
{
  if (value == NULL || *value == '\0' || !is_blank (current))
    return FALSE;
  g_object_set (photo, property, value, NULL);
  return TRUE;
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  NdPhotoMeta *meta;

  if (g_task_return_error_if_cancelled (task))
    return;
  meta = nd_photo_meta_read (task_data, &error);
  if (meta == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, meta, (GDestroyNotify) nd_photo_meta_free);
}

NdPhotoMeta *
nd_photo_meta_read (const char  *path,
                    GError     **error)
{
  g_autoptr(GExiv2Metadata) meta = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  NdPhotoMeta *result;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_basename (path);

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, ND_PHOTO_META_ERROR, ND_PHOTO_META_ERROR_NOT_FOUND,
                   _("The photo “%s” does not exist or is not a file."), display);
      return NULL;
    }
  if (st.st_size > ND_PHOTO_META_MAX_FILE_SIZE)
    {
      g_set_error (error, ND_PHOTO_META_ERROR, ND_PHOTO_META_ERROR_TOO_LARGE,
                   _("The photo “%s” is larger than %d MB; Newsdesk does not read files that "
                     "large."),
                   display, ND_PHOTO_META_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  ensure_exiv2 ();
  result = g_new0 (NdPhotoMeta, 1);

  g_mutex_lock (&exiv2_lock);
  meta = gexiv2_metadata_new ();
  if (gexiv2_metadata_open_path (meta, path, &local_error))
    read_fields (meta, result);
  g_clear_object (&meta);
  g_mutex_unlock (&exiv2_lock);

  if (local_error)
    {
      g_debug ("%s: %s", path, local_error->message);
      g_set_error (error, ND_PHOTO_META_ERROR, ND_PHOTO_META_ERROR_UNREADABLE,
                   _("Could not read the caption and credit of “%s”: it is not an image "
                     "Newsdesk understands, or it is damaged."),
                   display);
      nd_photo_meta_free (result);
      return NULL;
    }
  return result;
}

void
nd_photo_meta_free (NdPhotoMeta *meta)
{
  if (meta == NULL)
    return;
  g_free (meta->caption);
  g_free (meta->credit);
  g_free (meta->alt);
  g_free (meta);
}

void
nd_photo_meta_read_async (const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, nd_photo_meta_read_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, read_thread);
}

NdPhotoMeta *
nd_photo_meta_read_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == nd_photo_meta_read_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
nd_photo_meta_apply (const NdPhotoMeta *meta,
                     NdPhoto           *photo)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (meta != NULL, FALSE);
  g_return_val_if_fail (ND_IS_PHOTO (photo), FALSE);

  changed |= fill_field (photo, "caption", nd_photo_get_caption (photo), meta->caption);
  changed |= fill_field (photo, "credit", nd_photo_get_credit (photo), meta->credit);
  changed |= fill_field (photo, "alt", nd_photo_get_alt (photo), meta->alt);
  return changed;
}
