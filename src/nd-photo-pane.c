/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-photo-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "nd-photo-meta.h"
#include "nd-photo-pane.h"
#include "nd-resources.h"

/* The thumbnail is decoded at most this size (logical pixels, times the scale factor). */
#define THUMB_WIDTH  480
#define THUMB_HEIGHT 320

struct _NdPhotoPane
{
  GtkWidget             parent_instance;

  /* The last removal, for Undo: where the file was put aside, and what it looked like. */
  char                 *removed_path;
  NdPhoto              *removed_photo;
  NdArticle            *removed_from;

  GtkOverlay           *photo_area;
  GtkStack             *photo_stack;
  GtkLabel             *status_label;
  GtkLabel             *hint_label;
  GtkPicture           *picture;
  GtkSpinner           *spinner;
  GtkLabel             *size_label;
  GtkButton            *choose_button;
  GtkButton            *remove_button;
  GtkEntry             *caption_entry;
  GtkEntry             *credit_entry;
  GtkEntry             *alt_entry;

  NdArticleStore       *store;
  NdArticle            *article;
  /* Follow the article's current NdPhoto: attaching replaces the object. */
  GSignalGroup         *article_signals;
  GSignalGroup         *photo_signals;
  GBindingGroup        *photo_bindings;

  GCancellable         *cancellable;        /* attaches; cancelled in dispose */
  GCancellable         *thumb_cancellable;  /* the thumbnail being decoded */
  GtkFileChooserNative *chooser;
  /* The newest attach; the spinner shows while it runs for the article on display. */
  gpointer              busy_op;
};

G_DEFINE_FINAL_TYPE (NdPhotoPane, nd_photo_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ARTICLE,
  PROP_BUSY,
  N_PROPS
};

enum {
  ERROR,
  REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  NdPhotoPane *self;
  NdArticle   *article;
  char        *display_name;
  NdPhoto     *restore;       /* an undone removal: the fields to put back */
} AttachOp;

static void
attach_op_free (AttachOp *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->article);
  g_free (op->display_name);
  g_clear_object (&op->restore);
  g_free (op);
}

typedef struct
{
  char *path;
  int   width;
  int   height;
} ThumbJob;

static void
thumb_job_free (ThumbJob *job)
{
  g_free (job->path);
  g_free (job);
}

static void
emit_error (NdPhotoPane *self,
            const char  *message)
{
  g_signal_emit (self, signals[ERROR], 0, message);
}

static NdPhoto *
current_photo (NdPhotoPane *self)
{
  return self->article ? nd_article_get_photo (self->article) : NULL;
}

static gboolean
is_busy (NdPhotoPane *self)
{
  AttachOp *op = self->busy_op;

  return op != NULL && self->article != NULL && op->article == self->article;
}

static void
update_sensitivity (NdPhotoPane *self)
{
  gboolean busy = is_busy (self);
  gboolean has_photo = current_photo (self) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_button), self->article != NULL && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_button), has_photo && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->caption_entry), has_photo);
  gtk_widget_set_sensitive (GTK_WIDGET (self->credit_entry), has_photo);
  gtk_widget_set_sensitive (GTK_WIDGET (self->alt_entry), has_photo);
  gtk_widget_set_sensitive (GTK_WIDGET (self->hint_label), self->article != NULL);

  /* The obvious next step when there is no photo yet. */
  if (self->article != NULL && !has_photo)
    gtk_widget_add_css_class (GTK_WIDGET (self->choose_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->choose_button), "suggested-action");
}

