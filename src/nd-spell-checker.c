/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-spell-checker"

#include "config.h"

#include <glib/gi18n.h>
#include <enchant.h>
#include <string.h>

#include "nd-body-view.h"
#include "nd-spell-checker.h"

/*
 * Text views: an edit only records the lines it touched as a "region" (a pair of marks,
 * so it follows later edits) and restarts a short timer; when typing pauses, an idle
 * handler walks the regions word by word and stops after CHUNK_BUDGET_US, leaving the
 * rest for the next main-loop turn. Entries are short and are checked whole.
 *
 * Dictionaries are loaded on a worker thread, each with a broker of its own, so no
 * enchant object is ever shared between threads. Loaded dictionaries are kept per
 * language: switching back keeps the session's ignored words.
 */

#define CHECK_DELAY_MS     150
#define CHUNK_BUDGET_US    2000
#define MAX_SLICE_CHARS    4000
#define MAX_SUGGESTIONS    5
#define MISSPELLED_TAG     "nd-misspelled"

typedef struct
{
  char          *language;
  char          *tag;      /* enchant dictionary tag, NULL when there is none */
  EnchantBroker *broker;
  EnchantDict   *dict;
} Dictionary;

typedef struct
{
  GtkTextMark *start;   /* left gravity: text typed at the start is inside */
  GtkTextMark *end;     /* right gravity */
} Region;

typedef struct
{
  NdSpellChecker     *self;      /* unowned: the checker detaches everything first */
  GtkWidget          *widget;    /* owned */
  GSimpleActionGroup *actions;
  GMenu              *menu;
  GtkEventController *click;
  GtkEventController *key;

  /* text views */
  GtkTextBuffer      *buffer;    /* owned */
  GtkTextTag         *tag;
  GPtrArray          *regions;   /* of Region* */
  GtkTextMark        *skipped;   /* start of the word left alone at the cursor */
  int                 edit_offset;
  gboolean            typing;

  /* entries */
  GtkEventController *focus;
  char               *last_text;
  char               *last_marks;
  int                 typing_cursor;
  gboolean            entry_dirty;
  gboolean            entry_typing;
} Attachment;

typedef struct
{
  int start;    /* characters */
  int end;
  int bstart;   /* bytes */
  int bend;
} Word;

struct _NdSpellChecker
{
  GObject       parent_instance;

  char         *language;
  Dictionary   *current;
  GHashTable   *dictionaries;  /* language → Dictionary* */
  GHashTable   *loading;       /* languages being loaded */
  GPtrArray    *attachments;   /* of Attachment* */
  GCancellable *cancellable;

  guint         timeout_id;
  guint         idle_id;
};

G_DEFINE_FINAL_TYPE (NdSpellChecker, nd_spell_checker, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LANGUAGE,
  PROP_DICTIONARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------------------ */
/* Dictionaries                                                                          */
/* ------------------------------------------------------------------------------------ */

static void
dictionary_free (gpointer data)
{
  Dictionary *d = data;

  if (d == NULL)
    return;
  if (d->broker != NULL)
    {
      if (d->dict != NULL)
        enchant_broker_free_dict (d->broker, d->dict);
      enchant_broker_free (d->broker);
    }
  g_free (d->language);
  g_free (d->tag);
  g_free (d);
}

static void
collect_dict_cb (const char * const lang_tag,
                 const char * const provider_name,
                 const char * const provider_desc,
                 const char * const provider_file,
                 void              *user_data)
{
  g_ptr_array_add (user_data, g_strdup (lang_tag));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Worker thread. "en" → en_US, "es" → es_ES, "pt-BR" → pt_BR, else any dictionary of
 * the language (sorted, so the choice is stable). */
static char *
resolve_tag (EnchantBroker *broker,
             const char    *bcp47)
{
  g_auto(GStrv) parts = g_strsplit_set (bcp47, "-_", 3);
  g_autofree char *lang = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GPtrArray) all = NULL;

  if (parts[0] == NULL || parts[0][0] == '\0')
    return NULL;
  lang = g_ascii_strdown (parts[0], -1);

  if (parts[1] != NULL && strlen (parts[1]) == 2)
    {
      g_autofree char *region = g_ascii_strup (parts[1], -1);
      g_autofree char *tag = g_strdup_printf ("%s_%s", lang, region);

      if (enchant_broker_dict_exists (broker, tag))
        return g_steal_pointer (&tag);
    }
  if (enchant_broker_dict_exists (broker, lang))
    return g_steal_pointer (&lang);
  {
    g_autofree char *region = g_ascii_strup (lang, -1);
    g_autofree char *tag = g_str_equal (lang, "en") ? g_strdup ("en_US")
                                                    : g_strdup_printf ("%s_%s", lang, region);

    if (enchant_broker_dict_exists (broker, tag))
      return g_steal_pointer (&tag);
  }

  all = g_ptr_array_new_with_free_func (g_free);
  enchant_broker_list_dicts (broker, collect_dict_cb, all);
  g_ptr_array_sort (all, compare_strings);
  prefix = g_strconcat (lang, "_", NULL);
  for (guint i = 0; i < all->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (all, i), prefix))
      return g_strdup (g_ptr_array_index (all, i));
  return NULL;
}

static void
load_dictionary_worker (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Dictionary *d = g_new0 (Dictionary, 1);

  d->language = g_strdup (task_data);
  d->broker = enchant_broker_init ();
  d->tag = resolve_tag (d->broker, d->language);
  if (d->tag != NULL)
    d->dict = enchant_broker_request_dict (d->broker, d->tag);
  if (d->dict == NULL)
    {
      g_clear_pointer (&d->tag, g_free);
      g_clear_pointer (&d->broker, enchant_broker_free);
    }
  g_task_return_pointer (task, d, dictionary_free);
}

