/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-related-links"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-html.h"
#include "nd-page-title.h"
#include "nd-related-links.h"

/* Wait for typing to pause before asking the web for a title. */
#define FETCH_DELAY_MS 500

struct _NdRelatedLinks
{
  GtkWidget     parent_instance;

  GtkListBox   *list;
  GtkWidget    *add_button;

  NdArticle    *article;
  GListModel   *model;
  gulong        items_handler;
  SoupSession  *session;
};

G_DEFINE_FINAL_TYPE (NdRelatedLinks, nd_related_links, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ARTICLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  SLOT_NONE,
  SLOT_TITLE,
  SLOT_URL,
  SLOT_UP,
  SLOT_DOWN,
  SLOT_REMOVE,
} Slot;

/* Per-row state, owned by the row: the row goes away when its link is removed or the
 * article changes, and takes its pending title fetch with it. */
typedef struct
{
  NdRelatedLinks *self;   /* not a reference: the list box (and the rows) die first */
  NdRelatedLink  *link;
  GtkWidget      *title;
  GtkWidget      *url;
  GtkWidget      *up;
  GtkWidget      *down;
  GtkWidget      *remove;
  GCancellable   *fetch;
  guint           fetch_timeout;
} Row;

typedef struct
{
  NdRelatedLink *link;
  char          *url;
} Fetch;

static void row_stop_fetch (Row *row, gboolean detach);

static void
row_free (Row *row)
{
  row_stop_fetch (row, TRUE);
  g_clear_object (&row->link);
  g_free (row);
}

static void
fetch_free (Fetch *fetch)
{
  g_object_unref (fetch->link);
  g_free (fetch->url);
  g_free (fetch);
}

static Row *
row_get (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "nd-row");
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

/* Stops a row's pending fetch; detaching also cuts it off from the widget, for rows that
 * outlive the list (someone else holding a reference). */
static void
row_stop_fetch (Row      *row,
                gboolean  detach)
{
  g_clear_handle_id (&row->fetch_timeout, g_source_remove);
  if (row->fetch)
    g_cancellable_cancel (row->fetch);
  g_clear_object (&row->fetch);
  if (detach)
    row->self = NULL;
}

static void
set_label (GtkWidget  *widget,
           const char *format,
           guint       n)
{
  g_autofree char *label = g_strdup_printf (format, n);

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* Names carry the position ("Remove link 2"), so they change whenever the order does. */
static void
renumber (NdRelatedLinks *self)
{
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;

  for (guint i = 0; i < n; i++)
    {
      GtkListBoxRow *widget = gtk_list_box_get_row_at_index (self->list, i);
      Row *row;

      if (widget == NULL || (row = row_get (GTK_WIDGET (widget))) == NULL)
        continue;
      set_label (row->title, _("Link title %u"), i + 1);
      set_label (row->url, _("Link URL %u"), i + 1);
      set_label (row->up, _("Move link %u up"), i + 1);
      set_label (row->down, _("Move link %u down"), i + 1);
      set_label (row->remove, _("Remove link %u"), i + 1);
      /* The row itself takes focus (for Alt+Up/Down): it needs a name too. */
      set_label (GTK_WIDGET (widget), _("Related link %u"), i + 1);
      gtk_widget_set_sensitive (row->up, i > 0);
      gtk_widget_set_sensitive (row->down, i + 1 < n);
    }
}

static GtkWidget *
slot_widget (Row  *row,
             Slot  slot)
{
  switch (slot)
    {
    case SLOT_TITLE: return row->title;
    case SLOT_URL: return row->url;
    case SLOT_UP: return gtk_widget_get_sensitive (row->up) ? row->up : row->down;
    case SLOT_DOWN: return gtk_widget_get_sensitive (row->down) ? row->down : row->up;
    case SLOT_REMOVE: return row->remove;
    case SLOT_NONE:
    default: return NULL;
    }
}

static Slot
focused_slot (Row *row)
{
  GtkRoot *root = gtk_widget_get_root (row->title);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL)
    return SLOT_NONE;
  if (focus == row->title || gtk_widget_is_ancestor (focus, row->title))
    return SLOT_TITLE;
  if (focus == row->url || gtk_widget_is_ancestor (focus, row->url))
    return SLOT_URL;
  if (focus == row->up)
    return SLOT_UP;
  if (focus == row->down)
    return SLOT_DOWN;
  if (focus == row->remove)
    return SLOT_REMOVE;
  return SLOT_NONE;
}

static void
focus_row (NdRelatedLinks *self,
           guint           index,
           Slot            slot)
{
  GtkListBoxRow *widget = gtk_list_box_get_row_at_index (self->list, index);
  GtkWidget *target;

  if (widget == NULL)
    return;
  target = slot_widget (row_get (GTK_WIDGET (widget)), slot);
  gtk_widget_grab_focus (target ? target : GTK_WIDGET (widget));
}

