#!/usr/bin/env bash
# Installs what is missing, builds, lints and runs every test suite: the unit and
# cross-process tests (with the real agent CLIs), then the extension's end-to-end
# tests in a real VS Code (code-server) driven by chromium.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
warden_install
warden_install_agents
warden_install_test_tools
# gnome-keyring and D-Bus for the keychain tests (apt, stamped by what is on PATH).
bash "$WARDEN_ROOT/scripts/install-keyring.sh"
# The OS sandbox commands run in: bubblewrap, socat (apt, idempotent).
bash "$WARDEN_ROOT/scripts/install-sandbox.sh"
# The hardening suites: libfaketime, useradd/setpriv, mount (apt, idempotent).
bash "$WARDEN_ROOT/scripts/install-hardening.sh"
# The extension's build tools, code-server and chromium (stamped; apt needs root).
bash "$WARDEN_ROOT/test/vscode/install.sh"
npm test
npm run test:e2e