/* ------------------------------------------------------------------------------------ */
/* Words                                                                                 */
/* ------------------------------------------------------------------------------------ */

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static gboolean
looks_like_url (const char *chunk,
                gsize       len)
{
  g_autofree char *s = g_strndup (chunk, len);

  return strstr (s, "://") != NULL || g_str_has_prefix (s, "www.")
         || strchr (s, '@') != NULL || strchr (s, '/') != NULL;
}

/* Numbers, words with digits and ALL-CAPS acronyms are never flagged. */
static gboolean
word_is_checkable (const char *word,
                   gssize      len)
{
  const char *end = word + (len < 0 ? (gssize) strlen (word) : len);
  guint letters = 0;
  gboolean all_upper = TRUE;

  for (const char *p = word; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c))
        return FALSE;
      if (g_unichar_isalpha (c))
        {
          letters++;
          if (!g_unichar_isupper (c))
            all_upper = FALSE;
        }
    }
  return letters > 0 && !(all_upper && letters >= 2);
}

/* The words of text worth checking, with character offsets (from 0) and byte offsets.
 * Whitespace-separated chunks that look like URLs or addresses are skipped whole;
 * apostrophes join letters (don't, l’eau), anything else separates words. */
static GArray *
split_words (const char *text)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Word));
  const char *p = text;
  int offset = 0;

  while (*p != '\0')
    {
      const char *chunk = p;
      int chunk_offset = offset;
      const char *q = p;
      int n = 0;

      /* One whitespace-separated chunk: [chunk, q). */
      while (*q != '\0' && !g_unichar_isspace (g_utf8_get_char (q)))
        {
          q = g_utf8_next_char (q);
          n++;
        }

      if (n > 0 && !looks_like_url (chunk, q - chunk))
        {
          const char *r = chunk;
          int r_offset = chunk_offset;

          while (r < q)
            {
              Word word;
              gunichar prev = 0;

              if (!is_word_char (g_utf8_get_char (r)))
                {
                  r = g_utf8_next_char (r);
                  r_offset++;
                  continue;
                }
              word.start = r_offset;
              word.bstart = r - text;
              while (r < q)
                {
                  gunichar c = g_utf8_get_char (r);
                  const char *next = g_utf8_next_char (r);

                  if (is_apostrophe (c) && g_unichar_isalpha (prev) && next < q
                      && g_unichar_isalpha (g_utf8_get_char (next)))
                    ;
                  else if (!is_word_char (c))
                    break;
                  prev = c;
                  r = next;
                  r_offset++;
                }
              word.end = r_offset;
              word.bend = r - text;
              if (word_is_checkable (text + word.bstart, word.bend - word.bstart))
                g_array_append_val (words, word);
            }
        }

      p = q;
      offset = chunk_offset + n;
      /* The whitespace after it. */
      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          offset++;
        }
    }
  return words;
}

static gboolean
dict_accepts (NdSpellChecker *self,
              const char     *word,
              gssize          len)
{
  if (self->current == NULL || self->current->dict == NULL)
    return TRUE;
  /* enchant returns -1 on error: not the reporter's mistake, do not flag. */
  return enchant_dict_check (self->current->dict, word, len) <= 0;
}

static gboolean
has_dictionary (NdSpellChecker *self)
{
  return self->current != NULL && self->current->dict != NULL;
}

/* ------------------------------------------------------------------------------------ */
/* Scheduling                                                                            */
/* ------------------------------------------------------------------------------------ */

static gboolean check_idle_cb (gpointer data);

static gboolean
check_timeout_cb (gpointer data)
{
  NdSpellChecker *self = data;

  self->timeout_id = 0;
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, check_idle_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

/* After typing pauses; a check already running just carries on. */
static void
schedule_check (NdSpellChecker *self)
{
  if (self->idle_id != 0)
    return;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
}

static void
schedule_check_now (NdSpellChecker *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, check_idle_cb, self, NULL);
}

/* ------------------------------------------------------------------------------------ */
/* Text views                                                                            */
/* ------------------------------------------------------------------------------------ */

static void
region_free (GtkTextBuffer *buffer,
             Region        *region)
{
  gtk_text_buffer_delete_mark (buffer, region->start);
  gtk_text_buffer_delete_mark (buffer, region->end);
  g_object_unref (region->start);
  g_object_unref (region->end);
  g_free (region);
}

static void
clear_regions (Attachment *a)
{
  for (guint i = 0; i < a->regions->len; i++)
    region_free (a->buffer, g_ptr_array_index (a->regions, i));
  g_ptr_array_set_size (a->regions, 0);
}

/* Marks the whole lines of [start, end) for checking. O(number of regions), which stays
 * tiny: edits close together merge. */
static void
add_region (Attachment        *a,
            const GtkTextIter *start,
            const GtkTextIter *end)
{
  GtkTextIter s = *start;
  GtkTextIter e = *end;

  if (!has_dictionary (a->self))
    return;

  gtk_text_iter_order (&s, &e);
  gtk_text_iter_set_line_offset (&s, 0);
  if (!gtk_text_iter_ends_line (&e))
    gtk_text_iter_forward_to_line_end (&e);

  for (guint i = 0; i < a->regions->len; i++)
    {
      Region *r = g_ptr_array_index (a->regions, i);
      GtkTextIter rs, re;

      gtk_text_buffer_get_iter_at_mark (a->buffer, &rs, r->start);
      gtk_text_buffer_get_iter_at_mark (a->buffer, &re, r->end);
      if (gtk_text_iter_compare (&s, &re) <= 0 && gtk_text_iter_compare (&e, &rs) >= 0)
        {
          if (gtk_text_iter_compare (&s, &rs) < 0)
            gtk_text_buffer_move_mark (a->buffer, r->start, &s);
          if (gtk_text_iter_compare (&e, &re) > 0)
            gtk_text_buffer_move_mark (a->buffer, r->end, &e);
          return;
        }
    }

  {
    Region *r = g_new0 (Region, 1);

    r->start = g_object_ref (gtk_text_buffer_create_mark (a->buffer, NULL, &s, TRUE));
    r->end = g_object_ref (gtk_text_buffer_create_mark (a->buffer, NULL, &e, FALSE));
    g_ptr_array_add (a->regions, r);
  }
}

