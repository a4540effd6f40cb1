/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-body-view"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <string.h>

#include "nd-body-view.h"
#include "nd-html.h"

/*
 * How the buffer encodes the HTML subset:
 *
 *  - one block = one buffer line; its kind is a tag ("h2", "h3", "quote", "bullet",
 *    "numbered") over the whole line including its "\n" (no tag = paragraph). GtkTextView
 *    takes paragraph attributes from the line's first character, and so do we. The empty
 *    last line has no character to carry a tag: its kind lives in tail_kind.
 *  - inline styles are the "bold" and "italic" tags; a link is an anonymous tag per
 *    distinct href (object data "nd-href"), kept in link_tags.
 *
 * Undo records every primitive buffer change (insert, delete, tag change, tail kind) from
 * the buffer's own signals, grouped into steps by user actions. Each record is O(size of
 * the change), never of the document, so typing stays O(1) per keystroke.
 */

#define HISTORY_LIMIT        1000
#define WORD_COUNT_DELAY_MS  250
#define VIEW_MARGIN          12
#define LIST_INDENT          28
#define MARKER_GAP           8

typedef enum
{
  OP_INSERT,
  OP_DELETE,
  OP_TAG,
  OP_TAIL,
} OpType;

typedef struct
{
  GtkTextTag *tag;    /* owned */
  int         start;
  int         end;
} Span;

typedef struct
{
  OpType           type;
  int              offset;     /* INSERT, DELETE */
  int              n_chars;
  char            *text;
  GArray          *spans;      /* of Span: the text's tags (INSERT: the ones it picked up
                                * from its neighbours; DELETE: all), or for TAG the
                                * ranges whose state actually changed */
  GtkTextTag      *tag;        /* TAG, owned */
  gboolean         on;         /* TAG: applied (TRUE) or removed */
  NdHtmlBlockKind  old_kind;   /* TAIL */
  NdHtmlBlockKind  new_kind;
} Op;

typedef enum
{
  STEP_OTHER,
  STEP_TYPING,
  STEP_DELETING,
} StepKind;

typedef struct
{
  GPtrArray *ops;    /* of Op* */
  StepKind   kind;
  int        start;  /* TYPING: first typed offset; DELETING: start of the deleted run */
  int        end;    /* TYPING: offset after the last typed char; DELETING: its end */
  gunichar   last;   /* the last typed (deleted) character, for word boundaries */
} Step;

struct _NdBodyView
{
  GtkTextView          parent_instance;

  GtkTextBuffer       *buffer;
  GtkTextTag          *block_tags[ND_HTML_BLOCK_NUMBERED + 1];  /* [PARAGRAPH] is NULL */
  GtkTextTag          *bold_tag;
  GtkTextTag          *italic_tag;
  GHashTable          *link_tags;   /* href → GtkTextTag, owned by the tag table */
  GHashTable          *ignored_tags; /* foreign tags kept out of the history (spelling) */
  NdHtmlBlockKind      tail_kind;

  GQueue               undo_stack;  /* of Step*, newest at the tail */
  GQueue               redo_stack;
  Step                *step;        /* being recorded */
  guint                close_step_id;

  guint                user_action : 1;
  guint                loading : 1;
  guint                replaying : 1;
  guint                raw_insert : 1;
  guint                break_coalesce : 1;
  guint                typing_style_set : 1;
  guint                typing_bold : 1;
  guint                typing_italic : 1;
  guint                merge_pending : 1;
  guint                merge_multiline : 1;
  NdHtmlBlockKind      merge_kind;

  guint                word_count;
  guint                word_count_id;

  GdkRGBA              text_color;
  GdkRGBA              link_color;

  GSimpleActionGroup  *toolbar_actions;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (NdBodyView, nd_body_view, GTK_TYPE_TEXT_VIEW)

enum
{
  PROP_0,
  PROP_WORD_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *action_names[] = {
  "undo", "redo", "bold", "italic", "link", "heading2", "heading3", "paragraph", "quote",
  "bullets", "numbers",
};

/* ------------------------------------------------------------------------------------ */
/* Tags                                                                                  */
/* ------------------------------------------------------------------------------------ */

static void
get_iter (NdBodyView  *self,
          GtkTextIter *iter,
          int          offset)
{
  gtk_text_buffer_get_iter_at_offset (self->buffer, iter, offset);
}

static const char *
tag_href (GtkTextTag *tag)
{
  return g_object_get_data (G_OBJECT (tag), "nd-href");
}

static GtkTextTag *
lookup_link_tag (NdBodyView *self,
                 const char *href)
{
  GtkTextTag *tag = g_hash_table_lookup (self->link_tags, href);

  if (tag == NULL)
    {
      tag = gtk_text_tag_new (NULL);
      g_object_set (tag,
                    "underline", PANGO_UNDERLINE_SINGLE,
                    "foreground-rgba", &self->link_color,
                    NULL);
      g_object_set_data_full (G_OBJECT (tag), "nd-href", g_strdup (href), g_free);
      gtk_text_tag_table_add (gtk_text_buffer_get_tag_table (self->buffer), tag);
      g_hash_table_insert (self->link_tags, g_strdup (href), tag);
      g_object_unref (tag);
    }
  return tag;
}

static GtkTextTag *
link_tag_at (const GtkTextIter *iter)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    if (tag_href (l->data) != NULL)
      return l->data;
  return NULL;
}

/* Every tag the view owns: block tags, inline tags, links. */
static GPtrArray *
all_tags (NdBodyView *self)
{
  GPtrArray *tags = g_ptr_array_new ();
  GHashTableIter it;
  gpointer value;

  for (guint k = ND_HTML_BLOCK_HEADING2; k <= ND_HTML_BLOCK_NUMBERED; k++)
    g_ptr_array_add (tags, self->block_tags[k]);
  g_ptr_array_add (tags, self->bold_tag);
  g_ptr_array_add (tags, self->italic_tag);
  g_hash_table_iter_init (&it, self->link_tags);
  while (g_hash_table_iter_next (&it, NULL, &value))
    g_ptr_array_add (tags, value);
  return tags;
}

static gboolean
range_has_tag (GtkTextTag        *tag,
               const GtkTextIter *start,
               const GtkTextIter *end)
{
  GtkTextIter iter = *start;

  if (gtk_text_iter_compare (start, end) >= 0)
    return FALSE;
  if (gtk_text_iter_has_tag (start, tag))
    return TRUE;
  return gtk_text_iter_forward_to_tag_toggle (&iter, tag) && gtk_text_iter_compare (&iter, end) < 0;
}

static gboolean
range_lacks_tag (GtkTextTag        *tag,
                 const GtkTextIter *start,
                 const GtkTextIter *end)
{
  GtkTextIter iter = *start;

  if (gtk_text_iter_compare (start, end) >= 0)
    return FALSE;
  if (!gtk_text_iter_has_tag (start, tag))
    return TRUE;
  return gtk_text_iter_forward_to_tag_toggle (&iter, tag) && gtk_text_iter_compare (&iter, end) < 0;
}

static void
span_clear (gpointer data)
{
  Span *span = data;

  g_clear_object (&span->tag);
}

static GArray *
span_array_new (void)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (Span));

  g_array_set_clear_func (spans, span_clear);
  return spans;
}

/* Appends to spans the parts of [start, end) where tag is present (or absent). Uses the
 * tag's own toggles, which the B-tree finds without walking the text. */
static void
collect_tag_ranges (GArray            *spans,
                    GtkTextTag        *tag,
                    const GtkTextIter *start,
                    const GtkTextIter *end,
                    gboolean           present)
{
  GtkTextIter iter = *start;

  while (gtk_text_iter_compare (&iter, end) < 0)
    {
      gboolean has = gtk_text_iter_has_tag (&iter, tag);
      GtkTextIter next = iter;

      if (!gtk_text_iter_forward_to_tag_toggle (&next, tag) || gtk_text_iter_compare (&next, end) > 0)
        next = *end;
      if (has == present)
        {
          Span span = { g_object_ref (tag), gtk_text_iter_get_offset (&iter),
                        gtk_text_iter_get_offset (&next) };

          g_array_append_val (spans, span);
        }
      iter = next;
    }
}

/* All tags of [start, end), as spans. */
static GArray *
collect_spans (NdBodyView        *self,
               const GtkTextIter *start,
               const GtkTextIter *end)
{
  GArray *spans = span_array_new ();
  int start_offset = gtk_text_iter_get_offset (start);
  int end_offset = gtk_text_iter_get_offset (end);

  if (end_offset - start_offset == 1)
    {
      /* The keystroke case: one character, one lookup. */
      g_autoptr(GSList) tags = gtk_text_iter_get_tags (start);

      for (GSList *l = tags; l != NULL; l = l->next)
        {
          Span span = { NULL, start_offset, end_offset };

          if (g_hash_table_contains (self->ignored_tags, l->data))
            continue;
          span.tag = g_object_ref (l->data);
          g_array_append_val (spans, span);
        }
    }
  else if (end_offset > start_offset)
    {
      g_autoptr(GPtrArray) tags = all_tags (self);

      for (guint i = 0; i < tags->len; i++)
        collect_tag_ranges (spans, g_ptr_array_index (tags, i), start, end, TRUE);
    }
  return spans;
}

