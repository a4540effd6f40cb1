/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-tag-entry"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-tag-entry.h"

#define MAX_SUGGESTIONS 8

struct _NdTagEntry
{
  GtkWidget    parent_instance;

  GtkWidget   *box;
  GtkFlowBox  *chips;
  GtkEntry    *entry;
  GtkLabel    *hint;
  GtkPopover  *popover;
  GtkListBox  *suggestion_list;

  NdArticle   *article;
  gulong       tags_handler;
  char       **suggestions;
  /* The entry text the duplicate hint is about; editing it away clears the hint. */
  char        *hint_text;
  /* Set while the entry text is changed from code, so it is not taken as typing. */
  gboolean     updating;
};

G_DEFINE_FINAL_TYPE (NdTagEntry, nd_tag_entry, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ARTICLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
has_tag (NdTagEntry *self,
         const char *tag)
{
  g_autofree char *key = g_utf8_casefold (tag, -1);
  const char * const *tags;

  if (self->article == NULL)
    return FALSE;

  tags = nd_article_get_tags (self->article);
  for (guint i = 0; tags[i]; i++)
    {
      g_autofree char *other = g_utf8_casefold (tags[i], -1);

      if (g_str_equal (key, other))
        return TRUE;
    }
  return FALSE;
}

static void
set_entry_text (NdTagEntry *self,
                const char *text)
{
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  self->updating = FALSE;
}

static void
clear_hint (NdTagEntry *self)
{
  g_clear_pointer (&self->hint_text, g_free);
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->hint), FALSE);
}

static void
show_hint (NdTagEntry *self,
           const char *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), message);
  gtk_label_set_text (self->hint, message);
  gtk_widget_set_visible (GTK_WIDGET (self->hint), TRUE);
  gtk_widget_error_bell (GTK_WIDGET (self->entry));
}

/* Adds every comma- or newline-separated tag in text. Returns the first one that was
 * refused as a duplicate (so the caller can leave it in the entry), or NULL. */
static char *
add_tags (NdTagEntry *self,
          const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ",\n", -1);
  char *duplicate = NULL;

  if (self->article == NULL)
    return NULL;

  for (guint i = 0; parts[i]; i++)
    {
      g_autofree char *tag = g_strstrip (g_strdup (parts[i]));

      if (*tag == '\0')
        continue;
      if (has_tag (self, tag))
        {
          if (duplicate == NULL)
            duplicate = g_steal_pointer (&tag);
          continue;
        }
      nd_article_add_tag (self->article, tag);
    }

  if (duplicate)
    {
      g_autofree char *message = g_strdup_printf (_("Already tagged “%s”"), duplicate);

      show_hint (self, message);
      g_free (self->hint_text);
      self->hint_text = g_strdup (duplicate);
    }
  return duplicate;
}

static void
hide_suggestions (NdTagEntry *self)
{
  gtk_popover_popdown (self->popover);
}

static void
update_suggestions (NdTagEntry *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  g_autofree char *key = NULL;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestion_list))))
    gtk_list_box_remove (self->suggestion_list, child);

  if (*query == '\0' || self->suggestions == NULL || self->article == NULL ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      hide_suggestions (self);
      return;
    }

  key = g_utf8_casefold (query, -1);
  for (guint i = 0; self->suggestions[i] && n < MAX_SUGGESTIONS; i++)
    {
      g_autofree char *candidate = g_utf8_casefold (self->suggestions[i], -1);
      GtkWidget *row, *label;

      if (!g_str_has_prefix (candidate, key) || has_tag (self, self->suggestions[i]))
        continue;

      label = gtk_label_new (self->suggestions[i]);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      /* Focus stays in the entry; Up/Down there move the selection. */
      gtk_widget_set_focusable (row, FALSE);
      g_object_set_data_full (G_OBJECT (row), "tag", g_strdup (self->suggestions[i]), g_free);
      gtk_list_box_append (self->suggestion_list, row);
      n++;
    }

  if (n == 0)
    {
      hide_suggestions (self);
      return;
    }
  gtk_popover_popup (self->popover);
}

