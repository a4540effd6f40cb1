/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Saves one article over and over (and re-attaches its photo now and then), printing
 * "saved N" after each save returns. test-crash-save kills it at random moments. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "nd-article-store.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(NdArticleStore) store = NULL;
  g_autoptr(NdArticle) article = NULL;
  GString *body = g_string_new (NULL);

  if (argc != 4)
    {
      fprintf (stderr, "usage: nd-save-loop LIBRARY ID PHOTO\n");
      return 2;
    }

  store = nd_article_store_new (argv[1]);
  article = nd_article_store_load (store, argv[2], NULL);
  if (article == NULL)
    {
      article = nd_article_new ();
      nd_article_set_id (article, argv[2]);
    }

  /* A long body makes each write take long enough to be interrupted part-way. */
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (body, "<p>Paragraph %u with text, ñ and “quotes”.</p>\n", i);

  for (guint n = 1; ; n++)
    {
      g_autofree char *headline = g_strdup_printf ("rev %u", n);
      g_autoptr(GError) error = NULL;

      nd_article_set_headline (article, headline);
      nd_article_set_body_html (article, body->str);
      if (n % 3 == 0)
        {
          if (!nd_article_store_attach_photo (store, article, argv[3], &error))
            {
              fprintf (stderr, "attach: %s\n", error->message);
              return 1;
            }
        }
      else if (!nd_article_store_save (store, article, &error))
        {
          fprintf (stderr, "save: %s\n", error->message);
          return 1;
        }
      printf ("saved %u\n", n);
      fflush (stdout);
    }
}
