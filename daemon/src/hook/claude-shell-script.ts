/**
 * Claude Code (2.1.332) runs a Bash tool call through CLAUDE_CODE_SHELL_PREFIX as
 * `PREFIX <script>`, one argument, where the script wraps the model's command:
 *
 *   source <snapshot> 2>/dev/null || true && { …shell options… } … && eval '<command>' [< /dev/null] && pwd -P >| /tmp/claude-XXXX-cwd
 *
 * The model's command is one shell word after `eval` (single-quoted, each `'` written
 * as `'"'"'`); everything before it is Claude Code's own preamble. This finds that
 * word and reads its value, so the gate decides what the model asked for and not
 * Claude Code's wrapper. Anything that does not have exactly this shape is null:
 * the caller then decides the whole script, which a policy will not allow blindly.
 */
export function modelCommandOf(script: string): string | null {
  const marker = " && eval ";
  const at = script.indexOf(marker);
  if (at < 0) return null;
  const word = readWord(script, at + marker.length);
  if (word === null) return null;
  const tail = script.slice(word.end);
  // Attack: text after the eval word would run unseen; only Claude Code's cwd capture may follow.
  if (!/^( < \/dev\/null)? && pwd -P >\| \/[A-Za-z0-9_./-]+$/.test(tail)) return null;
  return word.value;
}

/** Reads one word made of '…' runs, "'" runs and \' escapes, from `start` to the next space. */
function readWord(s: string, start: number): { value: string; end: number } | null {
  let value = "";
  let i = start;
  if (s.charAt(i) !== "'") return null;
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
