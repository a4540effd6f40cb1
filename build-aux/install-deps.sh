#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs, with apt-get, every Debian 12 package Newsdesk needs to build, run and test.
# Only what is missing is installed, so a second run costs a second. Run as root (or with
# sudo available).
set -euo pipefail

BUILD_PACKAGES=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libjson-glib-dev libsoup-3.0-dev libsecret-1-dev libgexiv2-dev libenchant-2-dev
  libxml2-dev libgdk-pixbuf-2.0-dev glib-networking libwebkitgtk-6.0-dev
  desktop-file-utils appstream
)
RUN_PACKAGES=(
  gnome-keyring dbus dbus-x11 hunspell-en-us hunspell-es
)
TEST_PACKAGES=(
  xvfb xauth at-spi2-core python3 python3-gi python3-pyatspi gir1.2-atspi-2.0 xdotool
  imagemagick libsecret-tools python3-jsonschema exiv2 curl
  groff-base man-db
  gir1.2-webkit-6.0
  # -- hostile input: build-aux/fuzz (clang, libFuzzer in compiler-rt, llvm-symbolizer)
  clang libclang-rt-14-dev llvm
)

want=("${BUILD_PACKAGES[@]}" "${RUN_PACKAGES[@]}")
if [ "${1:-}" = "--tests" ]; then
  want+=("${TEST_PACKAGES[@]}")
fi

missing=()
for pkg in "${want[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Run as root, or install sudo: missing ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi

echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
