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
 * The record's hash commits to every stored column and to the previous hash. The
 * fields are encoded as one JSON array, so no choice of field contents can make two
 * different records encode to the same bytes.
 */
export function hashRow(row: AuditRow): string {
  // One-shot `crypto.hash` (Node >= 20.12): the same SHA-256 of the same UTF-8 bytes as
  // createHash().update().digest("hex"), without building a Hash object per record.
  return hash("sha256", JSON.stringify([row.seq, row.ts, row.actorType, row.actorId, row.workspace, row.kind, row.payload, row.prevHash]), "hex");
}
