/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gexiv2/gexiv2.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "nd-photo-meta.h"
#include "nd-test-util.h"
#include "nd-util.h"

typedef struct
{
  char *home;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->home = nd_test_isolate_home ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  nd_rm_rf (f->home, NULL);
  g_free (f->home);
}

/* Writes tags into an existing image with gexiv2, the way a photo desk's tool would.
 * Pairs of key and value; a value with '|' in it becomes repeated values. */
static void
write_tags (const char *path,
            ...)
{
  g_autoptr(GExiv2Metadata) meta = gexiv2_metadata_new ();
  g_autoptr(GError) error = NULL;
  const char *key;
  va_list ap;

  gexiv2_initialize ();
  gexiv2_metadata_open_path (meta, path, &error);
  g_assert_no_error (error);

  va_start (ap, path);
  while ((key = va_arg (ap, const char *)))
    {
      const char *value = va_arg (ap, const char *);

      if (strchr (value, '|'))
        {
          g_auto(GStrv) values = g_strsplit (value, "|", -1);

          gexiv2_metadata_try_set_tag_multiple (meta, key, (const char **) values, &error);
        }
      else
        gexiv2_metadata_try_set_tag_string (meta, key, value, &error);
      g_assert_no_error (error);
    }
  va_end (ap);

  gexiv2_metadata_save_file (meta, path, &error);
  g_assert_no_error (error);
}

/* gexiv2 writes unknown XMP properties as plain text, so a real lang-alt
 * Iptc4xmpCore:AltTextAccessibility is written with the exiv2 tool, which takes a type. */
static void
run_exiv2 (const char *path,
           const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "exiv2", "-M", command, path, NULL };
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("exiv2 -M '%s' failed: %s", command, err);
}

static gboolean
have_exiv2_tool (void)
{
  g_autofree char *exe = g_find_program_in_path ("exiv2");

  /* A missing tool is a broken set-up, not a reason to test less: fail and say how to fix it. */
  if (exe == NULL)
    g_test_fail_printf ("the exiv2 tool is not installed (build-aux/install-deps.sh --tests installs it)");
  return exe != NULL;
}

static NdPhotoMeta *
read_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  NdPhotoMeta *meta = nd_photo_meta_read (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (meta);
  return meta;
}

static void
test_iptc_only (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = nd_test_write_image (f->home, "iptc.jpg", 64, 48, "jpeg");
  g_autoptr(NdPhotoMeta) meta = NULL;

  write_tags (path,
              "Iptc.Application2.Caption", "  Lavrov at the annual\tpress conference \r\n",
              "Iptc.Application2.Credit", "Reuters/Maxim Shemetov",
              "Iptc.Application2.Byline", "Maxim Shemetov",
              NULL);
  meta = read_ok (path);
  g_assert_cmpstr (meta->caption, ==, "Lavrov at the annual press conference");
  g_assert_cmpstr (meta->credit, ==, "Reuters/Maxim Shemetov");
  g_assert_null (meta->alt);
}

static void
test_xmp_only (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = nd_test_write_image (f->home, "xmp.jpg", 64, 48, "jpeg");
  g_autoptr(NdPhotoMeta) meta = NULL;

  if (!have_exiv2_tool ())
    return;

  /* x-default is not the first language the writer gives. */
  write_tags (path,
              "Xmp.dc.description", "lang=\"de\" Lawrow, bei der Pressekonferenz|"
                                    "lang=\"x-default\" Lavrov, at the press conference",
              "Xmp.photoshop.Credit", "AP Photo",
              "Xmp.dc.creator", "Alexander Zemlianichenko",
              NULL);
  run_exiv2 (path, "set Xmp.iptc.AltTextAccessibility LangAlt lang=\"x-default\" "
                   "A man in a dark suit at a lectern");
  meta = read_ok (path);
  g_assert_cmpstr (meta->caption, ==, "Lavrov, at the press conference");
  g_assert_cmpstr (meta->credit, ==, "AP Photo");
  g_assert_cmpstr (meta->alt, ==, "A man in a dark suit at a lectern");
}