static void
strip_tags (NdBodyView        *self,
            const GtkTextIter *start,
            const GtkTextIter *end)
{
  g_autoptr(GPtrArray) tags = all_tags (self);

  for (guint i = 0; i < tags->len; i++)
    {
      GtkTextTag *tag = g_ptr_array_index (tags, i);

      if (range_has_tag (tag, start, end))
        gtk_text_buffer_remove_tag (self->buffer, tag, start, end);
    }
}

static void
apply_spans (NdBodyView *self,
             GArray     *spans)
{
  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      Span *span = &g_array_index (spans, Span, i);
      GtkTextIter start, end;

      get_iter (self, &start, span->start);
      get_iter (self, &end, span->end);
      gtk_text_buffer_apply_tag (self->buffer, span->tag, &start, &end);
    }
}

static void
set_tag (NdBodyView        *self,
         GtkTextTag        *tag,
         const GtkTextIter *start,
         const GtkTextIter *end,
         gboolean           on)
{
  if (on && range_lacks_tag (tag, start, end))
    gtk_text_buffer_apply_tag (self->buffer, tag, start, end);
  else if (!on && range_has_tag (tag, start, end))
    gtk_text_buffer_remove_tag (self->buffer, tag, start, end);
}

/* ------------------------------------------------------------------------------------ */
/* Blocks                                                                                */
/* ------------------------------------------------------------------------------------ */

static NdHtmlBlockKind
kind_at_char (NdBodyView        *self,
              const GtkTextIter *iter)
{
  for (guint k = ND_HTML_BLOCK_HEADING2; k <= ND_HTML_BLOCK_NUMBERED; k++)
    if (gtk_text_iter_has_tag (iter, self->block_tags[k]))
      return k;
  return ND_HTML_BLOCK_PARAGRAPH;
}

static NdHtmlBlockKind
line_kind (NdBodyView        *self,
           const GtkTextIter *iter)
{
  GtkTextIter start = *iter;

  gtk_text_iter_set_line_offset (&start, 0);
  if (gtk_text_iter_is_end (&start))
    return self->tail_kind;
  return kind_at_char (self, &start);
}

static gboolean
is_list_kind (NdHtmlBlockKind kind)
{
  return kind == ND_HTML_BLOCK_BULLET || kind == ND_HTML_BLOCK_NUMBERED
         || kind == ND_HTML_BLOCK_QUOTE;
}

static gboolean recording (NdBodyView *self);
static void     record_op (NdBodyView *self,
                           Op         *op);

static void
set_tail_kind (NdBodyView      *self,
               NdHtmlBlockKind  kind)
{
  if (kind == self->tail_kind)
    return;
  if (recording (self))
    {
      Op *op = g_new0 (Op, 1);

      op->type = OP_TAIL;
      op->old_kind = self->tail_kind;
      op->new_kind = kind;
      record_op (self, op);
    }
  self->tail_kind = kind;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_range_kind (NdBodyView        *self,
                const GtkTextIter *start,
                const GtkTextIter *end,
                NdHtmlBlockKind    kind)
{
  for (guint k = ND_HTML_BLOCK_HEADING2; k <= ND_HTML_BLOCK_NUMBERED; k++)
    set_tag (self, self->block_tags[k], start, end, k == kind);
}

/* Makes the line at iter (with its "\n") one block of the given kind. O(line). */
static void
set_line_kind (NdBodyView        *self,
               const GtkTextIter *iter,
               NdHtmlBlockKind    kind)
{
  GtkTextIter start = *iter;
  GtkTextIter end;

  gtk_text_iter_set_line_offset (&start, 0);
  end = start;
  gtk_text_iter_forward_line (&end);
  if (gtk_text_iter_equal (&start, &end))
    set_tail_kind (self, kind);
  else
    set_range_kind (self, &start, &end, kind);
}

static NdHtmlBlockKind
kind_after_break (NdHtmlBlockKind kind)
{
  /* A new line after a heading is body text; lists and quotes continue. */
  if (kind == ND_HTML_BLOCK_HEADING2 || kind == ND_HTML_BLOCK_HEADING3)
    return ND_HTML_BLOCK_PARAGRAPH;
  return kind;
}

/* ------------------------------------------------------------------------------------ */
/* History                                                                               */
/* ------------------------------------------------------------------------------------ */

static void
op_free (gpointer data)
{
  Op *op = data;

  /* NULL when the op moved to another step. */
  if (op == NULL)
    return;
  g_free (op->text);
  g_clear_pointer (&op->spans, g_array_unref);
  g_clear_object (&op->tag);
  g_free (op);
}

static Step *
step_new (void)
{
  Step *step = g_new0 (Step, 1);

  step->ops = g_ptr_array_new_with_free_func (op_free);
  return step;
}

static void
step_free (gpointer data)
{
  Step *step = data;

  g_ptr_array_unref (step->ops);
  g_free (step);
}

static gboolean
recording (NdBodyView *self)
{
  return !self->loading && !self->replaying;
}

static void close_step (NdBodyView *self);

static gboolean
close_step_idle_cb (gpointer data)
{
  NdBodyView *self = data;

  self->close_step_id = 0;
  close_step (self);
  return G_SOURCE_REMOVE;
}

static void
record_op (NdBodyView *self,
           Op         *op)
{
  if (self->step == NULL)
    self->step = step_new ();
  /* Changes made outside a user action (code calling gtk_text_buffer_insert, AT-SPI
   * setTextContents) are one step up to the next idle. */
  if (!self->user_action && self->close_step_id == 0)
    self->close_step_id = g_idle_add (close_step_idle_cb, self);
  g_ptr_array_add (self->step->ops, op);
}

static void
classify_step (Step *step)
{
  Op *first = g_ptr_array_index (step->ops, 0);

  step->kind = STEP_OTHER;
  if (first->type == OP_INSERT && first->n_chars == 1 && first->text[0] != '\n')
    {
      for (guint i = 1; i < step->ops->len; i++)
        {
          Op *op = g_ptr_array_index (step->ops, i);

          if (op->type != OP_TAG)
            return;
        }
      step->kind = STEP_TYPING;
      step->start = first->offset;
      step->end = first->offset + 1;
      step->last = g_utf8_get_char (first->text);
    }
  else if (step->ops->len == 1 && first->type == OP_DELETE && first->n_chars == 1
           && first->text[0] != '\n')
    {
      step->kind = STEP_DELETING;
      step->start = first->offset;
      step->end = first->offset + 1;
      step->last = g_utf8_get_char (first->text);
    }
}

/* Typing coalesces into word-sized steps: a word and the spaces after it. */
static gboolean
try_merge (Step *top,
           Step *step)
{
  if (top->kind != step->kind)
    return FALSE;

  if (step->kind == STEP_TYPING)
    {
      if (step->start != top->end
          || (g_unichar_isspace (top->last) && !g_unichar_isspace (step->last)))
        return FALSE;
      top->end = step->end;
    }
  else if (step->kind == STEP_DELETING)
    {
      gboolean backspace = step->end == top->start;

      if ((!backspace && step->start != top->start)
          || (g_unichar_isspace (step->last) && !g_unichar_isspace (top->last)))
        return FALSE;
      if (backspace)
        top->start = step->start;
    }
  else
    return FALSE;

  top->last = step->last;
  for (guint i = 0; i < step->ops->len; i++)
    g_ptr_array_add (top->ops, g_steal_pointer (&step->ops->pdata[i]));
  g_ptr_array_set_size (step->ops, 0);
  return TRUE;
}

static void
clear_queue (GQueue *queue)
{
  Step *step;

  while ((step = g_queue_pop_head (queue)) != NULL)
    step_free (step);
}

static void
update_history_actions (NdBodyView *self)
{
  gboolean can_undo = !g_queue_is_empty (&self->undo_stack);
  gboolean can_redo = !g_queue_is_empty (&self->redo_stack);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "body.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "body.redo", can_redo);
  if (self->toolbar_actions != NULL)
    {
      GAction *undo = g_action_map_lookup_action (G_ACTION_MAP (self->toolbar_actions), "undo");
      GAction *redo = g_action_map_lookup_action (G_ACTION_MAP (self->toolbar_actions), "redo");

      g_simple_action_set_enabled (G_SIMPLE_ACTION (undo), can_undo);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (redo), can_redo);
    }
}

static gboolean
word_count_timeout_cb (gpointer data)
{
  NdBodyView *self = data;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  guint count;

  self->word_count_id = 0;
  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  text = gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
  count = nd_text_count_words (text);
  if (count != self->word_count)
    {
      self->word_count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORD_COUNT]);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_word_count (NdBodyView *self)
{
  g_clear_handle_id (&self->word_count_id, g_source_remove);
  self->word_count_id = g_timeout_add (WORD_COUNT_DELAY_MS, word_count_timeout_cb, self);
}

