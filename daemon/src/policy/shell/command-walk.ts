import type { Node } from "web-tree-sitter";
import type { AnalysisState, Inherited, WalkContext } from "./analysis-state";
import { buildCommand, readAssignment, toArg } from "./command-node";
import { scanEmbedded } from "./embedded";
import { unescapeBackquoted } from "./heredoc";
import { literal, type Arg } from "./invocation";
import { excerpt, where } from "./positions";
import { resolveRedirects } from "./redirects";
import { runInvocation } from "./runner";
import type { Assignment } from "./types";
import { walkBlock, walkStatement } from "./walker";
import { resolveWord } from "./words";

const REDIRECT_TYPES = new Set(["file_redirect", "herestring_redirect", "heredoc_redirect"]);

/** A simple command: emit it, then walk what its words and redirects run. */
export function walkCommand(state: AnalysisState, node: Node | null, outer: readonly Node[], ctx: WalkContext): void {
  const built = buildCommand(node, outer, ctx.source);
  for (const problem of built.problems) state.problem(ctx, problem);
  runInvocation(state, built.inv, ctx);
  const inner = { ...ctx, inherited: null };
  for (const scanned of built.scan) walkEmbedded(state, scanned, inner);
  for (const text of built.backquoted) reparseSubstitution(state, text, inner);
  for (const statement of built.statements) walkStatement(state, statement, inner);
}

/**
 * `cmd > f` hangs the redirects on a wrapper node; for a compound body (`{ a; b; } > f`,
 * `while …; done < x`) they apply to every command inside, so they are inherited.
 */
export function walkRedirected(state: AnalysisState, node: Node, ctx: WalkContext, bodyOverride?: Node): void {
  const body = bodyOverride ?? node.childForFieldName("body");
  const redirectNodes = node.children.filter((child) => REDIRECT_TYPES.has(child.type));
  if (body === null || body.type === "command") {
    walkCommand(state, body, redirectNodes, ctx);
    return;
  }
  const resolved = resolveRedirects(redirectNodes, ctx.source);
  for (const problem of resolved.problems) state.problem(ctx, problem);
  for (const word of resolved.argumentNodes) {
    // `find . | xargs > f -p rm`: the grammar hangs the redirect, and words after it, on the
    // whole pipeline; to bash they are the last command's arguments (here: xargs runs rm).
    state.problem(ctx, `word \`${excerpt(word.text)}\` at ${where(word)} after a redirect of a compound statement is not attributed to a command`);
  }
  const inherited: Inherited = {
    redirects: [...resolved.redirects, ...(ctx.inherited?.redirects ?? [])],
    writes: [...resolved.writes, ...(ctx.inherited?.writes ?? [])],
    absorbed: false,
  };
  walkStatement(state, body, { ...ctx, inherited });
  if (!inherited.absorbed && (resolved.redirects.length > 0 || resolved.writes.length > 0)) {
    // No command inside took the redirects (`(( x )) > f`); the file is still opened.
    walkCommand(state, null, redirectNodes, ctx);
    return;
  }
  const inner = { ...ctx, inherited: null };
  for (const scanned of resolved.scan) walkEmbedded(state, scanned, inner);
  for (const text of resolved.backquoted) reparseSubstitution(state, text, inner);
  for (const statement of resolved.statements) walkStatement(state, statement, inner);
}

/** `export A=1 B=$x`, `local x`, `unset y`: reported as commands named after the keyword. */
export function walkDeclaration(state: AnalysisState, node: Node, ctx: WalkContext): void {
  const keyword = node.firstChild?.isNamed === false ? node.firstChild.type : node.type;
  const argv: Arg[] = [literal(keyword)];
  const assignments: Assignment[] = [];
  const scan: Node[] = [];
  const problems: string[] = [];
  for (const child of node.namedChildren) {
    if (child.type === "variable_assignment") {
      const assignment = readAssignment(child, ctx.source, scan, problems);
      assignments.push(assignment);
      const value = child.childForFieldName("value");
      const shown = value === null ? "" : (assignment.value ?? resolveWord(value, ctx.source).text);
      argv.push({ value: `${assignment.name}=${shown}`, dynamic: assignment.value === null && value !== null });
      continue;
    }
    const word = resolveWord(child, ctx.source);
    problems.push(...word.problems);
    argv.push(toArg(word));
    scan.push(child);
  }
  for (const problem of problems) state.problem(ctx, problem);
  runInvocation(state, { argv, argsUnknown: false, assignments, redirects: [], writes: [], stdin: null, stdinRedirected: false }, ctx);
  for (const scanned of scan) walkEmbedded(state, scanned, { ...ctx, inherited: null });
}

/** `a=1 b=2` alone sets shell variables (PATH among them): reported with an empty program. */
export function walkAssignments(state: AnalysisState, node: Node, ctx: WalkContext): void {
  const nodes = node.type === "variable_assignment" ? [node] : node.namedChildren.filter((child) => child.type === "variable_assignment");
  const scan: Node[] = [];
  const problems: string[] = [];
  const assignments = nodes.map((child) => readAssignment(child, ctx.source, scan, problems));
  for (const problem of problems) state.problem(ctx, problem);
  runInvocation(state, { argv: [], argsUnknown: false, assignments, redirects: [], writes: [], stdin: null, stdinRedirected: false }, ctx);
  for (const scanned of scan) walkEmbedded(state, scanned, { ...ctx, inherited: null });
}

/** Finds the substitutions hidden in a word (or any non-statement node) and walks them. */
export function walkEmbedded(state: AnalysisState, node: Node, ctx: WalkContext): void {
  const embedded = scanEmbedded(node);
  for (const problem of embedded.problems) state.problem(ctx, problem);
  for (const scope of embedded.scopes) walkSubstitution(state, scope, ctx);
}

/**
 * `$(…)`, backquotes and `<(…)`. Inside backquotes bash first removes the backslashes
 * before `$`, backquote and `\`, then parses the result: `` `echo \`id\`` `` runs id,
 * which the grammar's tree of the raw text does not show, so such bodies are re-parsed.
 */
function walkSubstitution(state: AnalysisState, node: Node, ctx: WalkContext): void {
  const label = node.type === "process_substitution" ? "process-substitution" : "command-substitution";
  const next = state.deeper(ctx, { via: [...ctx.via, label], inherited: null });
  if (next === null) return;
  const backquoted = node.firstChild?.type === "`";
  if (backquoted && node.text.includes("\\")) {
    let inner = unescapeBackquoted(node.text.slice(1, -1));
    if (insideDoubleQuotes(node)) inner = inner.replace(/\\"/g, '"');
    state.reparse(inner, { ...next, label: `${ctx.label}in backquotes: ` });
    return;
  }
  walkBlock(state, node, next);
}

function reparseSubstitution(state: AnalysisState, text: string, ctx: WalkContext): void {
  const next = state.deeper(ctx, { via: [...ctx.via, "command-substitution"], inherited: null });
  if (next !== null) state.reparse(text, { ...next, label: `${ctx.label}in heredoc backquotes: ` });
}

function insideDoubleQuotes(node: Node): boolean {
  for (let parent = node.parent; parent !== null; parent = parent.parent) {
    if (parent.type === "string") return true;
    if (parent.type === "command_substitution" || parent.type === "program") return false;
  }
  return false;
}