static void
test_xmp_lang_alt_without_default (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *path = nd_test_write_image (f->home, "lang.jpg", 64, 48, "jpeg");
  g_autoptr(NdPhotoMeta) meta = NULL;

  if (!have_exiv2_tool ())
    return;

  run_exiv2 (path, "set Xmp.dc.description LangAlt lang=\"es\" Lavrov, en Moscú");
  run_exiv2 (path, "set Xmp.iptc.AltTextAccessibility LangAlt lang=\"en\" Flags behind a lectern");
  write_tags (path, "Xmp.dc.creator", "Pérez, Ana|Luis", NULL);
  meta = read_ok (path);
  g_assert_cmpstr (meta->caption, ==, "Lavrov, en Moscú");
  g_assert_cmpstr (meta->alt, ==, "Flags behind a lectern");
  /* dc:creator is an ordered list of people. */
  g_assert_cmpstr (meta->credit, ==, "Pérez, Ana, Luis");
}

static void
test_iptc_wins (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = nd_test_write_image (f->home, "both.jpg", 64, 48, "jpeg");
  g_autoptr(NdPhotoMeta) meta = NULL;

  write_tags (path,
              "Iptc.Application2.Caption", "IPTC caption",
              "Iptc.Application2.Credit", "IPTC credit",
              "Xmp.dc.description", "lang=\"x-default\" XMP caption",
              "Xmp.photoshop.Credit", "XMP credit",
              "Exif.Image.ImageDescription", "EXIF caption",
              NULL);
  meta = read_ok (path);
  g_assert_cmpstr (meta->caption, ==, "IPTC caption");
  g_assert_cmpstr (meta->credit, ==, "IPTC credit");
}

static void
test_byline_fallback (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = nd_test_write_image (f->home, "byline.jpg", 64, 48, "jpeg");
  g_autoptr(NdPhotoMeta) meta = NULL;

  write_tags (path,
              "Iptc.Application2.Byline", "María José Faría|Juan Pérez",
              "Xmp.photoshop.Credit", "XMP credit",
              "Xmp.dc.creator", "XMP creator",
              NULL);
  meta = read_ok (path);
  g_assert_cmpstr (meta->credit, ==, "María José Faría, Juan Pérez");
}

static void
test_exif_fallback (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = nd_test_write_image (f->home, "exif.jpg", 64, 48, "jpeg");
  g_autofree char *camera = nd_test_write_image (f->home, "camera.jpg", 64, 48, "jpeg");
  g_autoptr(NdPhotoMeta) meta = NULL;
  g_autoptr(NdPhotoMeta) camera_meta = NULL;

  write_tags (path, "Exif.Image.ImageDescription", "Plaza Roja at dusk", NULL);
  write_tags (camera, "Exif.Image.ImageDescription", "OLYMPUS DIGITAL CAMERA         ", NULL);
  meta = read_ok (path);
  g_assert_cmpstr (meta->caption, ==, "Plaza Roja at dusk");
  camera_meta = read_ok (camera);
  g_assert_null (camera_meta->caption);
}

static void
test_no_metadata (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *jpeg = nd_test_write_image (f->home, "plain.jpg", 64, 48, "jpeg");
  g_autofree char *png = nd_test_write_image (f->home, "plain.png", 64, 48, "png");
  g_autoptr(NdPhotoMeta) meta = read_ok (jpeg);
  g_autoptr(NdPhotoMeta) png_meta = read_ok (png);

  g_assert_null (meta->caption);
  g_assert_null (meta->credit);
  g_assert_null (meta->alt);
  g_assert_null (png_meta->caption);
  g_assert_null (png_meta->credit);
  g_assert_null (png_meta->alt);
}

