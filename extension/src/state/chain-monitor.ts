import { WardenClient } from "../../../protocol/src/client";
import { Scheduler, realScheduler } from "../connection/connection-manager";
import { Disposable, Emitter } from "../util/events";
import { ChainState } from "../../../protocol/src/webview";

/** New records re-check the chain at most this often: verification reads the whole log. */
const REVERIFY_AT_MOST_EVERY_MS = 30_000;

/**
 * Keeps the audit chain's verified state: checked on connect, on request, and again
 * (at most every 30 s) after new records arrive.
 */
export class ChainMonitor implements Disposable {
  private current: ChainState = { state: "unknown" };
  private readonly emitter = new Emitter<ChainState>();
  readonly onDidChange = this.emitter.event;
  private timer: Disposable | null = null;
  private lastRunAt = Number.NEGATIVE_INFINITY;
  private running: Promise<ChainState> | null = null;

  constructor(
    private readonly client: () => WardenClient | null,
    private readonly scheduler: Scheduler = realScheduler,
  ) {}

  get state(): ChainState {
    return this.current;
  }

  /**
   * Verifies now (joining a check already running). `via` is the connection to use
   * when the caller has one that is not yet the current one (a session attaching).
   */
  verify(via?: WardenClient): Promise<ChainState> {
    this.running ??= this.run(via).finally(() => (this.running = null));
    return this.running;
  }

  /** Records arrived: check again soon, within the rate limit. */
  recordsArrived(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastRunAt + REVERIFY_AT_MOST_EVERY_MS - this.scheduler.now());
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = null;
      void this.verify();
    }, wait);
  }

  private async run(via?: WardenClient): Promise<ChainState> {
    const client = via ?? this.client();
    if (client === null) return this.set({ state: "error", message: "not connected to the daemon" });
    this.lastRunAt = this.scheduler.now();
    this.set({ state: "verifying" });
    try {
      const r = await client.request("audit/verify", {}, { timeoutMs: 120_000 });
      const at = new Date(this.scheduler.now()).toISOString();
      return this.set(
        r.ok
          ? { state: "verified", checked: r.checked, headSeq: r.headSeq, at, durationMs: r.durationMs }
          : { state: "broken", firstBadSeq: r.firstBadSeq, problem: r.problem ?? "the chain does not verify", at },
      );
    } catch (err) {
      return this.set({ state: "error", message: err instanceof Error ? err.message : String(err) });
    }
  }

  private set(state: ChainState): ChainState {
    this.current = state;
    this.emitter.fire(state);
    return state;
  }

  dispose(): void {
    this.timer?.dispose();
    this.emitter.dispose();
  }
}
