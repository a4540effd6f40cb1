/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nd-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>
#include <string.h>
#include <webkit/webkit.h>

#include "nd-article-html.h"
#include "nd-preview.h"

/* WebKit, and the ~100 libraries it pulls in (JavaScriptCore, ICU, GStreamer…), are loaded
 * when the first preview is shown, not at start: linking them cost every start of Newsdesk
 * ~45 ms and ~30 MB of memory (build-aux/bench). So the program does not link WebKit (only
 * its headers are used) and every WebKit call in this file goes through this table, filled
 * by load_webkit (). The list is what `nm -u nd-preview.c.o` names: add new calls to it.
 * WebKit's cast macros (WEBKIT_WEB_VIEW ()…) are inline functions calling the real
 * *_get_type (): use plain C casts here. */
#define WEBKIT_LIBRARY "libwebkitgtk-6.0.so.4"

#define ND_WEBKIT_FUNCS(X) \
  X (webkit_navigation_action_get_navigation_type) \
  X (webkit_navigation_action_get_request) \
  X (webkit_navigation_policy_decision_get_navigation_action) \
  X (webkit_policy_decision_ignore) \
  X (webkit_settings_set_auto_load_images) \
  X (webkit_settings_set_enable_developer_extras) \
  X (webkit_settings_set_enable_html5_local_storage) \
  X (webkit_settings_set_enable_javascript) \
  X (webkit_settings_set_enable_javascript_markup) \
  X (webkit_settings_set_enable_page_cache) \
  X (webkit_settings_set_enable_webaudio) \
  X (webkit_settings_set_enable_webgl) \
  X (webkit_settings_set_media_playback_requires_user_gesture) \
  X (webkit_uri_request_get_uri) \
  X (webkit_uri_scheme_request_finish) \
  X (webkit_uri_scheme_request_finish_error) \
  X (webkit_uri_scheme_request_get_path) \
  X (webkit_uri_scheme_request_get_web_view) \
  X (webkit_web_context_register_uri_scheme) \
  X (webkit_web_view_get_context) \
  X (webkit_web_view_get_settings) \
  X (webkit_web_view_get_title) \
  X (webkit_web_view_load_html) \
  X (webkit_web_view_new)

static struct
{
#define ND_WEBKIT_FIELD(name) __typeof__ (name) *name;
  ND_WEBKIT_FUNCS (ND_WEBKIT_FIELD)
#undef ND_WEBKIT_FIELD
} webkit;

