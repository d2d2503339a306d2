import type { Node } from "web-tree-sitter";
import { decodeAnsiC } from "./ansi-c";
import { excerpt, where } from "./positions";
import { DYNAMIC_CLOSE, DYNAMIC_OPEN } from "./types";

/**
 * One shell word after quote removal, with everything that keeps it from being a fixed
 * string spelled out, because callers differ on what is acceptable: a glob is harmless
 * in an assignment value (not expanded there) but makes an argument unknown.
 */
export interface WordValue {
  /** Unquoted text; a dynamic part is kept as its source between DYNAMIC_OPEN and DYNAMIC_CLOSE. */
  text: string;
  /** Contains a parameter, command, process or arithmetic expansion, or syntax we do not decode. */
  expansions: boolean;
  /** Unquoted `*`, `?` or `[…]`: pathname expansion. */
  glob: boolean;
  /** Unquoted `{a,b}` or `{1..3}`: brace expansion. */
  brace: boolean;
  /** Unquoted tilde: "home" for a leading `~` or `~/`, "other" for `~user` or `=~`/`:~`. */
  tilde: "none" | "home" | "other";
  /** Reasons the whole analysis cannot be trusted (arithmetic, syntax we cannot decode). */
  problems: string[];
}

/** Placeholders in the shape string: a character that came from quotes, and a dynamic part. */
const QUOTED = "\u0000";
const DYNAMIC = "\u0001";

class WordBuilder {
  text = "";
  shape = "";
  expansions = false;
  readonly problems: string[] = [];

  literal(chars: string, quoted: boolean): void {
    this.text += chars;
    this.shape += quoted ? QUOTED.repeat(chars.length) : chars;
  }

  dynamic(node: Node, reason?: string): void {
    this.text += `${DYNAMIC_OPEN}${node.text}${DYNAMIC_CLOSE}`;
    this.shape += DYNAMIC;
    this.expansions = true;
    if (reason !== undefined) this.problems.push(`${reason} \`${excerpt(node.text)}\` at ${where(node)}`);
  }

  finish(): WordValue {
    const shape = this.shape;
    const open = shape.indexOf("[");
    const glob = /[*?]/.test(shape) || (open !== -1 && shape.indexOf("]", open + 1) !== -1);
    const brace = /\{[^]*?(,|\.\.)[^]*?\}/.test(shape);
    let tilde: WordValue["tilde"] = "none";
    if (shape.startsWith("~")) tilde = shape.length === 1 || shape[1] === "/" ? "home" : "other";
    if (/[=:]~/.test(shape)) tilde = "other";
    return { text: this.text, expansions: this.expansions, glob, brace, tilde, problems: this.problems };
  }
}

/** Resolves a word-like node (`word`, `string`, `concatenation`, …) of a tree parsed from `source`. */
export function resolveWord(node: Node, source: string): WordValue {
  return resolveWords([node], source);
}

/**
 * Resolves nodes that touch (no blank between them) as the one word bash sees. The
 * grammar sometimes splits such a word: `/lib/`uname -r`/x` comes back as three.
 */
export function resolveWords(nodes: readonly Node[], source: string): WordValue {
  const builder = new WordBuilder();
  appendParts(builder, nodes, source, true);
  return builder.finish();
}

/**
 * Parts of one word in order. A part ending in an unescaped `$` right before a part
 * that starts an expansion is one `$…` to bash, however the grammar split them:
 * `r$"m"` runs `rm` (`$"…"` is translated through the locale's catalog at run time),
 * `x$@m` expands `$@`.
 */
function appendParts(builder: WordBuilder, nodes: readonly Node[], source: string, topLevel: boolean): void {
  nodes.forEach((node, i) => {
    const next = nodes[i + 1];
    const touching = next !== undefined && source.slice(node.endIndex, next.startIndex).replace(/\\\n/g, "") === "";
    const after = touching ? next.text.charAt(0) : "";
    if (after !== "" && EXPANSION_START.test(after) && endsWithDollar(node)) {
      builder.dynamic(node, after === '"' ? "locale-translated string" : `\`$\` and \`${after}\` split by the grammar (bash expands them together)`);
      return;
    }
    appendNode(builder, node, source, topLevel);
  });
}

/** Ends in a `$` no backslash escapes (an even number of backslashes, none included, before it). */
function endsWithDollar(node: Node): boolean {
  return /(?:^|[^\\])(?:\\\\)*\$$/.test(node.text);
}

/** True when the word is one fixed string wherever it appears as a command argument. */
export function isStatic(word: WordValue): boolean {
  return !word.expansions && !word.glob && !word.brace && word.tilde === "none";
}

