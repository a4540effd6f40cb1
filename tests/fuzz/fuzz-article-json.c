/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The article.json loader (nd-article-json.c): any bytes either load or fail with an
 * error; what loads saves, loads again, and saves to the same text. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "nd-article.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(NdArticle) article = NULL;
  g_autoptr(NdArticle) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;
  gsize len = 0, len_again = 0;

  fuzz_init ();
  article = nd_article_new_from_json ((const char *) data, size, &error);
  if (article == NULL)
    {
      fuzz_check (error != NULL && error->domain == ND_ARTICLE_ERROR, "no article error");
      fuzz_check (g_utf8_validate (error->message, -1, NULL), "error message not UTF-8");
      return 0;
    }
  fuzz_check (error == NULL, "an article and an error");

  json = nd_article_to_json (article, &len);
  again = nd_article_new_from_json (json, len, &error);
  fuzz_check (again != NULL, "a saved article does not load: %s\n%s", error->message, json);
  json_again = nd_article_to_json (again, &len_again);
  fuzz_check (len == len_again && memcmp (json, json_again, len) == 0,
              "saving is not stable:\n%s\n---\n%s", json, json_again);
  g_free (nd_article_dup_section_path (article));
  (void) nd_article_get_word_count (article);
  return 0;
}
