#!/usr/bin/env bash
# Installs what the keychain tests need, idempotently (nothing is fetched when it
# is all present): gnome-keyring (the Secret Service the daemon stores secrets in),
# the D-Bus session daemon it runs on (dbus-send to see it is up, dbus-launch as
# Warden's error message suggests), and secret-tool (libsecret-tools), with which
# tests look into the keychain from outside Warden. apt needs root; CI runs as root.
# Linux only: on macOS and Windows the OS keychain is always there.
# Usage: scripts/install-keyring.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

log() { echo "install-keyring: $*" >&2; }

if [[ "$(uname -s)" != "Linux" ]]; then
  exit 0
fi

missing=()
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing+=(gnome-keyring)
command -v dbus-daemon >/dev/null 2>&1 || missing+=(dbus)
command -v dbus-run-session >/dev/null 2>&1 || missing+=(dbus-daemon)
command -v dbus-send >/dev/null 2>&1 || missing+=(dbus-bin)
# dbus-launch: what Warden's "no D-Bus session" message tells a headless user to run.
command -v dbus-launch >/dev/null 2>&1 || missing+=(dbus-x11)
command -v secret-tool >/dev/null 2>&1 || missing+=(libsecret-tools)
warden_apt_install "${missing[@]}"