static void
commit_suggestion (NdTagEntry    *self,
                   GtkListBoxRow *row)
{
  const char *tag = g_object_get_data (G_OBJECT (row), "tag");

  if (tag && self->article)
    nd_article_add_tag (self->article, tag);
  set_entry_text (self, "");
  hide_suggestions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
move_selection (NdTagEntry *self,
                int         delta)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->suggestion_list);
  int n = 0, index;
  GtkListBoxRow *row;

  while (gtk_list_box_get_row_at_index (self->suggestion_list, n))
    n++;
  if (n == 0)
    return;

  if (selected == NULL)
    index = delta > 0 ? 0 : n - 1;
  else
    index = (gtk_list_box_row_get_index (selected) + delta + n) % n;

  row = gtk_list_box_get_row_at_index (self->suggestion_list, index);
  gtk_list_box_select_row (self->suggestion_list, row);
}

static void
on_remove_clicked_cb (GtkButton  *button,
                      NdTagEntry *self)
{
  const char *tag = g_object_get_data (G_OBJECT (button), "tag");

  /* The chip goes away with the rebuild; keep the keyboard somewhere useful. */
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  if (self->article)
    nd_article_remove_tag (self->article, tag);
}

static gboolean
on_chip_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        NdTagEntry            *self)
{
  GtkWidget *child = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  g_autofree char *tag = NULL;
  int index;

  if (keyval != GDK_KEY_Delete && keyval != GDK_KEY_KP_Delete && keyval != GDK_KEY_BackSpace)
    return GDK_EVENT_PROPAGATE;
  if (self->article == NULL)
    return GDK_EVENT_STOP;

  /* The chips are rebuilt: the keyboard goes to the chip that takes this one's place. */
  tag = g_strdup (g_object_get_data (G_OBJECT (child), "tag"));
  index = gtk_flow_box_child_get_index (GTK_FLOW_BOX_CHILD (child));
  nd_article_remove_tag (self->article, tag);
  {
    GtkFlowBoxChild *next = gtk_flow_box_get_child_at_index (self->chips, index);

    if (next == NULL && index > 0)
      next = gtk_flow_box_get_child_at_index (self->chips, index - 1);
    gtk_widget_grab_focus (next ? GTK_WIDGET (next) : GTK_WIDGET (self->entry));
  }
  return GDK_EVENT_STOP;
}

static GtkWidget *
create_chip (NdTagEntry *self,
             const char *tag)
{
  g_autofree char *remove_label = g_strdup_printf (_("Remove tag %s"), tag);
  GtkEventController *keys;
  GtkWidget *chip, *label, *button, *child;

  chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  gtk_widget_add_css_class (chip, "nd-tag-chip");
  /* Flow box lines form columns; a chip keeps its own width within its column. */
  gtk_widget_set_halign (chip, GTK_ALIGN_START);

  label = gtk_label_new (tag);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_box_append (GTK_BOX (chip), label);

  button = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "tag", g_strdup (tag), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_remove_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (chip), button);

  /* One focus stop per chip: the chip itself (arrows move between chips, Delete removes
   * one). The remove button is for the pointer and for assistive technologies, which
   * press it by its name without focusing it. */
  gtk_widget_set_focusable (button, FALSE);
  child = gtk_flow_box_child_new ();
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), chip);
  g_object_set_data_full (G_OBJECT (child), "tag", g_strdup (tag), g_free);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "nd-tag-chip-keys");
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_chip_key_pressed_cb), self, 0);
  gtk_widget_add_controller (child, keys);
  return child;
}

static void
rebuild_chips (NdTagEntry *self)
{
  const char * const *tags = self->article ? nd_article_get_tags (self->article) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chips))))
    gtk_flow_box_remove (self->chips, child);

  for (guint i = 0; tags && tags[i]; i++)
    gtk_flow_box_append (self->chips, create_chip (self, tags[i]));

  gtk_widget_set_visible (GTK_WIDGET (self->chips), tags && tags[0]);
}

static void
on_article_tags_cb (NdTagEntry *self)
{
  rebuild_chips (self);
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    update_suggestions (self);
}

static void
on_entry_activate_cb (GtkEntry   *entry,
                      NdTagEntry *self)
{
  g_autofree char *duplicate = add_tags (self, gtk_editable_get_text (GTK_EDITABLE (entry)));

  /* A refused tag stays in the entry, selected, so it can be fixed or deleted at once. */
  set_entry_text (self, duplicate ? duplicate : "");
  if (duplicate)
    gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
  hide_suggestions (self);
}

