#!/usr/bin/env bash
# Soak test (outside CI): a steady stream of decisions through one daemon, RSS sampled
# every 10 s. Usage: bash scripts/soak.sh [MINUTES=60] [RATE=200]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
warden_install
warden_build
node "$WARDEN_ROOT/dist/test/src/bench/soak.js" "${1:-60}" "${2:-200}"
