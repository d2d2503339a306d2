import { WardenError } from "../../../protocol/src/errors";
import { describeIssues } from "../../../protocol/src/frames";
import { Disposable, DisposableStore, Emitter } from "../util/events";
import {
  HostNotification,
  HostToWebview,
  WebviewMethod,
  WebviewParams,
  WebviewResult,
  isWebviewMethod,
  webviewRequestSchemas,
  webviewToHost,
} from "../../../protocol/src/webview";

/** The part of `vscode.Webview` the channel uses, so it runs (and is tested) without VS Code. */
export interface WebviewPort {
  postMessage(message: unknown): PromiseLike<boolean>;
  onDidReceiveMessage(listener: (message: unknown) => void): Disposable;
}

export type WebviewHandlers = { [M in WebviewMethod]?: (params: WebviewParams<M>) => Promise<WebviewResult<M>> };

/** Most notifications held for a webview that has not said `ready` yet. */
const MAX_HELD = 1000;

/**
 * The host's end of one webview's messages. Notifications are held until the
 * webview says `ready` (a message posted before its script listens is lost);
 * every request is validated and answered with a `response` or an `error`.
 * A webview that reloads (hidden and shown again) says `ready` again, and the
 * owner re-sends its state from `onDidBecomeReady`.
 */
export class WebviewChannel implements Disposable {
  private ready = false;
  private held: HostNotification[] = [];
  private readonly readyEmitter = new Emitter<void>();
  readonly onDidBecomeReady = this.readyEmitter.event;
  private readonly disposables = new DisposableStore();

  constructor(
    private readonly port: WebviewPort,
    private readonly handlers: WebviewHandlers,
    private readonly log: (line: string) => void,
  ) {
    this.disposables.add(port.onDidReceiveMessage((message) => this.receive(message)));
    this.disposables.add(this.readyEmitter);
  }

  get isReady(): boolean {
    return this.ready;
  }

  notify(message: HostNotification): void {
    if (!this.ready) {
      // Bounded: a webview that never loads must not make the host hoard.
      if (this.held.length < MAX_HELD) this.held.push(message);
      return;
    }
    this.send(message);
  }

  /** The webview is gone or reloading: hold messages again until the next `ready`. */
  markNotReady(): void {
    this.ready = false;
  }

  private send(message: HostToWebview): void {
    this.port.postMessage(message).then(
      (delivered) => {
        if (!delivered) this.log(`webview dropped a ${message.type} message`);
      },
      (err: unknown) => this.log(`could not post ${message.type} to a webview: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  private receive(raw: unknown): void {
    const parsed = webviewToHost.safeParse(raw);
    if (!parsed.success) {
      // Attack/bug: whatever a webview sends is untrusted input (its content shows agent-controlled text).
      this.log(`dropped a malformed webview message: ${describeIssues(parsed.error)}`);
      return;
    }
    const message = parsed.data;
    if (message.type === "ready") {
      this.ready = true;
      const held = this.held;
      this.held = [];
      for (const m of held) this.send(m);
      this.readyEmitter.fire();
      return;
    }
    const { id, method, params } = message;
    if (!isWebviewMethod(method)) {
      this.send({ type: "error", id, error: { code: "unknown_method", message: `unknown webview request '${method}'` } });
      return;
    }
    this.dispatch(method, params).then(
      (result) => this.send({ type: "response", id, result }),
      (err: unknown) => {
        const code = err instanceof WardenError ? err.code : "internal";
        this.send({ type: "error", id, error: { code, message: err instanceof Error ? err.message : String(err) } });
      },
    );
  }

  private async dispatch<M extends WebviewMethod>(method: M, raw: unknown): Promise<WebviewResult<M>> {
    const handler = this.handlers[method];
    if (handler === undefined) throw new WardenError("unknown_method", `this view does not handle '${method}'`);
    const params = webviewRequestSchemas[method].params.safeParse(raw);
    if (!params.success) throw new WardenError("invalid_params", `${method}: ${describeIssues(params.error)}`);
    return handler(params.data);
  }

  dispose(): void {
    this.held = [];
    this.disposables.dispose();
  }
}
