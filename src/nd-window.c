/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-library-item.h"
#include "nd-resources.h"
#include "nd-window.h"

struct _NdWindow
{
  AdwApplicationWindow  parent_instance;

  GtkStack             *stack;
  GtkColumnView        *library_view;
  GtkColumnViewColumn  *headline_column;
  GtkColumnViewColumn  *section_column;
  GtkColumnViewColumn  *status_column;
  GtkColumnViewColumn  *modified_column;
  AdwStatusPage        *error_page;
  AdwToastOverlay      *toast_overlay;

  GListStore           *library;
  GCancellable         *cancellable;
  NdArticleStore       *store;
};

G_DEFINE_FINAL_TYPE (NdWindow, nd_window, ADW_TYPE_APPLICATION_WINDOW)

static void
on_label_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
on_label_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  const char *property = g_object_get_data (G_OBJECT (factory), "property");
  GObject *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = NULL;

  g_object_get (item, property, &text, NULL);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text ? text : "");
}

static void
set_label_column (GtkColumnViewColumn *column,
                  const char          *property)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "property", (gpointer) property);
  g_signal_connect (factory, "setup", G_CALLBACK (on_label_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_label_bind_cb), NULL);
  gtk_column_view_column_set_factory (column, factory);
  g_object_unref (factory);
}

static void
on_list_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(NdWindow) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  entries = nd_article_store_list_finish (ND_ARTICLE_STORE (source), result, &error);
  if (entries == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  items = g_ptr_array_new_full (entries->len, g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (items, nd_library_item_new (g_ptr_array_index (entries, i)));
  g_list_store_splice (self->library, 0, g_list_model_get_n_items (G_LIST_MODEL (self->library)),
                       items->pdata, items->len);

  gtk_stack_set_visible_child_name (self->stack, entries->len > 0 ? "library" : "empty");
}

void
nd_window_reload_library (NdWindow *self)
{
  g_return_if_fail (ND_IS_WINDOW (self));

  nd_article_store_list_async (self->store, self->cancellable, on_list_ready_cb,
                               g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  nd_window_reload_library (ND_WINDOW (widget));
}

static void
nd_window_dispose (GObject *object)
{
  NdWindow *self = ND_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->library);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), ND_TYPE_WINDOW);

  G_OBJECT_CLASS (nd_window_parent_class)->dispose (object);
}

static void
nd_window_class_init (NdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nd_window_dispose;

  nd_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/nd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, library_view);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, headline_column);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, section_column);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, status_column);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, modified_column);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, NdWindow, toast_overlay);

  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
}

static void
nd_window_init (NdWindow *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->cancellable = g_cancellable_new ();
  self->library = g_list_store_new (ND_TYPE_LIBRARY_ITEM);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->library)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_column_view_set_model (self->library_view, GTK_SELECTION_MODEL (selection));

  set_label_column (self->headline_column, "headline");
  set_label_column (self->section_column, "section");
  set_label_column (self->status_column, "status-text");
  set_label_column (self->modified_column, "modified-text");
}

NdWindow *
nd_window_new (NdApplication *app)
{
  NdWindow *self = g_object_new (ND_TYPE_WINDOW, "application", app, NULL);

  self->store = g_object_ref (nd_application_get_store (app));
  nd_window_reload_library (self);
  return self;
}

GListModel *
nd_window_get_library (NdWindow *self)
{
  g_return_val_if_fail (ND_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->library);
}