static void
content_changed (NdBodyView *self)
{
  update_history_actions (self);
  schedule_word_count (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
close_step (NdBodyView *self)
{
  Step *step = g_steal_pointer (&self->step);
  Step *top;

  g_clear_handle_id (&self->close_step_id, g_source_remove);
  if (step == NULL)
    return;
  if (step->ops->len == 0)
    {
      step_free (step);
      return;
    }

  classify_step (step);
  top = g_queue_peek_tail (&self->undo_stack);
  if (top != NULL && !self->break_coalesce && try_merge (top, step))
    step_free (step);
  else
    {
      g_queue_push_tail (&self->undo_stack, step);
      if (g_queue_get_length (&self->undo_stack) > HISTORY_LIMIT)
        step_free (g_queue_pop_head (&self->undo_stack));
    }
  clear_queue (&self->redo_stack);
  self->break_coalesce = FALSE;
  content_changed (self);
}

static void
replay_op (NdBodyView *self,
           Op         *op,
           gboolean    undo)
{
  GtkTextIter start, end;

  switch (op->type)
    {
    case OP_INSERT:
    case OP_DELETE:
      get_iter (self, &start, op->offset);
      if ((op->type == OP_INSERT) == undo)
        {
          get_iter (self, &end, op->offset + op->n_chars);
          gtk_text_buffer_delete (self->buffer, &start, &end);
        }
      else
        {
          /* Re-inserted text may pick up its neighbours' tags: reset it to exactly the
           * tags it had then. */
          gtk_text_buffer_insert (self->buffer, &start, op->text, -1);
          get_iter (self, &start, op->offset);
          get_iter (self, &end, op->offset + op->n_chars);
          strip_tags (self, &start, &end);
          apply_spans (self, op->spans);
        }
      break;

    case OP_TAG:
      for (guint i = 0; i < op->spans->len; i++)
        {
          Span *span = &g_array_index (op->spans, Span, i);

          get_iter (self, &start, span->start);
          get_iter (self, &end, span->end);
          if (op->on != undo)
            gtk_text_buffer_apply_tag (self->buffer, op->tag, &start, &end);
          else
            gtk_text_buffer_remove_tag (self->buffer, op->tag, &start, &end);
        }
      break;

    case OP_TAIL:
      self->tail_kind = undo ? op->old_kind : op->new_kind;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Where the cursor goes after a step is undone or redone: at the edit. */
static int
step_cursor (Step     *step,
             gboolean  undo)
{
  for (guint n = 0; n < step->ops->len; n++)
    {
      Op *op = g_ptr_array_index (step->ops, undo ? n : step->ops->len - 1 - n);

      if (op->type == OP_INSERT)
        return undo ? op->offset : op->offset + op->n_chars;
      if (op->type == OP_DELETE)
        return undo ? op->offset + op->n_chars : op->offset;
    }
  return -1;
}

static void
replay_step (NdBodyView *self,
             gboolean    undo)
{
  GQueue *from = undo ? &self->undo_stack : &self->redo_stack;
  GQueue *to = undo ? &self->redo_stack : &self->undo_stack;
  Step *step;
  int cursor;

  close_step (self);
  step = g_queue_pop_tail (from);
  if (step == NULL)
    return;

  self->replaying = TRUE;
  if (undo)
    for (guint i = step->ops->len; i > 0; i--)
      replay_op (self, g_ptr_array_index (step->ops, i - 1), TRUE);
  else
    for (guint i = 0; i < step->ops->len; i++)
      replay_op (self, g_ptr_array_index (step->ops, i), FALSE);

  cursor = step_cursor (step, undo);
  if (cursor >= 0)
    {
      GtkTextIter iter;

      get_iter (self, &iter, cursor);
      gtk_text_buffer_place_cursor (self->buffer, &iter);
      gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self),
                                          gtk_text_buffer_get_insert (self->buffer));
    }
  self->replaying = FALSE;

  g_queue_push_tail (to, step);
  self->break_coalesce = TRUE;
  self->typing_style_set = FALSE;
  content_changed (self);
}

/* ------------------------------------------------------------------------------------ */
/* Reading the buffer                                                                    */
/* ------------------------------------------------------------------------------------ */

static NdHtmlDoc *
build_doc (NdBodyView        *self,
           const GtkTextIter *start,
           const GtkTextIter *end)
{
  NdHtmlDoc *doc = nd_html_doc_new ();
  GtkTextIter line = *start;
  GtkTextIter toggle = *start;

  /* The next toggle of any tag is remembered across lines: searching for it walks the
   * text, and untagged stretches must be walked only once. */
  gtk_text_iter_forward_to_tag_toggle (&toggle, NULL);

  while (gtk_text_iter_compare (&line, end) < 0)
    {
      NdHtmlBlock *block = nd_html_doc_append_block (doc, line_kind (self, &line));
      GtkTextIter line_end = line;
      GtkTextIter iter = line;

      if (!gtk_text_iter_ends_line (&line_end))
        gtk_text_iter_forward_to_line_end (&line_end);
      if (gtk_text_iter_compare (&line_end, end) > 0)
        line_end = *end;

      while (gtk_text_iter_compare (&iter, &line_end) < 0)
        {
          GtkTextIter next;
          g_autofree char *text = NULL;
          g_autoptr(GSList) tags = gtk_text_iter_get_tags (&iter);
          NdHtmlStyle style = ND_HTML_STYLE_NONE;
          const char *href = NULL;

          while (gtk_text_iter_compare (&toggle, &iter) <= 0 && !gtk_text_iter_is_end (&toggle))
            gtk_text_iter_forward_to_tag_toggle (&toggle, NULL);
          next = gtk_text_iter_compare (&toggle, &line_end) < 0 ? toggle : line_end;

          for (GSList *l = tags; l != NULL; l = l->next)
            {
              if (l->data == self->bold_tag)
                style |= ND_HTML_STYLE_BOLD;
              else if (l->data == self->italic_tag)
                style |= ND_HTML_STYLE_ITALIC;
              else if (href == NULL)
                href = tag_href (l->data);
            }
          text = gtk_text_iter_get_text (&iter, &next);
          nd_html_block_append_run (block, text, style, href);
          iter = next;
        }

      if (gtk_text_iter_compare (&line_end, end) >= 0)
        break;
      line = line_end;
      if (!gtk_text_iter_forward_line (&line))
        break;
    }
  return doc;
}

/* ------------------------------------------------------------------------------------ */
/* Writing into the buffer                                                               */
/* ------------------------------------------------------------------------------------ */

static void
set_inline (NdBodyView        *self,
            const GtkTextIter *start,
            const GtkTextIter *end,
            NdHtmlStyle        style,
            GtkTextTag        *link)
{
  set_tag (self, self->bold_tag, start, end, (style & ND_HTML_STYLE_BOLD) != 0);
  set_tag (self, self->italic_tag, start, end, (style & ND_HTML_STYLE_ITALIC) != 0);

  if (gtk_text_iter_get_offset (end) - gtk_text_iter_get_offset (start) == 1)
    {
      g_autoptr(GSList) tags = gtk_text_iter_get_tags (start);

      for (GSList *l = tags; l != NULL; l = l->next)
        if (tag_href (l->data) != NULL && l->data != link)
          gtk_text_buffer_remove_tag (self->buffer, l->data, start, end);
    }
  else
    {
      GHashTableIter it;
      gpointer value;

      g_hash_table_iter_init (&it, self->link_tags);
      while (g_hash_table_iter_next (&it, NULL, &value))
        if (value != link && range_has_tag (value, start, end))
          gtk_text_buffer_remove_tag (self->buffer, value, start, end);
    }
  if (link != NULL)
    set_tag (self, link, start, end, TRUE);
}

/* Gives freshly typed text [start, end) the block kind of its line and the style of the
 * text it continues. O(inserted text + touched lines). */
static void
autotag (NdBodyView        *self,
         const GtkTextIter *start,
         const GtkTextIter *end)
{
  GtkTextIter line_start = *start;
  GtkTextIter prev = *start;
  NdHtmlBlockKind kind;
  NdHtmlStyle style = ND_HTML_STYLE_NONE;
  GtkTextTag *link = NULL;
  gboolean has_prev;
  gboolean multiline;
  int first_line;
  int last_line;

  gtk_text_iter_set_line_offset (&line_start, 0);
  has_prev = !gtk_text_iter_equal (&line_start, start);
  first_line = gtk_text_iter_get_line (start);
  last_line = gtk_text_iter_get_line (end);
  multiline = first_line != last_line;

  /* The kind of the line typed into: from the text before, else the text after
   * (the rest of the line, or its "\n"), else the empty last line's. */
  if (has_prev)
    {
      gtk_text_iter_backward_char (&prev);
      kind = kind_at_char (self, &line_start);
    }
  else if (!gtk_text_iter_is_end (end))
    kind = kind_at_char (self, end);
  else
    kind = self->tail_kind;

  if (self->typing_style_set)
    {
      if (self->typing_bold)
        style |= ND_HTML_STYLE_BOLD;
      if (self->typing_italic)
        style |= ND_HTML_STYLE_ITALIC;
    }
  else
    {
      const GtkTextIter *from = NULL;

      if (has_prev)
        from = &prev;
      else if (!multiline && !gtk_text_iter_ends_line (end))
        from = end;
      if (from != NULL && gtk_text_iter_has_tag (from, self->bold_tag))
        style |= ND_HTML_STYLE_BOLD;
      if (from != NULL && gtk_text_iter_has_tag (from, self->italic_tag))
        style |= ND_HTML_STYLE_ITALIC;
    }

  /* Typing inside a link extends it; typing at its edges does not. */
  if (has_prev && !multiline && !gtk_text_iter_ends_line (end))
    {
      GtkTextTag *before = link_tag_at (&prev);

      if (before != NULL && gtk_text_iter_has_tag (end, before))
        link = before;
    }

  set_inline (self, start, end, style, link);

  if (!multiline)
    set_range_kind (self, start, end, kind);
  else
    {
      NdHtmlBlockKind next_kind = kind_after_break (kind);
      GtkTextIter first_end = *start;
      GtkTextIter iter;

      gtk_text_iter_forward_line (&first_end);
      set_range_kind (self, start, &first_end, kind);
      for (int line = first_line + 1; line < last_line; line++)
        {
          gtk_text_buffer_get_iter_at_line (self->buffer, &iter, line);
          set_line_kind (self, &iter, next_kind);
        }
      /* Enter at the end of a line starts a fresh block; in the middle, both halves
       * keep the kind. */
      set_line_kind (self, end, gtk_text_iter_ends_line (end) ? next_kind : kind);
    }
}

/* Inserts doc at the cursor, replacing the selection, as one undo step. With
 * keep_kinds, the lines take the kind of the line pasted into (plain text). */
static void
insert_doc (NdBodyView *self,
            NdHtmlDoc  *doc,
            gboolean    plain)
{
  GtkTextBuffer *buffer = self->buffer;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (int) * 2);
  GtkTextIter iter, start, end;
  NdHtmlBlockKind kind;
  gboolean line_was_empty;
  int offset;
  int n_chars = 0;
  int first_line;

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, gtk_text_view_get_editable (GTK_TEXT_VIEW (self)));

  if (doc->blocks->len == 0)
    {
      gtk_text_buffer_end_user_action (buffer);
      return;
    }

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  kind = line_kind (self, &iter);
  line_was_empty = gtk_text_iter_starts_line (&iter) && gtk_text_iter_ends_line (&iter);
  offset = gtk_text_iter_get_offset (&iter);
  first_line = gtk_text_iter_get_line (&iter);

  for (guint b = 0; b < doc->blocks->len; b++)
    {
      NdHtmlBlock *block = g_ptr_array_index (doc->blocks, b);

      if (b > 0)
        {
          g_string_append_c (text, '\n');
          n_chars++;
        }
      for (guint r = 0; r < block->runs->len; r++)
        {
          NdHtmlRun *run = g_ptr_array_index (block->runs, r);
          int bounds[2] = { n_chars, 0 };

          g_string_append (text, run->text);
          n_chars += g_utf8_strlen (run->text, -1);
          bounds[1] = n_chars;
          g_array_append_val (runs, bounds);
        }
    }

  self->raw_insert = TRUE;
  gtk_text_buffer_insert (buffer, &iter, text->str, text->len);
  self->raw_insert = FALSE;

  for (guint b = 0, i = 0; b < doc->blocks->len; b++)
    {
      NdHtmlBlock *block = g_ptr_array_index (doc->blocks, b);
      NdHtmlBlockKind block_kind;

      for (guint r = 0; r < block->runs->len; r++, i++)
        {
          NdHtmlRun *run = g_ptr_array_index (block->runs, r);
          int *bounds = &g_array_index (runs, int, 2 * i);

          get_iter (self, &start, offset + bounds[0]);
          get_iter (self, &end, offset + bounds[1]);
          set_inline (self, &start, &end, plain ? ND_HTML_STYLE_NONE : run->style,
                      run->href != NULL ? lookup_link_tag (self, run->href) : NULL);
        }

      if (plain)
        block_kind = b == 0 ? kind : kind_after_break (kind);
      else if (b == 0)
        block_kind = line_was_empty ? block->kind : kind;
      else
        block_kind = block->kind;
      gtk_text_buffer_get_iter_at_line (buffer, &start, first_line + b);
      set_line_kind (self, &start, block_kind);
    }

  get_iter (self, &iter, offset + n_chars);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self), gtk_text_buffer_get_insert (buffer));
}

