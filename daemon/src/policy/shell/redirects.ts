import type { Node } from "web-tree-sitter";
import { heredocLineProblems } from "./gaps";
import { heredocBoundaryProblems, readHeredocBody } from "./heredoc";
import type { StdinText } from "./invocation";
import { excerpt, where } from "./positions";
import type { Redirect } from "./types";
import { isStatic, resolveWord } from "./words";

/** Redirections of one command (or compound statement), resolved. */
export interface ResolvedRedirects {
  redirects: Redirect[];
  writes: string[];
  problems: string[];
  stdin: StdinText | null;
  /** stdin comes from a file, heredoc or here-string rather than the caller. */
  stdinRedirected: boolean;
  /** Nodes to scan for substitutions: destinations, here-strings, heredoc bodies. */
  scan: Node[];
  /** Backquoted substitutions from unquoted heredoc bodies, to be parsed as commands. */
  backquoted: string[];
  /** Statements the grammar nests inside a heredoc redirect (`cat <<EOF | sh`, `<<EOF && x`). */
  statements: Node[];
  /** Words after a heredoc start that are really the command's arguments (`cat <<EOF file`). */
  argumentNodes: Node[];
}

const OUTPUT_OPS = new Set([">", ">>", ">|", "&>", "&>>"]);
/** `>&2`, `2>&1`, `>&-`, `1>&2-`: descriptor duplication or closing, not a file. */
const DESCRIPTOR_TARGET = /^(\d+-?|-)$/;

export function resolveRedirects(nodes: readonly Node[], source: string): ResolvedRedirects {
  const out: ResolvedRedirects = {
    redirects: [], writes: [], problems: [], stdin: null, stdinRedirected: false,
    scan: [], backquoted: [], statements: [], argumentNodes: [],
  };
  for (const node of nodes) {
    const descriptor = node.childForFieldName("descriptor");
    // `-200>f` is the word `-200` and `>f` to bash; the grammar reads descriptor "-200".
    if (descriptor !== null && !/^[0-9]+$/.test(descriptor.text)) {
      out.problems.push(`redirect descriptor \`${excerpt(descriptor.text)}\` at ${where(descriptor)} is not a number (bash reads it as a word)`);
    }
    if (node.type === "file_redirect") addFileRedirect(node, source, out);
    else if (node.type === "herestring_redirect") addHereString(node, source, out);
    else if (node.type === "heredoc_redirect") addHeredoc(node, source, out);
    // A redirect we do not model might open a file for writing.
    else out.problems.push(`unsupported redirect syntax \`${excerpt(node.text)}\` at ${where(node)}`);
  }
  return out;
}

function descriptorOf(node: Node): number | null {
  const descriptor = node.childForFieldName("descriptor");
  return descriptor === null ? null : Number.parseInt(descriptor.text, 10);
}

function operatorOf(node: Node): string {
  return node.children.find((child) => !child.isNamed && child.type !== "ERROR")?.type ?? "";
}

function addFileRedirect(node: Node, source: string, out: ResolvedRedirects): void {
  const op = operatorOf(node);
  const explicitFd = descriptorOf(node);
  const fd = explicitFd ?? (op.startsWith("<") ? 0 : op.startsWith("&>") ? null : 1);
  const destinations = node.childrenForFieldName("destination");
  // The grammar hangs the words after `2>/dev/null -exec rm {} \;` on the redirect; to bash
  // only the first is the target, the rest are the command's arguments.
  out.argumentNodes.push(...destinations.slice(1));
  const destination = destinations[0];
  if (fd === 0 && op === "<") out.stdinRedirected = true;
  if (destination === undefined) {
    out.redirects.push({ op, fd, target: null });
    return;
  }
  out.scan.push(destination);
  if (destination.type === "process_substitution") {
    // `> >(cmd)` writes to a pipe into cmd, which the walker analyses; no file is written.
    out.redirects.push({ op, fd, target: null });
    return;
  }
  const word = resolveWord(destination, source);
  out.problems.push(...word.problems);
  const known = isStatic(word) || (word.tilde === "home" && !word.expansions && !word.glob && !word.brace);
  out.redirects.push({ op, fd, target: known ? word.text : null });
  const isWrite = OUTPUT_OPS.has(op) || (op === ">&" && !(known && DESCRIPTOR_TARGET.test(word.text)));
  if (!isWrite) return;
  out.writes.push(word.text);
  // A write whose target is unknown could be any file: ~/.bashrc, .git/hooks/…
  if (!known) out.problems.push(`write target \`${excerpt(word.text)}\` at ${where(destination)} is not known until run time`);
}

function addHereString(node: Node, source: string, out: ResolvedRedirects): void {
  const fd = descriptorOf(node) ?? 0;
  const wordNode = node.namedChildren.find((child) => child.type !== "file_descriptor");
  if (wordNode === undefined) {
    out.redirects.push({ op: "<<<", fd, target: null });
    return;
  }
  out.scan.push(wordNode);
  const word = resolveWord(wordNode, source);
  out.problems.push(...word.problems);
  // Here-strings get no pathname or brace expansion, so only expansions and tilde make them unknown.
  const known = !word.expansions && word.tilde === "none";
  out.redirects.push({ op: "<<<", fd, target: known ? word.text : null });
  if (fd === 0) {
    out.stdinRedirected = true;
    out.stdin = { kind: "here-string", text: known ? `${word.text}\n` : null };
  }
}

function addHeredoc(node: Node, source: string, out: ResolvedRedirects): void {
  out.problems.push(...heredocLineProblems(node, source));
  const op = operatorOf(node);
  out.problems.push(...heredocBoundaryProblems(node, source, op === "<<-"));
  const fd = descriptorOf(node) ?? 0;
  const start = node.children.find((child) => child.type === "heredoc_start");
  const bodyNode = node.children.find((child) => child.type === "heredoc_body") ?? null;
  const delimiter = start === undefined ? null : start.text.replace(/['"\\]/g, "");
  out.redirects.push({ op, fd, target: delimiter });
  if (bodyNode !== null) out.scan.push(bodyNode);
  if (start !== undefined) {
    const body = readHeredocBody(start, bodyNode, op === "<<-");
    out.backquoted.push(...body.backquoted);
    out.problems.push(...body.problems);
    if (fd === 0) {
      out.stdinRedirected = true;
      out.stdin = { kind: "heredoc", text: body.text };
    }
  }
  for (let i = 0; i < node.childCount; i += 1) {
    const child = node.child(i);
    if (child === null || !child.isNamed) continue;
    const field = node.fieldNameForChild(i);
    if (field === "argument") out.argumentNodes.push(child);
    else if (field === "redirect") {
      const nested = resolveRedirects([child], source);
      out.redirects.push(...nested.redirects);
      out.writes.push(...nested.writes);
      out.problems.push(...nested.problems);
      out.scan.push(...nested.scan);
      out.argumentNodes.push(...nested.argumentNodes);
      out.stdinRedirected ||= nested.stdinRedirected;
      if (nested.stdin !== null) out.stdin = nested.stdin;
    } else if (!["heredoc_start", "heredoc_body", "heredoc_end", "file_descriptor"].includes(child.type)) {
      out.statements.push(child);
    }
  }
}
