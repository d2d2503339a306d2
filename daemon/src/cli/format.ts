import { AuditRecord } from "../../../protocol/src/audit";

const PAYLOAD_WIDTH = 120;

/** One record as one line for a terminal. */
export function formatRecord(r: AuditRecord): string {
  const payload = JSON.stringify(r.payload);
  const shown = payload.length > PAYLOAD_WIDTH ? `${payload.slice(0, PAYLOAD_WIDTH - 1)}…` : payload;
  const where = r.workspace !== null ? `  [${r.workspace}]` : "";
  return `#${r.seq}  ${r.ts}  ${r.actor.type}:${r.actor.id}  ${r.kind}  ${shown}${where}`;
}
