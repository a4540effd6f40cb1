#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Configures a separate build of the source tree with a temporary prefix, runs
# `meson install`, checks what landed there (desktop file, metainfo, schema, icons, man
# page, translations), then starts the INSTALLED newsdesk under the X server of
# build-aux/test (DISPLAY and a session bus must exist), waits for its window, takes a
# screenshot and checks it is not blank, and runs the installed newsdesk-cli. A
# development-profile configuration is checked too (its icon, desktop file and metainfo
# follow the .Devel app id). Prints TAP.
#
# ND_INSTALL_KEEP=DIR keeps the temporary tree (build, prefix, screenshot) in DIR.
# shellcheck disable=SC2016,SC2317  # sh -c scripts read their own $1…; cleanup runs from trap
set -uo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
keep=${ND_INSTALL_KEEP:-}
if [ -n "$keep" ]; then
  tmp=$keep
  rm -rf "$tmp" && mkdir -p "$tmp"
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/nd-install-XXXXXX")
fi
prefix=$tmp/prefix
app_pid=

cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -KILL "$app_pid" 2>/dev/null
    wait "$app_pid" 2>/dev/null
  fi
  [ -n "$keep" ] || rm -rf "$tmp"
}
trap cleanup EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
# check NAME COMMAND…: ok when the command succeeds; on failure its output becomes TAP
# diagnostics.
check() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then
    ok "$name"
  else
    not_ok "$name"
    [ -z "$out" ] || printf '%s\n' "$out" | head -n 40 | sed 's/^/# /'
  fi
}
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
finish() {
  echo "1..$n"
  exit $((failed > 0))
}
# Builds only what `meson install` installs (not the tests), two jobs at a time.
build_installed() {
  local build=$1
  mapfile -t targets < <(cd "$build" && meson introspect --targets |
    python3 -c 'import json, os, sys
for t in json.load(sys.stdin):
    if t["installed"]:
        for f in t["filename"]:
            print(os.path.relpath(f, os.getcwd()))')
  ninja -C "$build" -j2 "${targets[@]}"
}

# ---- build and install -----------------------------------------------------------------

start=$SECONDS
if meson setup "$tmp/build" "$src" --prefix="$prefix" --buildtype=plain -Db_lto=false \
     >"$tmp/setup.log" 2>&1; then
  ok "meson setup --prefix=$prefix"
else
  not_ok "meson setup --prefix=$prefix"
  tail -n 20 "$tmp/setup.log" | sed 's/^/# /'
  finish
fi
if build_installed "$tmp/build" >"$tmp/build.log" 2>&1 &&
   meson install -C "$tmp/build" --no-rebuild >"$tmp/install.log" 2>&1; then
  ok "build and meson install ($((SECONDS - start)) s)"
else
  not_ok "build and meson install"
  tail -n 30 "$tmp/build.log" "$tmp/install.log" | sed 's/^/# /'
  finish
fi
if grep -q "warning:" "$tmp/build.log"; then
  not_ok "the build prints no warnings"
  grep "warning:" "$tmp/build.log" | head -n 20 | sed 's/^/# /'
else
  ok "the build prints no warnings"
fi

app_id=io.github.newsdesk.Newsdesk
share=$prefix/share

# ---- what was installed ----------------------------------------------------------------

for f in bin/newsdesk bin/newsdesk-cli; do
  check "$f is installed and executable" test -x "$prefix/$f"
done

desktop=$share/applications/$app_id.desktop
check "desktop file $app_id.desktop installed" test -f "$desktop"
check "desktop-file-validate accepts the installed desktop file" desktop-file-validate "$desktop"
check "the desktop file's Icon= is the app id" grep -qx "Icon=$app_id" "$desktop"
check "the desktop file's Exec= is newsdesk" grep -qx "Exec=newsdesk" "$desktop"

metainfo=$share/metainfo/$app_id.metainfo.xml
check "metainfo $app_id.metainfo.xml installed" test -f "$metainfo"
check "appstreamcli validate --no-net accepts the installed metainfo" \
  appstreamcli validate --no-net "$metainfo"
check "the metainfo's id is the app id" grep -q "<id>$app_id</id>" "$metainfo"
check "the metainfo launches $app_id.desktop" \
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo"
check "the metainfo has screenshots and release notes" \
  sh -c 'grep -q "<screenshot" "$1" && grep -q "<release " "$1"' sh "$metainfo"

schemas=$share/glib-2.0/schemas
check "the GSettings schema is installed" test -f "$schemas/$app_id.gschema.xml"
# meson's gnome.post_install compiles the schemas dir of the prefix (no DESTDIR here).
check "meson install compiled the schemas (gschemas.compiled)" test -f "$schemas/gschemas.compiled"
[ -f "$schemas/gschemas.compiled" ] || glib-compile-schemas "$schemas"
check "the installed schema is found through XDG_DATA_DIRS alone" \
  env -u GSETTINGS_SCHEMA_DIR XDG_DATA_DIRS="$share" gsettings list-keys "$app_id"

icons=$share/icons/hicolor
check "scalable icon $app_id.svg installed" test -s "$icons/scalable/apps/$app_id.svg"
check "symbolic icon $app_id-symbolic.svg installed" test -s "$icons/symbolic/apps/$app_id-symbolic.svg"
check "the development icon is not installed by the default profile" \
  test ! -e "$icons/scalable/apps/$app_id.Devel.svg"

man=$share/man/man1/newsdesk-cli.1
check "the man page newsdesk-cli.1 is installed" test -s "$man"
check "man finds newsdesk-cli in the prefix" \
  sh -c '[ "$(MANPATH="$1" man -w newsdesk-cli)" = "$2" ]' sh "$share/man" "$man"
check "the man page renders without warnings" \
  sh -c 'out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$1" 2>&1 >/dev/null); \
         [ -z "$out" ] || { echo "$out"; exit 1; }; \
         LC_ALL=C.UTF-8 man -l "$1" 2>/dev/null | grep -q "account add"' sh "$man"

# shellcheck disable=SC2013  # LINGUAS holds words, any number to a line
for lang in $(sed -e 's/#.*//' "$src/po/LINGUAS"); do
  check "the $lang translation is installed" test -s "$share/locale/$lang/LC_MESSAGES/newsdesk.mo"
done

# ---- the installed newsdesk-cli --------------------------------------------------------

lib=$tmp/library
cli=$prefix/bin/newsdesk-cli
check "installed newsdesk-cli --version" sh -c '"$1" --version | grep -q "^newsdesk-cli "' sh "$cli"
id=$("$cli" --library "$lib" new --headline "Installed and working" 2>"$tmp/cli.err") || id=
if [ -n "$id" ]; then ok "installed newsdesk-cli new prints an id"; else not_ok "installed newsdesk-cli new"; fi
diag "id: $id" "$(cat "$tmp/cli.err")"
check "installed newsdesk-cli list shows the article" \
  sh -c '"$1" --library "$2" list | grep -F "$3" | grep -q "Installed and working"' \
  sh "$cli" "$lib" "${id:0:8}"

# ---- the installed newsdesk, in a fresh home -------------------------------------------

if [ -z "${DISPLAY:-}" ] || [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  not_ok "a display and a session bus (run under build-aux/test)"
  finish
fi

home=$tmp/home
mkdir -p "$home/.config" "$home/.local/share" "$home/.cache" "$tmp/runtime"
chmod 700 "$tmp/runtime"
# Nothing of the build tree: the schema, the icons and the translations must come from
# the prefix (the UI resources are compiled into the binary).
env -u GSETTINGS_SCHEMA_DIR -u NEWSDESK_LIBRARY -u G_DEBUG -u MALLOC_CHECK_ \
  HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
  XDG_CACHE_HOME="$home/.cache" XDG_STATE_HOME="$home/.local/state" \
  XDG_RUNTIME_DIR="$tmp/runtime" XDG_DATA_DIRS="$share:/usr/share" \
  GSETTINGS_BACKEND=memory GDK_BACKEND=x11 \
  "$prefix/bin/newsdesk" >"$tmp/app.out" 2>"$tmp/app.err" &
app_pid=$!
diag "newsdesk pid $app_pid"

wid=
for _ in $(seq 1 60); do
  wid=$(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null | head -n 1)
  [ -n "$wid" ] && break
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.5
done
if [ -n "$wid" ]; then
  ok "the installed newsdesk shows a window"
  diag "window $wid: \"$(xdotool getwindowname "$wid" 2>/dev/null)\""
else
  not_ok "the installed newsdesk shows a window within 30 s"
  kill -0 "$app_pid" 2>/dev/null || diag "newsdesk exited"
fi

if [ -n "$wid" ]; then
  sleep 2   # let it paint its first frames
  check "newsdesk is still running" kill -0 "$app_pid"
  shot=$tmp/screenshot.png
  if import -window root "$shot" 2>"$tmp/import.err"; then
    sd=$(identify -format '%[fx:standard_deviation]' "$shot" 2>/dev/null)
    colours=$(identify -format '%k' "$shot" 2>/dev/null)
    if awk -v sd="${sd:-0}" 'BEGIN { exit !(sd > 0.01) }' && [ "${colours:-0}" -gt 16 ]; then
      ok "the screenshot is not blank"
    else
      not_ok "the screenshot is not blank"
    fi
    diag "screenshot: standard deviation ${sd:-?}, ${colours:-?} colours"
  else
    not_ok "import -window root takes a screenshot"
    diag "$(cat "$tmp/import.err")"
  fi
fi

if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
  kill -TERM "$app_pid"
  for _ in $(seq 1 50); do
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$app_pid" 2>/dev/null && kill -KILL "$app_pid"
fi
[ -z "$app_pid" ] || wait "$app_pid" 2>/dev/null
app_pid=

if grep -Eq "CRITICAL|No such schema|Settings schema .* is not installed|Failed to load|-WARNING" \
     "$tmp/app.err"; then
  not_ok "newsdesk printed no warnings or criticals"
else
  ok "newsdesk printed no warnings or criticals"
fi
[ -s "$tmp/app.err" ] && head -n 20 "$tmp/app.err" | sed 's/^/# stderr: /'

# ---- the development profile -----------------------------------------------------------

devel_id=$app_id.Devel
dbuild=$tmp/build-devel
if meson setup "$dbuild" "$src" --prefix="$prefix" -Dprofile=development \
     --buildtype=plain -Db_lto=false >"$tmp/setup-devel.log" 2>&1 &&
   ninja -C "$dbuild" "data/$devel_id.desktop" "data/$devel_id.metainfo.xml" \
     >>"$tmp/setup-devel.log" 2>&1; then
  ok "development profile: configure and build its data files"
  check "development profile: desktop-file-validate" desktop-file-validate "$dbuild/data/$devel_id.desktop"
  check "development profile: Icon=$devel_id" grep -qx "Icon=$devel_id" "$dbuild/data/$devel_id.desktop"
  check "development profile: appstreamcli validate --no-net" \
    appstreamcli validate --no-net "$dbuild/data/$devel_id.metainfo.xml"
  check "development profile: the metainfo's id is $devel_id" \
    grep -q "<id>$devel_id</id>" "$dbuild/data/$devel_id.metainfo.xml"
  installed=$(cd "$dbuild" && meson introspect --installed)
  check "development profile: installs the Devel icon as $devel_id.svg" \
    python3 -c 'import json, sys
plan = json.loads(sys.argv[1])
want = sys.argv[2] + "/icons/hicolor/scalable/apps/" + sys.argv[3] + ".svg"
srcs = [s for s, d in plan.items() if d == want]
sys.exit(0 if srcs and srcs[0].endswith("/" + sys.argv[3] + ".svg") else 1)' \
    "$installed" "$share" "$devel_id"
  check "development profile: installs the symbolic icon as $devel_id-symbolic.svg" \
    python3 -c 'import json, sys
sys.exit(0 if sys.argv[2] + "/icons/hicolor/symbolic/apps/" + sys.argv[3] + "-symbolic.svg"
         in json.loads(sys.argv[1]).values() else 1)' "$installed" "$share" "$devel_id"
else
  not_ok "development profile: configure and build its data files"
  tail -n 20 "$tmp/setup-devel.log" | sed 's/^/# /'
fi

diag "total $((SECONDS - start)) s"
finish
