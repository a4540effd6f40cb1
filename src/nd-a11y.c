/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-a11y"

#include "config.h"

#include "nd-a11y.h"

/* The text a row shows: a GtkStringList's string, or the owner's "expression". */
static char *
item_text (GObject  *owner,
           gpointer  item)
{
  g_autoptr(GtkExpression) expression = NULL;
  GValue value = G_VALUE_INIT;
  char *text = NULL;

  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (item));
  g_object_get (owner, "expression", &expression, NULL);
  if (expression && gtk_expression_evaluate (expression, item, &value))
    {
      if (G_VALUE_HOLDS_STRING (&value))
        text = g_value_dup_string (&value);
      g_value_unset (&value);
    }
  return text;
}

/* The row widget the list view made around child: the one that takes focus. Some owners
 * (AdwComboRow) wrap the child in a box of their own first. */
static GtkWidget *
row_of (GtkWidget *child)
{
  GtkWidget *widget = child;

  while (widget && gtk_widget_get_parent (widget) &&
         !GTK_IS_LIST_VIEW (gtk_widget_get_parent (widget)))
    widget = gtk_widget_get_parent (widget);
  return widget && gtk_widget_get_parent (widget) ? widget : NULL;
}

static void
name_row (GtkWidget *label)
{
  GtkWidget *row = row_of (label);
  const char *text = gtk_label_get_text (GTK_LABEL (label));

  if (row && text && *text)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* A row may be bound before it is in the list view: name it again once it is shown. */
  g_signal_connect (label, "map", G_CALLBACK (name_row), NULL);
  gtk_list_item_set_child (list_item, label);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            GObject                  *owner)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = item_text (owner, gtk_list_item_get_item (list_item));

  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  name_row (label);
}

static GtkListItemFactory *
naming_factory (GObject *owner)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), NULL);
  /* The factory lives as long as the widget that owns it. */
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), owner);
  return factory;
}

void
nd_a11y_name_drop_down_rows (GtkDropDown *dropdown)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));
  factory = naming_factory (G_OBJECT (dropdown));
  gtk_drop_down_set_list_factory (dropdown, factory);
}

void
nd_a11y_name_combo_row_rows (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  factory = naming_factory (G_OBJECT (row));
  /* Both: libadwaita 1.2 also shows the current value through a list item. */
  adw_combo_row_set_factory (row, factory);
  adw_combo_row_set_list_factory (row, factory);
}