static void
test_not_an_image (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *text = g_build_filename (f->home, "notes «draft».txt", NULL);
  g_autofree char *missing = g_build_filename (f->home, "missing.jpg", NULL);
  g_autoptr(GError) error = NULL;
  NdPhotoMeta *meta;

  g_file_set_contents (text, "Not a photo, just notes.\n", -1, &error);
  g_assert_no_error (error);

  meta = nd_photo_meta_read (text, &error);
  g_assert_null (meta);
  g_assert_error (error, ND_PHOTO_META_ERROR, ND_PHOTO_META_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "notes «draft».txt"));
  g_clear_error (&error);

  meta = nd_photo_meta_read (missing, &error);
  g_assert_null (meta);
  g_assert_error (error, ND_PHOTO_META_ERROR, ND_PHOTO_META_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.jpg"));
  g_clear_error (&error);

  meta = nd_photo_meta_read (f->home, &error);
  g_assert_null (meta);
  g_assert_error (error, ND_PHOTO_META_ERROR, ND_PHOTO_META_ERROR_NOT_FOUND);
}

static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->home, "huge.jpg", NULL);
  g_autoptr(GError) error = NULL;
  NdPhotoMeta *meta;

  /* Sparse: takes no disk space, but stat reports the size. */
  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (truncate (path, (off_t) ND_PHOTO_META_MAX_FILE_SIZE + 1), ==, 0);

  meta = nd_photo_meta_read (path, &error);
  g_assert_null (meta);
  g_assert_error (error, ND_PHOTO_META_ERROR, ND_PHOTO_META_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge.jpg"));
}

static void
test_non_ascii (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *utf8 = nd_test_write_image (f->home, "utf8.jpg", 64, 48, "jpeg");
  g_autofree char *latin1 = nd_test_write_image (f->home, "latin1.jpg", 64, 48, "jpeg");
  g_autofree char *xmp = nd_test_write_image (f->home, "xmp-utf8.jpg", 64, 48, "jpeg");
  g_autoptr(NdPhotoMeta) meta = NULL;
  g_autoptr(NdPhotoMeta) latin1_meta = NULL;
  g_autoptr(NdPhotoMeta) xmp_meta = NULL;

  write_tags (utf8,
              "Iptc.Envelope.CharacterSet", "\033%G",
              "Iptc.Application2.Caption", "Faría celebra en Caracas 🎉 «fiesta»",
              "Iptc.Application2.Credit", "Twitter/@LaVigésima 📷",
              NULL);
  meta = read_ok (utf8);
  g_assert_cmpstr (meta->caption, ==, "Faría celebra en Caracas 🎉 «fiesta»");
  g_assert_cmpstr (meta->credit, ==, "Twitter/@LaVigésima 📷");

  /* No character set declared and bytes that are not UTF-8: an old Latin-1 writer. */
  write_tags (latin1,
              "Iptc.Application2.Caption", "Far\xed" "a en Mosc\xfa",
              NULL);
  latin1_meta = read_ok (latin1);
  g_assert_cmpstr (latin1_meta->caption, ==, "Faría en Moscú");
  g_assert_true (g_utf8_validate (latin1_meta->caption, -1, NULL));

  write_tags (xmp,
              "Xmp.dc.description", "lang=\"x-default\" Faría 🇻🇪 en Moscú",
              "Xmp.dc.creator", "Ñandú Photo",
              NULL);
  xmp_meta = read_ok (xmp);
  g_assert_cmpstr (xmp_meta->caption, ==, "Faría 🇻🇪 en Moscú");
  g_assert_cmpstr (xmp_meta->credit, ==, "Ñandú Photo");
}

