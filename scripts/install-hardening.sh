#!/usr/bin/env bash
# Installs what the hardening suites (test/src/hardening) need, idempotently (nothing
# is fetched when it is all present). apt needs root; CI runs as root, and so must the
# suites themselves (they mount a tmpfs, create a Unix account and build a chroot).
#   faketime      libfaketime: the daemon runs on a clock the clock-jump test moves
#   bash          the shell the differential test compares the analyser against
#   util-linux    unshare, mount, setpriv (sandbox, tmpfs, running as another user)
#   coreutils     chroot, timeout (the differential test's sandbox)
#   passwd        useradd, userdel (the other-user test)
#   libc-bin      ldd (copies bash's libraries into the sandbox)
#   findutils     find (empties the sandbox between lines)
#   chromium      the browser the web-page attacks run in (playwright-core itself comes
#                 with test/vscode/install.sh)
# Linux only.
# Usage: scripts/install-hardening.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

log() { echo "install-hardening: $*" >&2; }

if [[ "$(uname -s)" != "Linux" ]]; then
  log "the hardening suites need Linux (namespaces, tmpfs, libfaketime); nothing to install here"
  exit 0
fi

missing=()
dpkg -s faketime >/dev/null 2>&1 || missing+=(faketime)
command -v bash >/dev/null 2>&1 || missing+=(bash)
for tool in unshare mount setpriv; do command -v "$tool" >/dev/null 2>&1 || { missing+=(util-linux mount); break; }; done
for tool in chroot timeout; do command -v "$tool" >/dev/null 2>&1 || { missing+=(coreutils); break; }; done
command -v useradd >/dev/null 2>&1 || missing+=(passwd)
command -v ldd >/dev/null 2>&1 || missing+=(libc-bin)
command -v find >/dev/null 2>&1 || missing+=(findutils)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
warden_apt_install "${missing[@]}"
