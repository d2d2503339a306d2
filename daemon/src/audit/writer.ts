import { AuditRecord } from "../../../protocol/src/audit";
import { WardenError, toWardenError } from "../../../protocol/src/errors";
import { writeHeadFile } from "./head-file";
import { AuditJob, AuditStore, NewEvent } from "./store";

interface Waiting {
  job: AuditJob;
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
    return this.commit({ events });
  }

  /**
   * Commits a state change together with the records describing it: both are
   * durable, or neither happened, before the promise settles. A `mutate` that
   * throws rejects with its own error and does not affect other callers.
   */
  commit(job: AuditJob): Promise<AuditRecord[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
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
    let outcomes;
    try {
      outcomes = this.store.commitJobs(batch.map((w) => w.job));
    } catch (err) {
      this.onError(err);
      const failure = new WardenError("audit_write_failed", `the audit log could not be written: ${err instanceof Error ? err.message : String(err)}`);
      for (const w of batch) w.reject(failure);
      return;
    }
    const records = outcomes.flatMap((o) => (o.ok ? o.records : []));
    try {
      const last = records[records.length - 1];
      if (last !== undefined) writeHeadFile(this.headFile, { seq: last.seq, hash: last.hash, ts: last.ts });
    } catch (err) {
      // The records are committed; an anchor left behind only narrows what a cut-off
      // tail check can see until the next commit rewrites it.
      this.onError(err);
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok === true) return w.resolve(outcome.records);
      // A WardenError is the job's own verdict (e.g. "no such agent"); anything else
      // is the database failing, and nothing of that job was kept.
      const error = outcome?.error;
      if (!(error instanceof WardenError)) this.onError(error);
      w.reject(toWardenError(error, "audit_write_failed"));
    });
    for (const listener of this.listeners) listener(records);
  }
}
