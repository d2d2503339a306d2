# Shared by scripts/demo.sh and scripts/test.sh: install dependencies (once per
# package-lock.json) and build. Native modules compile from source against the
# machine's Node headers, offline. The install scripts (scripts/install-*.sh,
# test/vscode/install.sh) use it for their Debian packages (warden_apt_install).
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

# `npm ci` in a test-only package folder (DIR has its own package.json and lockfile,
# kept apart from Warden's dependencies), once per Node version and lockfile: stamped
# in DIR/node_modules. Usage: warden_npm_ci_stamped DIR "what it installs"
warden_npm_ci_stamped() {
  cd "$WARDEN_ROOT"
  local dir="$1" what="$2"
  local stamp="$dir/node_modules/.warden-install-stamp"
  local want
  want="$(node -p 'process.version')-$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  echo "warden: installing $what (npm ci in $dir)…" >&2
  npm ci --prefix "$dir" --no-audit --no-fund
  echo "$want" > "$stamp"
}

# The real agent CLIs (Claude Code, Codex) that test/src/agents drives, pinned in
# test/agents/package-lock.json. Claude Code's postinstall links its native binary
# (~400 MB) into place.
warden_install_agents() {
  warden_npm_ci_stamped test/agents "the agent CLIs for end-to-end tests, about 500 MB"
}

# Tools only the tests use, pinned in test/tools/package-lock.json and kept out of
# Warden's package (a global install of Warden must not fetch them): Microsoft's SARIF
# SDK, Linux-only and ~100 MB, whose sarif-2.1.0.json test/src/scan-sarif.test.ts
# validates against. Its install script (a chmod of the multitool) is not allowed.
warden_install_test_tools() {
  warden_npm_ci_stamped test/tools "the test tools, about 100 MB"
}

warden_build() {
  cd "$WARDEN_ROOT"
  npm run --silent build
}

# Installs the Debian packages named that dpkg does not already have, without
# questions; a no-op when they are all there. Each install script decides what is
# missing by what it needs on PATH and names the packages that provide it; this
# does the apt part. apt needs root: as another user it names the command to run
# and fails. Messages go through the caller's log() when it has one (so they name
# the script), else as "warden:".
# Usage: warden_apt_install PKG...
warden_apt_install() {
  local say=_warden_say
  if declare -F log >/dev/null; then say=log; fi
  local pkg missing=()
  for pkg in "$@"; do
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" == "installed" ]] || missing+=("$pkg")
  done
  if (( ${#missing[@]} == 0 )); then
    return 0
  fi
  if [[ "$(id -u)" != "0" ]]; then
    "$say" "missing ${missing[*]}; run as root (or: sudo apt-get install -y ${missing[*]})"
    return 1
  fi
  "$say" "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

_warden_say() { echo "warden: $*" >&2; }
