import type { Node } from "web-tree-sitter";

/** "column 7", or "line 2, column 3" past the first line: 1-based, as editors count. */
export function where(node: Node): string {
  const { row, column } = node.startPosition;
  return row === 0 ? `column ${column + 1}` : `line ${row + 1}, column ${column + 1}`;
}

/** Shortens source text quoted in a problem so one huge word cannot flood the report. */
export function excerpt(text: string, max = 60): string {
  const oneLine = text.replace(/\r?\n/g, "\\n");
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
