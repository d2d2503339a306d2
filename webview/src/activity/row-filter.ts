import { ActivityRow } from "../messages";

/** What the human narrows the log to. Empty fields match everything. */
export interface RowFilter {
  agent: string;
  /** allow, allow+log, ask, deny, or "" */
  decision: string;
  /** An action kind (file.write, shell.exec…), or "" */
  action: string;
  /** Case-insensitive text searched in target, detail, kind and agent. */
  text: string;
}

export const NO_FILTER: RowFilter = { agent: "", decision: "", action: "", text: "" };

export function isEmptyFilter(f: RowFilter): boolean {
  return f.agent === "" && f.decision === "" && f.action === "" && f.text.trim() === "";
}

/** A predicate for one filter, built once per filter change (the needle is lowered once, not per row). */
export function compileFilter(f: RowFilter): (row: ActivityRow) => boolean {
  const needle = f.text.trim().toLowerCase();
  return (row) =>
    (f.agent === "" || row.agent === f.agent) &&
    (f.decision === "" || row.decision === f.decision) &&
    (f.action === "" || row.action === f.action) &&
    (needle === "" ||
      row.target.toLowerCase().includes(needle) ||
      row.detail.toLowerCase().includes(needle) ||
      row.kind.includes(needle) ||
      (row.agent?.toLowerCase().includes(needle) ?? false));
}
