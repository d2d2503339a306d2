import { hash } from "node:crypto";

/** The stored columns of one audit row, in chain order. */
export interface AuditRow {
  seq: number;
  ts: string;
  actorType: string;
  actorId: string;
  workspace: string | null;
  kind: string;
  payload: string;
  prevHash: string;
}

/**
 * The record's hash commits to every stored column and to the previous hash.
 * Each text field is length-prefixed (`5:alice`), so no choice of field contents
 * can make two different records encode to the same string; the version tag lets
 * a later encoding coexist. (Cheaper than JSON, which re-escapes the payload.)
 */
export function encodeRow(row: AuditRow): string {
  const workspace = row.workspace === null ? "-" : `+${field(row.workspace)}`;
  return `warden-audit-1|${row.seq}|${field(row.ts)}${field(row.actorType)}${field(row.actorId)}${workspace}${field(row.kind)}${field(row.payload)}${row.prevHash}`;
}

export function hashRow(row: AuditRow): string {
  // One-shot `crypto.hash` (Node >= 20.12) avoids a Hash object per record.
  return hash("sha256", encodeRow(row), "hex");
}

function field(value: string): string {
  return `${value.length}:${value}`;
}
