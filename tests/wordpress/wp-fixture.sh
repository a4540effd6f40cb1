#!/usr/bin/env bash
# Brings up a throw-away WordPress (Debian's `wordpress` package, 6.1) on
# 127.0.0.1 for Newsdesk's integration tests, and tears it down by PID.
#
#   wp-fixture.sh start STATE_DIR          start; print + write STATE_DIR/env
#   wp-fixture.sh stop  STATE_DIR          stop what STATE_DIR's start started
#   wp-fixture.sh run   STATE_DIR -- CMD [ARGS...]
#                                          start, run CMD with the variables
#                                          exported, always stop; exit with
#                                          CMD's status
#
# STATE_DIR/env (also printed on stdout by start), KEY=VALUE, shell-sourceable:
#   WP_URL WP_USER WP_APP_PASSWORD WP_LOGIN_PASSWORD WP_MYSQL_PID WP_PHP_PID
#   plus WP_USER_ID WP_MYSQL_SOCKET WP_CONFIG_FILE WP_STATE_DIR
#
# Needs root (installs packages, writes /etc/wordpress/config-*.php).
# See README.md next to this file for the gotchas.
# shellcheck disable=SC2016  # PHP code and bash -c scripts in single quotes
set -euo pipefail

SELF_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PACKAGES=(wordpress mariadb-server php-cli php-mysql php-gd php-xml php-mbstring)
WP_ROOT=/usr/share/wordpress
WP_USER_NAME=editor
WP_USER_EMAIL=editor@example.com
DB_NAME=wordpress
DB_USER=wordpress
START_TIMEOUT=${WP_FIXTURE_TIMEOUT:-60}   # seconds, per service

log() { printf 'wp-fixture: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# ---------------------------------------------------------------- packages --

missing_packages() {
  local p st
  for p in "${PACKAGES[@]}"; do
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [[ $st == installed ]] || printf '%s\n' "$p"
  done
}

apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get -q -y \
    -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0 \
    install --no-install-recommends "$@"
}

ensure_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]} == 0)) && return 0
  ((EUID == 0)) || die "missing packages (${missing[*]}) and not root"
  log "installing ${missing[*]}"

  # Installing mariadb-server / apache2 (pulled in by wordpress) would start
  # the system services where invoke-rc.d is allowed to; we want none of them.
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# temporary, wp-fixture.sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    made_policy=1
  fi

  local rc=0
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    apt-get -q -o DPkg::Lock::Timeout=600 update >&2 || true
  fi
  apt_install "${missing[@]}" >&2 || rc=$?
  if ((rc != 0)); then
    log "apt-get install failed ($rc); running apt-get update and retrying"
    apt-get -q -o DPkg::Lock::Timeout=600 update >&2 || true
    rc=0
    apt_install "${missing[@]}" >&2 || rc=$?
  fi
  ((made_policy)) && rm -f "$policy"
  ((rc == 0)) || die "apt-get install ${missing[*]} failed"
}

# --------------------------------------------------------------- processes --