static void
add_whole_buffer (Attachment *a)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (a->buffer, &start, &end);
  add_region (a, &start, &end);
}

static void
remove_tag_between (Attachment *a,
                    int         start,
                    int         end)
{
  GtkTextIter s, e, toggle;

  if (start >= end)
    return;
  gtk_text_buffer_get_iter_at_offset (a->buffer, &s, start);
  gtk_text_buffer_get_iter_at_offset (a->buffer, &e, end);
  toggle = s;
  /* Most text is clean: look before touching the buffer. */
  if (gtk_text_iter_has_tag (&s, a->tag)
      || (gtk_text_iter_forward_to_tag_toggle (&toggle, a->tag)
          && gtk_text_iter_compare (&toggle, &e) < 0))
    gtk_text_buffer_remove_tag (a->buffer, a->tag, &s, &e);
}

static void
flush_skipped (Attachment *a)
{
  GtkTextIter iter;

  if (a->skipped == NULL)
    return;
  gtk_text_buffer_get_iter_at_mark (a->buffer, &iter, a->skipped);
  gtk_text_buffer_delete_mark (a->buffer, a->skipped);
  g_clear_object (&a->skipped);
  add_region (a, &iter, &iter);
  schedule_check (a->self);
}

static int
cursor_offset (GtkTextBuffer *buffer)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_offset (&iter);
}

/* Checks from the first region on until deadline. Returns TRUE if work is left. */
static gboolean
check_text_view_chunk (Attachment *a,
                       gint64      deadline)
{
  int cursor = cursor_offset (a->buffer);

  while (a->regions->len > 0)
    {
      Region *r = g_ptr_array_index (a->regions, 0);
      GtkTextIter s, e;

      gtk_text_buffer_get_iter_at_mark (a->buffer, &s, r->start);
      gtk_text_buffer_get_iter_at_mark (a->buffer, &e, r->end);

      while (gtk_text_iter_compare (&s, &e) < 0)
        {
          GtkTextIter limit = s;
          g_autofree char *text = NULL;
          g_autoptr(GArray) words = NULL;
          int base = gtk_text_iter_get_offset (&s);
          int clean_from = base;
          int limit_offset;

          if (!gtk_text_iter_ends_line (&limit))
            gtk_text_iter_forward_to_line_end (&limit);
          if (gtk_text_iter_compare (&limit, &e) > 0)
            limit = e;
          /* A long paragraph is read in slices cut at a space, so resuming in its middle
           * does not re-read all of it. */
          if (gtk_text_iter_get_offset (&limit) - base > MAX_SLICE_CHARS)
            {
              GtkTextIter cut = s;

              gtk_text_iter_forward_chars (&cut, MAX_SLICE_CHARS);
              while (gtk_text_iter_compare (&cut, &s) > 0
                     && !g_unichar_isspace (gtk_text_iter_get_char (&cut)))
                gtk_text_iter_backward_char (&cut);
              if (gtk_text_iter_compare (&cut, &s) > 0)
                limit = cut;
            }
          limit_offset = gtk_text_iter_get_offset (&limit);

          text = gtk_text_iter_get_slice (&s, &limit);
          words = split_words (text);
          for (guint i = 0; i < words->len; i++)
            {
              Word *w = &g_array_index (words, Word, i);
              int ws = base + w->start;
              int we = base + w->end;
              gboolean at_cursor = a->typing && ws <= cursor && cursor <= we;
              gboolean ok = at_cursor || dict_accepts (a->self, text + w->bstart,
                                                       w->bend - w->bstart);

              if (at_cursor)
                {
                  GtkTextIter iter;

                  gtk_text_buffer_get_iter_at_offset (a->buffer, &iter, ws);
                  if (a->skipped == NULL)
                    a->skipped = g_object_ref (gtk_text_buffer_create_mark (a->buffer, NULL,
                                                                            &iter, TRUE));
                  else
                    gtk_text_buffer_move_mark (a->buffer, a->skipped, &iter);
                }

              if (ok)
                remove_tag_between (a, clean_from, we);
              else
                {
                  GtkTextIter is, ie;

                  remove_tag_between (a, clean_from, ws);
                  gtk_text_buffer_get_iter_at_offset (a->buffer, &is, ws);
                  gtk_text_buffer_get_iter_at_offset (a->buffer, &ie, we);
                  gtk_text_buffer_apply_tag (a->buffer, a->tag, &is, &ie);
                }
              clean_from = we;

              if (g_get_monotonic_time () >= deadline && i + 1 < words->len)
                {
                  GtkTextIter resume;

                  gtk_text_buffer_get_iter_at_offset (a->buffer, &resume, we);
                  gtk_text_buffer_move_mark (a->buffer, r->start, &resume);
                  return TRUE;
                }
            }
          remove_tag_between (a, clean_from, limit_offset);

          gtk_text_buffer_get_iter_at_offset (a->buffer, &s, limit_offset);
          gtk_text_buffer_get_iter_at_mark (a->buffer, &e, r->end);
          if (gtk_text_iter_ends_line (&s) && !gtk_text_iter_forward_line (&s))
            break;
          if (g_get_monotonic_time () >= deadline && gtk_text_iter_compare (&s, &e) < 0)
            {
              gtk_text_buffer_move_mark (a->buffer, r->start, &s);
              return TRUE;
            }
        }

      g_ptr_array_remove_index (a->regions, 0);
      region_free (a->buffer, r);
    }
  return FALSE;
}

