/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-section-picker"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nd-section-picker.h"

#define INDENT 18

struct _NdSectionPicker
{
  GtkWidget       parent_instance;

  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkSearchEntry *search;
  GtkListBox     *list;
  GtkWidget      *none_row;
  GtkWidget      *new_row;
  GtkLabel       *new_label;
  /* GtkMenuButton's inner toggle button: the node assistive technologies can press. */
  GtkWidget      *toggle;

  NdArticle      *article;
  gulong          section_handler;
  char          **sections;
};

G_DEFINE_FINAL_TYPE (NdSectionPicker, nd_section_picker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ARTICLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct _Node Node;
struct _Node
{
  char      *name;
  GPtrArray *children;
};

static Node *
node_new (const char *name)
{
  Node *node = g_new0 (Node, 1);

  node->name = g_strdup (name);
  node->children = g_ptr_array_new ();
  return node;
}

static void
node_free (Node *node)
{
  for (guint i = 0; i < node->children->len; i++)
    node_free (node->children->pdata[i]);
  g_ptr_array_unref (node->children);
  g_free (node->name);
  g_free (node);
}

/* Levels compare case-insensitively; the first spelling seen is kept. */
static void
node_insert (Node               *root,
             const char * const *levels)
{
  Node *node = root;

  for (guint i = 0; levels[i]; i++)
    {
      g_autofree char *key = g_utf8_casefold (levels[i], -1);
      Node *next = NULL;

      for (guint j = 0; j < node->children->len && next == NULL; j++)
        {
          Node *child = node->children->pdata[j];
          g_autofree char *other = g_utf8_casefold (child->name, -1);

          if (g_str_equal (key, other))
            next = child;
        }
      if (next == NULL)
        {
          next = node_new (levels[i]);
          g_ptr_array_add (node->children, next);
        }
      node = next;
    }
}

/* "News > Russia" → "News › Russia" */
static char *
breadcrumb (const char * const *levels)
{
  return g_strjoinv (" › ", (char **) levels);
}

static char *
casefold_path (const char *path)
{
  g_auto(GStrv) levels = nd_section_path_split (path);
  g_autofree char *joined = g_strjoinv (" > ", levels);

  return g_utf8_casefold (joined, -1);
}

static void
choose (NdSectionPicker *self,
        const char      *path)
{
  if (self->article)
    nd_article_set_section_path (self->article, path);
  gtk_popover_popdown (self->popover);
}

static GtkWidget *
create_row (NdSectionPicker *self,
            const char      *path,
            const char      *name,
            guint            depth,
            gboolean         current)
{
  g_auto(GStrv) levels = nd_section_path_split (path);
  g_autofree char *crumb = breadcrumb ((const char * const *) levels);
  GtkWidget *row, *box, *label, *check;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (box, depth * INDENT);
  label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  if (depth == 0)
    gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  check = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_widget_set_visible (check, current);
  gtk_box_append (GTK_BOX (box), check);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* Read out as the whole path: "News › Russia", not just "Russia". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, crumb,
                                  -1);
  if (current)
    gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED, TRUE, -1);
  g_object_set_data_full (G_OBJECT (row), "path", g_strdup (path), g_free);
  g_object_set_data_full (G_OBJECT (row), "key", g_utf8_casefold (path, -1), g_free);
  return row;
}

static void
append_rows (NdSectionPicker *self,
             Node            *node,
             const char      *prefix,
             guint            depth,
             const char      *current)
{
  for (guint i = 0; i < node->children->len; i++)
    {
      Node *child = node->children->pdata[i];
      g_autofree char *path = prefix ? g_strconcat (prefix, " > ", child->name, NULL)
                                     : g_strdup (child->name);
      g_autofree char *key = g_utf8_casefold (path, -1);

      gtk_list_box_append (self->list,
                           create_row (self, path, child->name, depth,
                                       current && g_str_equal (key, current)));
      append_rows (self, child, path, depth + 1, current);
    }
}

static void
rebuild_rows (NdSectionPicker *self)
{
  g_autofree char *current = NULL;
  GtkWidget *child;
  Node *root;

  child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
  while (child)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (child != self->none_row && child != self->new_row)
        gtk_list_box_remove (self->list, child);
      child = next;
    }

  root = node_new (NULL);
  for (guint i = 0; self->sections && self->sections[i]; i++)
    {
      g_auto(GStrv) levels = nd_section_path_split (self->sections[i]);

      node_insert (root, (const char * const *) levels);
    }
  /* A section the settings do not list (set elsewhere, or typed in) is still shown. */
  if (self->article)
    {
      g_autofree char *path = nd_article_dup_section_path (self->article);

      node_insert (root, nd_article_get_section (self->article));
      if (*path)
        current = g_utf8_casefold (path, -1);
    }

  append_rows (self, root, NULL, 0, current);
  node_free (root);

  /* The "use what I typed" row goes last so Enter's first match is a known section. */
  g_object_ref (self->new_row);
  gtk_list_box_remove (self->list, self->new_row);
  gtk_list_box_append (self->list, self->new_row);
  g_object_unref (self->new_row);
}

