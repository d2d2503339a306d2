import { AuditWriter } from "../audit/writer";
import { Logger, errorFields } from "../log";
import { Notification } from "./notification";
import { NotifyDestination } from "./notify-policy";
import { QueueStore, QueuedRow } from "./queue-store";
import { Retry } from "./routes";
import { SendOutcome } from "./senders";

export interface DispatcherContext {
  queue: QueueStore;
  writer: AuditWriter;
  log: Logger;
  send(spec: NotifyDestination, batch: readonly Notification[], signal: AbortSignal): Promise<SendOutcome>;
}

/** Rows read per wake-up, and sent to one destination per attempt. */
const DUE_LIMIT = 500;
const BATCH = 50;
/** Longest sleep with nothing due (a clock jump or a missed kick costs at most this). */
const IDLE_MS = 30_000;

/** The wait before retry number `attempts + 1`: doubling from `initialMs`, capped, with up to 20% taken off so retries spread. */
export function backoffMs(attempts: number, retry: Retry, random: number = Math.random()): number {
  const base = Math.min(retry.maxMs, retry.initialMs * 2 ** Math.min(attempts, 30));
  return Math.round(base * (1 - 0.2 * random));
}

/**
 * Sends what is queued, off the decision path: a wake-up reads the due rows, each
 * destination gets one batch at a time (in order, so a receiver sees events in
 * sequence), and the outcome is written back in a writer job. A failure pushes that
 * destination's remaining rows back by the backoff; nothing is ever dropped.
 */
export class Dispatcher {
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(private readonly ctx: DispatcherContext) {}

  /** Something was queued or finished: look again now. */
  kick(): void {
    this.wakeIn(0);
  }

  /** Stops waking up and aborts what is in flight; an aborted delivery stays queued for the next start. */
  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private wakeIn(ms: number): void {
    if (this.stopping.signal.aborted) return;
    const at = Date.now() + ms;
    if (this.timer !== null && this.timerAt <= at) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.tick(), ms);
    // Pending retries must not keep a stopping process alive.
    this.timer.unref();
  }

  private tick(): void {
    this.timer = null;
    this.timerAt = Infinity;
    if (this.stopping.signal.aborted) return;
    try {
      const groups = new Map<string, QueuedRow[]>();
      const { rows, unreadable } = this.ctx.queue.due(new Date().toISOString(), DUE_LIMIT);
      if (unreadable.length > 0) this.setAside(unreadable);
      for (const row of rows) {
        if (this.inFlight.has(row.destKey)) continue;
        const group = groups.get(row.destKey) ?? [];
        if (group.length < BATCH) group.push(row);
        groups.set(row.destKey, group);
      }
      for (const [key, rows] of groups) {
        const run = this.deliver(rows)
          .catch((err: unknown) => this.ctx.log.error("notification delivery could not be recorded", { destination: key, ...errorFields(err) }))
          .finally(() => {
            this.inFlight.delete(key);
            this.kick();
          });
        this.inFlight.set(key, run);
      }
      const next = this.ctx.queue.nextDue([...this.inFlight.keys()]);
      this.wakeIn(next === null ? IDLE_MS : Math.min(IDLE_MS, Math.max(0, Date.parse(next) - Date.now())));
    } catch (err) {
      this.ctx.log.error("the notification queue could not be read", errorFields(err));
      this.wakeIn(IDLE_MS);
    }
  }

  /** Rows that cannot be read back: failed with the reason (status shows it), tried again only after a day. */
  private setAside(unreadable: ReadonlyArray<{ id: number; error: string }>): void {
    const now = new Date();
    const later = new Date(now.getTime() + 24 * 3_600_000).toISOString();
    this.ctx.log.error("queued notifications cannot be read back; set aside", { ids: unreadable.map((u) => u.id), error: unreadable[0]?.error });
    this.ctx.writer
      .commit({ mutate: () => unreadable.forEach((u) => this.ctx.queue.markFailed(u.id, u.error, now.toISOString(), later)), events: [] })
      .catch((err: unknown) => this.ctx.log.error("could not set unreadable notifications aside", errorFields(err)));
  }

  private async deliver(rows: readonly QueuedRow[]): Promise<void> {
    const first = rows[0];
    if (first === undefined) return;
    const outcome = await this.ctx.send(first.spec, rows.map((r) => r.message), this.stopping.signal);
    // Cut short by the daemon stopping: not the receiver's failure, and the next start retries.
    if (this.stopping.signal.aborted && outcome.error !== null) return;
    const now = new Date();
    const at = now.toISOString();
    const done = rows.slice(0, outcome.delivered);
    const failed = rows.slice(outcome.delivered);
    const error = outcome.error ?? "not sent";
    await this.ctx.writer.commit({
      mutate: () => {
        this.ctx.queue.markDelivered(done.map((r) => r.id), at);
        for (const r of failed) this.ctx.queue.markFailed(r.id, error, at, new Date(now.getTime() + backoffMs(r.attempts, r.retry)).toISOString());
      },
      events: [],
    });
    if (failed.length > 0) {
      this.ctx.log.warn("notification delivery failed; will retry", { destination: first.spec.id, pending: failed.length, attempts: (failed[0]?.attempts ?? 0) + 1, error });
    }
  }
}
