/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "nd-checklist.h"
#include "nd-test-util.h"

static void
assert_ids (GPtrArray  *items,
            const char *expected)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      NdCheckItem *item = g_ptr_array_index (items, i);

      g_string_append_printf (ids, "%s%s%s", i ? " " : "",
                              item->severity == ND_CHECK_BLOCKING ? "!" : "", item->id);
      g_assert_nonnull (item->message);
      g_assert_cmpuint (strlen (item->message), >, 5);
    }
  g_assert_cmpstr (ids->str, ==, expected);
  g_string_free (ids, TRUE);
}

static void
test_empty_article (void)
{
  g_autoptr(NdArticle) article = nd_article_new ();
  g_autoptr(GPtrArray) items = nd_checklist_run (article, 70);

  assert_ids (items, "!headline !body !section tags standfirst");
  g_assert_true (nd_checklist_has_blocking (items));
}

static void
test_complete_article (void)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(GPtrArray) items = nd_checklist_run (article, 70);

  assert_ids (items, "");
  g_assert_false (nd_checklist_has_blocking (items));
}

static void
test_each_rule (void)
{
  g_autoptr(NdArticle) article = nd_test_article_complete ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(NdRelatedLink) bad = nd_related_link_new ("Bad", "ftp://example.org/file");
  NdPhoto *photo = nd_article_get_photo (article);

  nd_photo_set_alt (photo, "   ");
  nd_photo_set_credit (photo, "");
  nd_photo_set_caption (photo, NULL);
  nd_article_add_related (article, bad);
  nd_article_set_headline (article, "A headline that is much longer than the limit allows for ñ");
  items = nd_checklist_run (article, 20);
  assert_ids (items, "!alt !related headline-length credit caption");
  g_assert_nonnull (strstr (nd_checklist_find (items, "related")->message, "3"));
  g_assert_nonnull (strstr (nd_checklist_find (items, "headline-length")->message, "58"));
  g_clear_pointer (&items, g_ptr_array_unref);

  /* A blank headline counts as none; a body of markup with no words counts as empty. */
  nd_article_set_headline (article, " \t ");
  nd_article_set_body_html (article, "<p> </p>");
  nd_article_set_tags (article, NULL);
  nd_article_set_standfirst (article, "");
  nd_article_set_section (article, NULL);
  nd_article_set_photo (article, NULL);
  nd_article_remove_related (article, 2);
  items = nd_checklist_run (article, 20);
  assert_ids (items, "!headline !body !section tags standfirst");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/checklist/empty", test_empty_article);
  g_test_add_func ("/checklist/complete", test_complete_article);
  g_test_add_func ("/checklist/each-rule", test_each_rule);
  return g_test_run ();
}
