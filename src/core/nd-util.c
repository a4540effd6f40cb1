/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-util"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nd-util.h"

#define TEMP_PREFIX ".nd-tmp-"

gboolean
nd_str_equal0 (const char *a,
               const char *b)
{
  return g_strcmp0 (a ? a : "", b ? b : "") == 0;
}

gboolean
nd_strv_equal0 (const char * const *a,
                const char * const *b)
{
  static const char * const empty[] = { NULL };

  return g_strv_equal (a ? a : empty, b ? b : empty);
}

gboolean
nd_set_str (char       **ptr,
            const char  *value)
{
  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;

  g_free (*ptr);
  *ptr = g_strdup (value);
  return TRUE;
}

gboolean
nd_set_strv (char               ***ptr,
             const char * const   *value)
{
  if (nd_strv_equal0 ((const char * const *) *ptr, value))
    return FALSE;

  g_strfreev (*ptr);
  *ptr = g_strdupv ((char **) value);
  return TRUE;
}

char *
nd_uuid_new (void)
{
  return g_uuid_string_random ();
}

char *
nd_datetime_format (GDateTime *dt)
{
  g_autoptr(GDateTime) utc = NULL;

  if (dt == NULL)
    return NULL;

  utc = g_date_time_to_utc (dt);
  /* Not "%Y": it gives "22" for the year 22, which RFC 3339 parsers (ours) refuse. */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", g_date_time_get_year (utc),
                          g_date_time_get_month (utc), g_date_time_get_day_of_month (utc),
                          g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

GDateTime *
nd_datetime_parse (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || *text == '\0')
    return NULL;

  /* Only full RFC 3339 date-times with an explicit offset: a bare local time would mean
   * something different on every reporter's machine. */
  if (strchr (text, 'T') == NULL && strchr (text, 't') == NULL)
    return NULL;

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return NULL;

  return g_date_time_to_utc (dt);
}

gboolean
nd_is_temp_name (const char *basename)
{
  return g_str_has_prefix (basename, TEMP_PREFIX);
}

gboolean
nd_fsync_dir (const char *path)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

static int
open_temp_beside (const char  *path,
                  char       **tmp_path_out,
                  GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmpl = NULL;
  int fd;

  /* The pid in the name lets a later process tell a temp file abandoned by a crash
   * from one another process is still writing. */
  tmpl = g_strdup_printf ("%s/" TEMP_PREFIX "%d-XXXXXX", dir, (int) getpid ());
  fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create a file in “%s”: %s"), dir, g_strerror (saved));
      return -1;
    }

  *tmp_path_out = g_steal_pointer (&tmpl);
  return fd;
}

static gboolean
write_all (int          fd,
           const void  *data,
           gsize        len,
           const char  *path,
           GError     **error)
{
  const char *p = data;

  while (len > 0)
    {
      gssize n = write (fd, p, len);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not write “%s”: %s"), path, g_strerror (saved));
          return FALSE;
        }
      p += n;
      len -= n;
    }

  return TRUE;
}

static gboolean
finish_temp (int          fd,
             const char  *tmp_path,
             const char  *path,
             GError     **error)
{
  g_autofree char *dir = NULL;
  int saved;

  if (fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      g_unlink (tmp_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s” to disk: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (g_rename (tmp_path, path) != 0)
    {
      saved = errno;
      g_unlink (tmp_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not replace “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  /* Without this the rename itself may not survive a power cut. */
  dir = g_path_get_dirname (path);
  nd_fsync_dir (dir);
  return TRUE;
}

gboolean
nd_file_write_atomic (const char  *path,
                      const void  *data,
                      gsize        len,
                      GError     **error)
{
  g_autofree char *tmp_path = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = open_temp_beside (path, &tmp_path, error);
  if (fd < 0)
    return FALSE;

  if (!write_all (fd, data, len, path, error))
    {
      close (fd);
      g_unlink (tmp_path);
      return FALSE;
    }

  return finish_temp (fd, tmp_path, path, error);
}

gboolean
nd_file_copy_atomic (const char  *src,
                     const char  *dest,
                     char       **sha256_out,
                     GError     **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *tmp_path = NULL;
  g_autofree guint8 *buf = NULL;
  int in_fd, fd;

  g_return_val_if_fail (src != NULL, FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  in_fd = open (src, O_RDONLY | O_CLOEXEC);
  if (in_fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open “%s”: %s"), src, g_strerror (saved));
      return FALSE;
    }

  fd = open_temp_beside (dest, &tmp_path, error);
  if (fd < 0)
    {
      close (in_fd);
      return FALSE;
    }

  buf = g_malloc (64 * 1024);
  for (;;)
    {
      gssize n = read (in_fd, buf, 64 * 1024);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not read “%s”: %s"), src, g_strerror (saved));
          goto fail;
        }
      if (n == 0)
        break;
      g_checksum_update (sum, buf, n);
      if (!write_all (fd, buf, n, dest, error))
        goto fail;
    }
  close (in_fd);

  if (!finish_temp (fd, tmp_path, dest, error))
    return FALSE;

  if (sha256_out)
    *sha256_out = g_strdup (g_checksum_get_string (sum));
  return TRUE;

fail:
  close (in_fd);
  close (fd);
  g_unlink (tmp_path);
  return FALSE;
}

char *
nd_file_sha256 (const char  *path,
                GError     **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buf = g_malloc (64 * 1024);
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }

  for (;;)
    {
      gssize n = read (fd, buf, 64 * 1024);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not read “%s”: %s"), path, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      g_checksum_update (sum, buf, n);
    }
  close (fd);

  return g_strdup (g_checksum_get_string (sum));
}

void
nd_remove_stale_temps (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = NULL;
      long pid;

      if (!nd_is_temp_name (name))
        continue;

      pid = strtol (name + strlen (TEMP_PREFIX), NULL, 10);
      /* A live writer (another Newsdesk process) still owns its temp file. */
      if (pid > 0 && pid != getpid () && (kill ((pid_t) pid, 0) == 0 || errno == EPERM))
        continue;

      path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
}

gboolean
nd_mkdir_private (const char  *path,
                  GError     **error)
{
  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  /* g_mkdir_with_parents is subject to the umask and leaves existing folders alone. */
  g_chmod (path, 0700);
  return TRUE;
}

gboolean
nd_rm_rf (const char  *path,
          GError     **error)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return TRUE;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) d = g_dir_open (path, 0, error);
      const char *name;

      if (d == NULL)
        return FALSE;
      while ((name = g_dir_read_name (d)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (!nd_rm_rf (child, error))
            return FALSE;
        }
      if (g_rmdir (path) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not remove “%s”: %s"), path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }

  if (g_unlink (path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not remove “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