static void
on_insert_text_after_cb (GtkTextBuffer *buffer,
                         GtkTextIter   *location,
                         const char    *text,
                         int            len,
                         Attachment    *a)
{
  GtkTextIter start = *location;
  glong n_chars = g_utf8_strlen (text, len);
  gboolean was_typing = a->typing;

  gtk_text_iter_backward_chars (&start, n_chars);
  a->edit_offset = gtk_text_iter_get_offset (location);
  /* A keystroke inside a word: that word is being typed. */
  a->typing = n_chars == 1 && is_word_char (g_utf8_get_char (text))
              && cursor_offset (buffer) == a->edit_offset;
  if (was_typing && !a->typing)
    flush_skipped (a);
  add_region (a, &start, location);
  schedule_check (a->self);
}

static void
on_delete_range_after_cb (GtkTextBuffer *buffer,
                          GtkTextIter   *start,
                          GtkTextIter   *end,
                          Attachment    *a)
{
  a->edit_offset = gtk_text_iter_get_offset (start);
  a->typing = cursor_offset (buffer) == a->edit_offset;
  add_region (a, start, start);
  schedule_check (a->self);
}

static void
on_mark_set_cb (GtkTextBuffer     *buffer,
                const GtkTextIter *location,
                GtkTextMark       *mark,
                Attachment        *a)
{
  if (mark != gtk_text_buffer_get_insert (buffer))
    return;
  /* The cursor left the word being typed: judge it now. */
  if (gtk_text_iter_get_offset (location) != a->edit_offset)
    {
      a->typing = FALSE;
      flush_skipped (a);
    }
}

/* ------------------------------------------------------------------------------------ */
/* Entries                                                                               */
/* ------------------------------------------------------------------------------------ */

/* TRUE if after differs from before by one inserted or deleted character. */
static gboolean
is_keystroke (const char *before,
              const char *after)
{
  gsize lb, la, prefix = 0, suffix = 0;
  const char *longer, *shorter;
  gsize ll, ls;

  if (before == NULL)
    return FALSE;
  lb = strlen (before);
  la = strlen (after);
  longer = la > lb ? after : before;
  shorter = la > lb ? before : after;
  ll = MAX (la, lb);
  ls = MIN (la, lb);
  while (prefix < ls && longer[prefix] == shorter[prefix])
    prefix++;
  while (suffix < ls - prefix && longer[ll - 1 - suffix] == shorter[ls - 1 - suffix])
    suffix++;
  /* Everything of the shorter text is kept; the longer one has one character more. */
  if (prefix + suffix != ls)
    return FALSE;
  return g_utf8_strlen (longer + prefix, ll - prefix - suffix) == 1;
}

static void
check_entry (Attachment *a)
{
  NdSpellChecker *self = a->self;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (a->widget));
  int cursor = gtk_editable_get_position (GTK_EDITABLE (a->widget));
  gboolean focused = gtk_event_controller_focus_contains_focus (
    GTK_EVENT_CONTROLLER_FOCUS (a->focus));
  g_autoptr(GString) marks = g_string_new (NULL);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  a->entry_dirty = FALSE;

  /* A one-character edit in the focused entry is typing at the cursor; a cursor that
   * moved by itself or a lost focus means the word there is finished. */
  if (g_strcmp0 (text, a->last_text) != 0)
    {
      a->entry_typing = focused && is_keystroke (a->last_text, text);
      g_free (a->last_text);
      a->last_text = g_strdup (text);
      a->typing_cursor = cursor;
    }
  else if (!focused || cursor != a->typing_cursor)
    a->entry_typing = FALSE;

  if (has_dictionary (self))
    {
      g_autoptr(GArray) words = split_words (text);

      for (guint i = 0; i < words->len; i++)
        {
          Word *w = &g_array_index (words, Word, i);
          PangoAttribute *attr;

          if (a->entry_typing && w->start <= cursor && cursor <= w->end)
            continue;
          if (dict_accepts (self, text + w->bstart, w->bend - w->bstart))
            continue;

          g_string_append_printf (marks, "%d:%d;", w->bstart, w->bend);
          attr = pango_attr_underline_new (PANGO_UNDERLINE_ERROR);
          attr->start_index = w->bstart;
          attr->end_index = w->bend;
          pango_attr_list_insert (attrs, attr);
          attr = pango_attr_underline_color_new (0xe0 * 257, 0x1b * 257, 0x24 * 257);
          attr->start_index = w->bstart;
          attr->end_index = w->bend;
          pango_attr_list_insert (attrs, attr);
        }
    }

  /* Setting attributes re-lays the entry out: only when the marks changed. */
  if (g_strcmp0 (marks->str, a->last_marks ? a->last_marks : "") != 0)
    {
      g_free (a->last_marks);
      a->last_marks = g_strdup (marks->str);
      gtk_entry_set_attributes (GTK_ENTRY (a->widget), marks->len > 0 ? attrs : NULL);
    }
}

static void
on_entry_changed_cb (Attachment *a)
{
  if (!has_dictionary (a->self) && a->last_marks == NULL)
    return;
  a->entry_dirty = TRUE;
  schedule_check (a->self);
}

static void
on_entry_cursor_notify_cb (Attachment *a)
{
  if (!has_dictionary (a->self))
    return;
  a->entry_dirty = TRUE;
  schedule_check (a->self);
}

/* The character under x, y. GtkText keeps its scroll offset private: when the text is
 * wider than the entry (so it may be scrolled), the cursor's word is taken instead. */