static void
on_entry_changed_cb (GtkEditable *editable,
                     NdTagEntry  *self)
{
  /* GtkText reports a paste's change only once the paste is over, after the text was
   * already reset from code: compare the text rather than trusting the flag alone. */
  if (self->updating ||
      (self->hint_text && g_str_equal (self->hint_text, gtk_editable_get_text (editable))))
    return;
  clear_hint (self);
  update_suggestions (self);
}

/* A comma (typed or pasted) ends a tag. A pasted list ("a, b, c") adds all of its tags;
 * a typed comma adds what was typed before it. */
static void
on_text_insert_cb (GtkEditable *editable,
                   const char  *text,
                   int          length,
                   int         *position,
                   NdTagEntry  *self)
{
  g_autofree char *inserted = NULL;
  g_autofree char *combined = NULL;
  g_autofree char *duplicate = NULL;
  const char *current;
  const char *last_sep;
  gboolean pasted;
  glong chars;

  if (self->updating)
    return;

  if (length < 0)
    length = strlen (text);
  inserted = g_strndup (text, length);
  if (strpbrk (inserted, ",\n") == NULL)
    return;

  g_signal_stop_emission_by_name (editable, "insert-text");

  current = gtk_editable_get_text (editable);
  chars = g_utf8_strlen (current, -1);
  *position = CLAMP (*position, 0, chars);
  {
    const char *split = g_utf8_offset_to_pointer (current, *position);

    combined = g_strdup_printf ("%.*s%s%s", (int) (split - current), current, inserted, split);
  }

  pasted = g_utf8_strlen (inserted, -1) > 1;
  last_sep = NULL;
  for (const char *p = combined; *p; p++)
    if (*p == ',' || *p == '\n')
      last_sep = p;

  if (pasted || last_sep == NULL)
    {
      duplicate = add_tags (self, combined);
      set_entry_text (self, duplicate ? duplicate : "");
    }
  else
    {
      g_autofree char *head = g_strndup (combined, last_sep - combined);
      g_autofree char *tail = g_strdup (last_sep + 1);

      duplicate = add_tags (self, head);
      g_strchug (tail);
      set_entry_text (self, duplicate && *tail == '\0' ? duplicate : tail);
    }
  if (duplicate)
    gtk_editable_select_region (editable, 0, -1);
  hide_suggestions (self);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   NdTagEntry            *self)
{
  gboolean popup = gtk_widget_get_visible (GTK_WIDGET (self->popover));
  GtkListBoxRow *selected;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_BackSpace:
      {
        const char * const *tags;
        guint n;

        if (*gtk_editable_get_text (GTK_EDITABLE (self->entry)) != '\0' || self->article == NULL)
          return GDK_EVENT_PROPAGATE;
        tags = nd_article_get_tags (self->article);
        n = g_strv_length ((char **) tags);
        if (n == 0)
          return GDK_EVENT_PROPAGATE;
        {
          g_autofree char *last = g_strdup (tags[n - 1]);

          nd_article_remove_tag (self->article, last);
        }
        return GDK_EVENT_STOP;
      }

    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (!popup)
        return GDK_EVENT_PROPAGATE;
      move_selection (self, 1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (!popup)
        return GDK_EVENT_PROPAGATE;
      move_selection (self, -1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      selected = popup ? gtk_list_box_get_selected_row (self->suggestion_list) : NULL;
      if (selected == NULL)
        return GDK_EVENT_PROPAGATE;
      commit_suggestion (self, selected);
      return GDK_EVENT_STOP;

    case GDK_KEY_Escape:
      if (!popup)
        return GDK_EVENT_PROPAGATE;
      hide_suggestions (self);
      return GDK_EVENT_STOP;

    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static void
on_suggestion_activated_cb (GtkListBox    *list,
                            GtkListBoxRow *row,
                            NdTagEntry    *self)
{
  commit_suggestion (self, row);
}

static void
on_text_focus_cb (GtkWidget  *text,
                  GParamSpec *pspec,
                  NdTagEntry *self)
{
  if (!gtk_widget_has_focus (text))
    hide_suggestions (self);
}

static void
nd_tag_entry_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  NdTagEntry *self = ND_TAG_ENTRY (widget);

  gtk_widget_measure (self->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static GtkSizeRequestMode
nd_tag_entry_get_request_mode (GtkWidget *widget)
{
  /* The chips wrap: height depends on width. */
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
nd_tag_entry_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  NdTagEntry *self = ND_TAG_ENTRY (widget);
  graphene_rect_t bounds;

  gtk_widget_allocate (self->box, width, height, baseline, NULL);

  if (gtk_widget_compute_bounds (GTK_WIDGET (self->entry), widget, &bounds))
    {
      GdkRectangle rect = { bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height };
      int popover_width;

      gtk_popover_set_pointing_to (self->popover, &rect);
      /* The list is as wide as the entry it completes. The popover is a surface of its
       * own, so resizing it here does not re-enter this allocation. */
      gtk_widget_get_size_request (GTK_WIDGET (self->popover), &popover_width, NULL);
      if (popover_width != rect.width)
        gtk_widget_set_size_request (GTK_WIDGET (self->popover), rect.width, -1);
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    gtk_popover_present (self->popover);
}

static void
nd_tag_entry_unmap (GtkWidget *widget)
{
  hide_suggestions (ND_TAG_ENTRY (widget));
  GTK_WIDGET_CLASS (nd_tag_entry_parent_class)->unmap (widget);
}

/* Chips, then the entry. Written out because GTK 4.8 containers remember their last
 * focus child even after focus left them, and Tab coming back in would jump straight to
 * the entry, skipping the chips. */
static gboolean
nd_tag_entry_focus (GtkWidget        *widget,
                    GtkDirectionType  direction)
{
  NdTagEntry *self = ND_TAG_ENTRY (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *chips = GTK_WIDGET (self->chips);
  GtkWidget *entry = GTK_WIDGET (self->entry);
  gboolean in_chips = focus && gtk_widget_is_ancestor (focus, chips);
  gboolean in_entry = focus && (focus == entry || gtk_widget_is_ancestor (focus, entry));
  gboolean forward = direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_DOWN ||
                     direction == GTK_DIR_RIGHT;

  if (in_chips)
    {
      /* Arrows move between chips; Tab leaves them (one stop for all chips). */
      if (direction == GTK_DIR_TAB_FORWARD)
        return gtk_widget_child_focus (entry, direction);
      if (direction == GTK_DIR_TAB_BACKWARD)
        return FALSE;
      if (gtk_widget_child_focus (chips, direction))
        return TRUE;
      return forward && gtk_widget_child_focus (entry, direction);
    }
  if (in_entry)
    {
      if (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD)
        return FALSE;
      return !forward && gtk_widget_get_visible (chips) && gtk_widget_child_focus (chips, direction);
    }

  /* Coming in from outside. */
  if (forward)
    return (gtk_widget_get_visible (chips) && gtk_widget_child_focus (chips, direction)) ||
           gtk_widget_child_focus (entry, direction);
  return gtk_widget_child_focus (entry, direction) ||
         (gtk_widget_get_visible (chips) && gtk_widget_child_focus (chips, direction));
}

static gboolean
nd_tag_entry_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (ND_TAG_ENTRY (widget)->entry));
}

static void
nd_tag_entry_dispose (GObject *object)
{
  NdTagEntry *self = (NdTagEntry *) object;

  nd_tag_entry_set_article (self, NULL);
  if (self->popover)
    {
      gtk_widget_unparent (GTK_WIDGET (self->popover));
      self->popover = NULL;
    }
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (nd_tag_entry_parent_class)->dispose (object);
}

static void
nd_tag_entry_finalize (GObject *object)
{
  NdTagEntry *self = (NdTagEntry *) object;

  g_strfreev (self->suggestions);
  g_free (self->hint_text);

  G_OBJECT_CLASS (nd_tag_entry_parent_class)->finalize (object);
}

static void
nd_tag_entry_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  NdTagEntry *self = ND_TAG_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      g_value_set_object (value, self->article);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_tag_entry_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  NdTagEntry *self = ND_TAG_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      nd_tag_entry_set_article (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_tag_entry_class_init (NdTagEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nd_tag_entry_dispose;
  object_class->finalize = nd_tag_entry_finalize;
  object_class->get_property = nd_tag_entry_get_property;
  object_class->set_property = nd_tag_entry_set_property;

  widget_class->get_request_mode = nd_tag_entry_get_request_mode;
  widget_class->measure = nd_tag_entry_measure;
  widget_class->size_allocate = nd_tag_entry_size_allocate;
  widget_class->unmap = nd_tag_entry_unmap;
  widget_class->grab_focus = nd_tag_entry_grab_focus;
  widget_class->focus = nd_tag_entry_focus;

  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL, ND_TYPE_ARTICLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "nd-tag-entry");
}

static void
nd_tag_entry_init (NdTagEntry *self)
{
  GtkEventController *keys;
  GtkWidget *scroller;
  GtkEditable *text;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->chips = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->chips, GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (self->chips, FALSE);
  gtk_flow_box_set_max_children_per_line (self->chips, 30);
  gtk_flow_box_set_column_spacing (self->chips, 6);
  gtk_flow_box_set_row_spacing (self->chips, 6);
  gtk_widget_set_visible (GTK_WIDGET (self->chips), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chips),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tags of this article"),
                                  -1);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->chips));

  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->entry, _("Add a tag, then press Enter or type a comma"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tags"),
                                  -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->entry));
  g_signal_connect (self->entry, "activate", G_CALLBACK (on_entry_activate_cb), self);
  g_signal_connect (self->entry, "changed", G_CALLBACK (on_entry_changed_cb), self);

  /* insert-text is emitted by the GtkText inside the entry, not by the entry. */
  text = gtk_editable_get_delegate (GTK_EDITABLE (self->entry));
  g_signal_connect (text, "insert-text", G_CALLBACK (on_text_insert_cb), self);
  g_signal_connect (text, "notify::has-focus", G_CALLBACK (on_text_focus_cb), self);

  /* Capture phase: the GtkText would take Backspace and Up/Down for itself. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "nd-tag-entry-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  self->hint = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->hint, 0);
  gtk_label_set_wrap (self->hint, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->hint), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->hint), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->hint), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->hint));

  self->suggestion_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->suggestion_list, GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (self->suggestion_list, TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self->suggestion_list), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->suggestion_list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->suggestion_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tag suggestions"),
                                  -1);
  g_signal_connect (self->suggestion_list, "row-activated", G_CALLBACK (on_suggestion_activated_cb), self);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 280);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->suggestion_list));

  /* Not autohide: an autohide popover would take the keyboard away from the entry. */
  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_autohide (self->popover, FALSE);
  gtk_popover_set_has_arrow (self->popover, FALSE);
  gtk_popover_set_position (self->popover, GTK_POS_BOTTOM);
  gtk_widget_set_halign (GTK_WIDGET (self->popover), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (self->popover), "menu");
  gtk_popover_set_child (self->popover, scroller);
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));
}