static void
set_busy_op (NdPhotoPane *self,
             AttachOp    *op)
{
  gboolean was_busy = is_busy (self);

  self->busy_op = op;
  update_sensitivity (self);
  if (was_busy != is_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_size_label (NdPhotoPane *self)
{
  NdPhoto *photo = current_photo (self);
  g_autofree char *text = NULL;

  if (photo && nd_photo_get_width (photo) > 0 && nd_photo_get_height (photo) > 0)
    /* Translators: the photo's size in pixels, width × height */
    text = g_strdup_printf (_("%u × %u"), nd_photo_get_width (photo), nd_photo_get_height (photo));
  /* Left empty rather than hidden: it keeps the buttons where they are. */
  gtk_label_set_text (self->size_label, text ? text : "");
}

static void
show_empty (NdPhotoPane *self,
            const char  *status)
{
  gtk_label_set_text (self->status_label, status);
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_stack_set_visible_child_name (self->photo_stack, "empty");
}

/* Runs in a worker: decodes at thumbnail size (the JPEG loader scales while decoding, so
 * a 6000-pixel photo never exists full size in memory) and turns it the right way up. */
static void
thumb_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ThumbJob *job = task_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* -- hostile input: the header first. Only the JPEG loader scales while decoding; a
   * PNG (or a file put into the library by hand) claiming 50,000 × 50,000 pixels would be
   * decoded whole (10 GB). The bounds are those of nd_article_store_attach_photo. */
  {
    int width = 0, height = 0;

    if (gdk_pixbuf_get_file_info (job->path, &width, &height) != NULL &&
        (width > 30000 || height > 30000 || (guint64) width * (guint64) height > 200000000u))
      {
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                 _("The photo claims to be %d × %d pixels, too large to show."),
                                 width, height);
        return;
      }
  }

  pixbuf = gdk_pixbuf_new_from_file_at_scale (job->path, job->width, job->height, TRUE, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (oriented), g_object_unref);
}

static void
on_thumb_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  NdPhotoPane *self = ND_PHOTO_PANE (source);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (texture == NULL)
    {
      g_message ("Cannot show the photo: %s", error->message);
      show_empty (self, _("The photo cannot be shown"));
      return;
    }
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (self->photo_stack, "photo");
}

static void
reload_thumbnail (NdPhotoPane *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  ThumbJob *job;
  int scale;

  g_cancellable_cancel (self->thumb_cancellable);
  g_clear_object (&self->thumb_cancellable);

  if (current_photo (self) == NULL || self->store == NULL ||
      (path = nd_article_store_photo_path (self->store, self->article)) == NULL)
    {
      show_empty (self, _("No photo"));
      return;
    }

  scale = MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  job = g_new0 (ThumbJob, 1);
  job->path = g_steal_pointer (&path);
  job->width = THUMB_WIDTH * scale;
  job->height = THUMB_HEIGHT * scale;

  self->thumb_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->thumb_cancellable, on_thumb_loaded_cb, NULL);
  g_task_set_source_tag (task, reload_thumbnail);
  g_task_set_task_data (task, job, (GDestroyNotify) thumb_job_free);
  g_task_run_in_thread (task, thumb_thread);
}

static void
update_picture_description (NdPhotoPane *self)
{
  NdPhoto *photo = current_photo (self);

  gtk_picture_set_alternative_text (self->picture, photo ? nd_photo_get_alt (photo) : NULL);
}

static void
photo_changed (NdPhotoPane *self)
{
  NdPhoto *photo = current_photo (self);

  g_signal_group_set_target (self->photo_signals, photo);
  g_binding_group_set_source (self->photo_bindings, photo);
  if (photo == NULL)
    {
      /* The bindings are gone, so clearing the entries writes nothing to the model. */
      gtk_editable_set_text (GTK_EDITABLE (self->caption_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->credit_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->alt_entry), "");
    }
  update_size_label (self);
  update_picture_description (self);
  update_sensitivity (self);
  reload_thumbnail (self);
}

static gboolean
null_to_empty (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, text ? text : "");
  return TRUE;
}

static void
on_article_photo_notify_cb (NdPhotoPane *self)
{
  photo_changed (self);
}

static void
on_photo_size_notify_cb (NdPhotoPane *self)
{
  update_size_label (self);
}

static void
on_photo_file_notify_cb (NdPhotoPane *self)
{
  reload_thumbnail (self);
}

static void
on_photo_alt_notify_cb (NdPhotoPane *self)
{
  update_picture_description (self);
}