static int
entry_offset_at (GtkEntry *entry,
                 double    x,
                 double    y)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  int cursor = gtk_editable_get_position (GTK_EDITABLE (entry));
  GtkWidget *child;
  g_autoptr(PangoLayout) layout = NULL;
  double tx, ty;
  int width, index, trailing;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (entry)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TEXT (child))
      break;
  if (child == NULL || !gtk_widget_translate_coordinates (GTK_WIDGET (entry), child, x, y, &tx, &ty))
    return cursor;

  layout = gtk_widget_create_pango_layout (child, text);
  pango_layout_get_pixel_size (layout, &width, NULL);
  if (width > gtk_widget_get_width (child))
    return cursor;
  pango_layout_xy_to_index (layout, (int) (tx * PANGO_SCALE), 0, &index, &trailing);
  return g_utf8_pointer_to_offset (text, text + index);
}

/* ------------------------------------------------------------------------------------ */
/* Checking all widgets                                                                  */
/* ------------------------------------------------------------------------------------ */

static gboolean
attachment_pending (Attachment *a)
{
  return a->buffer != NULL ? a->regions->len > 0 : a->entry_dirty;
}

static gboolean
check_idle_cb (gpointer data)
{
  NdSpellChecker *self = data;
  gint64 deadline = g_get_monotonic_time () + CHUNK_BUDGET_US;
  gboolean more = FALSE;

  for (guint i = 0; i < self->attachments->len; i++)
    {
      Attachment *a = g_ptr_array_index (self->attachments, i);

      if (!attachment_pending (a))
        continue;
      if (g_get_monotonic_time () >= deadline)
        {
          more = TRUE;
          break;
        }
      if (a->buffer != NULL)
        more |= check_text_view_chunk (a, deadline);
      else
        check_entry (a);
    }

  if (more)
    return G_SOURCE_CONTINUE;
  self->idle_id = 0;
  return G_SOURCE_REMOVE;
}

/* Everything gets checked again: the dictionary or its word lists changed. */
static void
recheck_all (NdSpellChecker *self)
{
  for (guint i = 0; i < self->attachments->len; i++)
    {
      Attachment *a = g_ptr_array_index (self->attachments, i);

      if (a->buffer != NULL)
        {
          if (has_dictionary (self))
            add_whole_buffer (a);
          else
            {
              GtkTextIter start, end;

              clear_regions (a);
              gtk_text_buffer_get_bounds (a->buffer, &start, &end);
              gtk_text_buffer_remove_tag (a->buffer, a->tag, &start, &end);
            }
        }
      else
        a->entry_dirty = TRUE;
    }
  schedule_check_now (self);
}

static void
set_current (NdSpellChecker *self,
             Dictionary     *dictionary)
{
  const char *old_tag = self->current != NULL ? self->current->tag : NULL;
  const char *new_tag = dictionary != NULL ? dictionary->tag : NULL;
  gboolean changed = g_strcmp0 (old_tag, new_tag) != 0;

  if (self->current == dictionary)
    return;
  self->current = dictionary;
  recheck_all (self);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DICTIONARY]);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GWeakRef, weak_ref_free)

static void
on_dictionary_loaded_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GWeakRef) ref = user_data;
  g_autoptr(NdSpellChecker) self = g_weak_ref_get (ref);
  Dictionary *d = g_task_propagate_pointer (G_TASK (result), NULL);

  if (self == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      dictionary_free (d);
      return;
    }

  g_hash_table_remove (self->loading, d->language);
  if (d->tag != NULL)
    g_debug ("Dictionary %s for language %s", d->tag, d->language);
  else
    g_debug ("No dictionary for language %s: spelling is not checked", d->language);
  g_hash_table_replace (self->dictionaries, d->language, d);
  if (g_strcmp0 (self->language, d->language) == 0)
    set_current (self, d);
}

static void
load_dictionary (NdSpellChecker *self,
                 const char     *language)
{
  g_autoptr(GTask) task = NULL;
  GWeakRef *ref;

  if (g_hash_table_contains (self->loading, language))
    return;
  g_hash_table_add (self->loading, g_strdup (language));

  /* No source object: the task must not keep the checker (and its widgets) alive. */
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  task = g_task_new (NULL, self->cancellable, on_dictionary_loaded_cb, ref);
  g_task_set_source_tag (task, load_dictionary);
  g_task_set_task_data (task, g_strdup (language), g_free);
  g_task_run_in_thread (task, load_dictionary_worker);
}

/* ------------------------------------------------------------------------------------ */
/* Menu and actions                                                                      */
/* ------------------------------------------------------------------------------------ */

static Attachment *
find_attachment (NdSpellChecker *self,
                 GtkWidget      *widget)
{
  for (guint i = 0; i < self->attachments->len; i++)
    {
      Attachment *a = g_ptr_array_index (self->attachments, i);

      if (a->widget == widget)
        return a;
    }
  return NULL;
}

/* The checkable word containing offset in the widget's text: its text and bounds. */
static char *
word_at (Attachment *a,
         int         offset,
         int        *start,
         int        *end)
{
  g_autofree char *text = NULL;
  g_autoptr(GArray) words = NULL;
  int base = 0;

  if (a->buffer != NULL)
    {
      GtkTextIter s, e;

      gtk_text_buffer_get_iter_at_offset (a->buffer, &s, offset);
      gtk_text_iter_set_line_offset (&s, 0);
      e = s;
      if (!gtk_text_iter_ends_line (&e))
        gtk_text_iter_forward_to_line_end (&e);
      base = gtk_text_iter_get_offset (&s);
      text = gtk_text_iter_get_slice (&s, &e);
    }
  else
    text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (a->widget)));

  words = split_words (text);
  for (guint i = 0; i < words->len; i++)
    {
      Word *w = &g_array_index (words, Word, i);

      if (base + w->start <= offset && offset <= base + w->end)
        {
          *start = base + w->start;
          *end = base + w->end;
          return g_strndup (text + w->bstart, w->bend - w->bstart);
        }
    }
  return NULL;
}

