/**
 * Claude Code (2.1.332) runs a Bash tool call through CLAUDE_CODE_SHELL_PREFIX as
 * `PREFIX <script>`, one argument, where the script wraps the model's command:
 *
 *   source <snapshot> 2>/dev/null || true && { …shell options… } … && eval <command> [< /dev/null] && pwd -P >| /tmp/…/claude-XXXX-cwd
 *
 * The model's command is one shell word after `eval`: single-quoted (each `'` written
 * as `'"'"'`) or, for a command with no blank, left unquoted with its special
 * characters backslash-escaped (`eval ls`, `eval ls\|wc`). Everything before it is
 * Claude Code's own preamble. This checks the preamble and the tail against the shapes
 * the real CLI writes (daemon/src/hook/claude-wrappers.fixture.ts) and reads the
 * word's value, so the gate decides what the model asked for and not the wrapper.
 * Anything else is null: the caller then decides the whole script, which a policy will
 * not allow blindly.
 */
export function modelCommandOf(script: string): string | null {
  const marker = " && eval ";
  const at = script.indexOf(marker);
  if (at < 0) return null;
  // Attack: commands placed before the eval would run unseen; only Claude Code's own preamble may.
  if (!script.slice(0, at).split(" && ").every((part) => PREAMBLE.some((shape) => shape.test(part)))) return null;
  const word = readWord(script, at + marker.length);
  if (word === null) return null;
  const tail = script.slice(word.end);
  // Attack: text after the eval word would run unseen; only Claude Code's cwd capture may follow.
  if (!/^( < \/dev\/null)? && pwd -P >\| \/[A-Za-z0-9_./-]+$/.test(tail)) return null;
  return word.value;
}

/** The parts of Claude Code's preamble, each exactly as 2.1.332 writes it (see the recorded wrappers). */
const PREAMBLE: readonly RegExp[] = [
  // Written before commands with backquotes: refuses bash 2 and 3. Matched as the exact text.
  new RegExp(`^${escapeRegExp(`{ case "\${BASH_VERSINFO-}" in '2'|'3') \\builtin printf '%s\\n' '__CLAUDE_CODE_DID_NOT_RUN_BASH_TOO_OLD='"\${BASH_VERSION-}" >&2; \\builtin exit 126; \\exit 126;; esac; }`)}$`),
  /^source \/[A-Za-z0-9_./-]+\/shell-snapshots\/snapshot-[a-z]+-[0-9]+-[a-z0-9]+\.sh 2>\/dev\/null \|\| true$/,
  /^\{ \\builtin shopt -u extglob \|\| \\builtin setopt [A-Z_ ]+; \} >\/dev\/null 2>&1 \|\| true$/,
  /^\{ \\builtin unalias -- '[a-z]+'; \\builtin unset -f -- '[a-z]+'; \} >\/dev\/null 2>&1 \|\| true$/,
];

/**
 * Characters bash leaves alone in an unquoted word: no expansion (`$`, `` ` ``, `~`,
 * globs, braces), no operator, no quote. Anything else must come escaped.
 */
const PLAIN = /^[A-Za-z0-9_./:@%+=,-]$/;

/** Reads the word after `eval`: quoted runs or a plain escaped word, up to the next space. */
function readWord(s: string, start: number): { value: string; end: number } | null {
  return s.charAt(start) === "'" ? readQuoted(s, start) : readPlain(s, start);
}

/** `'…'` runs, `"'"` runs and `\'` escapes, from `start` to the next space. */
function readQuoted(s: string, start: number): { value: string; end: number } | null {
  let value = "";
  let i = start;
  while (i < s.length && s.charAt(i) !== " ") {
    const c = s.charAt(i);
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) return null;
      value += s.slice(i + 1, end);
      i = end + 1;
    } else if (s.startsWith(`"'"`, i)) {
      value += "'";
      i += 3;
    } else if (s.startsWith("\\'", i)) {
      value += "'";
      i += 2;
    } else {
      return null;
    }
  }
  return { value, end: i };
}

/**
 * An unquoted word as bash reads it: plain characters as they are, `\X` as X.
 * Attack: `eval ls;id` or `eval $(id)` — an unescaped special character means the
 * word is not what Claude Code writes, so the whole script is decided instead.
 */
function readPlain(s: string, start: number): { value: string; end: number } | null {
  let value = "";
  let i = start;
  while (i < s.length && s.charAt(i) !== " ") {
    const c = s.charAt(i);
    if (c === "\\") {
      const next = s.charAt(i + 1);
      // A backslash before a newline joins lines, and one at the end escapes nothing.
      if (next === "" || next === "\n") return null;
      value += next;
      i += 2;
    } else if (PLAIN.test(c)) {
      value += c;
      i += 1;
    } else {
      return null;
    }
  }
  return value === "" ? null : { value, end: i };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
