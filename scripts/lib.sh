# Shared by scripts/demo.sh and scripts/test.sh: install dependencies (once per
# package-lock.json) and build. Native modules compile from source against the
# machine's Node headers, offline.
set -euo pipefail

WARDEN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export npm_config_nodedir="${npm_config_nodedir:-/usr}"

warden_install() {
  cd "$WARDEN_ROOT"
  local stamp="node_modules/.warden-install-stamp"
  local want
  want="$(node -p 'process.version')-$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  echo "warden: installing dependencies (npm ci; better-sqlite3 compiles from source, about 2 minutes)…" >&2
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
}

# The real agent CLIs (Claude Code, Codex) that test/src/agents drives, pinned in
# test/agents/package-lock.json and kept apart from Warden's own dependencies.
# Claude Code's postinstall links its native binary (~400 MB) into place.
warden_install_agents() {
  cd "$WARDEN_ROOT"
  local dir="test/agents"
  local stamp="$dir/node_modules/.warden-install-stamp"
  local want
  want="$(node -p 'process.version')-$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  echo "warden: installing the agent CLIs for end-to-end tests (npm ci in $dir, about 500 MB)…" >&2
  npm ci --prefix "$dir" --no-audit --no-fund
  echo "$want" > "$stamp"
}

warden_build() {
  cd "$WARDEN_ROOT"
  npm run --silent build
}