static void
move (NdRelatedLinks *self,
      Row            *row,
      GtkWidget      *widget,
      int             delta)
{
  int from = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (widget));
  int to = from + delta;
  Slot slot;

  if (self == NULL || self->article == NULL || from < 0 || to < 0 || to >= (int) g_list_model_get_n_items (self->model))
    return;

  /* The store removes and re-inserts the link, so its row is rebuilt: put the keyboard
   * back on the same control in the new row. */
  slot = focused_slot (row);
  nd_article_move_related (self->article, from, to);
  focus_row (self, to, slot == SLOT_NONE ? SLOT_TITLE : slot);
}

static void
update_url_error (Row *row)
{
  const char *url = nd_related_link_get_url (row->link);

  if (url && *url && !nd_html_is_http_url (url))
    {
      gtk_widget_add_css_class (row->url, "error");
      gtk_widget_set_tooltip_text (row->url, _("Use a web address that starts with http:// or https://"));
      gtk_accessible_update_state (GTK_ACCESSIBLE (row->url),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (row->url, "error");
      gtk_widget_set_tooltip_text (row->url, NULL);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row->url), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
on_title_fetched_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = nd_page_title_fetch_finish (result, &error);
  const char *current = nd_related_link_get_title (fetch->link);

  if (error && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("No title for %s: %s", fetch->url, error->message);

  /* Whatever the user typed meanwhile wins, and a title is only good for its URL. */
  if (title && is_empty (current) &&
      g_strcmp0 (nd_related_link_get_url (fetch->link), fetch->url) == 0)
    nd_related_link_set_title (fetch->link, title);

  fetch_free (fetch);
}

static gboolean
on_fetch_timeout_cb (gpointer user_data)
{
  Row *row = user_data;
  const char *title = nd_related_link_get_title (row->link);
  const char *url = nd_related_link_get_url (row->link);
  Fetch *fetch;

  row->fetch_timeout = 0;
  if (!is_empty (title) || !nd_html_is_http_url (url) || row->self == NULL)
    return G_SOURCE_REMOVE;

  if (row->self->session == NULL)
    row->self->session = soup_session_new_with_options ("user-agent", "Newsdesk/" PACKAGE_VERSION, NULL);

  fetch = g_new0 (Fetch, 1);
  fetch->link = g_object_ref (row->link);
  fetch->url = g_strdup (url);
  row->fetch = g_cancellable_new ();
  nd_page_title_fetch_async (row->self->session, url, row->fetch, on_title_fetched_cb, fetch);
  return G_SOURCE_REMOVE;
}

static void
on_link_url_cb (NdRelatedLink *link,
                GParamSpec    *pspec,
                GtkWidget     *widget)
{
  Row *row = row_get (widget);

  update_url_error (row);
  if (row->self == NULL)
    return;

  /* Only for rows with no title yet: never replace what the user wrote. */
  row_stop_fetch (row, FALSE);
  if (is_empty (nd_related_link_get_title (link)) && nd_html_is_http_url (nd_related_link_get_url (link)))
    row->fetch_timeout = g_timeout_add (FETCH_DELAY_MS, on_fetch_timeout_cb, row);
}

static void
on_up_clicked_cb (GtkButton *button,
                  GtkWidget *widget)
{
  Row *row = row_get (widget);

  move (row->self, row, widget, -1);
}

static void
on_down_clicked_cb (GtkButton *button,
                    GtkWidget *widget)
{
  Row *row = row_get (widget);

  move (row->self, row, widget, 1);
}

static void
on_remove_clicked_cb (GtkButton *button,
                      GtkWidget *widget)
{
  NdRelatedLinks *self = row_get (widget)->self;
  int index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (widget));
  guint n;

  if (self == NULL || self->article == NULL || index < 0)
    return;

  nd_article_remove_related (self->article, index);
  n = g_list_model_get_n_items (self->model);
  if (n == 0)
    gtk_widget_grab_focus (self->add_button);
  else
    focus_row (self, MIN ((guint) index, n - 1), SLOT_REMOVE);
}

static gboolean
on_row_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkWidget             *widget)
{
  Row *row = row_get (widget);

  if ((state & (GDK_ALT_MASK | GDK_CONTROL_MASK | GDK_SHIFT_MASK)) != GDK_ALT_MASK)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move (row->self, row, widget, -1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move (row->self, row, widget, 1);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static GtkWidget *
make_button (const char *icon,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  NdRelatedLinks *self = user_data;
  GtkEventController *keys;
  GtkWidget *widget, *box, *fields, *buttons;
  Row *row;

  row = g_new0 (Row, 1);
  row->self = self;
  row->link = g_object_ref (item);

  widget = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (widget), FALSE);
  g_object_set_data_full (G_OBJECT (widget), "nd-row", row, (GDestroyNotify) row_free);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (widget), box);

  fields = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_hexpand (fields, TRUE);
  gtk_box_append (GTK_BOX (box), fields);

  row->title = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (row->title), _("Title"));
  gtk_box_append (GTK_BOX (fields), row->title);
  g_object_bind_property (item, "title", row->title, "text",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  row->url = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (row->url), _("https://…"));
  gtk_entry_set_input_purpose (GTK_ENTRY (row->url), GTK_INPUT_PURPOSE_URL);
  gtk_widget_add_css_class (row->url, "caption");
  gtk_box_append (GTK_BOX (fields), row->url);
  g_object_bind_property (item, "url", row->url, "text",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), buttons);
  row->up = make_button ("go-up-symbolic", _("Move up (Alt+Up)"));
  row->down = make_button ("go-down-symbolic", _("Move down (Alt+Down)"));
  row->remove = make_button ("user-trash-symbolic", _("Remove link"));
  gtk_box_append (GTK_BOX (buttons), row->up);
  gtk_box_append (GTK_BOX (buttons), row->down);
  gtk_box_append (GTK_BOX (buttons), row->remove);
  g_signal_connect (row->up, "clicked", G_CALLBACK (on_up_clicked_cb), widget);
  g_signal_connect (row->down, "clicked", G_CALLBACK (on_down_clicked_cb), widget);
  g_signal_connect (row->remove, "clicked", G_CALLBACK (on_remove_clicked_cb), widget);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "nd-related-row-keys");
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_row_key_pressed_cb), widget);
  gtk_widget_add_controller (widget, keys);

  g_signal_connect_object (item, "notify::url", G_CALLBACK (on_link_url_cb), widget, 0);
  update_url_error (row);

  return widget;
}

