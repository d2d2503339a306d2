import type { Node } from "web-tree-sitter";
import { excerpt, where } from "./positions";

const ARITHMETIC_COMPARISONS = new Set(["-eq", "-ne", "-lt", "-le", "-gt", "-ge"]);
/** Operators whose operand is a variable name (with any subscript evaluated). */
const NAME_TESTS = new Set(["-v", "-R"]);

/**
 * `[[ $x -eq 1 ]]` evaluates both sides as arithmetic, so x='a[$(cmd)]' runs cmd; `-v`
 * evaluates a subscript in its operand. Single-bracket `[` compares integers without
 * evaluating them, but its `-v` evaluates subscripts too (checked against bash 5.2).
 */
export function testCommandProblems(node: Node): string[] {
  const doubleBracket = node.firstChild?.type === "[[";
  const problems: string[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === undefined) break;
    if (current.type === "command_substitution" || current.type === "process_substitution") continue;
    const operator = current.childForFieldName("operator");
    if (operator !== null && current.type === "binary_expression" && doubleBracket && ARITHMETIC_COMPARISONS.has(operator.text)) {
      const operands = [current.childForFieldName("left"), current.childForFieldName("right")];
      if (operands.some((operand) => operand === null || !/^-?[0-9]+$/.test(operand.text))) {
        problems.push(`arithmetic comparison \`${excerpt(current.text)}\` at ${where(current)} evaluates its operands (can run commands through array subscripts)`);
      }
    }
    if (operator !== null && current.type === "unary_expression" && NAME_TESTS.has(operator.text)) {
      const operand = current.namedChildren.find((child) => child.id !== operator.id);
      if (operand === undefined || operand.text.includes("[") || operand.type !== "word") {
        problems.push(`\`${operator.text}\` test \`${excerpt(current.text)}\` at ${where(current)} evaluates a name that may hold an array subscript`);
      }
    }
    for (const child of current.children) stack.push(child);
  }
  return problems;
}
