import type { Node } from "web-tree-sitter";
import { excerpt, where } from "./positions";

/** What hides inside a word: commands it runs, and constructs that make it untrustworthy. */
export interface Embedded {
  /** `$(…)`, backquotes and `<(…)`/`>(…)`, in source order, not descended into. */
  scopes: Node[];
  problems: string[];
}

const ARITHMETIC_RISK = "(can run commands through array subscripts)";

/**
 * Scans a subtree with an explicit stack, so a word nested thousands of `${…}` deep
 * cannot overflow the call stack, and collects the substitutions for the walker.
 */
export function scanEmbedded(root: Node): Embedded {
  const scopes: Node[] = [];
  const problems: string[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    switch (node.type) {
      case "command_substitution":
      case "process_substitution":
        scopes.push(node);
        continue;
      case "arithmetic_expansion":
        // `$((x))` evaluates x's value as an expression: x='a[$(rm -rf ~)]' runs rm.
        problems.push(`arithmetic expansion \`${excerpt(node.text)}\` at ${where(node)} ${ARITHMETIC_RISK}`);
        break;
      case "subscript":
        checkSubscript(node, problems);
        break;
      case "expansion":
        checkExpansion(node, problems);
        break;
      case "word":
      case "string_content":
      case "regex":
      case "extglob_pattern":
        // `${x:-`rm x`}` comes back as a plain word: the backquotes would run unseen.
        if (hasUnescapedSubstitution(node.text)) {
          problems.push(`command substitution the grammar did not parse in \`${excerpt(node.text)}\` at ${where(node)}`);
        }
        break;
    }
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i -= 1) {
      const child = children[i];
      if (child !== undefined) stack.push(child);
    }
  }
  return { scopes, problems };
}

/** Indexed-array subscripts are arithmetic: `${a[i]}` evaluates the value of i. */
function checkSubscript(node: Node, problems: string[]): void {
  const index = node.childForFieldName("index");
  if (index === null) return;
  if (index.type === "number" || index.text === "@" || index.text === "*") return;
  problems.push(`array subscript \`${excerpt(node.text)}\` at ${where(node)} is evaluated as arithmetic ${ARITHMETIC_RISK}`);
}

function checkExpansion(node: Node, problems: string[]): void {
  const operators: string[] = [];
  let substringOperand = false;
  let nonNumericOffset = false;
  let hasSubscript = false;
  for (let i = 0; i < node.childCount; i += 1) {
    const child = node.child(i);
    if (child === null) continue;
    if (node.fieldNameForChild(i) === "operator") {
      operators.push(child.type);
      if (child.type === ":") substringOperand = true;
      continue;
    }
    if (child.type === "subscript") hasSubscript = true;
    if (substringOperand && child.isNamed && child.type !== "number") nonNumericOffset = true;
  }
  if (operators.length === 1 && operators[0] === "!" && !hasSubscript) {
    // `${!x}` expands the variable named by x; a name like `a[$(cmd)]` runs cmd.
    problems.push(`indirect expansion \`${excerpt(node.text)}\` at ${where(node)} ${ARITHMETIC_RISK}`);
  }
  if (nonNumericOffset) {
    // Substring offsets `${x:off:len}` are arithmetic expressions.
    problems.push(`substring expansion \`${excerpt(node.text)}\` at ${where(node)} uses arithmetic ${ARITHMETIC_RISK}`);
  }
  if (operators.includes("@") && operators.includes("P")) {
    // `${x@P}` expands x as a prompt string, which performs command substitution.
    problems.push(`prompt expansion \`${excerpt(node.text)}\` at ${where(node)} runs command substitutions in the value`);
  }
}

/** A backquote or `$(` not escaped by a backslash: text bash would treat as a substitution. */
function hasUnescapedSubstitution(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "\\") i += 1;
    else if (ch === "`" || (ch === "$" && text[i + 1] === "(")) return true;
  }
  return false;
}
