import { AuditRecord } from "../../../protocol/src/audit";
import { WardenClient } from "../../../protocol/src/client";
import { WardenError } from "../../../protocol/src/errors";

/** The one audit record `seq`, or a not_found error naming it. */
export async function fetchRecord(client: WardenClient, seq: number): Promise<AuditRecord> {
  const { records } = await client.request("audit/query", { filter: { fromSeq: seq }, order: "asc", limit: 1 });
  const record = records[0];
  if (record === undefined || record.seq !== seq) throw new WardenError("not_found", `no audit record #${seq}`);
  return record;
}
