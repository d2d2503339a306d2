import type { Node } from "web-tree-sitter";
import { excerpt, where } from "./positions";

/** Reported per tree; more would only repeat the same recovery noise. */
const MAX_REPORTED = 3;

/**
 * Finds ERROR and MISSING nodes. Where the grammar gave up, bash may read the text
 * differently than our tree does, so the analysis cannot be trusted past that point.
 * Explicit stack: an error deep in 10,000 nested parentheses must not overflow ours.
 */
export function syntaxErrors(root: Node): string[] {
  if (!root.hasError) return [];
  const found: string[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0 && found.length < MAX_REPORTED) {
    const node = stack.pop();
    if (node === undefined) break;
    if (node.isMissing) {
      found.push(`parse error at ${where(node)}: missing \`${node.type}\``);
      continue;
    }
    if (node.isError) {
      found.push(`parse error at ${where(node)}: cannot parse \`${excerpt(node.text, 40)}\``);
      continue;
    }
    if (!node.hasError) continue;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i -= 1) {
      const child = children[i];
      if (child !== undefined) stack.push(child);
    }
  }
  // hasError said there is one; never report "resolved" because our search missed it.
  return found.length > 0 ? found : ["parse error (position unknown)"];
}