/* ------------------------------------------------------------------------------------ */
/* Formatting                                                                            */
/* ------------------------------------------------------------------------------------ */

static void
toggle_inline (NdBodyView *self,
               GtkTextTag *tag)
{
  GtkTextIter start, end;

  if (gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end))
    {
      gboolean on = range_lacks_tag (tag, &start, &end);

      gtk_text_buffer_begin_user_action (self->buffer);
      set_tag (self, tag, &start, &end, on);
      gtk_text_buffer_end_user_action (self->buffer);
      return;
    }

  /* No selection: the style of what is typed next, until the cursor moves. */
  if (!self->typing_style_set)
    {
      GtkTextIter prev = start;
      gboolean has_prev = !gtk_text_iter_starts_line (&start) && gtk_text_iter_backward_char (&prev);

      self->typing_bold = has_prev && gtk_text_iter_has_tag (&prev, self->bold_tag);
      self->typing_italic = has_prev && gtk_text_iter_has_tag (&prev, self->italic_tag);
      self->typing_style_set = TRUE;
    }
  if (tag == self->bold_tag)
    self->typing_bold = !self->typing_bold;
  else
    self->typing_italic = !self->typing_italic;
}

static void
set_block_kind (NdBodyView      *self,
                NdHtmlBlockKind  kind)
{
  GtkTextIter start, end, iter;
  int first, last;
  gboolean all_same = TRUE;

  gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end);
  first = gtk_text_iter_get_line (&start);
  last = gtk_text_iter_get_line (&end);
  /* A selection ending at the start of a line does not include that line. */
  if (last > first && gtk_text_iter_starts_line (&end))
    last--;

  for (int line = first; line <= last && all_same; line++)
    {
      gtk_text_buffer_get_iter_at_line (self->buffer, &iter, line);
      all_same = line_kind (self, &iter) == kind;
    }
  /* Toggle: a heading button on a heading makes it a paragraph again. */
  if (all_same)
    kind = ND_HTML_BLOCK_PARAGRAPH;

  gtk_text_buffer_begin_user_action (self->buffer);
  for (int line = first; line <= last; line++)
    {
      gtk_text_buffer_get_iter_at_line (self->buffer, &iter, line);
      set_line_kind (self, &iter, kind);
    }
  gtk_text_buffer_end_user_action (self->buffer);
}

/* ------------------------------------------------------------------------------------ */
/* Link dialog                                                                           */
/* ------------------------------------------------------------------------------------ */

typedef struct
{
  NdBodyView  *self;
  GtkTextMark *start;
  GtkTextMark *end;
  GtkEntry    *entry;
  GtkLabel    *error;
} LinkDialog;

static void
link_dialog_free (gpointer data)
{
  LinkDialog *ld = data;
  GtkTextBuffer *buffer = gtk_text_mark_get_buffer (ld->start);

  if (buffer != NULL)
    {
      gtk_text_buffer_delete_mark (buffer, ld->start);
      gtk_text_buffer_delete_mark (buffer, ld->end);
    }
  g_object_unref (ld->start);
  g_object_unref (ld->end);
  g_object_unref (ld->self);
  g_free (ld);
}

/* What people type: "example.com" means https://example.com, "a@b.org" a mailto. */
static char *
normalize_url (const char *text)
{
  g_autofree char *url = g_strstrip (g_strdup (text));

  if (*url != '\0' && strchr (url, ':') == NULL && strchr (url, '.') != NULL
      && strpbrk (url, " \t\n") == NULL)
    {
      if (strchr (url, '@') != NULL && strchr (url, '/') == NULL)
        return g_strconcat ("mailto:", url, NULL);
      return g_strconcat ("https://", url, NULL);
    }
  return g_steal_pointer (&url);
}

static void
on_link_entry_changed_cb (GtkEditable      *editable,
                          AdwMessageDialog *dialog)
{
  LinkDialog *ld = g_object_get_data (G_OBJECT (dialog), "nd-link-dialog");
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *url = normalize_url (text);
  gboolean empty = *url == '\0';
  gboolean valid = !empty && nd_html_is_safe_url (url);

  adw_message_dialog_set_response_enabled (dialog, "apply", valid);
  gtk_widget_set_visible (GTK_WIDGET (ld->error), !empty && !valid);
  if (!empty && !valid)
    gtk_label_set_text (ld->error,
                        _("Links must be web addresses (http:// or https://) or email "
                          "addresses (mailto:)."));
}