GtkWidget *
nd_tag_entry_new (void)
{
  return g_object_new (ND_TYPE_TAG_ENTRY, NULL);
}

NdArticle *
nd_tag_entry_get_article (NdTagEntry *self)
{
  g_return_val_if_fail (ND_IS_TAG_ENTRY (self), NULL);

  return self->article;
}

void
nd_tag_entry_set_article (NdTagEntry *self,
                          NdArticle  *article)
{
  g_return_if_fail (ND_IS_TAG_ENTRY (self));
  g_return_if_fail (!article || ND_IS_ARTICLE (article));

  if (self->article == article)
    return;

  if (self->article)
    g_clear_signal_handler (&self->tags_handler, self->article);
  g_set_object (&self->article, article);
  if (article)
    self->tags_handler = g_signal_connect_object (article, "notify::tags",
                                                  G_CALLBACK (on_article_tags_cb), self,
                                                  G_CONNECT_SWAPPED);

  set_entry_text (self, "");
  clear_hint (self);
  hide_suggestions (self);
  rebuild_chips (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), article != NULL);

  /* dispose clears the article; nobody listens by then. */
  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}

void
nd_tag_entry_set_suggestions (NdTagEntry         *self,
                              const char * const *tags)
{
  g_return_if_fail (ND_IS_TAG_ENTRY (self));

  g_strfreev (self->suggestions);
  self->suggestions = g_strdupv ((char **) tags);
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    update_suggestions (self);
}