static void
on_meta_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AttachOp *op = user_data;
  NdPhotoPane *self = op->self;
  g_autoptr(NdPhotoMeta) meta = NULL;
  g_autoptr(GError) error = NULL;
  NdPhoto *photo;

  meta = nd_photo_meta_read_finish (result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      /* The pane is being disposed. */
      attach_op_free (op);
      return;
    }
  /* Not every image exiv2 can parse; the photo is attached all the same. */
  if (meta == NULL)
    g_debug ("No metadata from %s: %s", op->display_name, error->message);

  /* Only into the article on display: it is the one the editor saves when it changes. */
  photo = op->article == self->article ? nd_article_get_photo (op->article) : NULL;
  if (meta && photo)
    nd_photo_meta_apply (meta, photo);

  if (self->busy_op == op)
    set_busy_op (self, NULL);
  attach_op_free (op);
}

static void
on_attach_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AttachOp *op = user_data;
  NdPhotoPane *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  gboolean ok = nd_article_store_attach_photo_finish (ND_ARTICLE_STORE (source), result, &error);

  /* Cancelled only when the pane is disposed: nothing to show any more. */
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      attach_op_free (op);
      return;
    }

  /* Undoing a removal: the reporter's own caption, credit and alt text come back first,
   * so the metadata prefill below leaves them alone. */
  if (ok && op->restore && nd_article_get_photo (op->article))
    g_object_set (nd_article_get_photo (op->article),
                  "caption", nd_photo_get_caption (op->restore),
                  "credit", nd_photo_get_credit (op->restore),
                  "alt", nd_photo_get_alt (op->restore),
                  NULL);

  /* Metadata comes from the copy in the article folder: the same bytes, even if the
   * original has since been moved or changed. */
  if (ok)
    stored = nd_article_store_photo_path (ND_ARTICLE_STORE (source), op->article);
  else
    emit_error (self, error->message);

  if (stored == NULL)
    {
      if (self->busy_op == op)
        set_busy_op (self, NULL);
      attach_op_free (op);
      return;
    }

  nd_photo_meta_read_async (stored, self->cancellable, on_meta_read_cb, op);
}

static void
on_chooser_response_cb (NdPhotoPane          *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);

  if (file)
    nd_photo_pane_attach_file (self, file);
}