static void
on_link_entry_activate_cb (GtkEntry         *entry,
                           AdwMessageDialog *dialog)
{
  if (!adw_message_dialog_get_response_enabled (dialog, "apply"))
    return;
  adw_message_dialog_response (dialog, "apply");
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
on_link_dialog_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            gpointer          user_data)
{
  LinkDialog *ld = g_object_get_data (G_OBJECT (dialog), "nd-link-dialog");
  NdBodyView *self = ld->self;
  GtkTextIter start, end;

  if (gtk_text_mark_get_deleted (ld->start))
    return;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, ld->start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, ld->end);

  if (g_str_equal (response, "apply"))
    {
      g_autofree char *url = normalize_url (gtk_editable_get_text (GTK_EDITABLE (ld->entry)));

      if (!nd_html_is_safe_url (url))
        return;

      gtk_text_buffer_begin_user_action (self->buffer);
      if (gtk_text_iter_equal (&start, &end))
        {
          /* Nothing to link: the address becomes the link text. */
          int offset = gtk_text_iter_get_offset (&start);

          gtk_text_buffer_insert (self->buffer, &start, url, -1);
          get_iter (self, &end, offset + g_utf8_strlen (url, -1));
          get_iter (self, &start, offset);
        }
      nd_body_view_set_link (self, &start, &end, url);
      gtk_text_buffer_end_user_action (self->buffer);
    }
  else if (g_str_equal (response, "remove"))
    nd_body_view_set_link (self, &start, &end, NULL);
}

static void
show_link_dialog (NdBodyView *self)
{
  GtkTextIter start, end;
  GtkTextTag *link = NULL;
  const char *href = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  GtkWidget *box, *entry, *error;
  LinkDialog *ld;

  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end))
    {
      GtkTextIter prev = start;

      /* In (or right after) a link: edit that link. Else link the word at the cursor. */
      link = link_tag_at (&start);
      if (link == NULL && gtk_text_iter_backward_char (&prev))
        link = link_tag_at (&prev);
      if (link != NULL)
        {
          if (!gtk_text_iter_starts_tag (&start, link))
            gtk_text_iter_backward_to_tag_toggle (&start, link);
          if (!gtk_text_iter_ends_tag (&end, link))
            gtk_text_iter_forward_to_tag_toggle (&end, link);
        }
      else if (gtk_text_iter_inside_word (&start) || gtk_text_iter_ends_word (&start))
        {
          if (!gtk_text_iter_starts_word (&start))
            gtk_text_iter_backward_word_start (&start);
          if (!gtk_text_iter_ends_word (&end))
            gtk_text_iter_forward_word_end (&end);
        }
    }
  else
    link = link_tag_at (&start);
  if (link != NULL)
    href = tag_href (link);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       href != NULL ? _("Edit Link") : _("Add Link"),
                                                       _("Enter a web address or an email address.")));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "https://");
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_URL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Link address"),
                                  -1);
  error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error);
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  if (href != NULL)
    {
      adw_message_dialog_add_response (dialog, "remove", _("_Remove Link"));
      adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (dialog, "apply", _("_Apply"));
  adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "apply");
  adw_message_dialog_set_close_response (dialog, "cancel");

  ld = g_new0 (LinkDialog, 1);
  ld->self = g_object_ref (self);
  /* Marks, not offsets: the text may change while the dialog is open. */
  ld->start = g_object_ref (gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE));
  ld->end = g_object_ref (gtk_text_buffer_create_mark (self->buffer, NULL, &end, FALSE));
  ld->entry = GTK_ENTRY (entry);
  ld->error = GTK_LABEL (error);
  g_object_set_data_full (G_OBJECT (dialog), "nd-link-dialog", ld, link_dialog_free);

  g_signal_connect (entry, "changed", G_CALLBACK (on_link_entry_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_link_entry_activate_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_link_dialog_response_cb), NULL);

  gtk_editable_set_text (GTK_EDITABLE (entry), href != NULL ? href : "");
  on_link_entry_changed_cb (GTK_EDITABLE (entry), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* ------------------------------------------------------------------------------------ */
/* Clipboard                                                                             */
/* ------------------------------------------------------------------------------------ */

static void
on_text_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(NdBodyView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);

  if (text == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the clipboard: %s", error ? error->message : "no text");
      return;
    }
  nd_body_view_paste_text (self, text);
}

static void
paste_text_async (NdBodyView *self)
{
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->cancellable,
                                 on_text_read_cb, g_object_ref (self));
}

static void
on_html_spliced_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(NdBodyView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(NdHtmlDoc) doc = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error) < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        paste_text_async (self);
      return;
    }
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (source));
  doc = nd_html_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  if (doc == NULL)
    {
      g_debug ("Pasted HTML refused (%s), pasting text", error->message);
      paste_text_async (self);
      return;
    }
  insert_doc (self, doc, FALSE);
}

static void
on_html_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(NdBodyView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = NULL;

  stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (source), result, NULL, &error);
  if (stream == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        paste_text_async (self);
      return;
    }
  out = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (out, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, self->cancellable,
                                on_html_spliced_cb, g_object_ref (self));
}

static void
nd_body_view_paste_clipboard (GtkTextView *text_view)
{
  NdBodyView *self = ND_BODY_VIEW (text_view);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);
  static const char *html_types[] = { "text/html", NULL };

  if (!gtk_text_view_get_editable (text_view))
    return;

  if (gdk_content_formats_contain_mime_type (formats, "text/html"))
    gdk_clipboard_read_async (clipboard, html_types, G_PRIORITY_DEFAULT, self->cancellable,
                              on_html_read_cb, g_object_ref (self));
  else
    paste_text_async (self);
}

static void
copy_range (NdBodyView        *self,
            const GtkTextIter *start,
            const GtkTextIter *end)
{
  g_autoptr(NdHtmlDoc) doc = build_doc (self, start, end);
  char *html = nd_html_doc_serialize (doc);
  g_autofree char *text = nd_html_doc_to_plain_text (doc);
  g_autoptr(GBytes) bytes = g_bytes_new_take (html, strlen (html));
  GdkContentProvider *providers[2];
  g_autoptr(GdkContentProvider) provider = NULL;

  providers[0] = gdk_content_provider_new_for_bytes ("text/html", bytes);
  providers[1] = gdk_content_provider_new_typed (G_TYPE_STRING, text);
  provider = gdk_content_provider_new_union (providers, 2);
  gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (self)), provider);
}

static void
nd_body_view_copy_clipboard (GtkTextView *text_view)
{
  NdBodyView *self = ND_BODY_VIEW (text_view);
  GtkTextIter start, end;

  if (gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end))
    copy_range (self, &start, &end);
}

static void
nd_body_view_cut_clipboard (GtkTextView *text_view)
{
  NdBodyView *self = ND_BODY_VIEW (text_view);
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end))
    return;
  copy_range (self, &start, &end);
  gtk_text_buffer_delete_selection (self->buffer, TRUE, gtk_text_view_get_editable (text_view));
}

/* ------------------------------------------------------------------------------------ */
/* Buffer signal handlers                                                                */
/* ------------------------------------------------------------------------------------ */

static void
on_begin_user_action_cb (GtkTextBuffer *buffer,
                         NdBodyView    *self)
{
  if (self->loading || self->replaying)
    return;
  close_step (self);
  self->user_action = TRUE;
}

static void
on_end_user_action_cb (GtkTextBuffer *buffer,
                       NdBodyView    *self)
{
  if (self->loading || self->replaying)
    return;
  self->user_action = FALSE;
  close_step (self);
}

static void
on_insert_text_cb (GtkTextBuffer *buffer,
                   GtkTextIter   *location,
                   const char    *text,
                   int            len,
                   NdBodyView    *self)
{
  if (!recording (self) || self->raw_insert || !self->user_action)
    return;

  /* Enter on an empty list item or quote line ends the list, as in word processors. */
  if (len == 1 && text[0] == '\n' && gtk_text_iter_starts_line (location)
      && gtk_text_iter_ends_line (location) && is_list_kind (line_kind (self, location)))
    {
      set_line_kind (self, location, ND_HTML_BLOCK_PARAGRAPH);
      g_signal_stop_emission_by_name (buffer, "insert-text");
    }
}

static void
on_insert_text_after_cb (GtkTextBuffer *buffer,
                         GtkTextIter   *location,
                         const char    *text,
                         int            len,
                         NdBodyView    *self)
{
  GtkTextIter start = *location;
  long n_chars;

  if (self->loading)
    return;

  n_chars = g_utf8_strlen (text, len);
  gtk_text_iter_backward_chars (&start, n_chars);

  if (recording (self))
    {
      Op *op = g_new0 (Op, 1);

      op->type = OP_INSERT;
      op->offset = gtk_text_iter_get_offset (&start);
      op->n_chars = n_chars;
      op->text = g_strndup (text, len);
      op->spans = collect_spans (self, &start, location);
      record_op (self, op);
    }

  if (!self->replaying && !self->raw_insert)
    autotag (self, &start, location);
}

