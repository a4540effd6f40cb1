/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ninjs importer (nd-ninjs.c), every flavour (2.2, 3.1, Superdesk; the item itself
 * picks one): any bytes import or fail with an error naming the field; what imports
 * exports in every flavour, and each export imports again as the same flavour. */
#include "config.h"

#include "fuzz-common.h"
#include "nd-ninjs.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(NdArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *photo_href = NULL;
  NdNinjsFlavour flavour;

  fuzz_init ();
  article = nd_ninjs_import_full ((const char *) data, size, &flavour, &photo_href, &error);
  if (article == NULL)
    {
      fuzz_check (error != NULL && error->domain == ND_NINJS_ERROR, "no ninjs error");
      fuzz_check (g_utf8_validate (error->message, -1, NULL), "error message not UTF-8");
      return 0;
    }
  fuzz_check (flavour <= ND_NINJS_SUPERDESK, "flavour %d", flavour);

  for (NdNinjsFlavour f = ND_NINJS_2_2; f <= ND_NINJS_SUPERDESK; f++)
    {
      g_autofree char *out = nd_ninjs_export_string (article, f, photo_href, 2);
      g_autoptr(NdArticle) back = NULL;
      g_autoptr(GError) back_error = NULL;
      NdNinjsFlavour back_flavour;

      back = nd_ninjs_import ((const char *) out, -1, &back_flavour, &back_error);
      fuzz_check (back != NULL, "the %s export does not import: %s\n%s",
                  nd_ninjs_flavour_to_string (f), back_error->message, out);
      fuzz_check (back_flavour == f, "the %s export imports as %s", nd_ninjs_flavour_to_string (f),
                  nd_ninjs_flavour_to_string (back_flavour));
      fuzz_check (g_strcmp0 (nd_article_get_headline (back), nd_article_get_headline (article)) == 0,
                  "the headline changed in %s", nd_ninjs_flavour_to_string (f));
    }
  return 0;
}