static void
rebuild_menu (Attachment *a,
              int         offset)
{
  NdSpellChecker *self = a->self;
  g_autofree char *word = NULL;
  g_autoptr(GMenu) suggestions = NULL;
  g_autoptr(GMenu) commands = NULL;
  g_auto(GStrv) words = NULL;
  int start, end;

  g_menu_remove_all (a->menu);
  if (!has_dictionary (self))
    return;
  word = word_at (a, offset, &start, &end);
  if (word == NULL || dict_accepts (self, word, -1))
    return;

  suggestions = g_menu_new ();
  words = nd_spell_checker_suggest (self, word);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (words[i], NULL);

      g_menu_item_set_action_and_target (item, "spell.replace", "(iiss)", start, end, word,
                                         words[i]);
      g_menu_append_item (suggestions, item);
    }
  if (words[0] == NULL)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Suggestions"), "spell.none");

      g_menu_append_item (suggestions, item);
    }

  commands = g_menu_new ();
  {
    g_autoptr(GMenuItem) add = g_menu_item_new (_("Add to Dictionary"), NULL);
    g_autoptr(GMenuItem) ignore = g_menu_item_new (_("Ignore"), NULL);

    g_menu_item_set_action_and_target (add, "spell.add", "s", word);
    g_menu_item_set_action_and_target (ignore, "spell.ignore", "s", word);
    g_menu_append_item (commands, add);
    g_menu_append_item (commands, ignore);
  }

  g_menu_append_section (a->menu, NULL, G_MENU_MODEL (suggestions));
  g_menu_append_section (a->menu, NULL, G_MENU_MODEL (commands));
}

static void
on_click_pressed_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     Attachment      *a)
{
  int offset;

  if (a->buffer != NULL)
    {
      GtkTextView *view = GTK_TEXT_VIEW (a->widget);
      GtkTextIter iter;
      int bx, by;

      gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y,
                                             &bx, &by);
      if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
        {
          g_menu_remove_all (a->menu);
          return;
        }
      offset = gtk_text_iter_get_offset (&iter);
    }
  else
    offset = entry_offset_at (GTK_ENTRY (a->widget), x, y);

  /* Not claimed: the widget's own gesture opens the menu, now showing our items. */
  rebuild_menu (a, offset);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   Attachment            *a)
{
  if (keyval == GDK_KEY_Menu || (keyval == GDK_KEY_F10 && (state & GDK_SHIFT_MASK)))
    {
      if (a->buffer != NULL)
        rebuild_menu (a, cursor_offset (a->buffer));
      else
        rebuild_menu (a, gtk_editable_get_position (GTK_EDITABLE (a->widget)));
    }
  return GDK_EVENT_PROPAGATE;
}

static void
replace_activated_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  Attachment *a = user_data;
  int start, end;
  const char *word, *replacement;

  g_variant_get (parameter, "(ii&s&s)", &start, &end, &word, &replacement);
  if (start < 0 || end < start)
    return;

  if (a->buffer != NULL)
    {
      GtkTextView *view = GTK_TEXT_VIEW (a->widget);
      gboolean editable = gtk_text_view_get_editable (view);
      g_autofree char *current = NULL;
      GtkTextIter s, e;

      if (end > gtk_text_buffer_get_char_count (a->buffer))
        return;
      gtk_text_buffer_get_iter_at_offset (a->buffer, &s, start);
      gtk_text_buffer_get_iter_at_offset (a->buffer, &e, end);
      current = gtk_text_iter_get_slice (&s, &e);
      /* The text moved on since the menu was built: do nothing rather than clobber. */
      if (!editable || g_strcmp0 (current, word) != 0)
        return;

      /* One user action: one undo step in the view's history. */
      gtk_text_buffer_begin_user_action (a->buffer);
      gtk_text_buffer_delete_interactive (a->buffer, &s, &e, editable);
      gtk_text_buffer_insert_interactive (a->buffer, &s, replacement, -1, editable);
      gtk_text_buffer_end_user_action (a->buffer);
    }
  else
    {
      GtkEditable *editable = GTK_EDITABLE (a->widget);
      const char *text = gtk_editable_get_text (editable);
      glong n_chars = g_utf8_strlen (text, -1);
      g_autoptr(GString) result = NULL;
      const char *ps, *pe;

      if (end > n_chars || !gtk_editable_get_editable (editable))
        return;
      ps = g_utf8_offset_to_pointer (text, start);
      pe = g_utf8_offset_to_pointer (text, end);
      if (strlen (word) != (gsize) (pe - ps) || strncmp (ps, word, pe - ps) != 0)
        return;

      /* set_text is a single step in the entry's own undo. */
      result = g_string_new_len (text, ps - text);
      g_string_append (result, replacement);
      g_string_append (result, pe);
      gtk_editable_set_text (editable, result->str);
      gtk_editable_set_position (editable, start + g_utf8_strlen (replacement, -1));
    }
}

static void
add_activated_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  Attachment *a = user_data;
  NdSpellChecker *self = a->self;
  const char *word = g_variant_get_string (parameter, NULL);

  if (!has_dictionary (self) || *word == '\0')
    return;
  /* Appends to $XDG_CONFIG_HOME/enchant/<tag>.dic: a few bytes, on an explicit click. */
  enchant_dict_add (self->current->dict, word, -1);
  recheck_all (self);
}

static void
ignore_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  Attachment *a = user_data;
  NdSpellChecker *self = a->self;
  const char *word = g_variant_get_string (parameter, NULL);

  if (!has_dictionary (self) || *word == '\0')
    return;
  enchant_dict_add_to_session (self->current->dict, word, -1);
  recheck_all (self);
}

/* ------------------------------------------------------------------------------------ */
/* Attaching                                                                             */
/* ------------------------------------------------------------------------------------ */

