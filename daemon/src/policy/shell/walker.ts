import type { Node } from "web-tree-sitter";
import type { AnalysisState, WalkContext } from "./analysis-state";
import { bracketTestInvocation } from "./bracket-test";
import { walkCommand, walkDeclaration, walkEmbedded, walkRedirected, walkAssignments } from "./command-walk";
import { gapProblems } from "./gaps";
import { excerpt, where } from "./positions";
import { runInvocation } from "./runner";
import { testCommandProblems } from "./test-command";

/** Node types that are statements (the grammar's `_statement`), plus comments and errors. */
const STATEMENTS = new Set([
  "c_style_for_statement", "case_statement", "command", "compound_statement", "declaration_command", "for_statement",
  "function_definition", "if_statement", "list", "negated_command", "pipeline", "redirected_statement", "subshell",
  "test_command", "unset_command", "variable_assignment", "variable_assignments", "while_statement", "comment", "ERROR",
]);
/** Parts of compound statements that hold statements of their own. */
const CLAUSES = new Set(["elif_clause", "else_clause", "do_group", "case_item"]);

/** Walks a parsed program: every statement, in order, with `&` marking the one before it. */
export function walkProgram(state: AnalysisState, root: Node, ctx: WalkContext): void {
  const source = ctx.source;
  for (const problem of gapProblems(root, source)) state.problem(ctx, problem);
  // The program node may not span the whole text; what lies outside it was skipped.
  if (!/^[ \t\n]*$/.test(source.slice(0, root.startIndex) + source.slice(root.endIndex))) {
    state.problem(ctx, "text outside the parsed program");
  }
  walkBlock(state, root, ctx);
}

/** Walks the statement children of a block; other named children are scanned for substitutions. */
export function walkBlock(state: AnalysisState, parent: Node, ctx: WalkContext): void {
  const children = parent.children;
  children.forEach((child, i) => {
    if (!child.isNamed) return;
    if (child.type === "file_redirect" && parent.type === "command_substitution") {
      // Attack: `$(< .env)` is bash's shorthand for `$(cat .env)`: a read with no command, not an inert word.
      walkCommand(state, null, [child], ctx);
    } else if (STATEMENTS.has(child.type) || CLAUSES.has(child.type)) {
      const background = children[i + 1]?.type === "&";
      walkStatement(state, child, background ? { ...ctx, via: [...ctx.via, "background"] } : ctx);
    } else {
      walkEmbedded(state, child, ctx);
    }
  });
}

export function walkStatement(state: AnalysisState, node: Node, ctx: WalkContext): void {
  if (!state.visit()) return;
  if (node.type !== "comment" && node.type !== "ERROR" && node.type !== "command" && node.type !== "list") {
    for (const problem of gapProblems(node, ctx.source)) state.problem(ctx, problem);
  }
  switch (node.type) {
    case "comment":
      return;
    case "command":
      walkCommand(state, node, [], ctx);
      return;
    case "redirected_statement":
      walkRedirected(state, node, ctx);
      return;
    case "declaration_command":
    case "unset_command":
      walkDeclaration(state, node, ctx);
      return;
    case "variable_assignment":
    case "variable_assignments":
      walkAssignments(state, node, ctx);
      return;
    case "pipeline":
      walkPipeline(state, node, ctx);
      return;
    case "list":
      walkList(state, node, ctx);
      return;
    case "negated_command": {
      const bang = node.firstChild;
      // `!""x` is one word to bash (a command named `!x`); `!` is the keyword only before a blank.
      if (bang?.type === "!" && !/^[ \t\n]?$/.test(ctx.source.charAt(bang.endIndex))) {
        state.problem(ctx, `\`!\` at ${where(bang)} touches the next word (bash reads one word, not a negation)`);
      }
      walkBlock(state, node, ctx);
      return;
    }
    case "elif_clause":
    case "else_clause":
    case "case_item":
      walkBlock(state, node, ctx);
      return;
    case "subshell":
      enter(state, node, ctx, { via: [...ctx.via, "subshell"] });
      return;
    case "compound_statement":
      if (node.firstChild?.type === "((") {
        // `(( x ))` evaluates x's value as an expression: x='a[$(cmd)]' runs cmd.
        state.problem(ctx, `arithmetic command \`${excerpt(node.text)}\` at ${where(node)} (can run commands through array subscripts)`);
        walkEmbedded(state, node, ctx);
        return;
      }
      enter(state, node, ctx, {});
      return;
    case "if_statement":
    case "while_statement":
    case "for_statement":
    case "case_statement":
    case "do_group":
      enter(state, node, ctx, {});
      return;
    case "c_style_for_statement":
      state.problem(ctx, `arithmetic \`for ((…))\` loop at ${where(node)} (can run commands through array subscripts)`);
      enter(state, node, ctx, {});
      return;
    case "function_definition":
      walkFunction(state, node, ctx);
      return;
    case "test_command":
      for (const problem of testCommandProblems(node)) state.problem(ctx, problem);
      if (node.firstChild?.type === "[") {
        // `[ … ]` runs the builtin `[`; `[[ … ]]` is shell syntax and runs nothing itself.
        const bracket = bracketTestInvocation(node, ctx.source);
        for (const problem of bracket.problems) state.problem(ctx, problem);
        runInvocation(state, bracket.inv, ctx);
      }
      walkEmbedded(state, node, ctx);
      return;
    case "ERROR":
      // Already reported as a parse error; still list what can be recognised inside.
      walkBlock(state, node, ctx);
      return;
  }
  state.problem(ctx, `unsupported construct \`${excerpt(node.text)}\` (${node.type}) at ${where(node)}`);
  walkEmbedded(state, node, ctx);
}

/** One nesting level deeper, or nothing (the depth problem is recorded) past the limit. */
function enter(state: AnalysisState, node: Node, ctx: WalkContext, changes: Partial<WalkContext>): void {
  const next = state.deeper(ctx, changes);
  if (next !== null) walkBlock(state, node, next);
}

function walkPipeline(state: AnalysisState, node: Node, ctx: WalkContext): void {
  for (const child of node.namedChildren) {
    if (STATEMENTS.has(child.type)) walkStatement(state, child, { ...ctx, via: [...ctx.via, "pipeline"] });
    else walkEmbedded(state, child, ctx);
  }
}

/** `a && b || c` nests to the left, one level per operator: flattened with a stack, not recursion. */
function walkList(state: AnalysisState, node: Node, ctx: WalkContext): void {
  const leaves: Node[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === undefined) break;
    if (current.type !== "list") {
      leaves.push(current);
      continue;
    }
    for (const problem of gapProblems(current, ctx.source)) state.problem(ctx, problem);
    const named = current.namedChildren;
    for (let i = named.length - 1; i >= 0; i -= 1) {
      const child = named[i];
      if (child !== undefined) stack.push(child);
    }
  }
  for (const leaf of leaves) {
    if (STATEMENTS.has(leaf.type)) walkStatement(state, leaf, ctx);
    else walkEmbedded(state, leaf, ctx);
  }
}

/** A function body runs whenever the function is called; report it as if it ran here. */
function walkFunction(state: AnalysisState, node: Node, ctx: WalkContext): void {
  const name = node.childForFieldName("name")?.text ?? "";
  const body = node.childForFieldName("body");
  const redirect = node.childForFieldName("redirect");
  const next = state.deeper(ctx, { via: [...ctx.via, `function:${name}`] });
  if (next === null || body === null) return;
  if (redirect === null) {
    walkStatement(state, body, next);
    return;
  }
  walkRedirected(state, node, next, body);
}
