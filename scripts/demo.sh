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
  rm -rf "$WARDEN_HOME" "$WARDEN_HOME.ws"
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

# A small workspace with an agent identity of its own and the starter policy.
workspace="$WARDEN_HOME.ws"
mkdir -p "$workspace/src"
echo 'export const answer = 42;' > "$workspace/src/answer.ts"
echo 'API_TOKEN=not-a-real-token' > "$workspace/.env"
warden init --workspace "$workspace" >/dev/null
warden agent add demo-agent --kind claude-code --owner "$(whoami)" --purpose "demo: refactor src/" --workspace "$workspace" >/dev/null
warden token issue demo-agent --ttl 15m --workspace "$workspace" >/dev/null 2>&1
sleep 0.5

echo
echo "== What the starter policy decides for an agent's tool calls (warden policy explain)"
explain() {
  printf '  %-58s → ' "$2"
  echo "$1" | warden policy explain --workspace "$workspace" --role writer --json |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(`${r.decision.padEnd(5)} (${r.rule ?? "default"})`)})'
}
explain '{"tool_name":"Read","tool_input":{"file_path":"src/answer.ts"}}' 'Read src/answer.ts'
explain '{"tool_name":"Bash","tool_input":{"command":"git status && grep -r answer src"}}' 'Bash: git status && grep -r answer src'
explain '{"tool_name":"Read","tool_input":{"file_path":".env"}}' 'Read .env'
explain '{"tool_name":"Bash","tool_input":{"command":"echo {} > .vscode/settings.json"}}' 'Bash: echo {} > .vscode/settings.json'
explain '{"tool_name":"Bash","tool_input":{"command":"bash -c \"rm -rf src\""}}' 'Bash: bash -c "rm -rf src"'
explain '{"tool_name":"WebFetch","tool_input":{"url":"http://169.254.169.254/latest/meta-data/","prompt":"x"}}' 'WebFetch http://169.254.169.254/latest/meta-data/'
sleep 0.3

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
