#!/usr/bin/env bash
# End-to-end tests of the VS Code extension in a real VS Code (code-server) with a
# real daemon: mocha inside the extension host, then the UI driven by chromium.
# Installs what is missing (test/vscode/install.sh, stamped), builds, runs.
# Screenshots: test-artifacts/vscode/. WARDEN_E2E_KEEP=1 keeps code-server's scratch dir.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash test/vscode/install.sh
npx tsc -b . webview test/vscode demo
WARDEN_LINT_E2E=1 npx eslint extension webview test/vscode demo
node extension/build.mjs --package
node dist/test/vscode/src/run-e2e.js
