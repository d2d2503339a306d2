import type { Node } from "web-tree-sitter";
import { groupTouching, toArg } from "./command-node";
import { gapProblems } from "./gaps";
import { literal, type Invocation } from "./invocation";
import { excerpt, where } from "./positions";
import { resolveWords } from "./words";

/** Expression nodes of `[ … ]`: the words of the test are their children. */
const EXPRESSIONS = new Set(["unary_expression", "binary_expression"]);
/** Operators bash passes to `[` as arguments; `<`, `>`, `(`, `&&`… are shell syntax there instead. */
const WORD_TOKENS = new Set(["=", "==", "!=", "!"]);

/**
 * `[ -f x ]` is a simple command to bash: the builtin `[` with the words up to `]`.
 * The grammar reads it as an expression tree; this turns it back into that argv so
 * it is decided and compared like `test -f x`. A token that is shell syntax to bash
 * (`[ a < b ]` redirects from b) leaves the line unresolved.
 */
export function bracketTestInvocation(node: Node, source: string): { inv: Omit<Invocation, "via">; problems: string[] } {
  const problems: string[] = [];
  const parts: Node[] = [];
  const children = node.children;
  const open = children[0];
  const close = children[children.length - 1];
  // `[abc]` alone is a command named by a glob to bash, not a test; `[`, `]` must be words.
  const standalone = (at: number) => /^[ \t\n]?$/.test(source.charAt(at));
  if (open === undefined || !standalone(open.endIndex) || close?.type !== "]" || !standalone(close.startIndex - 1)) {
    problems.push(`\`${excerpt(node.text)}\` at ${where(node)} is not \`[ … ]\` to bash (\`[\` and \`]\` must be separate words)`);
  }
  const stack: Node[] = children.slice(1, children[children.length - 1]?.type === "]" ? -1 : undefined).reverse();
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === undefined) break;
    if (EXPRESSIONS.has(current.type)) {
      problems.push(...gapProblems(current, source));
      for (let i = current.childCount - 1; i >= 0; i -= 1) {
        const child = current.child(i);
        if (child !== null) stack.push(child);
      }
    } else if (!current.isNamed && !WORD_TOKENS.has(current.type)) {
      problems.push(`\`${excerpt(current.text)}\` at ${where(current)} inside \`[ … ]\` is shell syntax to bash, not an argument of \`[\``);
    } else if (current.type === "parenthesized_expression" || current.type === "ternary_expression" || current.type === "postfix_expression") {
      problems.push(`\`${excerpt(current.text)}\` at ${where(current)} inside \`[ … ]\` is not a word bash passes to \`[\``);
    } else {
      parts.push(current);
    }
  }
  const argv = [literal("[")];
  for (const group of groupTouching(parts, source)) {
    const [first] = group;
    if (group.length === 1 && first !== undefined && !first.isNamed) {
      argv.push(literal(first.text));
      continue;
    }
    if (group.some((part) => !part.isNamed)) {
      problems.push(`operator inside the word \`${excerpt(source.slice(first?.startIndex ?? 0, group[group.length - 1]?.endIndex ?? 0))}\` of \`[ … ]\``);
    }
    const word = resolveWords(group, source);
    problems.push(...word.problems);
    argv.push(toArg(word));
  }
  argv.push(literal("]"));
  return { inv: { argv, argsUnknown: false, assignments: [], redirects: [], writes: [], stdin: null, stdinRedirected: false }, problems };
}
