import type { Node } from "web-tree-sitter";
import { excerpt } from "./positions";

/** Between the parts of a statement there may only be blanks, newlines and line continuations. */
const ALLOWED_GAP = /^(?:[ \t\n]|\\\n)*$/;
/** Lone `-` words the grammar drops before a heredoc or `2>` (`python - <<EOF`); recovered by droppedDashes. */
const DASHES_ONLY = /^[ \t]+(?:-[ \t]+)+$/;

/**
 * Text inside a statement that no child covers was skipped by the grammar: `echo a \  b`
 * loses the escaped-space argument, and a carriage return (a word character to bash, a
 * blank to the grammar) changes words. Either way our argv would not be bash's.
 */
export function gapProblems(node: Node, source: string): string[] {
  return gapsBetween(node.children, node.startIndex, node.endIndex, source, node.type === "redirected_statement");
}

/** The same check over the first line of a heredoc redirect: `cat <<EOF \ x` must not lose `\ `. */
export function heredocLineProblems(node: Node, source: string): string[] {
  const children = node.children;
  const body = children.findIndex((child) => child.type === "heredoc_body" || child.type === "heredoc_end");
  const head = body === -1 ? children : children.slice(0, body);
  const end = head[head.length - 1]?.endIndex ?? node.startIndex;
  return gapsBetween(head, node.startIndex, end, source, false);
}

function gapsBetween(children: readonly Node[], start: number, stop: number, source: string, tolerateDashes: boolean): string[] {
  const problems: string[] = [];
  let cursor = start;
  const check = (end: number) => {
    if (end <= cursor) return;
    const gap = source.slice(cursor, end);
    if (ALLOWED_GAP.test(gap) || (tolerateDashes && DASHES_ONLY.test(gap))) return;
    const at = positionText(source, cursor);
    const shown = gap.trim() === "" ? JSON.stringify(gap) : `\`${excerpt(gap.trim())}\``;
    problems.push(
      gap.includes("\r") ? `carriage return outside quotes at ${at} (bash treats it as part of a word)` : `unparsed text ${shown} at ${at}`,
    );
  };
  for (const child of children) {
    check(child.startIndex);
    cursor = Math.max(cursor, child.endIndex);
  }
  check(stop);
  return problems;
}

/** "column 7" / "line 2, column 3" for an offset into source. */
export function positionText(source: string, index: number): string {
  const before = source.slice(0, index);
  const line = before.split("\n").length;
  const column = index - (before.lastIndexOf("\n") + 1) + 1;
  return line === 1 ? `column ${column}` : `line ${line}, column ${column}`;
}

/**
 * Offsets of the lone `-` words the grammar leaves out between a command and the
 * redirects after it (`python3 - <<EOF`, `cat - 2>err`); bash passes them as arguments.
 */
export function droppedDashes(parts: readonly Node[], source: string): number[] {
  const sorted = [...parts].sort((a, b) => a.startIndex - b.startIndex);
  const offsets: number[] = [];
  for (let i = 1; i < sorted.length; i += 1) {
    const start = sorted[i - 1]?.endIndex ?? 0;
    const gap = source.slice(start, sorted[i]?.startIndex ?? start);
    if (!DASHES_ONLY.test(gap)) continue;
    for (let k = 0; k < gap.length; k += 1) if (gap[k] === "-") offsets.push(start + k);
  }
  return offsets;
}
