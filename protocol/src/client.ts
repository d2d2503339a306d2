import { AuditRecord } from "./audit";
import { WardenError, isErrorCode } from "./errors";
import { decodeServerFrame, describeIssues } from "./frames";
import { MethodName, Params, Result, methodSchemas } from "./methods";
import { MAX_QUERY_LIMIT } from "./limits";
import { Transport } from "./transport";

export interface RequestOptions {
  /** Reject with `timeout` when no answer arrives in time. Default 30 s. */
  timeoutMs?: number;
}

/** Bounds on records held for subscriptions whose listener is not attached yet. */
const MAX_UNCLAIMED_RECORDS = MAX_QUERY_LIMIT * 2;
const MAX_UNCLAIMED_SUBSCRIPTIONS = 16;

interface Pending {
  method: MethodName;
  resolve: (value: unknown) => void;
  reject: (err: WardenError) => void;
  timer: NodeJS.Timeout;
}

/**
 * The typed client every Warden program uses to talk to the daemon. Requests are
 * validated before they leave and answers are validated when they arrive: a daemon
 * of another version, or anything impersonating one, cannot hand the caller data of
 * the wrong shape.
 */
export class WardenClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Map<string, (record: AuditRecord) => void>();
  private readonly unclaimed = new Map<string, AuditRecord[]>();
  private readonly noticeListeners: Array<(notice: string, reason: string) => void> = [];
  private readonly closeListeners: Array<(reason: string) => void> = [];
  private closedReason: string | null = null;

  /**
   * @param reportListenerError where a listener's exception goes: a listener's bug
   *   must not escape into the transport's event handler (an uncaught exception)
   *   or keep the next listeners from running.
   */
  constructor(
    private readonly transport: Transport,
    private readonly reportListenerError: (err: unknown) => void = (err) => console.error("warden client: a listener failed:", err),
  ) {
    transport.onMessage((text) => this.receive(text));
    transport.onClose((reason) => this.closed(reason));
  }

  request<M extends MethodName>(method: M, params: Params<M>, options: RequestOptions = {}): Promise<Result<M>> {
    if (this.closedReason !== null) {
      return Promise.reject(new WardenError("disconnected", `connection to the daemon is closed: ${this.closedReason}`));
    }
    const checked = methodSchemas[method].params.safeParse(params);
    if (!checked.success) {
      return Promise.reject(new WardenError("invalid_params", `${method}: ${describeIssues(checked.error)}`));
    }
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? 30_000;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new WardenError("timeout", `${method}: no answer from the daemon within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        method,
        timer,
        reject,
        resolve: (value) => {
          const result = methodSchemas[method].result.safeParse(value);
          if (result.success) resolve(result.data);
          else reject(new WardenError("invalid_params", `${method}: unexpected answer: ${describeIssues(result.error)}`));
        },
      });
      try {
        this.transport.send(JSON.stringify({ type: "request", id, method, params: checked.data }));
      } catch (err) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new WardenError("disconnected", `${method}: could not send to the daemon: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
  }

  /**
   * Routes `event` frames for `subscription` to `listener`. Records that arrived
   * before the listener (the daemon sends a backlog right after its answer to
   * events/subscribe, before the caller's await resumes) are delivered first, in order.
   */
  onEvent(subscription: string, listener: (record: AuditRecord) => void): void {
    this.eventListeners.set(subscription, listener);
    const early = this.unclaimed.get(subscription);
    this.unclaimed.delete(subscription);
    for (const record of early ?? []) this.callSafely(() => listener(record));
  }

  onNotice(listener: (notice: string, reason: string) => void): void {
    this.noticeListeners.push(listener);
  }

  onClose(listener: (reason: string) => void): void {
    if (this.closedReason !== null) listener(this.closedReason);
    else this.closeListeners.push(listener);
  }

  close(): void {
    this.transport.close(1000, "client closed");
  }

  private receive(text: string): void {
    let frame;
    try {
      frame = decodeServerFrame(text);
    } catch {
      // A frame we cannot read is dropped: it cannot be matched to a request safely.
      return;
    }
    switch (frame.type) {
      case "response":
      case "error": {
        if (frame.id === null) return;
        const entry = this.pending.get(frame.id);
        if (entry === undefined) return;
        this.pending.delete(frame.id);
        clearTimeout(entry.timer);
        if (frame.type === "response") entry.resolve(frame.result);
        else if (isErrorCode(frame.error.code)) entry.reject(new WardenError(frame.error.code, frame.error.message, frame.error.data));
        else entry.reject(new WardenError("internal", `${frame.error.message} (daemon error code '${frame.error.code}')`, frame.error.data));
        return;
      }
      case "event": {
        const listener = this.eventListeners.get(frame.subscription);
        if (listener !== undefined) this.callSafely(() => listener(frame.record));
        else this.hold(frame.subscription, frame.record);
        return;
      }
      case "notice":
        for (const listener of this.noticeListeners) this.callSafely(() => listener(frame.notice, frame.reason));
        return;
    }
  }

  /** Keeps records for a subscription nobody listens to yet, within a bound (a peer cannot make us hoard). */
  private hold(subscription: string, record: AuditRecord): void {
    let queue = this.unclaimed.get(subscription);
    if (queue === undefined) {
      if (this.unclaimed.size >= MAX_UNCLAIMED_SUBSCRIPTIONS) return;
      queue = [];
      this.unclaimed.set(subscription, queue);
    }
    if (queue.length < MAX_UNCLAIMED_RECORDS) queue.push(record);
  }

  private callSafely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.reportListenerError(err);
    }
  }

  private closed(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(new WardenError("disconnected", `${entry.method}: connection closed before the answer (${reason})`));
      this.pending.delete(id);
    }
    for (const listener of this.closeListeners) this.callSafely(() => listener(reason));
  }
}


