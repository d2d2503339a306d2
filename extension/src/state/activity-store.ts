import { AuditRecord } from "../../../protocol/src/audit";
import { Scheduler, realScheduler } from "../connection/connection-manager";
import { ActivityRow } from "../../../protocol/src/webview";
import { Disposable, Emitter } from "../util/events";
import { toActivityRow } from "./activity-row";

/** Rows kept for the log (the webview keeps as many); older ones are dropped first. */
export const MAX_ACTIVITY_ROWS = 100_000;
/** Rows arriving within this window travel to the webviews as one message. */
const FLUSH_EVERY_MS = 100;

/**
 * The live tool-call log in the extension host: every record seen, as rows, oldest
 * first. New rows are batched so that 1,000 records a second become ten messages
 * a second, not a thousand.
 */
export class ActivityStore implements Disposable {
  private rows: ActivityRow[] = [];
  private pending: ActivityRow[] = [];
  private flushTimer: Disposable | null = null;
  private readonly appendEmitter = new Emitter<readonly ActivityRow[]>();
  private readonly resetEmitter = new Emitter<void>();
  /** Batches of new rows, oldest first. */
  readonly onDidAppend = this.appendEmitter.event;
  /** Everything changed (history loaded); listeners re-read `snapshot()`. */
  readonly onDidReset = this.resetEmitter.event;

  constructor(
    private readonly scheduler: Scheduler = realScheduler,
    private readonly maxRows: number = MAX_ACTIVITY_ROWS,
  ) {}

  /** The highest seq seen: a reconnect subscribes from the next one, so nothing is missed or doubled. */
  get lastSeq(): number {
    return this.pending.at(-1)?.seq ?? this.rows.at(-1)?.seq ?? 0;
  }

  get size(): number {
    return this.rows.length + this.pending.length;
  }

  snapshot(): readonly ActivityRow[] {
    this.flush();
    return this.rows;
  }

  /** History fetched at connect (any order); replaces what is kept. */
  loadHistory(records: readonly AuditRecord[]): void {
    this.pending = [];
    this.rows = [...records].sort((a, b) => a.seq - b.seq).slice(-this.maxRows).map(toActivityRow);
    this.resetEmitter.fire();
  }

  /** A live record. Records at or below lastSeq (a backlog overlapping what we have) are ignored. */
  add(record: AuditRecord): void {
    if (record.seq <= this.lastSeq) return;
    this.pending.push(toActivityRow(record));
    this.flushTimer ??= this.scheduler.setTimeout(() => this.flush(), FLUSH_EVERY_MS);
  }

  flush(): void {
    this.flushTimer?.dispose();
    this.flushTimer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.rows.push(...batch);
    // Drop in chunks, not one by one: shifting a 100,000-element array per row would be quadratic.
    if (this.rows.length > this.maxRows * 1.1) this.rows = this.rows.slice(-this.maxRows);
    this.appendEmitter.fire(batch);
  }

  dispose(): void {
    this.flushTimer?.dispose();
    this.appendEmitter.dispose();
    this.resetEmitter.dispose();
  }
}
