import type { Node } from "web-tree-sitter";
import { excerpt } from "./positions";

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

/**
 * Where bash ends a heredoc: at the first line that is exactly the delimiter (after its
 * leading tabs, for `<<-`; after joining backslash-continued lines, when unquoted). The
 * grammar also ends one at `EOF ` and can run past a line bash stops at, and once read
 * the body and the commands after it are not bash's; such a line is unresolved.
 */
export function heredocBoundaryProblems(node: Node, source: string, stripTabs: boolean): string[] {
  const children = node.children;
  const start = children.find((child) => child.type === "heredoc_start");
  const body = children.find((child) => child.type === "heredoc_body");
  const end = children.find((child) => child.type === "heredoc_end");
  if (start === undefined) return [];
  const problems: string[] = [];
  const lineEnd = heredocLineEnd(source, start.endIndex);
  for (const child of children) {
    if (!child.isNamed || ["heredoc_start", "heredoc_body", "heredoc_end", "file_descriptor"].includes(child.type)) continue;
    // `cat <<EOF⏎\x⏎EOF` comes back with `⏎\x` as an argument of cat: body text read as the command's.
    if (child.endIndex > lineEnd) problems.push(`heredoc body read as part of the command (\`${excerpt(child.text)}\`)`);
  }
  const delimiter = unquoteDelimiter(start.text);
  if (delimiter === null) return [...problems, `heredoc delimiter \`${excerpt(start.text)}\` is not one plain word`];
  if (end === undefined) return [...problems, `heredoc \`${excerpt(delimiter)}\` has no delimiter line (bash reads it to the end of the input)`];
  const endText = end.text.replace(/\n$/, "");
  const lineStart = source.lastIndexOf("\n", end.startIndex - 1) + 1;
  const indent = source.slice(lineStart, end.startIndex);
  const after = source.charAt(end.startIndex + endText.length);
  const exact = endText === delimiter && (indent === "" || (stripTabs && /^\t+$/.test(indent))) && (after === "" || after === "\n");
  const quoted = /['"\\]/.test(start.text);
  const lines = logicalLines(source.slice(body?.startIndex ?? end.startIndex, end.startIndex + endText.length), !quoted);
  const last = lines.pop();
  const bare = (line: string) => (stripTabs ? line.replace(/^\t+/, "") : line);
  if (!exact || last === undefined || bare(last) !== delimiter) {
    problems.push(`heredoc delimiter line \`${excerpt(source.slice(lineStart, end.startIndex + endText.length + (after === "\n" ? 0 : 1)))}\` is not exactly \`${excerpt(delimiter)}\` (bash does not end the heredoc there)`);
  } else if (lines.some((line) => bare(line) === delimiter)) {
    problems.push(`bash ends heredoc \`${excerpt(delimiter)}\` at an earlier line than the grammar`);
  }
  return problems;
}

/** Where the line holding `<<WORD` ends (line continuations joined); its body starts after. */
function heredocLineEnd(source: string, from: number): number {
  for (let i = from; i < source.length; i += 1) {
    if (source[i] === "\\" && source[i + 1] === "\n") i += 1;
    else if (source[i] === "\n") return i;
  }
  return source.length;
}

/** The delimiter word after quote removal; null for anything but plain and quoted characters. */
function unquoteDelimiter(text: string): string | null {
  let out = "";
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] ?? "";
    if (ch === "\\") {
      i += 1;
      if (i >= text.length) return null;
      out += text[i] ?? "";
    } else if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) return null;
      out += text.slice(i + 1, close);
      i = close;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j += 1) {
        if (text[j] === "\\" && /[$`"\\]/.test(text[j + 1] ?? "")) j += 1;
        if (text[j] === "$" || text[j] === "`") return null;
        out += text[j] ?? "";
      }
      if (j >= text.length) return null;
      i = j;
    } else if (/[\s;|&<>()$`]/.test(ch)) {
      return null;
    } else {
      out += ch;
    }
  }
  return out;
}

/** Lines of a heredoc body; in an unquoted one a line ending in an odd number of backslashes continues. */
function logicalLines(text: string, joinContinued: boolean): string[] {
  const lines: string[] = [];
  let pending = "";
  for (const line of text.split("\n")) {
    const trailing = /\\*$/.exec(line)?.[0].length ?? 0;
    if (joinContinued && trailing % 2 === 1) {
      pending += line.slice(0, -1);
      continue;
    }
    lines.push(pending + line);
    pending = "";
  }
  if (pending !== "") lines.push(pending);
  return lines;
}