static void
on_items_changed_cb (NdRelatedLinks *self)
{
  renumber (self);
}

static void
on_add_clicked_cb (GtkButton      *button,
                   NdRelatedLinks *self)
{
  g_autoptr(NdRelatedLink) link = NULL;

  if (self->article == NULL)
    return;

  link = nd_related_link_new ("", "");
  nd_article_add_related (self->article, link);
  /* The URL first: pasting it usually brings the title along. */
  focus_row (self, g_list_model_get_n_items (self->model) - 1, SLOT_URL);
}

static void
nd_related_links_dispose (GObject *object)
{
  NdRelatedLinks *self = (NdRelatedLinks *) object;

  nd_related_links_set_article (self, NULL);
  if (self->list)
    {
      gtk_widget_unparent (GTK_WIDGET (self->list));
      gtk_widget_unparent (self->add_button);
      self->list = NULL;
      self->add_button = NULL;
    }
  if (self->session)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (nd_related_links_parent_class)->dispose (object);
}

static void
nd_related_links_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  NdRelatedLinks *self = ND_RELATED_LINKS (object);

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
nd_related_links_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  NdRelatedLinks *self = ND_RELATED_LINKS (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      nd_related_links_set_article (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_related_links_class_init (NdRelatedLinksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nd_related_links_dispose;
  object_class->get_property = nd_related_links_get_property;
  object_class->set_property = nd_related_links_set_property;

  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL, ND_TYPE_ARTICLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "nd-related-links");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
nd_related_links_init (NdRelatedLinks *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *placeholder;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Related links"),
                                  -1);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Related links list"),
                                  -1);
  placeholder = gtk_label_new (_("No related links"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->list, placeholder);
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));

  self->add_button = gtk_button_new_with_mnemonic (_("_Add Link"));
  gtk_widget_set_halign (self->add_button, GTK_ALIGN_START);
  /* GtkButton names itself after its label too (labelled-by); on GTK 4.8 the two would
   * be joined ("Add link Add Link"), so only the explicit name is kept. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->add_button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add link"),
                                  -1);
  gtk_widget_set_sensitive (self->add_button, FALSE);
  g_signal_connect (self->add_button, "clicked", G_CALLBACK (on_add_clicked_cb), self);
  gtk_widget_set_parent (self->add_button, GTK_WIDGET (self));
}

GtkWidget *
nd_related_links_new (void)
{
  return g_object_new (ND_TYPE_RELATED_LINKS, NULL);
}

NdArticle *
nd_related_links_get_article (NdRelatedLinks *self)
{
  g_return_val_if_fail (ND_IS_RELATED_LINKS (self), NULL);

  return self->article;
}

void
nd_related_links_set_article (NdRelatedLinks *self,
                              NdArticle      *article)
{
  g_return_if_fail (ND_IS_RELATED_LINKS (self));
  g_return_if_fail (!article || ND_IS_ARTICLE (article));

  if (self->article == article)
    return;

  if (self->model)
    {
      g_clear_signal_handler (&self->items_handler, self->model);
      for (guint i = 0; self->list && i < g_list_model_get_n_items (self->model); i++)
        {
          GtkListBoxRow *widget = gtk_list_box_get_row_at_index (self->list, i);

          if (widget && row_get (GTK_WIDGET (widget)))
            row_stop_fetch (row_get (GTK_WIDGET (widget)), TRUE);
        }
    }
  g_set_object (&self->article, article);
  self->model = article ? nd_article_get_related (article) : NULL;

  /* Rebinding destroys the old rows, which cancels their title fetches. */
  if (self->list)
    gtk_list_box_bind_model (self->list, self->model, create_row_cb, self, NULL);
  if (self->model)
    self->items_handler = g_signal_connect_object (self->model, "items-changed",
                                                   G_CALLBACK (on_items_changed_cb), self,
                                                   G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  renumber (self);

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  gtk_widget_set_sensitive (self->add_button, article != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}