static void
on_delete_range_cb (GtkTextBuffer *buffer,
                    GtkTextIter   *start,
                    GtkTextIter   *end,
                    NdBodyView    *self)
{
  if (!recording (self))
    return;

  {
    Op *op = g_new0 (Op, 1);

    op->type = OP_DELETE;
    op->offset = gtk_text_iter_get_offset (start);
    op->n_chars = gtk_text_iter_get_offset (end) - op->offset;
    op->text = gtk_text_buffer_get_text (buffer, start, end, TRUE);
    op->spans = collect_spans (self, start, end);
    record_op (self, op);
  }

  /* Joining lines leaves one block: the first line's kind, unless that line was
   * deleted from its start (then what remains is the last line's). */
  self->merge_pending = TRUE;
  self->merge_multiline = gtk_text_iter_get_line (start) != gtk_text_iter_get_line (end);
  if (gtk_text_iter_is_start (start) && gtk_text_iter_is_end (end))
    self->merge_kind = ND_HTML_BLOCK_PARAGRAPH;
  else if (gtk_text_iter_starts_line (start))
    self->merge_kind = line_kind (self, end);
  else
    self->merge_kind = line_kind (self, start);
}

static void
on_delete_range_after_cb (GtkTextBuffer *buffer,
                          GtkTextIter   *start,
                          GtkTextIter   *end,
                          NdBodyView    *self)
{
  GtkTextIter line_start = *start;

  if (!self->merge_pending)
    return;
  self->merge_pending = FALSE;

  gtk_text_iter_set_line_offset (&line_start, 0);
  if (self->merge_multiline)
    set_line_kind (self, start, self->merge_kind);
  else if (gtk_text_iter_is_end (&line_start))
    set_tail_kind (self, self->merge_kind);
}

static void
record_tag_change (NdBodyView        *self,
                   GtkTextTag        *tag,
                   const GtkTextIter *start,
                   const GtkTextIter *end,
                   gboolean           on)
{
  GArray *spans;
  Op *op;

  if (!recording (self) || g_hash_table_contains (self->ignored_tags, tag))
    return;

  spans = span_array_new ();
  collect_tag_ranges (spans, tag, start, end, !on);
  if (spans->len == 0)
    {
      g_array_unref (spans);
      return;
    }
  op = g_new0 (Op, 1);
  op->type = OP_TAG;
  op->tag = g_object_ref (tag);
  op->on = on;
  op->spans = spans;
  record_op (self, op);
}

static void
on_apply_tag_cb (GtkTextBuffer     *buffer,
                 GtkTextTag        *tag,
                 const GtkTextIter *start,
                 const GtkTextIter *end,
                 NdBodyView        *self)
{
  record_tag_change (self, tag, start, end, TRUE);
}

static void
on_remove_tag_cb (GtkTextBuffer     *buffer,
                  GtkTextTag        *tag,
                  const GtkTextIter *start,
                  const GtkTextIter *end,
                  NdBodyView        *self)
{
  record_tag_change (self, tag, start, end, FALSE);
}

static void
on_mark_set_cb (GtkTextBuffer     *buffer,
                const GtkTextIter *location,
                GtkTextMark       *mark,
                NdBodyView        *self)
{
  if (mark != gtk_text_buffer_get_insert (buffer) || self->user_action || self->loading)
    return;
  /* The cursor moved: the next typing is a new undo step with the style found there. */
  self->typing_style_set = FALSE;
  self->break_coalesce = TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* Actions                                                                               */
/* ------------------------------------------------------------------------------------ */

static void
activate_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  NdBodyView *self = ND_BODY_VIEW (widget);
  const char *name = action_name + strlen ("body.");

  if (g_str_equal (name, "undo"))
    replay_step (self, TRUE);
  else if (g_str_equal (name, "redo"))
    replay_step (self, FALSE);
  else if (!gtk_text_view_get_editable (GTK_TEXT_VIEW (self)))
    return;
  else if (g_str_equal (name, "bold"))
    toggle_inline (self, self->bold_tag);
  else if (g_str_equal (name, "italic"))
    toggle_inline (self, self->italic_tag);
  else if (g_str_equal (name, "link"))
    show_link_dialog (self);
  else if (g_str_equal (name, "heading2"))
    set_block_kind (self, ND_HTML_BLOCK_HEADING2);
  else if (g_str_equal (name, "heading3"))
    set_block_kind (self, ND_HTML_BLOCK_HEADING3);
  else if (g_str_equal (name, "paragraph"))
    set_block_kind (self, ND_HTML_BLOCK_PARAGRAPH);
  else if (g_str_equal (name, "quote"))
    set_block_kind (self, ND_HTML_BLOCK_QUOTE);
  else if (g_str_equal (name, "bullets"))
    set_block_kind (self, ND_HTML_BLOCK_BULLET);
  else if (g_str_equal (name, "numbers"))
    set_block_kind (self, ND_HTML_BLOCK_NUMBERED);
}

static void
on_toolbar_action_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      NdBodyView    *self)
{
  g_autofree char *name = g_strconcat ("body.", g_action_get_name (G_ACTION (action)), NULL);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_widget_activate_action (GTK_WIDGET (self), name, NULL);
}

/* ------------------------------------------------------------------------------------ */
/* Drawing                                                                               */
/* ------------------------------------------------------------------------------------ */

static void
update_colors (NdBodyView *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA link_color;

  gtk_style_context_get_color (context, &self->text_color);
  if (!gtk_style_context_lookup_color (context, "accent_color", &link_color))
    link_color = self->text_color;

  /* css_changed also runs on focus changes: restyle link tags only when the colour
   * really changed, since that relayouts every link. */
  if (!gdk_rgba_equal (&link_color, &self->link_color))
    {
      GHashTableIter it;
      gpointer value;

      self->link_color = link_color;
      g_hash_table_iter_init (&it, self->link_tags);
      while (g_hash_table_iter_next (&it, NULL, &value))
        g_object_set (value, "foreground-rgba", &self->link_color, NULL);
    }
}

static int
margin_for_kind (NdHtmlBlockKind kind)
{
  return is_list_kind (kind) ? VIEW_MARGIN + LIST_INDENT : VIEW_MARGIN;
}

static void
draw_marker (NdBodyView        *self,
             GtkSnapshot       *snapshot,
             const GtkTextIter *line,
             NdHtmlBlockKind    kind,
             int                number)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (self);
  GdkRectangle location;
  int y, height;
  int x;

  gtk_text_view_get_iter_location (text_view, line, &location);
  gtk_text_view_get_line_yrange (text_view, line, &y, &height);
  x = location.x;
  /* The empty last line carries no tag, so GtkTextView gives it no indent. */
  if (gtk_text_iter_is_end (line))
    x += margin_for_kind (kind) - VIEW_MARGIN;

  if (kind == ND_HTML_BLOCK_QUOTE)
    {
      GdkRGBA bar = self->text_color;

      bar.alpha *= 0.3f;
      gtk_snapshot_append_color (snapshot, &bar,
                                 &GRAPHENE_RECT_INIT (x - LIST_INDENT / 2 - 2, y, 3, height));
    }
  else
    {
      g_autofree char *text = kind == ND_HTML_BLOCK_BULLET ? g_strdup ("•")
                                                           : g_strdup_printf ("%d.", number);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      int width, layout_height;

      pango_layout_get_pixel_size (layout, &width, &layout_height);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (x - MARKER_GAP - width,
                                                    location.y + (location.height - layout_height) / 2));
      gtk_snapshot_append_layout (snapshot, layout, &self->text_color);
      gtk_snapshot_restore (snapshot);
    }
}

static void
nd_body_view_snapshot_layer (GtkTextView      *text_view,
                             GtkTextViewLayer  layer,
                             GtkSnapshot      *snapshot)
{
  NdBodyView *self = ND_BODY_VIEW (text_view);
  GdkRectangle visible;
  GtkTextIter iter;
  int n_lines;
  int number = 0;
  gboolean prev_numbered = FALSE;

  if (layer != GTK_TEXT_VIEW_LAYER_BELOW_TEXT)
    return;

  /* Only the visible lines: a constant amount of work per frame. */
  gtk_text_view_get_visible_rect (text_view, &visible);
  gtk_text_view_get_line_at_y (text_view, &iter, visible.y, NULL);
  n_lines = gtk_text_buffer_get_line_count (self->buffer);

  for (int line = gtk_text_iter_get_line (&iter); line < n_lines; line++)
    {
      NdHtmlBlockKind kind;
      int y, height;

      gtk_text_buffer_get_iter_at_line (self->buffer, &iter, line);
      gtk_text_view_get_line_yrange (text_view, &iter, &y, &height);
      if (y > visible.y + visible.height)
        break;

      kind = line_kind (self, &iter);
      if (kind == ND_HTML_BLOCK_NUMBERED)
        {
          if (!prev_numbered)
            {
              GtkTextIter prev;

              /* The first visible item of a list: count the items above it. */
              number = 0;
              for (int p = line - 1; p >= 0; p--)
                {
                  gtk_text_buffer_get_iter_at_line (self->buffer, &prev, p);
                  if (line_kind (self, &prev) != ND_HTML_BLOCK_NUMBERED)
                    break;
                  number++;
                }
            }
          number++;
        }
      prev_numbered = kind == ND_HTML_BLOCK_NUMBERED;

      if (is_list_kind (kind))
        draw_marker (self, snapshot, &iter, kind, number);
    }
}

/* ------------------------------------------------------------------------------------ */
/* GObject                                                                               */
/* ------------------------------------------------------------------------------------ */