function appendNode(builder: WordBuilder, node: Node, source: string, topLevel: boolean): void {
  switch (node.type) {
    case "word":
    case "number":
    case "variable_name":
    case "test_operator":
    case "regex":
    case "==":
    case "=~":
    case "$":
      // `$` alone (or before a space) is literal in bash; `$"…"` is caught as two adjacent words.
      appendUnquoted(builder, node.text, node);
      return;
    case "extglob_pattern":
      builder.literal(node.text, false);
      builder.shape += "*";
      return;
    case "raw_string":
      builder.literal(node.text.slice(1, -1), true);
      return;
    case "ansi_c_string": {
      // The grammar ends `$'\\'` at a later quote than bash does, hiding what follows (`; rm -rf /`).
      if (ansiCEnd(node.text) !== node.text.length - 1) {
        builder.dynamic(node, "ANSI-C string the grammar reads differently from bash");
        return;
      }
      const decoded = decodeAnsiC(node.text.slice(2, -1));
      if (decoded.exact) builder.literal(decoded.value, true);
      else builder.dynamic(node, "ANSI-C string that cannot be decoded exactly");
      return;
    }
    case "string":
      appendDoubleQuoted(builder, node, source);
      return;
    case "concatenation":
      if (!topLevel) break;
      appendConcatenation(builder, node, source);
      return;
    case "simple_expansion":
    case "expansion":
    case "command_substitution":
    case "process_substitution":
    case "translated_string":
      builder.dynamic(node);
      return;
    case "brace_expression":
      builder.dynamic(node);
      builder.shape += "{,}";
      return;
    case "arithmetic_expansion":
      // Its risk (arithmetic can run commands) is reported by scanEmbedded, which sees every word.
      builder.dynamic(node);
      return;
  }
  builder.dynamic(node, `unsupported word syntax (${node.type})`);
}

function appendConcatenation(builder: WordBuilder, node: Node, source: string): void {
  let end = node.startIndex;
  for (const child of node.children) {
    // Text the parser skipped inside one word would be missing from our copy of it.
    if (child.startIndex !== end) builder.dynamic(node, "word with unparsed text");
    end = child.endIndex;
  }
  if (end !== node.endIndex) builder.dynamic(node, "word with unparsed text");
  appendParts(builder, node.children, source, false);
}

/** Inside double quotes a backslash only escapes `$`, backquote, `"`, `\` and newline. */
function appendDoubleQuoted(builder: WordBuilder, node: Node, source: string): void {
  const contentEnd = node.endIndex - 1;
  let cursor = node.startIndex + 1;
  for (const child of node.children) {
    if (child.type === '"') continue;
    if (child.startIndex > cursor) builder.literal(unescapeDoubleQuoted(source.slice(cursor, child.startIndex)), true);
    if (child.type === "string_content") builder.literal(unescapeDoubleQuoted(child.text), true);
    else if (child.type === "$") builder.literal("$", true);
    else appendNode(builder, child, source, false);
    cursor = Math.max(cursor, child.endIndex);
  }
  if (contentEnd > cursor) builder.literal(unescapeDoubleQuoted(source.slice(cursor, contentEnd)), true);
}

/** Where bash ends a `$'…'` token: the first quote not escaped by a backslash. */
function ansiCEnd(text: string): number {
  for (let i = 2; i < text.length; i += 1) {
    if (text[i] === "\\") i += 1;
    else if (text[i] === "'") return i;
  }
  return -1;
}

/** Backslash-CR is not a line continuation to bash: `"a\⏎"` keeps the backslash and the CR. */
export function unescapeDoubleQuoted(raw: string): string {
  return raw.replace(/\\(\n|[$`"\\])/g, (_match, ch: string) => (ch === "\n" ? "" : ch));
}

/** After an unquoted `$`, these start an expansion in bash; after anything else the `$` is literal. */
const EXPANSION_START = /[A-Za-z0-9_@*#?$!{(['"-]/;

/**
 * Outside quotes a backslash quotes the next character, and backslash-newline vanishes.
 * `node` is the grammar's word: an expansion or a blank inside it means the grammar
 * read the text differently from bash (`/tmp/$$` as a fixed word, `{ }` as one word).
 */
function appendUnquoted(builder: WordBuilder, raw: string, node: Node): void {
  const misread = misreadWord(raw);
  if (misread !== null) {
    builder.dynamic(node, misread);
    return;
  }
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i] ?? "";
    if (ch === "\\" && i + 1 < raw.length) {
      const next = raw[i + 1] ?? "";
      if (next === "\n") {
        i += 2;
        continue;
      }
      builder.literal(next, true);
      i += 2;
      continue;
    }
    builder.literal(ch, false);
    i += 1;
  }
}

function misreadWord(raw: string): string | null {
  for (let i = 0; i < raw.length; i += 1) {
    const ch = raw[i];
    if (ch === "\\") i += 1;
    else if (ch === "$" && EXPANSION_START.test(raw[i + 1] ?? "")) return "expansion the grammar did not parse in";
    else if (ch === " " || ch === "\t" || ch === "\n") return "unquoted blank inside one word (bash splits words there) in";
  }
  return null;
}
