#!/usr/bin/env bash
# Installs the OS sandbox every command Warden runs is held in, idempotently:
#   bubblewrap    the sandbox itself (namespaces, read-only binds, no capabilities)
#   socat         the bridge from a sandbox's own loopback to Warden's egress proxy,
#                 used only where a policy lists sandbox.allowHosts
#   curl          what the egress tests talk through the proxy with
# Without bubblewrap Warden still runs: sandbox.mode "preferred" (the default) runs
# commands unsandboxed and says so, "required" denies them. Linux only.
# Usage: scripts/install-sandbox.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

log() { echo "install-sandbox: $*" >&2; }

if [[ "$(uname -s)" != "Linux" ]]; then
  log "Warden's OS sandbox is Linux-only (bubblewrap); nothing to install here"
  exit 0
fi

missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v socat >/dev/null 2>&1 || missing+=(socat)
command -v curl >/dev/null 2>&1 || missing+=(curl)
warden_apt_install "${missing[@]}"
