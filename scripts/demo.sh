#!/usr/bin/env bash
# Warden's main job on embedded defaults: a supervisor daemon in a temporary
# WARDEN_HOME, its status, and the live audit log as events arrive. Interactive:
# runs until Ctrl-C. --headless (or no terminal): runs the script and exits.
# Either way, everything it started is stopped and its temporary state removed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

headless=0
[[ "${1:-}" == "--headless" || ! -t 1 ]] && headless=1

warden_install
warden_build

export WARDEN_HOME
WARDEN_HOME="$(mktemp -d /tmp/warden-demo.XXXXXX)"
warden() { node "$WARDEN_ROOT/dist/daemon/src/cli/main.js" "$@"; }

tail_pid=""
cleanup() {
  if [[ -n "$tail_pid" ]]; then
    kill "$tail_pid" 2>/dev/null || true
    wait "$tail_pid" 2>/dev/null || true
  fi
  warden daemon stop >/dev/null 2>&1 || true
  rm -rf "$WARDEN_HOME"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== Starting the Warden daemon (WARDEN_HOME=$WARDEN_HOME)"
warden daemon start
echo
echo "== Live audit log (every record is hash-chained to the one before)"
warden audit tail -f -n 5 &
tail_pid=$!
sleep 0.5

warden audit note "demo: a developer starts a session" >/dev/null
sleep 0.3
warden audit note "demo: the audit log is written before anything is answered" >/dev/null
sleep 0.3
warden audit note "demo: agents will appear here as they act (identities and policy come next)" >/dev/null
sleep 0.5

echo
echo "== Verifying the hash chain"
warden audit verify
echo
warden daemon status

if [[ "$headless" == 1 ]]; then
  echo
  echo "demo finished (headless); stopping the daemon and removing $WARDEN_HOME"
  exit 0
fi
echo
echo "The daemon is running. Try in another terminal:"
echo "  WARDEN_HOME=$WARDEN_HOME node $WARDEN_ROOT/dist/daemon/src/cli/main.js audit note 'hello'"
echo "Ctrl-C stops the demo and removes its state."
wait "$tail_pid"