static void
on_choose_button_clicked_cb (NdPhotoPane *self)
{
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *types[] = { "image/jpeg", "image/png", "image/webp", "image/gif" };

  if (self->article == NULL || self->chooser != NULL)
    return;

  gtk_file_filter_set_name (images, _("Images"));
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    gtk_file_filter_add_mime_type (images, types[i]);

  self->chooser = gtk_file_chooser_native_new (_("Choose Photo"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Attach"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), images);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), images);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_remove_button_clicked_cb (NdPhotoPane *self)
{
  g_autoptr(GError) error = NULL;

  if (self->article == NULL || current_photo (self) == NULL || is_busy (self))
    return;

  g_clear_pointer (&self->removed_path, g_free);
  g_clear_object (&self->removed_photo);
  g_clear_object (&self->removed_from);
  self->removed_photo = nd_photo_copy (current_photo (self));

  /* Synchronous: it writes one small article.json and renames one file aside (kept for
   * Undo). The article loses its photo in memory first, so the pane updates through
   * notify::photo. */
  if (!nd_article_store_remove_photo_keep (self->store, self->article, &self->removed_path, &error))
    {
      g_clear_object (&self->removed_photo);
      emit_error (self, error->message);
      return;
    }
  self->removed_from = g_object_ref (self->article);
  g_signal_emit (self, signals[REMOVED], 0);
}

static gboolean
on_drop_cb (NdPhotoPane   *self,
            const GValue  *value,
            double         x,
            double         y,
            GtkDropTarget *target)
{
  GFile *file = NULL;

  if (self->article == NULL || is_busy (self))
    return FALSE;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      file = files ? files->data : NULL;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);

  if (file == NULL)
    return FALSE;

  nd_photo_pane_attach_file (self, file);
  return TRUE;
}

static void
nd_photo_pane_dispose (GObject *object)
{
  NdPhotoPane *self = ND_PHOTO_PANE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->thumb_cancellable);
  g_clear_pointer (&self->removed_path, g_free);
  g_clear_object (&self->removed_photo);
  g_clear_object (&self->removed_from);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  if (self->article_signals)
    g_signal_group_set_target (self->article_signals, NULL);
  if (self->photo_signals)
    g_signal_group_set_target (self->photo_signals, NULL);
  if (self->photo_bindings)
    g_binding_group_set_source (self->photo_bindings, NULL);
  g_clear_object (&self->article_signals);
  g_clear_object (&self->photo_signals);
  g_clear_object (&self->photo_bindings);
  g_clear_object (&self->article);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), ND_TYPE_PHOTO_PANE);
  /* The template's top box is not a bound child, so it is unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (nd_photo_pane_parent_class)->dispose (object);
}

static void
nd_photo_pane_finalize (GObject *object)
{
  NdPhotoPane *self = ND_PHOTO_PANE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->thumb_cancellable);

  G_OBJECT_CLASS (nd_photo_pane_parent_class)->finalize (object);
}

static void
nd_photo_pane_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  NdPhotoPane *self = ND_PHOTO_PANE (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      g_value_set_object (value, self->article);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, is_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nd_photo_pane_class_init (NdPhotoPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nd_photo_pane_dispose;
  object_class->finalize = nd_photo_pane_finalize;
  object_class->get_property = nd_photo_pane_get_property;

  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL, ND_TYPE_ARTICLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NdPhotoPane::error:
   * @message: what went wrong, written for the user
   *
   * Attaching or removing the photo failed; the article is unchanged.
   */
  /**
   * NdPhotoPane::removed:
   *
   * The reporter removed the photo; nd_photo_pane_undo_remove() puts it back.
   */
  signals[REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  signals[ERROR] = g_signal_new ("error",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  nd_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/newsdesk/Newsdesk/nd-photo-pane.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ndphotopane");

  gtk_widget_class_bind_template_child (widget_class, NdPhotoPane, photo_area);
  gtk_widget_class_bind_template_child (widget_class, NdPhotoPane, photo_stack);
  gtk_widget_class_bind_template_child (widget_class, NdPhotoPane, status_label);
  gtk_widget_class_bind_template_child (widget_class, NdPhotoPane, hint_label);
  gtk_widget_class_bind_template_child (widget_class, NdPhotoPane, picture);
  gtk_widget_class_bind_template_child (widget_class, NdPhotoPane, spinner);
  gtk_widget_class_bind_template_child (widget_class, NdPhotoPane, size_label);
  gtk_widget_class_bind_template_child (widget_class, NdPhotoPane, choose_button);
  gtk_widget_class_bind_template_child (widget_class, NdPhotoPane, remove_button);
  gtk_widget_class_bind_template_child (widget_class, NdPhotoPane, caption_entry);
  gtk_widget_class_bind_template_child (widget_class, NdPhotoPane, credit_entry);
  gtk_widget_class_bind_template_child (widget_class, NdPhotoPane, alt_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_button_clicked_cb);
}

static void
nd_photo_pane_init (NdPhotoPane *self)
{
  GtkDropTarget *drop;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The visible labels point labelled-by at the entries (for their mnemonics); GTK 4.8
   * joins that to the explicit name ("Caption Caption"), so keep only the explicit one. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->caption_entry),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->credit_entry),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->alt_entry),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  self->cancellable = g_cancellable_new ();

  self->article_signals = g_signal_group_new (ND_TYPE_ARTICLE);
  g_signal_group_connect_swapped (self->article_signals, "notify::photo",
                                  G_CALLBACK (on_article_photo_notify_cb), self);

  self->photo_signals = g_signal_group_new (ND_TYPE_PHOTO);
  g_signal_group_connect_swapped (self->photo_signals, "notify::width",
                                  G_CALLBACK (on_photo_size_notify_cb), self);
  g_signal_group_connect_swapped (self->photo_signals, "notify::height",
                                  G_CALLBACK (on_photo_size_notify_cb), self);
  g_signal_group_connect_swapped (self->photo_signals, "notify::file",
                                  G_CALLBACK (on_photo_file_notify_cb), self);
  g_signal_group_connect_swapped (self->photo_signals, "notify::sha256",
                                  G_CALLBACK (on_photo_file_notify_cb), self);
  g_signal_group_connect_swapped (self->photo_signals, "notify::alt",
                                  G_CALLBACK (on_photo_alt_notify_cb), self);

  self->photo_bindings = g_binding_group_new ();
  g_binding_group_bind_full (self->photo_bindings, "caption", self->caption_entry, "text",
                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                             null_to_empty, NULL, NULL, NULL);
  g_binding_group_bind_full (self->photo_bindings, "credit", self->credit_entry, "text",
                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                             null_to_empty, NULL, NULL, NULL);
  g_binding_group_bind_full (self->photo_bindings, "alt", self->alt_entry, "text",
                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                             null_to_empty, NULL, NULL, NULL);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->photo_area), GTK_EVENT_CONTROLLER (drop));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Photo"),
                                  -1);

  photo_changed (self);
}