static GtkWidget *
first_match (NdSectionPicker *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_visible (row) && g_object_get_data (G_OBJECT (row), "match"))
      return row;
  return NULL;
}

static void
apply_filter (NdSectionPicker *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search))));
  g_autofree char *key = casefold_path (query);
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  gboolean multi_level = strchr (query, '>') != NULL;
  gboolean exact = FALSE;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *row_key = g_object_get_data (G_OBJECT (row), "key");
      gboolean match = FALSE;

      if (row == self->none_row || row == self->new_row)
        continue;

      if (*key == '\0')
        match = TRUE;
      else if (multi_level)
        match = strstr (row_key, key) != NULL;
      else
        {
          g_auto(GStrv) levels = g_strsplit (row_key, " > ", -1);

          for (guint i = 0; levels[i] && !match; i++)
            match = strstr (levels[i], key) != NULL;
        }
      exact |= g_str_equal (row_key, key);
      g_object_set_data (G_OBJECT (row), "match", GINT_TO_POINTER (match));
      gtk_widget_set_visible (row, match);
      if (match)
        g_ptr_array_add (matches, (gpointer) row_key);
    }

  /* Parents of a match stay visible, so "Russia" is still seen to be under "News". */
  if (*key != '\0')
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
         row = gtk_widget_get_next_sibling (row))
      {
        const char *row_key = g_object_get_data (G_OBJECT (row), "key");

        if (row_key == NULL || gtk_widget_get_visible (row))
          continue;
        for (guint i = 0; i < matches->len; i++)
          {
            const char *m = matches->pdata[i];
            gsize len = strlen (row_key);

            if (strncmp (m, row_key, len) == 0 && strncmp (m + len, " > ", 3) == 0)
              {
                gtk_widget_set_visible (row, TRUE);
                break;
              }
          }
      }

  gtk_widget_set_visible (self->none_row, *key == '\0');
  gtk_widget_set_visible (self->new_row, *key != '\0' && !exact);
  if (*key != '\0' && !exact)
    {
      g_auto(GStrv) levels = nd_section_path_split (query);
      g_autofree char *crumb = breadcrumb ((const char * const *) levels);
      g_autofree char *text = g_strdup_printf (_("Use new section “%s”"), crumb);

      gtk_label_set_text (self->new_label, text);
      g_object_set_data_full (G_OBJECT (self->new_row), "path", g_strjoinv (" > ", levels), g_free);
    }
}

static void
set_button_label (NdSectionPicker *self,
                  const char      *text)
{
  gtk_menu_button_set_label (self->button, text);
  /* GtkMenuButton points labelled-by at its label, which GTK 4.8 joins to the explicit
   * name ("Section News › Russia"): keep the name exact, the text is the description. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->toggle), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->toggle),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
update_label (NdSectionPicker *self)
{
  const char * const *levels = self->article ? nd_article_get_section (self->article) : NULL;

  if (levels && levels[0])
    {
      g_autofree char *crumb = breadcrumb (levels);

      set_button_label (self, crumb);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), crumb);
    }
  else
    {
      set_button_label (self, _("Choose section"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), NULL);
    }
}

static void
on_article_section_cb (NdSectionPicker *self)
{
  update_label (self);
  rebuild_rows (self);
  apply_filter (self);
}

static void
on_row_activated_cb (GtkListBox      *list,
                     GtkListBoxRow   *row,
                     NdSectionPicker *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "path");

  choose (self, path ? path : "");
}

static void
on_search_changed_cb (GtkSearchEntry  *entry,
                      NdSectionPicker *self)
{
  apply_filter (self);
}

/* Enter: an exact or first match, else the typed path as a new section. */
static void
on_search_activate_cb (GtkSearchEntry  *entry,
                       NdSectionPicker *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  GtkWidget *row;

  if (*query == '\0')
    return;

  apply_filter (self);
  if (!gtk_widget_get_visible (self->new_row))
    {
      /* Exact match: keep the known spelling. */
      g_autofree char *key = casefold_path (query);

      for (row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
           row = gtk_widget_get_next_sibling (row))
        if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "key"), key) == 0)
          break;
    }
  else if ((row = first_match (self)) == NULL)
    row = self->new_row;

  if (row)
    on_row_activated_cb (self->list, GTK_LIST_BOX_ROW (row), self);
}

static void
on_search_stop_cb (GtkSearchEntry  *entry,
                   NdSectionPicker *self)
{
  gtk_popover_popdown (self->popover);
}

static gboolean
on_search_key_cb (GtkEventControllerKey *controller,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  NdSectionPicker       *self)
{
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_visible (row))
      {
        gtk_widget_grab_focus (row);
        return GDK_EVENT_STOP;
      }
  return GDK_EVENT_PROPAGATE;
}

static gboolean
on_list_keynav_failed_cb (GtkWidget        *list,
                          GtkDirectionType  direction,
                          NdSectionPicker  *self)
{
  if (direction != GTK_DIR_UP)
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
  return TRUE;
}