static void
test_apply_keeps_typed (void)
{
  g_autoptr(NdPhoto) photo = nd_photo_new ();
  g_autoptr(NdPhoto) full = nd_photo_new ();
  NdPhotoMeta meta = { "Embedded caption", "Embedded credit", "Embedded alt" };
  NdPhotoMeta empty = { NULL, "", NULL };

  g_object_set (photo, "credit", "Typed by the reporter", "alt", "   ", NULL);
  g_assert_true (nd_photo_meta_apply (&meta, photo));
  g_assert_cmpstr (nd_photo_get_caption (photo), ==, "Embedded caption");
  g_assert_cmpstr (nd_photo_get_credit (photo), ==, "Typed by the reporter");
  /* Whitespace is nothing typed. */
  g_assert_cmpstr (nd_photo_get_alt (photo), ==, "Embedded alt");

  g_object_set (full, "caption", "C", "credit", "R", "alt", "A", NULL);
  g_assert_false (nd_photo_meta_apply (&meta, full));
  g_assert_cmpstr (nd_photo_get_caption (full), ==, "C");
  g_assert_cmpstr (nd_photo_get_credit (full), ==, "R");
  g_assert_cmpstr (nd_photo_get_alt (full), ==, "A");

  {
    g_autoptr(NdPhoto) blank = nd_photo_new ();
    g_assert_false (nd_photo_meta_apply (&empty, blank));
  }
}

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  NdPhotoMeta **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = nd_photo_meta_read_finish (result, &error);
  g_assert_no_error (error);
}

static void
on_read_error_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GError **out = user_data;

  g_assert_null (nd_photo_meta_read_finish (result, out));
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = nd_test_write_image (f->home, "async.jpg", 64, 48, "jpeg");
  g_autofree char *text = g_build_filename (f->home, "async.txt", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(NdPhotoMeta) meta = NULL;
  GError *error = NULL;

  write_tags (path, "Iptc.Application2.Caption", "Async caption", NULL);
  g_file_set_contents (text, "text", -1, NULL);

  nd_photo_meta_read_async (path, NULL, on_read_cb, &meta);
  while (meta == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (meta->caption, ==, "Async caption");

  nd_photo_meta_read_async (text, NULL, on_read_error_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, ND_PHOTO_META_ERROR, ND_PHOTO_META_ERROR_UNREADABLE);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  nd_photo_meta_read_async (path, cancellable, on_read_error_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
}

/* Many readers at once: exiv2's XMP parser is not thread-safe by itself. */
static void
read_in_thread (gpointer data,
                gpointer user_data)
{
  g_autoptr(NdPhotoMeta) meta = nd_photo_meta_read (data, NULL);

  g_assert_nonnull (meta);
  g_assert_cmpstr (meta->caption, ==, "Parallel");
  g_atomic_int_inc ((int *) user_data);
}

static void
test_threads (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = nd_test_write_image (f->home, "threads.jpg", 64, 48, "jpeg");
  g_autoptr(GError) error = NULL;
  GThreadPool *pool;
  int done = 0;

  write_tags (path, "Xmp.dc.description", "lang=\"x-default\" Parallel", NULL);
  pool = g_thread_pool_new (read_in_thread, &done, 8, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 64; i++)
    g_thread_pool_push (pool, path, NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  g_assert_cmpint (done, ==, 64);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/photo-meta/iptc-only", test_iptc_only);
  ADD ("/photo-meta/xmp-only", test_xmp_only);
  ADD ("/photo-meta/xmp-lang-alt-without-default", test_xmp_lang_alt_without_default);
  ADD ("/photo-meta/iptc-wins", test_iptc_wins);
  ADD ("/photo-meta/byline-fallback", test_byline_fallback);
  ADD ("/photo-meta/exif-fallback", test_exif_fallback);
  ADD ("/photo-meta/no-metadata", test_no_metadata);
  ADD ("/photo-meta/not-an-image", test_not_an_image);
  ADD ("/photo-meta/too-large", test_too_large);
  ADD ("/photo-meta/non-ascii", test_non_ascii);
  ADD ("/photo-meta/async", test_async);
  ADD ("/photo-meta/threads", test_threads);
#undef ADD
  g_test_add_func ("/photo-meta/apply-keeps-typed", test_apply_keeps_typed);

  return g_test_run ();
}
