import type { Node } from "web-tree-sitter";
import { droppedDashes, gapProblems } from "./gaps";
import { literal, type Arg, type Invocation } from "./invocation";
import { excerpt, where } from "./positions";
import { resolveRedirects } from "./redirects";
import type { Assignment } from "./types";
import { isStatic, resolveWord, resolveWords, type WordValue } from "./words";

/** A `command` node turned into an invocation, plus what the walker must still visit. */
export interface BuiltCommand {
  inv: Omit<Invocation, "via">;
  /** Word nodes that may hide substitutions; the walker scans them after emitting the command. */
  scan: Node[];
  backquoted: string[];
  statements: Node[];
  problems: string[];
}

const REDIRECT_TYPES = new Set(["file_redirect", "herestring_redirect", "heredoc_redirect"]);

/**
 * `node` is the `command` (null for a redirect-only statement like `> f`); `outer` are
 * the redirects the grammar hung on an enclosing `redirected_statement`.
 */
export function buildCommand(node: Node | null, outer: readonly Node[], source: string): BuiltCommand {
  const problems: string[] = [];
  const assignments: Assignment[] = [];
  const scan: Node[] = [];
  const redirectNodes: Node[] = [];
  let argNodes: Node[] = [];
  let nameNode: Node | null = null;
  if (node !== null) {
    problems.push(...gapProblems(node, source));
    for (let i = 0; i < node.childCount; i += 1) {
      const child = node.child(i);
      if (child === null) continue;
      const field = node.fieldNameForChild(i);
      if (child.type === "variable_assignment") assignments.push(readAssignment(child, source, scan, problems));
      else if (field === "name") nameNode = child;
      else if (REDIRECT_TYPES.has(child.type)) redirectNodes.push(child);
      else if (field === "argument") argNodes.push(child);
      // A part of the command we do not model could change what runs; never skip it silently.
      else problems.push(`unsupported syntax \`${excerpt(child.text)}\` (${child.type}) at ${where(child)}`);
    }
  }
  const redirects = resolveRedirects([...redirectNodes, ...outer], source);
  problems.push(...redirects.problems);
  argNodes = [...argNodes, ...redirects.argumentNodes].sort((a, b) => a.startIndex - b.startIndex);
  const named: Node | null = nameNode;
  // `_=x rm -rf /`: bash assigns `_` and runs rm; the grammar reads `_=x` as the command name.
  if (named !== null && /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=/.test(named.text)) {
    problems.push(`\`${excerpt(named.text)}\` at ${where(named)} is an assignment to bash, not the command name`);
  }
  const words = named === null ? argNodes : [named.firstChild ?? named, ...argNodes];
  problems.push(...descriptorVariableProblems(words, [...redirectNodes, ...outer]));
  const placed: Array<{ at: number; arg: Arg }> = [];
  for (const group of groupTouching(words, source)) {
    const word = resolveWords(group, source);
    problems.push(...word.problems);
    placed.push({ at: group[0]?.startIndex ?? 0, arg: toArg(word) });
    scan.push(...group);
  }
  if (node !== null && outer.length > 0) {
    for (const at of droppedDashes([node, ...outer], source)) placed.push({ at, arg: literal("-") });
  }
  const argv = placed.sort((a, b) => a.at - b.at).map(({ arg }) => arg);
  scan.push(...redirects.scan);
  return {
    inv: {
      argv,
      argsUnknown: false,
      assignments,
      redirects: redirects.redirects,
      writes: redirects.writes,
      stdin: redirects.stdin,
      stdinRedirected: redirects.stdinRedirected,
    },
    scan,
    backquoted: redirects.backquoted,
    statements: redirects.statements,
    problems,
  };
}

export function toArg(word: WordValue): Arg {
  const homeRelative = word.tilde === "home" && !word.expansions && !word.glob && !word.brace;
  return homeRelative ? { value: word.text, dynamic: true, homeRelative } : { value: word.text, dynamic: !isStatic(word) };
}

/** `NAME=value`, `NAME+=value`, `a[i]=v`; the value is null unless it is one fixed string. */
export function readAssignment(node: Node, source: string, scan: Node[], problems: string[]): Assignment {
  const nameNode = node.childForFieldName("name");
  const valueNode = node.childForFieldName("value");
  scan.push(node);
  const name = nameNode?.text ?? node.text.split("=", 1)[0] ?? "";
  // `--opt=x cmd` is a command named `--opt=x` to bash; the grammar takes it for an assignment.
  if (!/^[A-Za-z_][A-Za-z0-9_]*(?:\[|\+?=)/.test(node.text)) {
    problems.push(`\`${excerpt(node.text)}\` at ${where(node)} is not a valid assignment (bash reads it as a word)`);
  }
  const appends = node.children.some((child) => child.type === "+=");
  if (valueNode === null) return { name, value: appends ? null : "" };
  if (valueNode.type === "array") return { name, value: null };
  const word = resolveWord(valueNode, source);
  problems.push(...word.problems);
  // Assignment values get no pathname or brace expansion; tilde after `=` or `:` is expanded.
  const known = !word.expansions && word.tilde === "none";
  return { name, value: appends || !known ? null : word.text };
}

/**
 * Nodes with nothing between them are one word to bash, however the grammar split them;
 * bash drops backslash-newline before splitting words, so `r\<newline>m` is `rm`.
 */
export function groupTouching(nodes: readonly Node[], source: string): Node[][] {
  const groups: Node[][] = [];
  let previous: Node | null = null;
  for (const node of nodes) {
    const last = groups[groups.length - 1];
    const between = previous === null ? " " : source.slice(previous.endIndex, node.startIndex).replace(/\\\n/g, "");
    if (previous !== null && last !== undefined && between === "") last.push(node);
    else groups.push([node]);
    previous = node;
  }
  return groups;
}

/** `{fd}>file` allocates a descriptor and stores it in $fd; the grammar reads `{fd}` as an argument. */
function descriptorVariableProblems(words: readonly Node[], redirects: readonly Node[]): string[] {
  const problems: string[] = [];
  for (const word of words) {
    const touching = redirects.some((redirect) => redirect.startIndex === word.endIndex);
    if (touching && /^\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(word.text)) {
      problems.push(`named descriptor redirect \`${word.text}\` at ${where(word)} is not supported`);
    }
  }
  return problems;
}
