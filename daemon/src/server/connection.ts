import WebSocket from "ws";
import { Actor, AuditFilter, AuditRecord, matchesFilter } from "../../../protocol/src/audit";
import { WardenError, toWardenError } from "../../../protocol/src/errors";
import { decodeRequestFrame, describeIssues } from "../../../protocol/src/frames";
import { MAX_UNREAD_BYTES } from "../../../protocol/src/limits";
import { MethodName, Params, Result, isMethodName, methodSchemas } from "../../../protocol/src/methods";
import { rawDataToText } from "../../../protocol/src/ws-transport";
import { AgentInfo } from "../../../protocol/src/agents";
import { Logger, errorFields } from "../log";
import { Authority } from "./upgrade-guard";

/** What a handler knows about the request it serves. */
export interface RequestContext {
  conn: ClientConnection;
  /** Runs `fn` right after this request's response is sent (e.g. a subscription's backlog). */
  afterResponse(fn: () => void): void;
}

/**
 * Decides, before any handler runs, whether this connection may make this request
 * now: method access by identity, and (for agents) the token re-checked every time,
 * so a suspension or revocation takes effect on the very next request.
 */
export interface RequestGate {
  admit(conn: ClientConnection, method: MethodName): Promise<void>;
}

export type Handler<M extends MethodName> = (params: Params<M>, req: RequestContext) => Result<M> | Promise<Result<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

interface Subscription {
  filter: AuditFilter;
  /** Records below this seq were (or will be) delivered by the backlog reader. */
  nextSeq: number;
  /** False while the backlog is still being sent; live records wait in the database. */
  live: boolean;
}

/**
 * One authenticated client. Every frame is decoded and validated here; whatever a
 * client sends, it gets a typed error back and the daemon goes on serving others.
 */
export class ClientConnection {
  private readonly subscriptions = new Map<string, Subscription>();
  private nextSubscription = 1;
  private readonly closing = new AbortController();

  constructor(
    readonly id: number,
    private authority: Authority,
    private readonly ws: WebSocket,
    private readonly handlers: Handlers,
    private readonly gate: RequestGate,
    private readonly log: Logger,
    private readonly isStopping: () => boolean,
  ) {
    ws.on("close", () => this.closing.abort());
    ws.on("message", (data, isBinary) => {
      if (isBinary) {
        this.sendError(null, new WardenError("bad_frame", "binary frames are not accepted; send JSON text"));
        return;
      }
      void this.handle(rawDataToText(data));
    });
  }

  get principal(): Actor {
    return this.authority.principal;
  }

  /** The agent this connection acts as (as of its last admitted request), or null for the human. */
  get agent(): AgentInfo | null {
    return this.authority.kind === "agent" ? this.authority.agent : null;
  }

  get authorityNow(): Authority {
    return this.authority;
  }

  /** The gate refreshed the agent's identity (status, role) for this request. */
  refreshAgent(agent: AgentInfo): void {
    if (this.authority.kind === "agent") this.authority = { ...this.authority, agent };
  }

  /** Aborted when the client goes away: work waiting on its behalf (an approval) stops. */
  get closed(): AbortSignal {
    return this.closing.signal;
  }

  get isHuman(): boolean {
    return this.authority.kind === "human";
  }

  /** True when a live or catching-up subscription of this client would receive a record like this. */
  wouldReceive(probe: AuditRecord): boolean {
    for (const sub of this.subscriptions.values()) if (matchesFilter(probe, { ...sub.filter, fromSeq: undefined })) return true;
    return false;
  }

  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  addSubscription(filter: AuditFilter, nextSeq: number): string {
    const id = `sub-${this.id}-${this.nextSubscription++}`;
    this.subscriptions.set(id, { filter, nextSeq, live: false });
    return id;
  }

  removeSubscription(id: string): boolean {
    return this.subscriptions.delete(id);
  }

  /** Marks the backlog done: from `nextSeq` on, records arrive live. */
  goLive(id: string, nextSeq: number): void {
    const sub = this.subscriptions.get(id);
    if (sub === undefined) return;
    sub.nextSeq = nextSeq;
    sub.live = true;
  }

  filterOf(id: string): AuditFilter | undefined {
    return this.subscriptions.get(id)?.filter;
  }

  isSubscribed(id: string): boolean {
    return this.subscriptions.has(id);
  }

  /** Sends one record to one subscription (backlog path); false if the client was dropped. */
  sendRecord(subscription: string, record: AuditRecord): boolean {
    this.send({ type: "event", subscription, record });
    return this.checkBackpressure();
  }

  /** Delivers committed records to every live subscription that wants them. */
  publish(records: readonly AuditRecord[]): void {
    for (const [id, sub] of this.subscriptions) {
      if (!sub.live) continue;
      for (const record of records) {
        if (record.seq < sub.nextSeq || !matchesFilter(record, sub.filter)) continue;
        this.send({ type: "event", subscription: id, record });
        sub.nextSeq = record.seq + 1;
      }
    }
    this.checkBackpressure();
  }

  notice(notice: "shutdown" | "fatal", reason: string): void {
    this.send({ type: "notice", notice, reason });
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  private async handle(text: string): Promise<void> {
    let id: number | null = null;
    const after: Array<() => void> = [];
    try {
      const frame = decodeRequestFrame(text);
      id = frame.id;
      if (this.isStopping()) throw new WardenError("shutting_down", "the daemon is stopping");
      if (!isMethodName(frame.method)) throw new WardenError("unknown_method", `unknown method '${frame.method}'`);
      await this.gate.admit(this, frame.method);
      const result = await this.dispatch(frame.method, frame.params, { conn: this, afterResponse: (fn) => after.push(fn) });
      this.send({ type: "response", id, result });
    } catch (err) {
      const wardenError = toWardenError(err);
      if (wardenError.code === "internal") this.log.error("request failed", { connection: this.id, ...errorFields(err) });
      this.sendError(id, wardenError.code === "internal" ? new WardenError("internal", "internal error; see the daemon log") : wardenError);
      return;
    }
    try {
      for (const fn of after) fn();
    } catch (err) {
      this.log.error("post-response step failed", { connection: this.id, ...errorFields(err) });
    }
  }

  private async dispatch<M extends MethodName>(method: M, rawParams: unknown, req: RequestContext): Promise<Result<M>> {
    const parsed = methodSchemas[method].params.safeParse(rawParams);
    if (!parsed.success) throw new WardenError("invalid_params", `${method}: ${describeIssues(parsed.error)}`);
    const handler: Handler<M> = this.handlers[method];
    return handler(parsed.data, req);
  }

  private sendError(id: number | null, err: WardenError): void {
    this.send({ type: "error", id, error: err.toJSON() });
  }

  private send(frame: object): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  /** Slow-consumer guard: a client that stops reading is dropped before it costs unbounded memory. */
  private checkBackpressure(): boolean {
    if (this.ws.bufferedAmount <= MAX_UNREAD_BYTES) return true;
    this.log.warn("dropping a client that does not read", { connection: this.id, buffered: this.ws.bufferedAmount });
    this.ws.terminate();
    return false;
  }
}
