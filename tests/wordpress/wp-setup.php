<?php
/*
 * Non-interactive WordPress install for the Newsdesk test fixture.
 * Run by wp-fixture.sh with the PHP CLI:
 *
 *   php wp-setup.php CONFIG_NAME HOST_PORT ADMIN_USER ADMIN_EMAIL ADMIN_PASSWORD
 *
 * CONFIG_NAME selects /etc/wordpress/config-CONFIG_NAME.php (Debian's
 * wp-config.php honours $_SERVER['WORDPRESS_CONFIG']).  Prints
 * "WP_USER_ID=<id>" and "WP_APP_PASSWORD=<password>" on stdout.
 */

if (PHP_SAPI !== 'cli' || $argc !== 6) {
    fwrite(STDERR, "usage: php wp-setup.php CONFIG_NAME HOST:PORT USER EMAIL PASSWORD\n");
    exit(2);
}
[, $config_name, $host, $user, $email, $password] = $argv;

$_SERVER['WORDPRESS_CONFIG'] = $config_name;
$_SERVER['HTTP_HOST'] = $host;
$_SERVER['SERVER_NAME'] = preg_replace('/:.*/', '', $host);
$_SERVER['SERVER_PORT'] = preg_replace('/^[^:]*:?/', '', $host) ?: '80';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';

define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

/* No MTA here: don't let the "new site" notification spawn sendmail. */
add_filter('pre_wp_mail', '__return_true');

if (is_blog_installed()) {
    fwrite(STDERR, "wp-setup: database is already installed\n");
    exit(1);
}

$result = wp_install('Newsdesk Test', $user, $email, true, '', wp_slash($password));
if (is_wp_error($result) || empty($result['user_id'])) {
    fwrite(STDERR, "wp-setup: wp_install failed\n");
    exit(1);
}
$user_id = (int) $result['user_id'];

/* Pretty permalinks (wp_install only enables them when a loopback HTTP test
 * succeeds, and the server is not up yet).  Soft flush: a hard one could try
 * to write .htaccess, which Debian symlinks to /etc/wordpress/htaccess. */
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
flush_rewrite_rules(false);

$created = WP_Application_Passwords::create_new_application_password(
    $user_id,
    ['name' => 'newsdesk-tests']
);
if (is_wp_error($created)) {
    fwrite(STDERR, 'wp-setup: ' . $created->get_error_message() . "\n");
    exit(1);
}

echo 'WP_USER_ID=', $user_id, "\n";
echo 'WP_APP_PASSWORD=', $created[0], "\n";
