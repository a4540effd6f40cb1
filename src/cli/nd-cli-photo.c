/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-cli-photo"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-article-store.h"
#include "nd-cli-photo.h"
#include "nd-cli-util.h"
#include "nd-photo-meta.h"

static void
set_texts (NdPhoto    *photo,
           const char *caption,
           const char *credit,
           const char *alt)
{
  if (caption)
    nd_photo_set_caption (photo, caption);
  if (credit)
    nd_photo_set_credit (photo, credit);
  if (alt)
    nd_photo_set_alt (photo, alt);
}

int
nd_cli_photo (const char  *library,
              int          argc,
              char       **argv)
{
  g_autofree char *caption = NULL, *credit = NULL, *alt = NULL;
  gboolean remove = FALSE, no_metadata = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NdArticleStore) store = NULL;
  g_autoptr(NdArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  const char *file;
  int status;
  GOptionEntry entries[] = {
    { "caption", 0, 0, G_OPTION_ARG_STRING, &caption, N_("Photo caption"), N_("TEXT") },
    { "credit", 0, 0, G_OPTION_ARG_STRING, &credit, N_("Photo credit"), N_("TEXT") },
    { "alt", 0, 0, G_OPTION_ARG_STRING, &alt, N_("Photo alt text"), N_("TEXT") },
    { "no-metadata", 0, 0, G_OPTION_ARG_NONE, &no_metadata,
      N_("Do not fill empty caption, credit and alt text from the file’s IPTC/XMP data"), NULL },
    { "remove", 0, 0, G_OPTION_ARG_NONE, &remove, N_("Remove the article’s photo"), NULL },
    { NULL }
  };

  context = nd_cli_command_context (_("ID [FILE]"),
    _("Attach FILE as the article’s lead photo (replacing the one it has), or change the "
      "photo’s caption, credit and alt text. Empty fields are filled from the caption, "
      "credit and description embedded in the file (IPTC/XMP)."), entries);
  if (!nd_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc < 2 || argc > 3)
    return nd_cli_usage_error (context, _("“photo” takes an article id and at most one file."));
  file = argc == 3 ? argv[2] : NULL;
  if (remove && (file || caption || credit || alt))
    return nd_cli_usage_error (context, _("--remove takes no file and no other option."));
  if (!remove && !file && !caption && !credit && !alt)
    return nd_cli_usage_error (context, _("Give a photo file, --caption, --credit, --alt or --remove."));

  store = nd_article_store_new (library);
  article = nd_cli_load_article (store, argv[1], &error);
  if (article == NULL)
    return nd_cli_fail ("%s", error->message);

  if (remove)
    {
      if (nd_article_get_photo (article) == NULL)
        return nd_cli_fail (_("The article has no photo."));
      if (!nd_article_store_remove_photo (store, article, &error))
        return nd_cli_fail (_("Could not remove the photo: %s"), error->message);
      g_print (_("Removed the photo of %s.\n"), nd_article_get_id (article));
      return EXIT_OK;
    }

  if (file == NULL)
    {
      g_autoptr(NdPhoto) photo = NULL;

      if (nd_article_get_photo (article) == NULL)
        return nd_cli_fail (_("The article has no photo: give a photo file."));
      photo = nd_photo_copy (nd_article_get_photo (article));
      set_texts (photo, caption, credit, alt);
      nd_article_set_photo (article, photo);
      if (!nd_article_store_save (store, article, &error))
        return nd_cli_fail (_("Could not save the article: %s"), error->message);
      return EXIT_OK;
    }

  {
    g_autoptr(NdPhoto) photo = nd_article_get_photo (article)
                               ? nd_photo_copy (nd_article_get_photo (article))
                               : nd_photo_new ();

    /* The texts are set before the attach, which saves the article once: a crash leaves
     * either the old photo with its texts or the new one with its own, never a mix. */
    set_texts (photo, caption, credit, alt);
    if (!no_metadata)
      {
        g_autoptr(NdPhotoMeta) meta = nd_photo_meta_read (file, NULL);

        /* A file exiv2 cannot read is still a photo; the attach says if it is not. */
        if (meta)
          nd_photo_meta_apply (meta, photo);
      }
    nd_article_set_photo (article, photo);
    if (!nd_article_store_attach_photo (store, article, file, &error))
      return nd_cli_fail ("%s", error->message);
  }

  g_print ("%s\n", nd_photo_get_file (nd_article_get_photo (article)));
  return EXIT_OK;
}