static void
nd_body_view_backspace (GtkTextView *text_view)
{
  NdBodyView *self = ND_BODY_VIEW (text_view);
  GtkTextIter start, end;

  /* Backspace at the start of a list item or quote first turns it into a paragraph. */
  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end)
      && gtk_text_view_get_editable (text_view)
      && gtk_text_iter_starts_line (&start)
      && is_list_kind (line_kind (self, &start)))
    {
      gtk_text_buffer_begin_user_action (self->buffer);
      set_line_kind (self, &start, ND_HTML_BLOCK_PARAGRAPH);
      gtk_text_buffer_end_user_action (self->buffer);
      return;
    }
  GTK_TEXT_VIEW_CLASS (nd_body_view_parent_class)->backspace (text_view);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   NdBodyView            *self)
{
  /* Shift+Enter is a line break inside the block (<br>), not a new block. Caught in the
   * capture phase: GtkTextView handles Enter itself before any shortcut. */
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
      && (state & GDK_MODIFIER_MASK & ~GDK_LOCK_MASK) == GDK_SHIFT_MASK)
    {
      g_signal_emit_by_name (self, "insert-at-cursor", "\xe2\x80\xa8");
      return TRUE;
    }
  return FALSE;
}

static void
nd_body_view_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (nd_body_view_parent_class)->css_changed (widget, change);
  update_colors (ND_BODY_VIEW (widget));
}

static void
nd_body_view_dispose (GObject *object)
{
  NdBodyView *self = ND_BODY_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->close_step_id, g_source_remove);
  g_clear_handle_id (&self->word_count_id, g_source_remove);
  g_clear_pointer (&self->step, step_free);
  clear_queue (&self->undo_stack);
  clear_queue (&self->redo_stack);
  g_clear_object (&self->toolbar_actions);
  if (self->buffer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->buffer, self);
      g_clear_object (&self->buffer);
    }

  G_OBJECT_CLASS (nd_body_view_parent_class)->dispose (object);
}

