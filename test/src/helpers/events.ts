import { AuditRecord } from "../../../protocol/src/audit";
import { WardenClient } from "../../../protocol/src/client";

/** Collects a subscription's records until `count` arrived (bounded wait). */
export function collectEvents(client: WardenClient, subscription: string, count: number, timeoutMs = 10_000): Promise<AuditRecord[]> {
  return new Promise((resolve, reject) => {
    const got: AuditRecord[] = [];
    const timer = setTimeout(() => reject(new Error(`got ${got.length} of ${count} records`)), timeoutMs);
    client.onEvent(subscription, (r) => {
      got.push(r);
      if (got.length === count) {
        clearTimeout(timer);
        resolve(got);
      }
    });
  });
}

/** Every record of one kind in a workspace's log, oldest first (at most 1,000). */
export async function recordsOfKind(client: WardenClient, workspace: string, kind: string): Promise<AuditRecord[]> {
  const page = await client.request("audit/query", { filter: { kinds: [kind], workspace }, limit: 1000 });
  return [...page.records].sort((a, b) => a.seq - b.seq);
}

/** A record's payload as an object ({} when it is not one). */
export function payloadObject(record: AuditRecord | undefined): Record<string, unknown> {
  const p = record?.payload;
  return typeof p === "object" && p !== null && !Array.isArray(p) ? p : {};
}
