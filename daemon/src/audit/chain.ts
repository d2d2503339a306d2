import { createHash } from "node:crypto";

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
 * The record's hash commits to every stored column and to the previous hash. The
 * fields are encoded as one JSON array, so no choice of field contents can make two
 * different records encode to the same bytes.
 */
export function hashRow(row: AuditRow): string {
  return createHash("sha256")
    .update(JSON.stringify([row.seq, row.ts, row.actorType, row.actorId, row.workspace, row.kind, row.payload, row.prevHash]))
    .digest("hex");
}
