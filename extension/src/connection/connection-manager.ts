import { WardenClient } from "../../../protocol/src/client";
import { WardenError } from "../../../protocol/src/errors";
import { Disposable, Emitter } from "../util/events";
import { Backoff } from "./backoff";

export type ConnectionState =
  | { kind: "connecting" }
  | { kind: "connected"; since: number }
  | { kind: "offline"; reason: string; code: string; retryAt: number | null };

export interface Connector {
  /** Opens an authenticated client; rejects with a WardenError (not_running, unauthenticated, …). */
  connect(): Promise<WardenClient>;
  /** Starts the daemon (through its CLI); null when auto-start is off. */
  startDaemon: (() => Promise<void>) | null;
}

/** What runs on each connection: subscriptions, snapshots. Its disposable is disposed when the connection closes. */
export type AttachSession = (client: WardenClient) => Promise<Disposable>;

export interface Scheduler {
  now(): number;
  setTimeout(fn: () => void, ms: number): Disposable;
}

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    return { dispose: () => clearTimeout(handle) };
  },
};

/** A connection that lasted this long counts as good: the next failure retries quickly again. */
const STABLE_AFTER_MS = 10_000;
/** Do not start the daemon more often than this (a daemon that dies at once must not be restarted in a loop). */
const START_AT_MOST_EVERY_MS = 60_000;

/**
 * Keeps one authenticated connection to the daemon: finds it (or starts it once),
 * attaches the session, and reconnects with backoff whenever it goes away. The
 * state is what the status bar shows.
 */
export class ConnectionManager implements Disposable {
  private readonly stateEmitter = new Emitter<ConnectionState>();
  readonly onDidChangeState = this.stateEmitter.event;
  private current: ConnectionState = { kind: "connecting" };
  private client: WardenClient | null = null;
  private retry: Disposable | null = null;
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private running = false;
  private disposed = false;

  constructor(
    private readonly connector: Connector,
    private readonly attach: AttachSession,
    private readonly log: (line: string) => void,
    private readonly scheduler: Scheduler = realScheduler,
    private readonly backoff: Backoff = new Backoff(),
  ) {}

  get state(): ConnectionState {
    return this.current;
  }

  /** The live client, or null while offline. */
  get connection(): WardenClient | null {
    return this.client;
  }

  start(): void {
    void this.attempt();
  }

  /** Retry now instead of at the scheduled time (a command, or settings changed). */
  reconnectNow(): void {
    if (this.client !== null) {
      this.client.close();
      return;
    }
    this.retry?.dispose();
    this.retry = null;
    this.backoff.reset();
    void this.attempt();
  }

  dispose(): void {
    this.disposed = true;
    this.retry?.dispose();
    this.client?.close();
    this.stateEmitter.dispose();
  }

  private async attempt(): Promise<void> {
    if (this.disposed || this.running) return;
    this.running = true;
    try {
      this.setState({ kind: "connecting" });
      const client = await this.open();
      if (this.disposed) {
        client.close();
        return;
      }
      let session: Disposable;
      try {
        session = await this.attach(client);
      } catch (err) {
        client.close();
        throw err;
      }
      this.connected(client, session);
    } catch (err) {
      this.offline(err);
    } finally {
      this.running = false;
    }
  }

  private async open(): Promise<WardenClient> {
    try {
      return await this.connector.connect();
    } catch (err) {
      const start = this.connector.startDaemon;
      const now = this.scheduler.now();
      if (!(err instanceof WardenError && err.code === "not_running") || start === null || now - this.lastStartAt < START_AT_MOST_EVERY_MS) throw err;
      this.lastStartAt = now;
      this.log("no daemon is running; starting it");
      await start();
      return this.connector.connect();
    }
  }

  private connected(client: WardenClient, session: Disposable): void {
    const since = this.scheduler.now();
    this.client = client;
    this.setState({ kind: "connected", since });
    client.onNotice((notice, reason) => this.log(`daemon notice: ${notice}: ${reason}`));
    client.onClose((reason) => {
      session.dispose();
      this.client = null;
      if (this.disposed) return;
      if (this.scheduler.now() - since >= STABLE_AFTER_MS) this.backoff.reset();
      this.offline(new WardenError("disconnected", `connection to the daemon closed (${reason})`));
    });
  }

  private offline(err: unknown): void {
    if (this.disposed) return;
    const code = err instanceof WardenError ? err.code : "internal";
    const reason = err instanceof Error ? err.message : String(err);
    const delay = this.backoff.next();
    this.log(`offline: ${reason}; retrying in ${delay} ms`);
    this.setState({ kind: "offline", reason, code, retryAt: this.scheduler.now() + delay });
    this.retry?.dispose();
    this.retry = this.scheduler.setTimeout(() => {
      this.retry = null;
      void this.attempt();
    }, delay);
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    this.stateEmitter.fire(state);
  }
}