# Alive = exists and is not a zombie (reparented children are reaped by PID 1
# only eventually, and `kill -0` succeeds on zombies).
is_alive() {
  local pid=$1 stat
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# PIDs of the direct children of $1 (php -S forks workers when
# PHP_CLI_SERVER_WORKERS > 1; they survive their parent's death).
children_of() {
  local f stat rest
  for f in /proc/[0-9]*/stat; do
    stat=$(cat "$f" 2>/dev/null) || continue
    rest=${stat##*) }          # "S PPID ..."
    rest=${rest#* }
    [[ ${rest%% *} == "$1" ]] && { f=${f#/proc/}; printf '%s\n' "${f%/stat}"; }
  done
  return 0
}

# Does /proc/PID/cmdline contain STRING? (guards against recycled PIDs)
cmdline_has() {
  [[ -r /proc/$1/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# kill_and_wait NAME PID MARKER: SIGTERM, wait, then SIGKILL.
kill_and_wait() {
  local name=$1 pid=$2 marker=$3 pids=() p i
  is_alive "$pid" || return 0
  if ! cmdline_has "$pid" "$marker"; then
    log "pid $pid is not our $name any more; leaving it alone"
    return 0
  fi
  pids=("$pid")
  mapfile -t -O 1 pids < <(children_of "$pid")
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do   # 30 s
    local left=0
    for p in "${pids[@]}"; do is_alive "$p" && left=1; done
    ((left)) || return 0
    sleep 0.1
  done
  log "$name (pid ${pids[*]}) ignored SIGTERM; sending SIGKILL"
  kill -KILL "${pids[@]}" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    local left=0
    for p in "${pids[@]}"; do is_alive "$p" && left=1; done
    ((left)) || return 0
    sleep 0.1
  done
  log "warning: $name (pid ${pids[*]}) still alive"
  return 1
}

random_token() { # hex, $1 bytes
  od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'
}

free_port() {
  php -r '$s = stream_socket_server("tcp://127.0.0.1:0", $en, $es)
            or exit(1);
          $n = stream_socket_get_name($s, false);
          echo substr($n, strrpos($n, ":") + 1), "\n";'
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ------------------------------------------------------------------- stop ---

stop_fixture() {
  local state=$1 rc=0 pid f
  [[ -d $state ]] || return 0
  if [[ -f $state/php.pid ]]; then
    pid=$(<"$state/php.pid")
    kill_and_wait php "$pid" "$SELF_DIR/router.php" || rc=1
    rm -f "$state/php.pid"
  fi
  if [[ -f $state/mysql.pid ]]; then
    pid=$(<"$state/mysql.pid")
    kill_and_wait mariadbd "$pid" "--datadir=$state/mysql" || rc=1
    rm -f "$state/mysql.pid"
  fi
  if [[ -f $state/config-file ]]; then
    f=$(<"$state/config-file")
    [[ $f == /etc/wordpress/config-newsdesk-*.php ]] && rm -f "$f"
    rm -f "$state/config-file"
  fi
  if [[ -f $state/socket-dir ]]; then
    f=$(<"$state/socket-dir")
    [[ $f == /tmp/wpfx.* ]] && rm -rf "$f"
    rm -f "$state/socket-dir"
  fi
  if ((rc == 0)); then
    rm -rf "$state/mysql" "$state/tmp"   # ~100 MB of InnoDB files
  fi
  return "$rc"
}

# ------------------------------------------------------------------ start ---

START_STATE=
START_OK=0
start_cleanup() {
  local rc=$?
  if ((!START_OK)) && [[ -n $START_STATE ]]; then
    log "start failed; tearing down"
    for f in mariadb.err php-server.log; do
      [[ -s $START_STATE/logs/$f ]] && { log "--- tail of $f"; tail -n 20 "$START_STATE/logs/$f" >&2; }
    done
    stop_fixture "$START_STATE" || true
  fi
  return "$rc"
}

start_fixture() {
  local state=$1
  ((EUID == 0)) || die "must run as root (writes /etc/wordpress, runs mariadbd --user=root)"
  [[ $state != *[\'\"\\\ ]* ]] || die "STATE_DIR must not contain quotes, backslashes or spaces: $state"

  ensure_packages

  mkdir -p "$state"
  # A previous start of this STATE_DIR that was never stopped.
  stop_fixture "$state" || die "could not stop the previous fixture in $state"

  START_STATE=$state
  START_OK=0
  trap start_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP

  rm -rf "$state/mysql" "$state/tmp" "$state/wp-content" "$state/logs" "$state/env"
  mkdir -p "$state/tmp" "$state/logs" \
    "$state/wp-content/"{uploads,plugins,themes,mu-plugins,languages}

  # ---- MariaDB, private, unix socket only
  local sockdir=$state
  if ((${#state} > 90)); then   # sun_path is 108 bytes
    sockdir=$(mktemp -d /tmp/wpfx.XXXXXX)
    echo "$sockdir" >"$state/socket-dir"
  fi
  local sock=$sockdir/mysql.sock
  rm -f "$sock"

  mariadb-install-db --no-defaults --datadir="$state/mysql" --user=root \
    --auth-root-authentication-method=normal --skip-test-db \
    >"$state/logs/mariadb-install-db.log" 2>&1 ||
    { cat "$state/logs/mariadb-install-db.log" >&2; die "mariadb-install-db failed"; }

  mariadbd --no-defaults --user=root \
    --datadir="$state/mysql" --tmpdir="$state/tmp" \
    --socket="$sock" --pid-file="$state/mysql/mariadbd.pid" \
    --skip-networking --log-error="$state/logs/mariadb.err" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=0 \
    --innodb-doublewrite=0 \
    </dev/null >>"$state/logs/mariadb.err" 2>&1 &
  local mysql_pid=$!
  echo "$mysql_pid" >"$state/mysql.pid"

  local i
  for ((i = 0; i < START_TIMEOUT * 10; i++)); do
    is_alive "$mysql_pid" || die "mariadbd exited during start-up"
    if [[ -S $sock ]] && mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1; then
      break
    fi
    sleep 0.1
  done
  ((i < START_TIMEOUT * 10)) || die "mariadbd did not come up in ${START_TIMEOUT}s"

  local db_password
  db_password=$(random_token 12)
  mariadb --no-defaults --socket="$sock" -uroot <<SQL
CREATE DATABASE \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER '$DB_USER'@'localhost' IDENTIFIED BY '$db_password';
GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'localhost';
SQL

  # ---- WordPress config, picked by Debian's wp-config.php via WORDPRESS_CONFIG
  local config_name config_file port url
  config_name=newsdesk-$(printf '%s' "$state" | sha1sum | cut -c1-12)
  config_file=/etc/wordpress/config-$config_name.php
  mkdir -p /etc/wordpress
  echo "$config_file" >"$state/config-file"

  write_config() {
    local tmp=$config_file.tmp.$$
    (
      umask 077
      cat >"$tmp" <<PHP
<?php
/* Written by Newsdesk's tests/wordpress/wp-fixture.sh for $state;
 * removed by "wp-fixture.sh stop". */
define('DB_NAME', '$DB_NAME');
define('DB_USER', '$DB_USER');
define('DB_PASSWORD', '$db_password');
define('DB_HOST', 'localhost:$sock');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
\$table_prefix = 'wp_';

define('WP_HOME', '$url');
define('WP_SITEURL', '$url');
define('WP_CONTENT_DIR', '$state/wp-content');
define('WP_CONTENT_URL', '$url/wp-content');

define('WP_ENVIRONMENT_TYPE', 'local');   /* application passwords over http */
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);   /* no outbound HTTP; loopback still allowed */
define('FS_METHOD', 'direct');
define('WP_DEBUG', false);
PHP
    )
    mv -f "$tmp" "$config_file"
  }

  port=$(free_port) || die "could not find a free port"
  url=http://127.0.0.1:$port
  write_config

  # ---- install (fresh database every start)
  local login_password setup_out app_password user_id
  login_password=$(random_token 12)
  setup_out=$(php -d display_errors=stderr -d memory_limit=256M \
    "$SELF_DIR/wp-setup.php" "$config_name" "127.0.0.1:$port" \
    "$WP_USER_NAME" "$WP_USER_EMAIL" "$login_password" \
    2>"$state/logs/wp-setup.log") ||
    { cat "$state/logs/wp-setup.log" >&2; die "WordPress install failed"; }
  app_password=$(sed -n 's/^WP_APP_PASSWORD=//p' <<<"$setup_out")
  user_id=$(sed -n 's/^WP_USER_ID=//p' <<<"$setup_out")
  [[ $app_password =~ ^[A-Za-z0-9]+$ ]] || die "no application password in: $setup_out"

  # ---- php -S; retry on another port if someone grabbed ours meanwhile
  local php_pid attempt up=0
  for ((attempt = 0; attempt < 5 && !up; attempt++)); do
    if ((attempt > 0)); then
      port=$(free_port) || die "could not find a free port"
      url=http://127.0.0.1:$port
      write_config
    fi
    # PHP_CLI_SERVER_WORKERS must be > 1 if set at all.
    local workers=()
    ((${WP_FIXTURE_PHP_WORKERS:-1} > 1)) && workers=("PHP_CLI_SERVER_WORKERS=$WP_FIXTURE_PHP_WORKERS")
    env "${workers[@]}" \
      NEWSDESK_WP_CONFIG="$config_name" \
      NEWSDESK_WP_CONTENT_DIR="$state/wp-content" \
      php -d display_errors=0 -d log_errors=1 \
          -d error_log="$state/logs/php-error.log" \
          -d memory_limit=256M -d post_max_size=64M -d upload_max_filesize=64M \
          -d max_execution_time=120 \
          -S "127.0.0.1:$port" -t "$WP_ROOT" "$SELF_DIR/router.php" \
          </dev/null >>"$state/logs/php-server.log" 2>&1 &
    php_pid=$!
    echo "$php_pid" >"$state/php.pid"
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
      is_alive "$php_pid" || break
      if port_open "$port" && cmdline_has "$php_pid" "127.0.0.1:$port"; then
        up=1
        break
      fi
      sleep 0.1
    done
    if ((!up)); then
      kill_and_wait php "$php_pid" "$SELF_DIR/router.php" || true
      rm -f "$state/php.pid"
      log "php -S on port $port did not come up (attempt $((attempt + 1)))"
    fi
  done
  ((up)) || die "php -S did not come up"

  # ---- smoke test: the REST API answers through the router
  php -r '$c = @file_get_contents($argv[1]);
          exit($c !== false && strpos($c, "\"namespaces\"") !== false ? 0 : 1);' \
    "$url/wp-json/" || die "GET $url/wp-json/ did not return the REST index"

  cat >"$state/env" <<ENV
WP_URL=$url
WP_USER=$WP_USER_NAME
WP_APP_PASSWORD=$app_password
WP_LOGIN_PASSWORD=$login_password
WP_MYSQL_PID=$mysql_pid
WP_PHP_PID=$php_pid
WP_USER_ID=$user_id
WP_MYSQL_SOCKET=$sock
WP_CONFIG_FILE=$config_file
WP_STATE_DIR=$state
ENV
  START_OK=1
  trap - EXIT INT TERM HUP
  cat "$state/env"
}

# -------------------------------------------------------------------- run ---

RUN_STATE=
RUN_CMD_PID=
run_exit() {
  local rc=$?
  if [[ -n $RUN_CMD_PID ]] && is_alive "$RUN_CMD_PID"; then
    kill -TERM "$RUN_CMD_PID" 2>/dev/null || true
    wait "$RUN_CMD_PID" 2>/dev/null || true
  fi
  stop_fixture "$RUN_STATE" || true
  return "$rc"
}

run_signal() {
  local sig=$1 code=$2
  trap - "$sig"
  if [[ -n $RUN_CMD_PID ]] && is_alive "$RUN_CMD_PID"; then
    # Background children of a non-interactive shell ignore SIGINT: use TERM.
    kill -TERM "$RUN_CMD_PID" 2>/dev/null || true
    wait "$RUN_CMD_PID" 2>/dev/null || true
  fi
  exit "$code"
}

run_fixture() {
  RUN_STATE=$1
  shift
  trap run_exit EXIT
  start_fixture "$RUN_STATE" >/dev/null
  log "WordPress is up at $(sed -n "s/^WP_URL=//p" "$RUN_STATE/env")"
  # start_fixture reset the traps it used; put ours back for the command.
  trap run_exit EXIT
  trap 'run_signal INT 130' INT
  trap 'run_signal TERM 143' TERM
  trap 'run_signal HUP 129' HUP
  set -a
  # shellcheck source=/dev/null
  . "$RUN_STATE/env"
  set +a
  # In the background so that a signal to this script is handled at once
  # (bash runs traps only after a foreground child exits); keep our stdin.
  "$@" <&0 &
  RUN_CMD_PID=$!
  local cmd_rc=0
  wait "$RUN_CMD_PID" || cmd_rc=$?
  RUN_CMD_PID=
  return "$cmd_rc"
}

# ------------------------------------------------------------------- main ---

(($# >= 2)) || usage
action=$1
state_arg=$2
shift 2
[[ -n $state_arg ]] || usage
state_dir=$(realpath -m -- "$state_arg")

case $action in
  start)
    (($# == 0)) || usage
    start_fixture "$state_dir"
    ;;
  stop)
    (($# == 0)) || usage
    stop_fixture "$state_dir"
    ;;
  run)
    [[ ${1-} == -- ]] && shift
    (($# >= 1)) || usage
    run_fixture "$state_dir" "$@"
    ;;
  *)
    usage
    ;;
esac
