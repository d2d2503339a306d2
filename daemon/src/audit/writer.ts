import { AuditRecord } from "../../../protocol/src/audit";
import { WardenError } from "../../../protocol/src/errors";
import { writeHeadFile } from "./head-file";
import { AuditStore, NewEvent } from "./store";

interface Waiting {
  events: readonly NewEvent[];
  resolve: (records: AuditRecord[]) => void;
  reject: (err: WardenError) => void;
}

/**
 * Group commit. Appends that arrive in the same turn of the event loop share one
 * transaction (one fsync), and every caller is answered only after that commit:
 * nothing is acknowledged that is not durable, and throughput does not fall to
 * one fsync per event.
 */
export class AuditWriter {
  private queue: Waiting[] = [];
  private scheduled = false;
  private readonly listeners: Array<(records: readonly AuditRecord[]) => void> = [];

  constructor(
    private readonly store: AuditStore,
    private readonly headFile: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  append(events: readonly NewEvent[]): Promise<AuditRecord[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Called with every committed batch, in order (subscriptions, forwarding). */
  onCommitted(listener: (records: readonly AuditRecord[]) => void): void {
    this.listeners.push(listener);
  }

  /** Commits whatever is queued now; used before shutdown. */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let records: AuditRecord[];
    try {
      records = this.store.appendBatch(batch.flatMap((w) => w.events));
    } catch (err) {
      this.onError(err);
      const failure = new WardenError("audit_write_failed", `the audit log could not be written: ${err instanceof Error ? err.message : String(err)}`);
      for (const w of batch) w.reject(failure);
      return;
    }
    try {
      const last = records[records.length - 1];
      if (last !== undefined) writeHeadFile(this.headFile, { seq: last.seq, hash: last.hash, ts: last.ts });
    } catch (err) {
      // The records are committed; an anchor left behind only narrows what a cut-off
      // tail check can see until the next commit rewrites it.
      this.onError(err);
    }
    let offset = 0;
    for (const w of batch) {
      w.resolve(records.slice(offset, offset + w.events.length));
      offset += w.events.length;
    }
    for (const listener of this.listeners) listener(records);
  }
}