static void
on_popover_show_cb (GtkPopover      *popover,
                    NdSectionPicker *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  rebuild_rows (self);
  apply_filter (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

static void
nd_section_picker_dispose (GObject *object)
{
  NdSectionPicker *self = (NdSectionPicker *) object;

  nd_section_picker_set_article (self, NULL);
  if (self->button)
    {
      gtk_widget_unparent (GTK_WIDGET (self->button));
      self->button = NULL;
    }

  G_OBJECT_CLASS (nd_section_picker_parent_class)->dispose (object);
}

static void
nd_section_picker_finalize (GObject *object)
{
  NdSectionPicker *self = (NdSectionPicker *) object;

  g_strfreev (self->sections);

  G_OBJECT_CLASS (nd_section_picker_parent_class)->finalize (object);
}

static void
nd_section_picker_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  NdSectionPicker *self = ND_SECTION_PICKER (object);

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
nd_section_picker_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  NdSectionPicker *self = ND_SECTION_PICKER (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      nd_section_picker_set_article (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_section_picker_class_init (NdSectionPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nd_section_picker_dispose;
  object_class->finalize = nd_section_picker_finalize;
  object_class->get_property = nd_section_picker_get_property;
  object_class->set_property = nd_section_picker_set_property;

  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL, ND_TYPE_ARTICLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "nd-section-picker");
}

static void
nd_section_picker_init (NdSectionPicker *self)
{
  GtkEventController *keys;
  GtkWidget *box, *scroller, *label;

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Search or type “News > Russia”"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search sections"),
                                  -1);
  g_signal_connect (self->search, "search-changed", G_CALLBACK (on_search_changed_cb), self);
  g_signal_connect (self->search, "activate", G_CALLBACK (on_search_activate_cb), self);
  g_signal_connect (self->search, "stop-search", G_CALLBACK (on_search_stop_cb), self);
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search), keys);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sections"),
                                  -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self);
  g_signal_connect (self->list, "keynav-failed", G_CALLBACK (on_list_keynav_failed_cb), self);

  label = gtk_label_new (_("No section"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  self->none_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->none_row), label);
  g_object_set_data (G_OBJECT (self->none_row), "path", (gpointer) "");
  gtk_list_box_append (self->list, self->none_row);

  self->new_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->new_label, 0);
  gtk_label_set_ellipsize (self->new_label, PANGO_ELLIPSIZE_END);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("list-add-symbolic"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->new_label));
  self->new_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->new_row), box);
  gtk_widget_set_visible (self->new_row, FALSE);
  gtk_list_box_append (self->list, self->new_row);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_size_request (box, 280, -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search));
  gtk_box_append (GTK_BOX (box), scroller);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, box);
  g_signal_connect (self->popover, "show", G_CALLBACK (on_popover_show_cb), self);

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (self->popover));
  /* On GTK 4.8 the menu button's own node has no actions; its inner toggle button is the
   * one that can be pressed, so that is the one named "Section" (the outer one is left
   * unnamed, so a search by name finds the pressable one). The label text (the current
   * breadcrumb) goes in the description. */
  self->toggle = gtk_widget_get_first_child (GTK_WIDGET (self->button));
  if (!GTK_IS_BUTTON (self->toggle))
    self->toggle = GTK_WIDGET (self->button);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Section"),
                                  -1);
  gtk_widget_set_halign (GTK_WIDGET (self->button), GTK_ALIGN_START);
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));

  update_label (self);
  rebuild_rows (self);
}

GtkWidget *
nd_section_picker_new (void)
{
  return g_object_new (ND_TYPE_SECTION_PICKER, NULL);
}

NdArticle *
nd_section_picker_get_article (NdSectionPicker *self)
{
  g_return_val_if_fail (ND_IS_SECTION_PICKER (self), NULL);

  return self->article;
}

void
nd_section_picker_set_article (NdSectionPicker *self,
                               NdArticle       *article)
{
  g_return_if_fail (ND_IS_SECTION_PICKER (self));
  g_return_if_fail (!article || ND_IS_ARTICLE (article));

  if (self->article == article)
    return;

  if (self->article)
    g_clear_signal_handler (&self->section_handler, self->article);
  g_set_object (&self->article, article);
  if (article)
    self->section_handler = g_signal_connect_object (article, "notify::section",
                                                     G_CALLBACK (on_article_section_cb), self,
                                                     G_CONNECT_SWAPPED);

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  gtk_popover_popdown (self->popover);
  gtk_widget_set_sensitive (GTK_WIDGET (self->button), article != NULL);
  on_article_section_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}

void
nd_section_picker_set_sections (NdSectionPicker    *self,
                                const char * const *paths)
{
  g_return_if_fail (ND_IS_SECTION_PICKER (self));

  g_strfreev (self->sections);
  self->sections = g_strdupv ((char **) paths);
  rebuild_rows (self);
  apply_filter (self);
}
