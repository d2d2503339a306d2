#!/usr/bin/env bash
# Warden's main job, with real parts, in one command:
#   1. a Warden daemon in a temporary WARDEN_HOME, listening on a free loopback port;
#   2. a demo workspace (demo/workspace): a git repository with a local bare remote,
#      a commented .warden/policy.json, `npm test` pinned by hash, and a .env holding
#      a generated fake API key that is moved into the OS keychain (gnome-keyring);
#   3. the real VS Code workbench (code-server) with the Warden extension, opened on it;
#   4. the real Claude Code, connected with `warden connect claude-code` and run with
#      `warden run claude-code -- claude -p …`, doing a scripted task (the project's
#      scripted model server): reads and edits (allowed), .env and .vscode/ (denied by
#      rule), a call to a local payment API with ${secret:payments_api} and a push
#      (both asked in VS Code's approval panel).
# Interactive: prints the URL to open, starts the agent once the extension connects,
# and runs until Ctrl-C. --headless (or no terminal): a headless Chromium in the
# workbench answers the approval panels, a summary is printed, and the exit status
# says whether every step went as expected. Either way everything the demo started is
# stopped and its temporary directories removed.
#
# Installs what is missing first (each step stamped, skipped when done): Warden's
# dependencies, the agent CLIs (test/agents), code-server + Chromium + Node 24 for
# code-server (test/vscode/install.sh) and gnome-keyring (scripts/install-keyring.sh);
# the last two use apt-get, so on a fresh machine run it as root once.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

args=()
for arg in "$@"; do
  case "$arg" in
    --headless) args=(--headless) ;;
    -h | --help)
      sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *)
      echo "demo: unknown argument '$arg'; usage: bash scripts/demo.sh [--headless]" >&2
      exit 2
      ;;
  esac
done
# Without a terminal nobody can open the URL or press Ctrl-C: run the script and exit.
if [[ ${#args[@]} -eq 0 && ! -t 1 ]]; then
  echo "demo: no terminal on stdout; running --headless" >&2
  args=(--headless)
fi

warden_install
warden_install_agents
bash "$WARDEN_ROOT/test/vscode/install.sh"
bash "$WARDEN_ROOT/scripts/install-keyring.sh"
bash "$WARDEN_ROOT/scripts/install-sandbox.sh"
warden_build
cd "$WARDEN_ROOT"
# The demo runner drives code-server through test/vscode's harness, so it builds with it.
npx tsc -b demo
node extension/build.mjs --package >/dev/null
exec node "$WARDEN_ROOT/dist/demo/src/main.js" "${args[@]}"
