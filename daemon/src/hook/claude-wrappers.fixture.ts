/**
 * Wrappers the real Claude Code CLI 2.1.332 wrote around each command (the one
 * argument it passed to CLAUDE_CODE_SHELL_PREFIX), recorded by
 * test/src/agents/capture-shell-wrappers.ts with a scripted model. The session's
 * temporary home is rewritten to /tmp/warden-claude-home-XXXXXX. Regenerate after upgrading the CLI.
 */
export const CLAUDE_CODE_VERSION = "2.1.332";

export const RECORDED_WRAPPERS: ReadonlyArray<{ command: string; script: string }> = [
  {
    "command": "ls",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval ls < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-735b-cwd"
  },
  {
    "command": "pwd",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval pwd < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-02c0-cwd"
  },
  {
    "command": "ls -la src",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'ls -la src' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-bd90-cwd"
  },
  {
    "command": "echo 'single quoted'",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'echo '\"'\"'single quoted'\"'\"'' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-076b-cwd"
  },
  {
    "command": "echo \"double quoted\"",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'echo \"double quoted\"' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-6b99-cwd"
  },
  {
    "command": "echo \"it's\"",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'echo \"it'\"'\"'s\"' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-ac8d-cwd"
  },
  {
    "command": "echo 'say \"hi\"'",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'echo '\"'\"'say \"hi\"'\"'\"'' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-550a-cwd"
  },
  {
    "command": "echo $HOME",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'echo $HOME' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-1b10-cwd"
  },
  {
    "command": "echo ${HOME}/x",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'echo ${HOME}/x' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-8c4e-cwd"
  },
  {
    "command": "cat a.txt | wc -l",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'cat a.txt | wc -l' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-e21f-cwd"
  },
  {
    "command": "mkdir -p src/lib && touch src/lib/x.ts",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'mkdir -p src/lib && touch src/lib/x.ts' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-9261-cwd"
  },
  {
    "command": "git status || true",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'git status || true' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-46a9-cwd"
  },
  {
    "command": "echo one; echo two",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'echo one; echo two' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-101c-cwd"
  },
  {
    "command": "echo first\necho second",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'echo first\necho second' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-d91c-cwd"
  },
  {
    "command": "cat <<'EOF'\nheredoc body $x\nEOF",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'cat <<'\"'\"'EOF'\"'\"'\nheredoc body $x\nEOF' && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-5815-cwd"
  },
  {
    "command": "echo héllo wörld ✓",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'echo héllo wörld ✓' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-154e-cwd"
  },
  {
    "command": "echo a\\ b \\\\ c",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'echo a\\ b \\\\ c' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-2129-cwd"
  },
  {
    "command": "printf '%s\\n' \"$(date +%s)\"",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'printf '\"'\"'%s\\n'\"'\"' \"$(date +%s)\"' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-74ce-cwd"
  },
  {
    "command": "ls *.ts 2>/dev/null",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'ls *.ts 2>/dev/null' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-32fd-cwd"
  },
  {
    "command": "FOO=1 env | grep FOO",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'FOO=1 env | grep FOO' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-4f40-cwd"
  },
  {
    "command": "cd src && ls",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'cd src && ls' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-f140-cwd"
  },
  {
    "command": "echo `whoami`",
    "script": "{ case \"${BASH_VERSINFO-}\" in '2'|'3') \\builtin printf '%s\\n' '__CLAUDE_CODE_DID_NOT_RUN_BASH_TOO_OLD='\"${BASH_VERSION-}\" >&2; \\builtin exit 126; \\exit 126;; esac; } && source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'echo `whoami`' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-0ff6-cwd"
  },
  {
    "command": "true",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval true < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-ad82-cwd"
  },
  {
    "command": "ls|wc",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'ls|wc' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-3a7c-cwd"
  },
  {
    "command": "true&&pwd",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'true&&pwd' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-fbb9-cwd"
  },
  {
    "command": "echo$HOME",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'echo$HOME' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-5bbf-cwd"
  },
  {
    "command": "ls;pwd",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'ls;pwd' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-7aac-cwd"
  },
  {
    "command": "cat<a.txt",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'cat<a.txt' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-8a7d-cwd"
  },
  {
    "command": "echo'x'",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'echo'\"'\"'x'\"'\"'' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-86b7-cwd"
  },
  {
    "command": "ls~",
    "script": "source /tmp/warden-claude-home-XXXXXX/.claude/shell-snapshots/snapshot-bash-1796699650049-c41pts.sh 2>/dev/null || true && { \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB NO_BARE_GLOB_QUAL NO_BRACE_CCL NO_MAGIC_EQUAL_SUBST NO_RC_QUOTES NO_EQUALS; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'which'; \\builtin unset -f -- 'which'; } >/dev/null 2>&1 || true && { \\builtin unalias -- 'unsetenv'; \\builtin unset -f -- 'unsetenv'; } >/dev/null 2>&1 || true && eval 'ls~' < /dev/null && pwd -P >| /tmp/warden-claude-home-XXXXXX/tmp/claude-f68b-cwd"
  }
];
