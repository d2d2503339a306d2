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
