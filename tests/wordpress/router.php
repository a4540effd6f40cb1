<?php
/*
 * Router for `php -S` serving Debian's WordPress (docroot /usr/share/wordpress)
 * for the Newsdesk integration-test fixture (see wp-fixture.sh).
 *
 * Environment (set by wp-fixture.sh when it starts `php -S`):
 *   NEWSDESK_WP_CONFIG       name N of /etc/wordpress/config-N.php to load
 *   NEWSDESK_WP_CONTENT_DIR  the fixture's private wp-content directory
 *
 * - /wp-content/...          served from NEWSDESK_WP_CONTENT_DIR (static only),
 *                            like Debian's "Alias /wp-content /var/lib/wordpress/wp-content"
 * - existing files/dirs       handled by the built-in server (static files, and
 *   under the docroot         .php scripts such as wp-login.php, wp-admin/*.php)
 * - anything else            index.php (pretty permalinks, /wp-json/...)
 */

$config = getenv('NEWSDESK_WP_CONFIG');
if ($config !== false && $config !== '') {
    /* Debian's wp-config.php honours $_SERVER['WORDPRESS_CONFIG'] before
     * falling back to config-<host>.php, so every fixture gets its own file. */
    $_SERVER['WORDPRESS_CONFIG'] = $config;
}

$docroot = rtrim($_SERVER['DOCUMENT_ROOT'], '/');
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$path = '/' . ltrim(rawurldecode($path === null || $path === false ? '/' : $path), '/');

if (strpos($path, "\0") !== false || preg_match('#(^|/)\.\.(/|$)#', $path)) {
    http_response_code(400);
    exit;
}

$content_dir = getenv('NEWSDESK_WP_CONTENT_DIR');
if ($content_dir !== false && $content_dir !== '' && strpos($path, '/wp-content/') === 0) {
    $file = rtrim($content_dir, '/') . substr($path, strlen('/wp-content'));
    if (!is_file($file) || preg_match('/\.(php|phtml|phar)$/i', $file)) {
        http_response_code(404);
        header('Content-Type: text/plain');
        echo "Not Found\n";
        exit;
    }
    $types = [
        'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg', 'jpe' => 'image/jpeg',
        'png' => 'image/png', 'gif' => 'image/gif', 'webp' => 'image/webp',
        'svg' => 'image/svg+xml', 'ico' => 'image/x-icon',
        'css' => 'text/css', 'js' => 'application/javascript',
        'json' => 'application/json', 'txt' => 'text/plain',
        'pdf' => 'application/pdf', 'mp3' => 'audio/mpeg', 'mp4' => 'video/mp4',
        'woff' => 'font/woff', 'woff2' => 'font/woff2',
    ];
    $ext = strtolower(pathinfo($file, PATHINFO_EXTENSION));
    $type = $types[$ext] ?? (function_exists('mime_content_type') ? mime_content_type($file) : false);
    header('Content-Type: ' . ($type ?: 'application/octet-stream'));
    header('Content-Length: ' . filesize($file));
    header('Last-Modified: ' . gmdate('D, d M Y H:i:s', filemtime($file)) . ' GMT');
    if ($_SERVER['REQUEST_METHOD'] !== 'HEAD') {
        readfile($file);
    }
    exit;
}

$script = '/index.php';  /* pretty permalinks, /wp-json/..., the front page */
if ($path !== '/' && file_exists($docroot . $path)) {
    if (is_dir($docroot . $path)) {
        if (substr($path, -1) !== '/') {
            $query = parse_url($_SERVER['REQUEST_URI'], PHP_URL_QUERY);
            header('Location: ' . $path . '/' . ($query ? '?' . $query : ''), true, 301);
            exit;
        }
        if (!is_file($docroot . $path . 'index.php')) {
            return false;
        }
        $script = $path . 'index.php';
    } elseif (preg_match('/\.php$/', $path)) {
        $script = $path;           /* wp-login.php, wp-admin/*.php, xmlrpc.php ... */
    } else {
        return false;              /* static file: the built-in server sets Content-Type */
    }
}

/* Run the script here rather than returning false, so the $_SERVER changes
 * above (WORDPRESS_CONFIG) are certainly seen by wp-config.php. */
$_SERVER['SCRIPT_NAME'] = $script;
$_SERVER['PHP_SELF'] = $script;
$_SERVER['SCRIPT_FILENAME'] = $docroot . $script;
chdir(dirname($docroot . $script));
require $docroot . $script;