static void
nd_body_view_finalize (GObject *object)
{
  NdBodyView *self = ND_BODY_VIEW (object);

  g_clear_pointer (&self->link_tags, g_hash_table_unref);
  g_clear_pointer (&self->ignored_tags, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (nd_body_view_parent_class)->finalize (object);
}

static void
nd_body_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  NdBodyView *self = ND_BODY_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORD_COUNT:
      g_value_set_uint (value, self->word_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_body_view_class_init (NdBodyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkTextViewClass *text_view_class = GTK_TEXT_VIEW_CLASS (klass);

  object_class->dispose = nd_body_view_dispose;
  object_class->finalize = nd_body_view_finalize;
  object_class->get_property = nd_body_view_get_property;
  widget_class->css_changed = nd_body_view_css_changed;
  text_view_class->snapshot_layer = nd_body_view_snapshot_layer;
  text_view_class->paste_clipboard = nd_body_view_paste_clipboard;
  text_view_class->copy_clipboard = nd_body_view_copy_clipboard;
  text_view_class->cut_clipboard = nd_body_view_cut_clipboard;
  text_view_class->backspace = nd_body_view_backspace;

  properties[PROP_WORD_COUNT] =
    g_param_spec_uint ("word-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    {
      g_autofree char *name = g_strconcat ("body.", action_names[i], NULL);

      gtk_widget_class_install_action (widget_class, name, NULL, activate_action_cb);
    }

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "body.bold", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "body.italic", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "body.link", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "body.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "body.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "body.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "body.heading2", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "body.heading3", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "body.paragraph", NULL);
}

static void
nd_body_view_init (NdBodyView *self)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (self);
  GtkEventController *controller;
  static const struct
  {
    const char *name;
  } block_names[] = {
    [ND_HTML_BLOCK_HEADING2] = { "h2" },
    [ND_HTML_BLOCK_HEADING3] = { "h3" },
    [ND_HTML_BLOCK_QUOTE] = { "quote" },
    [ND_HTML_BLOCK_BULLET] = { "bullet" },
    [ND_HTML_BLOCK_NUMBERED] = { "numbered" },
  };

  self->cancellable = g_cancellable_new ();
  self->link_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->ignored_tags = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->buffer = g_object_ref (gtk_text_view_get_buffer (text_view));
  /* Our own history records tag changes too; two histories would fight over Ctrl+Z. */
  gtk_text_buffer_set_enable_undo (self->buffer, FALSE);

  for (guint k = ND_HTML_BLOCK_HEADING2; k <= ND_HTML_BLOCK_NUMBERED; k++)
    self->block_tags[k] = gtk_text_buffer_create_tag (self->buffer, block_names[k].name, NULL);

  /* Sizes, weights and indents only: colours come from the theme, so light and dark
   * both work. */
  g_object_set (self->block_tags[ND_HTML_BLOCK_HEADING2],
                "scale", 1.6, "weight", PANGO_WEIGHT_BOLD,
                "pixels-above-lines", 18, "pixels-below-lines", 8, NULL);
  g_object_set (self->block_tags[ND_HTML_BLOCK_HEADING3],
                "scale", 1.25, "weight", PANGO_WEIGHT_BOLD,
                "pixels-above-lines", 12, "pixels-below-lines", 6, NULL);
  g_object_set (self->block_tags[ND_HTML_BLOCK_QUOTE],
                "style", PANGO_STYLE_ITALIC,
                "left-margin", VIEW_MARGIN + LIST_INDENT, "right-margin", VIEW_MARGIN + LIST_INDENT,
                NULL);
  g_object_set (self->block_tags[ND_HTML_BLOCK_BULLET],
                "left-margin", VIEW_MARGIN + LIST_INDENT, "pixels-below-lines", 4, NULL);
  g_object_set (self->block_tags[ND_HTML_BLOCK_NUMBERED],
                "left-margin", VIEW_MARGIN + LIST_INDENT, "pixels-below-lines", 4, NULL);
  self->bold_tag = gtk_text_buffer_create_tag (self->buffer, "bold",
                                               "weight", PANGO_WEIGHT_BOLD, NULL);
  self->italic_tag = gtk_text_buffer_create_tag (self->buffer, "italic",
                                                 "style", PANGO_STYLE_ITALIC, NULL);

  g_signal_connect (self->buffer, "begin-user-action", G_CALLBACK (on_begin_user_action_cb), self);
  g_signal_connect (self->buffer, "end-user-action", G_CALLBACK (on_end_user_action_cb), self);
  g_signal_connect (self->buffer, "insert-text", G_CALLBACK (on_insert_text_cb), self);
  g_signal_connect_after (self->buffer, "insert-text", G_CALLBACK (on_insert_text_after_cb), self);
  g_signal_connect (self->buffer, "delete-range", G_CALLBACK (on_delete_range_cb), self);
  g_signal_connect_after (self->buffer, "delete-range", G_CALLBACK (on_delete_range_after_cb), self);
  g_signal_connect (self->buffer, "apply-tag", G_CALLBACK (on_apply_tag_cb), self);
  g_signal_connect (self->buffer, "remove-tag", G_CALLBACK (on_remove_tag_cb), self);
  g_signal_connect (self->buffer, "mark-set", G_CALLBACK (on_mark_set_cb), self);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_text_view_set_wrap_mode (text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (text_view, VIEW_MARGIN);
  gtk_text_view_set_right_margin (text_view, VIEW_MARGIN);
  gtk_text_view_set_top_margin (text_view, VIEW_MARGIN);
  gtk_text_view_set_bottom_margin (text_view, VIEW_MARGIN);
  gtk_text_view_set_pixels_below_lines (text_view, 10);
  gtk_widget_add_css_class (GTK_WIDGET (self), "nd-body-view");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Body"),
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  -1);

  update_colors (self);
  update_history_actions (self);
}

/* ------------------------------------------------------------------------------------ */
/* Public API                                                                            */
/* ------------------------------------------------------------------------------------ */

GtkWidget *
nd_body_view_new (void)
{
  return g_object_new (ND_TYPE_BODY_VIEW, NULL);
}

void
nd_body_view_set_html (NdBodyView *self,
                       const char *html)
{
  g_autoptr(NdHtmlDoc) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) spans = span_array_new ();
  GtkTextIter start, end;
  int n_chars = 0;

  g_return_if_fail (ND_IS_BODY_VIEW (self));

  close_step (self);
  doc = nd_html_parse (html != NULL ? html : "", -1, &error);
  if (doc == NULL)
    {
      g_warning ("Body not loaded: %s", error->message);
      doc = nd_html_doc_new ();
    }

  /* One insert, then tags by offset: a 20,000-word body loads in one pass. Runs of
   * equal tags across blocks (list items) become one span. */
  for (guint b = 0; b < doc->blocks->len; b++)
    {
      NdHtmlBlock *block = g_ptr_array_index (doc->blocks, b);
      int block_start = n_chars;

      for (guint r = 0; r < block->runs->len; r++)
        {
          NdHtmlRun *run = g_ptr_array_index (block->runs, r);
          int run_start = n_chars;
          GtkTextTag *tags[3] = { NULL, NULL, NULL };

          g_string_append (text, run->text);
          n_chars += g_utf8_strlen (run->text, -1);
          if (run->style & ND_HTML_STYLE_BOLD)
            tags[0] = self->bold_tag;
          if (run->style & ND_HTML_STYLE_ITALIC)
            tags[1] = self->italic_tag;
          if (run->href != NULL)
            tags[2] = lookup_link_tag (self, run->href);
          for (guint t = 0; t < G_N_ELEMENTS (tags); t++)
            if (tags[t] != NULL)
              {
                Span span = { g_object_ref (tags[t]), run_start, n_chars };

                g_array_append_val (spans, span);
              }
        }
      if (b + 1 < doc->blocks->len)
        {
          g_string_append_c (text, '\n');
          n_chars++;
        }
      if (self->block_tags[block->kind] != NULL)
        {
          Span *last = spans->len > 0 ? &g_array_index (spans, Span, spans->len - 1) : NULL;

          if (last != NULL && last->tag == self->block_tags[block->kind] && last->end == block_start)
            last->end = n_chars;
          else
            {
              Span span = { g_object_ref (self->block_tags[block->kind]), block_start, n_chars };

              g_array_append_val (spans, span);
            }
        }
    }

  self->loading = TRUE;
  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  gtk_text_buffer_insert (self->buffer, &start, text->str, text->len);
  apply_spans (self, spans);
  self->tail_kind = ND_HTML_BLOCK_PARAGRAPH;
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  gtk_text_buffer_place_cursor (self->buffer, &start);
  self->loading = FALSE;

  clear_queue (&self->undo_stack);
  clear_queue (&self->redo_stack);
  self->typing_style_set = FALSE;
  self->break_coalesce = TRUE;
  update_history_actions (self);

  g_clear_handle_id (&self->word_count_id, g_source_remove);
  word_count_timeout_cb (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

char *
nd_body_view_dup_html (NdBodyView *self)
{
  g_autoptr(NdHtmlDoc) doc = NULL;
  GtkTextIter start, end;

  g_return_val_if_fail (ND_IS_BODY_VIEW (self), NULL);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  doc = build_doc (self, &start, &end);
  return nd_html_doc_serialize (doc);
}

void
nd_body_view_ignore_tag (NdBodyView *self,
                         GtkTextTag *tag)
{
  g_return_if_fail (ND_IS_BODY_VIEW (self));
  g_return_if_fail (GTK_IS_TEXT_TAG (tag));

  if (!g_hash_table_contains (self->ignored_tags, tag))
    g_hash_table_add (self->ignored_tags, g_object_ref (tag));
}

GtkTextView *
nd_body_view_get_text_view (NdBodyView *self)
{
  g_return_val_if_fail (ND_IS_BODY_VIEW (self), NULL);

  return GTK_TEXT_VIEW (self);
}

GtkTextBuffer *
nd_body_view_get_buffer (NdBodyView *self)
{
  g_return_val_if_fail (ND_IS_BODY_VIEW (self), NULL);

  return self->buffer;
}

guint
nd_body_view_get_word_count (NdBodyView *self)
{
  g_return_val_if_fail (ND_IS_BODY_VIEW (self), 0);

  return self->word_count;
}

gboolean
nd_body_view_set_link (NdBodyView        *self,
                       const GtkTextIter *start,
                       const GtkTextIter *end,
                       const char        *href)
{
  g_autofree char *url = NULL;
  GtkTextTag *link = NULL;
  GtkTextIter s, e;

  g_return_val_if_fail (ND_IS_BODY_VIEW (self), FALSE);
  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  if (href != NULL)
    {
      if (!nd_html_is_safe_url (href))
        return FALSE;
      url = g_strstrip (g_strdup (href));
      link = lookup_link_tag (self, url);
    }

  s = *start;
  e = *end;
  gtk_text_iter_order (&s, &e);
  if (gtk_text_iter_equal (&s, &e))
    return href == NULL;

  gtk_text_buffer_begin_user_action (self->buffer);
  {
    GHashTableIter it;
    gpointer value;

    /* Offsets survive the tag changes below; iters would too, but keep it obvious. */
    g_hash_table_iter_init (&it, self->link_tags);
    while (g_hash_table_iter_next (&it, NULL, &value))
      if (value != link && range_has_tag (value, &s, &e))
        gtk_text_buffer_remove_tag (self->buffer, value, &s, &e);
  }
  if (link != NULL)
    set_tag (self, link, &s, &e, TRUE);
  gtk_text_buffer_end_user_action (self->buffer);
  return TRUE;
}

const char *
nd_body_view_get_link_at (NdBodyView        *self,
                          const GtkTextIter *iter)
{
  GtkTextTag *tag;

  g_return_val_if_fail (ND_IS_BODY_VIEW (self), NULL);
  g_return_val_if_fail (iter != NULL, NULL);

  tag = link_tag_at (iter);
  return tag != NULL ? tag_href (tag) : NULL;
}

void
nd_body_view_paste_html (NdBodyView *self,
                         const char *html)
{
  g_autoptr(NdHtmlDoc) doc = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ND_IS_BODY_VIEW (self));
  g_return_if_fail (html != NULL);

  doc = nd_html_parse (html, -1, &error);
  if (doc == NULL)
    {
      g_debug ("Pasted HTML refused: %s", error->message);
      return;
    }
  insert_doc (self, doc, FALSE);
}

void
nd_body_view_paste_text (NdBodyView *self,
                         const char *text)
{
  g_autofree char *html = NULL;
  g_autoptr(NdHtmlDoc) doc = NULL;

  g_return_if_fail (ND_IS_BODY_VIEW (self));
  g_return_if_fail (text != NULL);

  /* Through the HTML model, so the text gets the same cleaning as everything else. */
  html = nd_html_from_plain_text (text);
  doc = nd_html_parse (html, -1, NULL);
  if (doc != NULL)
    insert_doc (self, doc, TRUE);
}

GtkWidget *
nd_body_view_create_toolbar (NdBodyView *self)
{
  static const struct
  {
    const char *action;
    const char *icon;
    const char *label;
    const char *name;
    const char *accel;
  } buttons[] = {
    { "undo", "edit-undo-symbolic", NULL, N_("Undo"), "<Control>z" },
    { "redo", "edit-redo-symbolic", NULL, N_("Redo"), "<Shift><Control>z" },
    { NULL },
    { "bold", "format-text-bold-symbolic", NULL, N_("Bold"), "<Control>b" },
    { "italic", "format-text-italic-symbolic", NULL, N_("Italic"), "<Control>i" },
    { "link", "insert-link-symbolic", NULL, N_("Link"), "<Control>k" },
    { NULL },
    /* Translators: toolbar button for a level-2 heading; keep it very short. */
    { "heading2", NULL, N_("H2"), N_("Heading 2"), "<Control><Alt>2" },
    /* Translators: toolbar button for a level-3 heading; keep it very short. */
    { "heading3", NULL, N_("H3"), N_("Heading 3"), "<Control><Alt>3" },
    { "quote", "format-indent-more-symbolic", NULL, N_("Quote"), NULL },
    { "bullets", "view-list-bullet-symbolic", NULL, N_("Bulleted list"), NULL },
    { "numbers", "view-list-ordered-symbolic", NULL, N_("Numbered list"), NULL },
  };
  GtkWidget *box;

  g_return_val_if_fail (ND_IS_BODY_VIEW (self), NULL);

  /* The toolbar lives outside the view, where "body.*" does not resolve: it gets a
   * group of its own that forwards to the view. */
  if (self->toolbar_actions == NULL)
    {
      self->toolbar_actions = g_simple_action_group_new ();
      for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
        {
          g_autoptr(GSimpleAction) action = g_simple_action_new (action_names[i], NULL);

          g_signal_connect_object (action, "activate", G_CALLBACK (on_toolbar_action_cb), self, 0);
          g_action_map_add_action (G_ACTION_MAP (self->toolbar_actions), G_ACTION (action));
        }
      update_history_actions (self);
    }

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  gtk_widget_add_css_class (box, "toolbar");
  gtk_widget_insert_action_group (box, "body", G_ACTION_GROUP (self->toolbar_actions));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Formatting"),
                                  -1);

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button;
      g_autofree char *action = NULL;
      g_autofree char *tooltip = NULL;

      if (buttons[i].action == NULL)
        {
          gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
          continue;
        }

      if (buttons[i].icon != NULL)
        button = gtk_button_new_from_icon_name (buttons[i].icon);
      else
        button = gtk_button_new_with_label (_(buttons[i].label));
      gtk_widget_add_css_class (button, "flat");
      /* Keep the focus (and the selection) in the text. */
      gtk_widget_set_focus_on_click (button, FALSE);
      action = g_strconcat ("body.", buttons[i].action, NULL);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);

      if (buttons[i].accel != NULL)
        {
          guint key;
          GdkModifierType mods;
          g_autofree char *accel = NULL;

          gtk_accelerator_parse (buttons[i].accel, &key, &mods);
          accel = gtk_accelerator_get_label (key, mods);
          tooltip = g_strdup_printf ("%s (%s)", _(buttons[i].name), accel);
        }
      else
        tooltip = g_strdup (_(buttons[i].name));
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(buttons[i].name),
                                      -1);
      gtk_box_append (GTK_BOX (box), button);
    }
  return box;
}