static Attachment *
attachment_new (NdSpellChecker *self,
                GtkWidget      *widget)
{
  static const GActionEntry entries[] = {
    { "replace", replace_activated_cb, "(iiss)" },
    { "add", add_activated_cb, "s" },
    { "ignore", ignore_activated_cb, "s" },
    { "none", NULL },
  };
  Attachment *a = g_new0 (Attachment, 1);

  a->self = self;
  a->widget = g_object_ref (widget);
  a->menu = g_menu_new ();
  a->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (a->actions), entries, G_N_ELEMENTS (entries),
                                   a);
  g_simple_action_set_enabled (
    G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (a->actions), "none")), FALSE);
  gtk_widget_insert_action_group (widget, "spell", G_ACTION_GROUP (a->actions));

  /* Capture phase: the word is known before the widget's own gesture opens the menu. */
  a->click = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (a->click), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (a->click, GTK_PHASE_CAPTURE);
  g_signal_connect (a->click, "pressed", G_CALLBACK (on_click_pressed_cb), a);
  gtk_widget_add_controller (widget, g_object_ref (a->click));

  a->key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (a->key, GTK_PHASE_CAPTURE);
  g_signal_connect (a->key, "key-pressed", G_CALLBACK (on_key_pressed_cb), a);
  gtk_widget_add_controller (widget, g_object_ref (a->key));

  g_ptr_array_add (self->attachments, a);
  return a;
}

/* Controllers are referenced by the attachment too, so they are alive here even if the
 * widget dropped them. */
static void
remove_controller (GtkWidget           *widget,
                   GtkEventController **controller,
                   gpointer             data)
{
  if (*controller == NULL)
    return;
  g_signal_handlers_disconnect_by_data (*controller, data);
  if (gtk_event_controller_get_widget (*controller) == widget)
    gtk_widget_remove_controller (widget, *controller);
  g_clear_object (controller);
}

static void
attachment_free (gpointer data)
{
  Attachment *a = data;

  if (a->buffer != NULL)
    {
      GtkTextIter start, end;

      g_signal_handlers_disconnect_by_data (a->buffer, a);
      clear_regions (a);
      g_ptr_array_unref (a->regions);
      if (a->skipped != NULL)
        {
          gtk_text_buffer_delete_mark (a->buffer, a->skipped);
          g_clear_object (&a->skipped);
        }
      gtk_text_buffer_get_bounds (a->buffer, &start, &end);
      gtk_text_buffer_remove_tag (a->buffer, a->tag, &start, &end);
      if (gtk_text_view_get_extra_menu (GTK_TEXT_VIEW (a->widget)) == G_MENU_MODEL (a->menu))
        gtk_text_view_set_extra_menu (GTK_TEXT_VIEW (a->widget), NULL);
      g_clear_object (&a->buffer);
    }
  else
    {
      g_signal_handlers_disconnect_by_data (a->widget, a);
      if (a->last_marks != NULL)
        gtk_entry_set_attributes (GTK_ENTRY (a->widget), NULL);
      if (gtk_entry_get_extra_menu (GTK_ENTRY (a->widget)) == G_MENU_MODEL (a->menu))
        gtk_entry_set_extra_menu (GTK_ENTRY (a->widget), NULL);
      remove_controller (a->widget, &a->focus, a);
    }

  remove_controller (a->widget, &a->click, a);
  remove_controller (a->widget, &a->key, a);
  gtk_widget_insert_action_group (a->widget, "spell", NULL);
  g_clear_object (&a->actions);
  g_clear_object (&a->menu);
  g_clear_object (&a->widget);
  g_free (a->last_text);
  g_free (a->last_marks);
  g_free (a);
}

/* ------------------------------------------------------------------------------------ */
/* GObject                                                                               */
/* ------------------------------------------------------------------------------------ */

static void
nd_spell_checker_dispose (GObject *object)
{
  NdSpellChecker *self = ND_SPELL_CHECKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->attachments != NULL)
    g_ptr_array_set_size (self->attachments, 0);
  self->current = NULL;

  G_OBJECT_CLASS (nd_spell_checker_parent_class)->dispose (object);
}

