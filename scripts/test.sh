#!/usr/bin/env bash
# Installs what is missing, builds, lints and runs every test suite.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
warden_install
warden_install_agents
npm test