GtkWidget *
nd_photo_pane_new (void)
{
  return g_object_new (ND_TYPE_PHOTO_PANE, NULL);
}

void
nd_photo_pane_set_article (NdPhotoPane    *self,
                           NdArticleStore *store,
                           NdArticle      *article)
{
  gboolean was_busy;

  g_return_if_fail (ND_IS_PHOTO_PANE (self));
  g_return_if_fail (store == NULL || ND_IS_ARTICLE_STORE (store));
  g_return_if_fail (article == NULL || ND_IS_ARTICLE (article));
  g_return_if_fail (article == NULL || store != NULL);

  g_set_object (&self->store, store);
  if (self->article == article)
    return;

  was_busy = is_busy (self);
  g_set_object (&self->article, article);
  g_signal_group_set_target (self->article_signals, article);
  photo_changed (self);

  if (was_busy != is_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}

NdArticle *
nd_photo_pane_get_article (NdPhotoPane *self)
{
  g_return_val_if_fail (ND_IS_PHOTO_PANE (self), NULL);
  return self->article;
}

gboolean
nd_photo_pane_get_busy (NdPhotoPane *self)
{
  g_return_val_if_fail (ND_IS_PHOTO_PANE (self), FALSE);
  return is_busy (self);
}

void
nd_photo_pane_attach_file (NdPhotoPane *self,
                           GFile       *file)
{
  g_autofree char *path = NULL;
  AttachOp *op;

  g_return_if_fail (ND_IS_PHOTO_PANE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->article == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a local file. Save it to your computer first, then "
                           "attach it."), name);

      emit_error (self, message);
      return;
    }

  op = g_new0 (AttachOp, 1);
  op->self = g_object_ref (self);
  op->article = g_object_ref (self->article);
  op->display_name = g_filename_display_basename (path);
  set_busy_op (self, op);

  nd_article_store_attach_photo_async (self->store, self->article, path, self->cancellable,
                                       on_attach_done_cb, op);
}

gboolean
nd_photo_pane_can_undo_remove (NdPhotoPane *self)
{
  g_return_val_if_fail (ND_IS_PHOTO_PANE (self), FALSE);
  return self->removed_path != NULL && self->removed_from != NULL &&
         self->removed_from == self->article && current_photo (self) == NULL;
}

void
nd_photo_pane_undo_remove (NdPhotoPane *self)
{
  g_autofree char *path = NULL;
  AttachOp *op;

  g_return_if_fail (ND_IS_PHOTO_PANE (self));

  /* Only while the same article is open and nothing was attached since. */
  if (!nd_photo_pane_can_undo_remove (self) || is_busy (self))
    return;

  path = g_steal_pointer (&self->removed_path);
  op = g_new0 (AttachOp, 1);
  op->self = g_object_ref (self);
  op->article = g_object_ref (self->article);
  op->display_name = g_filename_display_basename (path);
  op->restore = g_steal_pointer (&self->removed_photo);
  g_clear_object (&self->removed_from);
  set_busy_op (self, op);

  nd_article_store_attach_photo_async (self->store, self->article, path, self->cancellable,
                                       on_attach_done_cb, op);
}

GtkEntry *
nd_photo_pane_get_caption_entry (NdPhotoPane *self)
{
  g_return_val_if_fail (ND_IS_PHOTO_PANE (self), NULL);
  return self->caption_entry;
}
