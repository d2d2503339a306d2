import { AuditRecord, GENESIS_HASH } from "../../../protocol/src/audit";
import { WardenClient } from "../../../protocol/src/client";
import { Transport } from "../../../protocol/src/transport";

export type FakeHandler = (params: Record<string, unknown>) => unknown;

/**
 * A daemon peer in the same process, speaking the real frame format over a
 * Transport, for the extension's unit tests. It answers from a handler table and
 * can misbehave on purpose: `hang` never answers, `crash` closes on the next
 * request, `garbage` sends frames no client can read before each answer.
 */
export class FakeDaemon {
  readonly requests: Array<{ method: string; params: Record<string, unknown> }> = [];
  mode: "normal" | "hang" | "crash" | "garbage" = "normal";
  private readonly transports: FakeTransport[] = [];

  constructor(public handlers: Record<string, FakeHandler>) {}

  /** A new client connected to this daemon. */
  connect(): WardenClient {
    const transport = new FakeTransport((text) => this.receive(transport, text));
    this.transports.push(transport);
    return new WardenClient(transport, () => undefined);
  }

  /** Sends an audit record to every subscription of every connection. */
  emit(record: AuditRecord): void {
    for (const t of this.transports) for (const sub of t.subscriptions) t.deliver(JSON.stringify({ type: "event", subscription: sub, record }));
  }

  /** Closes every connection (the daemon stopped). */
  stop(reason = "1001 daemon stopping"): void {
    for (const t of this.transports) t.remoteClose(reason);
  }

  private receive(t: FakeTransport, text: string): void {
    const frame: unknown = JSON.parse(text);
    if (typeof frame !== "object" || frame === null || !("id" in frame) || !("method" in frame) || typeof frame.method !== "string" || typeof frame.id !== "number") return;
    const params = "params" in frame && typeof frame.params === "object" && frame.params !== null ? Object.fromEntries(Object.entries(frame.params)) : {};
    this.requests.push({ method: frame.method, params });
    const id = frame.id;
    const method = frame.method;
    if (this.mode === "hang") return;
    if (this.mode === "crash") {
      t.remoteClose("1011 crashed");
      return;
    }
    if (this.mode === "garbage") {
      t.deliver("{not json");
      t.deliver(JSON.stringify({ type: "response", id: "seven", result: 1 }));
      t.deliver(JSON.stringify({ type: "event", subscription: "x", record: { seq: -1 } }));
    }
    const handler = this.handlers[method];
    queueMicrotask(() => {
      if (handler === undefined) {
        t.deliver(JSON.stringify({ type: "error", id, error: { code: "unknown_method", message: `no ${method}` } }));
        return;
      }
      try {
        const result = handler(params);
        if (method === "events/subscribe" && typeof result === "object" && result !== null && "subscription" in result && typeof result.subscription === "string") t.subscriptions.push(result.subscription);
        t.deliver(JSON.stringify({ type: "response", id, result }));
      } catch (err) {
        t.deliver(JSON.stringify({ type: "error", id, error: { code: "internal", message: err instanceof Error ? err.message : String(err) } }));
      }
    });
  }
}

class FakeTransport implements Transport {
  readonly subscriptions: string[] = [];
  private messageListeners: Array<(text: string) => void> = [];
  private closeListeners: Array<(reason: string) => void> = [];
  private closed = false;

  constructor(private readonly toDaemon: (text: string) => void) {}

  send(text: string): void {
    if (!this.closed) this.toDaemon(text);
  }

  close(code = 1000, reason = ""): void {
    this.remoteClose(`${code}${reason !== "" ? ` ${reason}` : ""}`);
  }

  onMessage(listener: (text: string) => void): void {
    this.messageListeners.push(listener);
  }

  onClose(listener: (reason: string) => void): void {
    this.closeListeners.push(listener);
  }

  deliver(text: string): void {
    if (this.closed) return;
    for (const l of this.messageListeners) l(text);
  }

  remoteClose(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.closeListeners) l(reason);
  }
}

let nextSeq = 1;

/** A well-formed audit record (the hashes are placeholders: clients do not check them, `audit/verify` does). */
export function record(kind: string, payload: AuditRecord["payload"], over: Partial<AuditRecord> = {}): AuditRecord {
  return { seq: nextSeq++, ts: new Date().toISOString(), actor: { type: "agent", id: "builder" }, workspace: "/projects/app", kind, payload, prevHash: GENESIS_HASH, hash: GENESIS_HASH, ...over };
}

/** A scheduler whose timers run only when the test says so. */
export class ManualScheduler {
  time = 0;
  private timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): { dispose(): void } {
    const timer = { at: this.time + ms, fn, cancelled: false };
    this.timers.push(timer);
    return { dispose: () => (timer.cancelled = true) };
  }

  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves the clock and runs the timers that came due, in order. */
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => !t.cancelled && t.at <= this.time).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((t) => !due.includes(t));
    for (const t of due) if (!t.cancelled) t.fn();
  }
}

/** Lets pending promise callbacks run. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

/** A daemon/status answer with the audit head at `headSeq`. */
export function statusResult(headSeq: number): Record<string, unknown> {
  return {
    pid: 1,
    version: "0.1.0",
    nodeVersion: "v20.0.0",
    startedAt: new Date(0).toISOString(),
    uptimeMs: 1,
    home: "/tmp/wd",
    socket: "/tmp/wd/daemon.sock",
    listen: null,
    connections: 1,
    subscriptions: 0,
    audit: { headSeq, headHash: GENESIS_HASH },
  };
}

/** An audit/query handler over `records` that honours fromSeq, order and limit. */
export function queryOver(records: () => readonly AuditRecord[]): (params: Record<string, unknown>) => unknown {
  return (p) => {
    const filter = p["filter"];
    const from = typeof filter === "object" && filter !== null && "fromSeq" in filter && typeof filter.fromSeq === "number" ? filter.fromSeq : 0;
    const limit = typeof p["limit"] === "number" ? p["limit"] : 100;
    const matching = records().filter((r) => r.seq >= from);
    return { records: p["order"] === "desc" ? [...matching].reverse().slice(0, limit) : matching.slice(0, limit) };
  };
}
