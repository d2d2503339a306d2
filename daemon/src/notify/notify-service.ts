import { Actor } from "../../../protocol/src/audit";
import { WardenError } from "../../../protocol/src/errors";
import { NotifyDestinationStatus, NotifyTotals } from "../../../protocol/src/notify-methods";
import { ApprovalStore } from "../approvals/approval-store";
import { AuditStore } from "../audit/store";
import { AuditWriter } from "../audit/writer";
import { AgentStore } from "../identity/agent-store";
import { Logger, errorFields } from "../log";
import { PolicyManager } from "../policy/policy-manager";
import { Dispatcher } from "./dispatcher";
import { QueueStore } from "./queue-store";
import { routesFor } from "./routes";
import { ScanOutcome, scanJob } from "./scan";
import { send } from "./senders";

export interface NotifyServiceOptions {
  store: AuditStore;
  writer: AuditWriter;
  policies: PolicyManager;
  agents: AgentStore;
  approvals: ApprovalStore;
  log: Logger;
  version: string;
}

/** Delivered rows are kept this long for `notify status`, then pruned. */
const KEEP_DELIVERED_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;
/** After a failed scan, the next try. */
const SCAN_RETRY_MS = 5_000;

/**
 * Monitoring, wired together: every commit wakes a scan (the audit log is the
 * outbox, see scan.ts), every queued row wakes the dispatcher. Neither runs on the
 * path of a decision: the scan is a writer job of its own, delivery is async.
 */
export class NotifyService {
  private readonly queue: QueueStore;
  private readonly dispatcher: Dispatcher;
  private scanning = false;
  private rescan = false;
  private stopped = false;
  private pruneTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: NotifyServiceOptions) {
    this.queue = new QueueStore(o.store.connection);
    this.dispatcher = new Dispatcher({
      queue: this.queue,
      writer: o.writer,
      log: o.log,
      send: (spec, batch, signal) => send(spec, batch, { version: o.version, workspaces: () => this.workspaces(), signal }),
    });
    o.writer.onCommitted((records) => {
      // Only batches with records: the scan's own jobs commit none, so this cannot loop.
      if (records.length > 0) this.scanSoon();
    });
  }

  /** Catches up with whatever was committed while no daemon was scanning, and starts delivering. */
  start(): void {
    this.scanSoon();
    this.dispatcher.kick();
    this.pruneTimer = setInterval(() => this.prune(), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
    this.prune();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pruneTimer !== null) clearInterval(this.pruneTimer);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    await this.dispatcher.stop();
    // Keep how far the scan got, so the next start does not look at those records again.
    const scanned = this.queue.cursor();
    if (scanned !== null && scanned !== this.queue.storedCursor()) {
      await this.o.writer.commit({ mutate: () => this.queue.setCursor(scanned), events: [] }).catch((err: unknown) => this.o.log.error("could not store the notification cursor", errorFields(err)));
    }
  }

  totals(): NotifyTotals {
    return this.queue.totals();
  }

  status(): { totals: NotifyTotals; destinations: NotifyDestinationStatus[] } {
    return { totals: this.queue.totals(), destinations: this.queue.destinations() };
  }

  /** Records a test event by `by` and queues it like any high-risk event; resolves with how many deliveries it made. */
  async test(workspace: string, by: Actor, message: string | null): Promise<{ seq: number; queued: number }> {
    const [record] = await this.o.writer.append([{ actor: by, workspace, kind: "notify.test", payload: { message } }]);
    if (record === undefined) throw new WardenError("internal", "the test event was not recorded");
    // Scan until the cursor has passed it (each job takes a bounded chunk).
    for (let i = 0; i < 1000 && (this.queue.cursor() ?? 0) < record.seq; i++) await this.runScan();
    return { seq: record.seq, queued: this.queue.countFor(record.seq) };
  }

  private scanSoon(): void {
    if (this.stopped) return;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = true;
    this.runScan().then(
      (outcome) => {
        this.scanning = false;
        if (outcome.more || this.rescan) {
          this.rescan = false;
          this.scanSoon();
        }
      },
      (err: unknown) => {
        this.scanning = false;
        // Nothing is lost: the cursor did not move, and the next try starts from it.
        this.o.log.error("the notification scan failed; retrying", errorFields(err));
        if (this.retryTimer === null && !this.stopped) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            this.scanSoon();
          }, SCAN_RETRY_MS);
          this.retryTimer.unref();
        }
      },
    );
  }

  private async runScan(): Promise<ScanOutcome> {
    const outcome: ScanOutcome = { queued: 0, more: false, scannedTo: null };
    await this.o.writer.commit(
      scanJob(
        {
          store: this.o.store,
          queue: this.queue,
          routes: (workspace) => routesFor(this.o.policies.get(workspace).current),
          ownerOf: (workspace, agent) => this.o.agents.get(workspace, agent)?.owner ?? null,
          approvedAction: (id) => {
            const a = this.o.approvals.get(id);
            return a === null ? null : { kind: a.context.action.kind, target: a.context.action.target, summary: a.context.summary };
          },
          skipped: (seq, err) => this.o.log.error("a record could not be checked for notification; skipped", { seq, ...errorFields(err) }),
        },
        outcome,
      ),
    );
    if (outcome.scannedTo !== null) this.queue.scannedPast(outcome.scannedTo);
    if (outcome.queued > 0) this.dispatcher.kick();
    return outcome;
  }

  private prune(): void {
    const before = new Date(Date.now() - KEEP_DELIVERED_MS).toISOString();
    this.o.writer.commit({ mutate: () => void this.queue.prune(before), events: [] }).catch((err: unknown) => this.o.log.error("could not prune delivered notifications", errorFields(err)));
  }

  /** Every workspace an agent was ever created in: signing keys must live outside all of them. */
  private workspaces(): string[] {
    return [...new Set(this.o.agents.list(undefined).map((a) => a.workspace))];
  }
}