static void
nd_spell_checker_finalize (GObject *object)
{
  NdSpellChecker *self = ND_SPELL_CHECKER (object);

  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_clear_pointer (&self->dictionaries, g_hash_table_unref);
  g_clear_pointer (&self->loading, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_free (self->language);

  G_OBJECT_CLASS (nd_spell_checker_parent_class)->finalize (object);
}

static void
nd_spell_checker_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  NdSpellChecker *self = ND_SPELL_CHECKER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;

    case PROP_DICTIONARY:
      g_value_set_string (value, nd_spell_checker_get_dictionary (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_spell_checker_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  NdSpellChecker *self = ND_SPELL_CHECKER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      nd_spell_checker_set_language (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_spell_checker_class_init (NdSpellCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = nd_spell_checker_dispose;
  object_class->finalize = nd_spell_checker_finalize;
  object_class->get_property = nd_spell_checker_get_property;
  object_class->set_property = nd_spell_checker_set_property;

  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DICTIONARY] =
    g_param_spec_string ("dictionary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
nd_spell_checker_init (NdSpellChecker *self)
{
  self->cancellable = g_cancellable_new ();
  self->attachments = g_ptr_array_new_with_free_func (attachment_free);
  /* Keys are the dictionaries' own language strings. */
  self->dictionaries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, dictionary_free);
  self->loading = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ------------------------------------------------------------------------------------ */
/* Public API                                                                            */
/* ------------------------------------------------------------------------------------ */

NdSpellChecker *
nd_spell_checker_new (void)
{
  return g_object_new (ND_TYPE_SPELL_CHECKER, NULL);
}

void
nd_spell_checker_set_language (NdSpellChecker *self,
                               const char     *bcp47)
{
  Dictionary *cached;

  g_return_if_fail (ND_IS_SPELL_CHECKER (self));

  if (bcp47 != NULL && *bcp47 == '\0')
    bcp47 = NULL;
  if (g_strcmp0 (self->language, bcp47) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (bcp47);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);

  cached = bcp47 != NULL ? g_hash_table_lookup (self->dictionaries, bcp47) : NULL;
  /* Marks of the old language go at once; the new ones come with its dictionary. */
  set_current (self, cached);
  if (bcp47 != NULL && cached == NULL)
    load_dictionary (self, bcp47);
}

const char *
nd_spell_checker_get_language (NdSpellChecker *self)
{
  g_return_val_if_fail (ND_IS_SPELL_CHECKER (self), NULL);
  return self->language;
}

const char *
nd_spell_checker_get_dictionary (NdSpellChecker *self)
{
  g_return_val_if_fail (ND_IS_SPELL_CHECKER (self), NULL);
  return self->current != NULL ? self->current->tag : NULL;
}

void
nd_spell_checker_attach_text_view (NdSpellChecker *self,
                                   GtkTextView    *view)
{
  Attachment *a;
  GtkTextTagTable *table;

  g_return_if_fail (ND_IS_SPELL_CHECKER (self));
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  if (find_attachment (self, GTK_WIDGET (view)) != NULL)
    return;

  a = attachment_new (self, GTK_WIDGET (view));
  a->buffer = g_object_ref (gtk_text_view_get_buffer (view));
  a->regions = g_ptr_array_new ();
  a->edit_offset = -1;

  table = gtk_text_buffer_get_tag_table (a->buffer);
  a->tag = gtk_text_tag_table_lookup (table, MISSPELLED_TAG);
  if (a->tag == NULL)
    {
      GdkRGBA red = { 0xe0 / 255., 0x1b / 255., 0x24 / 255., 1. };

      a->tag = gtk_text_buffer_create_tag (a->buffer, MISSPELLED_TAG,
                                           "underline", PANGO_UNDERLINE_ERROR,
                                           "underline-rgba", &red,
                                           NULL);
    }
  /* Spelling marks are not edits: keep them out of the body's undo history. */
  if (ND_IS_BODY_VIEW (view))
    nd_body_view_ignore_tag (ND_BODY_VIEW (view), a->tag);

  g_signal_connect_after (a->buffer, "insert-text", G_CALLBACK (on_insert_text_after_cb), a);
  g_signal_connect_after (a->buffer, "delete-range", G_CALLBACK (on_delete_range_after_cb), a);
  g_signal_connect (a->buffer, "mark-set", G_CALLBACK (on_mark_set_cb), a);
  gtk_text_view_set_extra_menu (view, G_MENU_MODEL (a->menu));

  if (has_dictionary (self))
    {
      add_whole_buffer (a);
      schedule_check_now (self);
    }
}

void
nd_spell_checker_attach_entry (NdSpellChecker *self,
                               GtkEntry       *entry)
{
  Attachment *a;

  g_return_if_fail (ND_IS_SPELL_CHECKER (self));
  g_return_if_fail (GTK_IS_ENTRY (entry));

  if (find_attachment (self, GTK_WIDGET (entry)) != NULL)
    return;

  a = attachment_new (self, GTK_WIDGET (entry));
  a->focus = gtk_event_controller_focus_new ();
  gtk_widget_add_controller (GTK_WIDGET (entry), g_object_ref (a->focus));
  g_signal_connect_swapped (a->focus, "leave", G_CALLBACK (on_entry_cursor_notify_cb), a);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_entry_changed_cb), a);
  g_signal_connect_swapped (entry, "notify::cursor-position",
                            G_CALLBACK (on_entry_cursor_notify_cb), a);
  gtk_entry_set_extra_menu (entry, G_MENU_MODEL (a->menu));

  if (has_dictionary (self))
    {
      a->entry_dirty = TRUE;
      schedule_check_now (self);
    }
}

gboolean
nd_spell_checker_check_word (NdSpellChecker *self,
                             const char     *word)
{
  g_autoptr(GArray) words = NULL;

  g_return_val_if_fail (ND_IS_SPELL_CHECKER (self), TRUE);
  g_return_val_if_fail (word != NULL, TRUE);

  if (!has_dictionary (self))
    return TRUE;
  /* The same rules as in the widgets: URLs, numbers and acronyms pass. */
  words = split_words (word);
  for (guint i = 0; i < words->len; i++)
    {
      Word *w = &g_array_index (words, Word, i);

      if (!dict_accepts (self, word + w->bstart, w->bend - w->bstart))
        return FALSE;
    }
  return TRUE;
}

char **
nd_spell_checker_suggest (NdSpellChecker *self,
                          const char     *word)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (ND_IS_SPELL_CHECKER (self), NULL);
  g_return_val_if_fail (word != NULL, NULL);

  if (has_dictionary (self) && *word != '\0')
    {
      size_t n = 0;
      char **list = enchant_dict_suggest (self->current->dict, word, -1, &n);

      for (size_t i = 0; i < n && i < MAX_SUGGESTIONS; i++)
        g_strv_builder_add (builder, list[i]);
      if (list != NULL)
        enchant_dict_free_string_list (self->current->dict, list);
    }
  return g_strv_builder_end (builder);
}

gboolean
nd_spell_checker_get_pending (NdSpellChecker *self)
{
  g_return_val_if_fail (ND_IS_SPELL_CHECKER (self), FALSE);

  if (self->language != NULL && self->current == NULL)
    return TRUE;
  for (guint i = 0; i < self->attachments->len; i++)
    if (attachment_pending (g_ptr_array_index (self->attachments, i)))
      return TRUE;
  return FALSE;
}

GMenuModel *
nd_spell_checker_update_menu (NdSpellChecker *self,
                              GtkWidget      *widget,
                              int             offset)
{
  Attachment *a;

  g_return_val_if_fail (ND_IS_SPELL_CHECKER (self), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  a = find_attachment (self, widget);
  g_return_val_if_fail (a != NULL, NULL);

  rebuild_menu (a, offset);
  return G_MENU_MODEL (a->menu);
}
