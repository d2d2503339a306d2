import type { Node } from "web-tree-sitter";

/** A heredoc's body as the command will read it, and what runs while the shell expands it. */
export interface HeredocBody {
  /** The text the command reads on stdin; null when expansions make it unknown. */
  text: string | null;
  /** Backquoted substitutions in an unquoted body, unescaped, to be parsed as commands. */
  backquoted: string[];
  problems: string[];
}

/**
 * In an unquoted heredoc body `$…` and backquotes are expanded before the command
 * reads it. The grammar parses `$(…)` there but not backquotes, so those we find
 * ourselves: missing them would let `cat <<EOF` run code the policy never sees.
 */
export function readHeredocBody(start: Node, body: Node | null, stripTabs: boolean): HeredocBody {
  const quoted = /['"\\]/.test(start.text);
  const original = body === null ? "" : body.text;
  const text = stripTabs ? original.replace(/^\t+/gm, "") : original;
  if (quoted) return { text, backquoted: [], problems: [] };
  const result: HeredocBody = { text: null, backquoted: [], problems: [] };
  const parsed = body === null ? [] : body.namedChildren.filter((child) => child.type === "command_substitution");
  let expands = false;
  const raw = original;
  for (let i = 0; i < raw.length; i += 1) {
    const ch = raw[i];
    if (ch === "\\") {
      i += 1;
      continue;
    }
    if (ch === "`") {
      expands = true;
      const close = findClosingBackquote(raw, i + 1);
      if (close === -1) {
        // We cannot tell where the substitution ends, so not which command it runs.
        result.problems.push("unterminated backquote in heredoc body");
        return result;
      }
      result.backquoted.push(unescapeBackquoted(raw.slice(i + 1, close)));
      i = close;
      continue;
    }
    if (ch !== "$") continue;
    expands = true;
    const next = raw[i + 1];
    if (next === "[" || raw.startsWith("((", i + 1)) {
      // Arithmetic evaluates variable values as expressions, which can run commands.
      result.problems.push("arithmetic expansion in heredoc body (can run commands through array subscripts)");
    } else if (next === "(" && body !== null && !coveredBySubstitution(body, parsed, i)) {
      // A `$(` the grammar did not turn into a substitution would hide a command from us.
      result.problems.push("command substitution in heredoc body that could not be parsed");
    }
  }
  if (!expands) result.text = unescapeHeredoc(text);
  return result;
}

function findClosingBackquote(text: string, from: number): number {
  for (let i = from; i < text.length; i += 1) {
    if (text[i] === "\\") i += 1;
    else if (text[i] === "`") return i;
  }
  return -1;
}

/** Inside backquotes a backslash escapes only `$`, backquote and backslash; the rest is re-parsed. */
export function unescapeBackquoted(text: string): string {
  return text.replace(/\\([$`\\])/g, "$1");
}

/** An unquoted heredoc body treats `\$`, backquote, `\\` and backslash-newline like double quotes do. */
function unescapeHeredoc(text: string): string {
  return text.replace(/\\(\n|[$`\\])/g, (_match, ch: string) => (ch === "\n" ? "" : ch));
}

function coveredBySubstitution(body: Node, parsed: readonly Node[], offset: number): boolean {
  const position = body.startIndex + offset;
  return parsed.some((node) => node.startIndex <= position && position < node.endIndex);
}