/* TRUE once WebKit is loaded; FALSE (with a warning, once) when it cannot be. */
static gboolean
load_webkit (void)
{
  static gsize state = 0;   /* 1: loaded, 2: failed */

  if (g_once_init_enter (&state))
    {
      GModule *module = g_module_open (WEBKIT_LIBRARY, G_MODULE_BIND_LAZY);
      gsize result = 1;

      if (module == NULL)
        {
          g_warning ("Could not load %s, so there is no preview: %s", WEBKIT_LIBRARY,
                     g_module_error ());
          result = 2;
        }
      else
        {
#define ND_WEBKIT_LOAD(name) \
          if (!g_module_symbol (module, #name, (gpointer *) &webkit.name)) \
            { \
              g_warning ("%s has no %s, so there is no preview", WEBKIT_LIBRARY, #name); \
              result = 2; \
            }
          ND_WEBKIT_FUNCS (ND_WEBKIT_LOAD)
#undef ND_WEBKIT_LOAD
          g_module_make_resident (module);
        }
      g_once_init_leave (&state, result);
    }
  return state == 1;
}

#define webkit_navigation_action_get_navigation_type (webkit.webkit_navigation_action_get_navigation_type)
#define webkit_navigation_action_get_request (webkit.webkit_navigation_action_get_request)
#define webkit_navigation_policy_decision_get_navigation_action (webkit.webkit_navigation_policy_decision_get_navigation_action)
#define webkit_policy_decision_ignore (webkit.webkit_policy_decision_ignore)
#define webkit_settings_set_auto_load_images (webkit.webkit_settings_set_auto_load_images)
#define webkit_settings_set_enable_developer_extras (webkit.webkit_settings_set_enable_developer_extras)
#define webkit_settings_set_enable_html5_local_storage (webkit.webkit_settings_set_enable_html5_local_storage)
#define webkit_settings_set_enable_javascript (webkit.webkit_settings_set_enable_javascript)
#define webkit_settings_set_enable_javascript_markup (webkit.webkit_settings_set_enable_javascript_markup)
#define webkit_settings_set_enable_page_cache (webkit.webkit_settings_set_enable_page_cache)
#define webkit_settings_set_enable_webaudio (webkit.webkit_settings_set_enable_webaudio)
#define webkit_settings_set_enable_webgl (webkit.webkit_settings_set_enable_webgl)
#define webkit_settings_set_media_playback_requires_user_gesture (webkit.webkit_settings_set_media_playback_requires_user_gesture)
#define webkit_uri_request_get_uri (webkit.webkit_uri_request_get_uri)
#define webkit_uri_scheme_request_finish (webkit.webkit_uri_scheme_request_finish)
#define webkit_uri_scheme_request_finish_error (webkit.webkit_uri_scheme_request_finish_error)
#define webkit_uri_scheme_request_get_path (webkit.webkit_uri_scheme_request_get_path)
#define webkit_uri_scheme_request_get_web_view (webkit.webkit_uri_scheme_request_get_web_view)
#define webkit_web_context_register_uri_scheme (webkit.webkit_web_context_register_uri_scheme)
#define webkit_web_view_get_context (webkit.webkit_web_view_get_context)
#define webkit_web_view_get_settings (webkit.webkit_web_view_get_settings)
#define webkit_web_view_get_title (webkit.webkit_web_view_get_title)
#define webkit_web_view_load_html (webkit.webkit_web_view_load_html)
#define webkit_web_view_new (webkit.webkit_web_view_new)

/* Pages live at newsdesk-preview://article/ and may load only photo.* from the article's
 * folder through this scheme; the page's own Content-Security-Policy forbids every other
 * source, so the preview never touches the network. */
#define PREVIEW_SCHEME   "newsdesk-preview"
#define PREVIEW_BASE     PREVIEW_SCHEME "://article/"
#define REFRESH_DELAY_MS 400

struct _NdPreview
{
  GtkWidget       parent_instance;

  WebKitWebView  *view;
  NdArticleStore *store;
  NdArticle      *article;
  GSignalGroup   *article_signals;
  guint           refresh_id;
};

G_DEFINE_FINAL_TYPE (NdPreview, nd_preview, GTK_TYPE_WIDGET)

enum {
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The preview being served, by web view: the scheme handler is per context. */
static GHashTable *previews;

typedef struct
{
  WebKitURISchemeRequest *request;
  char                   *path;
} ServeData;

static void
serve_data_free (ServeData *data)
{
  g_clear_object (&data->request);
  g_free (data->path);
  g_free (data);
}

static void
serve_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ServeData *data = task_data;
  g_autoptr(GFile) file = g_file_new_for_path (data->path);
  GError *error = NULL;
  GFileInputStream *stream = g_file_read (file, cancellable, &error);

  if (stream)
    g_task_return_pointer (task, stream, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
on_served_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ServeData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *type = g_content_type_guess (data->path, NULL, 0, NULL);
  g_autofree char *mime = g_content_type_get_mime_type (type);

  if (stream == NULL)
    webkit_uri_scheme_request_finish_error (data->request, error);
  else
    webkit_uri_scheme_request_finish (data->request, stream, -1, mime);
}

static void
serve_request (WebKitURISchemeRequest *request,
               gpointer                user_data)
{
  WebKitWebView *view = webkit_uri_scheme_request_get_web_view (request);
  NdPreview *self = previews ? g_hash_table_lookup (previews, view) : NULL;
  const char *path = webkit_uri_scheme_request_get_path (request);
  g_autofree char *photo = NULL;
  g_autoptr(GTask) task = NULL;
  ServeData *data;
  const char *name = path && path[0] == '/' ? path + 1 : path;

  if (self && self->article && self->store)
    photo = nd_article_store_photo_path (self->store, self->article);

  /* Only the article's own photo, by its own name: nothing else on disk is reachable. */
  if (photo == NULL || name == NULL || nd_article_get_photo (self->article) == NULL ||
      g_strcmp0 (name, nd_photo_get_file (nd_article_get_photo (self->article))) != 0)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                                     "Not available in the preview");
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  data = g_new0 (ServeData, 1);
  data->request = g_object_ref (request);
  data->path = g_steal_pointer (&photo);
  task = g_task_new (NULL, NULL, on_served_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) serve_data_free);
  g_task_run_in_thread (task, serve_thread);
}

static gboolean
on_decide_policy_cb (WebKitWebView            *view,
                     WebKitPolicyDecision     *decision,
                     WebKitPolicyDecisionType  type,
                     NdPreview                *self)
{
  WebKitNavigationAction *action;
  WebKitURIRequest *request;
  const char *uri;

  if (type != WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
      type != WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
    return FALSE;

  action = webkit_navigation_policy_decision_get_navigation_action (
    (WebKitNavigationPolicyDecision *) decision);   /* no cast macro: see load_webkit () */
  request = webkit_navigation_action_get_request (action);
  uri = webkit_uri_request_get_uri (request);

  /* Our own rendering loads; anything else is the reporter clicking a link. */
  if (g_str_has_prefix (uri, PREVIEW_BASE) &&
      webkit_navigation_action_get_navigation_type (action) != WEBKIT_NAVIGATION_TYPE_LINK_CLICKED)
    return FALSE;

  webkit_policy_decision_ignore (decision);
  if (g_str_has_prefix (uri, "http://") || g_str_has_prefix (uri, "https://") ||
      g_str_has_prefix (uri, "mailto:"))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
  return TRUE;
}

static void
on_load_changed_cb (WebKitWebView   *view,
                    WebKitLoadEvent  event,
                    NdPreview       *self)
{
  if (event == WEBKIT_LOAD_FINISHED)
    g_signal_emit (self, signals[LOADED], 0);
}

static void
ensure_view (NdPreview *self)
{
  static gsize scheme_registered = 0;
  WebKitSettings *settings;

  if (self->view || !load_webkit ())
    return;

  self->view = (WebKitWebView *) webkit_web_view_new ();
  if (g_once_init_enter (&scheme_registered))
    {
      webkit_web_context_register_uri_scheme (webkit_web_view_get_context (self->view),
                                              PREVIEW_SCHEME, serve_request, NULL, NULL);
      g_once_init_leave (&scheme_registered, 1);
    }
  if (previews == NULL)
    previews = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (previews, self->view, self);

  settings = webkit_web_view_get_settings (self->view);
  webkit_settings_set_enable_javascript (settings, FALSE);
  webkit_settings_set_enable_javascript_markup (settings, FALSE);
  webkit_settings_set_auto_load_images (settings, TRUE);
  webkit_settings_set_enable_page_cache (settings, FALSE);
  webkit_settings_set_enable_developer_extras (settings, FALSE);
  webkit_settings_set_enable_html5_local_storage (settings, FALSE);
  webkit_settings_set_enable_webaudio (settings, FALSE);
  webkit_settings_set_enable_webgl (settings, FALSE);
  webkit_settings_set_media_playback_requires_user_gesture (settings, TRUE);

  g_signal_connect_object (self->view, "decide-policy", G_CALLBACK (on_decide_policy_cb), self, 0);
  g_signal_connect_object (self->view, "load-changed", G_CALLBACK (on_load_changed_cb), self, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Preview"), -1);
  gtk_widget_set_parent (GTK_WIDGET (self->view), GTK_WIDGET (self));
}

void
nd_preview_refresh (NdPreview *self)
{
  g_autofree char *html = NULL;
  NdPhoto *photo;

  g_return_if_fail (ND_IS_PREVIEW (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  ensure_view (self);
  if (self->view == NULL)
    return;
  if (self->article == NULL)
    {
      webkit_web_view_load_html (self->view, "<!DOCTYPE html><html><body></body></html>", PREVIEW_BASE);
      return;
    }

  photo = nd_article_get_photo (self->article);
  html = nd_article_render_html (self->article, photo ? nd_photo_get_file (photo) : NULL);
  webkit_web_view_load_html (self->view, html, PREVIEW_BASE);
}

static gboolean
refresh_cb (gpointer user_data)
{
  NdPreview *self = user_data;

  self->refresh_id = 0;
  nd_preview_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_article_changed_cb (NdPreview *self)
{
  /* Debounced: typing shows up after a short pause, not on every key. */
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_cb, self);
}

static void
nd_preview_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (nd_preview_parent_class)->map (widget);
  /* Changes made while hidden were not rendered: catch up when shown. */
  nd_preview_refresh (ND_PREVIEW (widget));
}

static void
nd_preview_dispose (GObject *object)
{
  NdPreview *self = ND_PREVIEW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->article_signals)
    g_signal_group_set_target (self->article_signals, NULL);
  g_clear_object (&self->article_signals);
  if (self->view)
    {
      if (previews)
        g_hash_table_remove (previews, self->view);
      gtk_widget_unparent (GTK_WIDGET (self->view));
      self->view = NULL;
    }
  g_clear_object (&self->article);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (nd_preview_parent_class)->dispose (object);
}

static void
nd_preview_class_init (NdPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nd_preview_dispose;
  widget_class->map = nd_preview_map;

  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ndpreview");
}

static void
nd_preview_init (NdPreview *self)
{
  self->article_signals = g_signal_group_new (ND_TYPE_ARTICLE);
  g_signal_group_connect_object (self->article_signals, "changed",
                                 G_CALLBACK (on_article_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
nd_preview_new (void)
{
  return g_object_new (ND_TYPE_PREVIEW, NULL);
}

void
nd_preview_set_article (NdPreview      *self,
                        NdArticleStore *store,
                        NdArticle      *article)
{
  g_return_if_fail (ND_IS_PREVIEW (self));

  g_set_object (&self->store, store);
  if (g_set_object (&self->article, article))
    g_signal_group_set_target (self->article_signals, article);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    nd_preview_refresh (self);
}

const char *
nd_preview_get_title (NdPreview *self)
{
  g_return_val_if_fail (ND_IS_PREVIEW (self), NULL);
  return self->view ? webkit_web_view_get_title (self->view) : NULL;
}
