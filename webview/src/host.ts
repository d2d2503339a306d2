import { describeIssues } from "../../protocol/src/frames";
import { HostNotification, WebviewMethod, WebviewParams, WebviewResult, hostToWebview, webviewRequestSchemas } from "./messages";

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** A request the host refused or could not answer, with the host's error code. */
export class HostError extends Error {
  override readonly name = "HostError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: HostError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The webview's end of the channel to the extension host: says `ready` once the
 * page listens, sends requests with ids (each gets an answer or an error, or times
 * out), and validates everything the host sends before handing it on.
 */
export class Host {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly onNotification: (message: HostNotification) => void) {
    window.addEventListener("message", (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  /** Call once the page's listeners are in place: the host holds its messages until then. */
  ready(): void {
    this.api.postMessage({ type: "ready" });
  }

  request<M extends WebviewMethod>(method: M, params: WebviewParams<M>, timeoutMs = 30_000): Promise<WebviewResult<M>> {
    const id = this.nextId++;
    return new Promise<WebviewResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new HostError("timeout", `${method}: no answer from VS Code within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.pending.set(id, {
        timer,
        reject,
        resolve: (value) => {
          const parsed = webviewRequestSchemas[method].result.safeParse(value);
          if (parsed.success) resolve(parsed.data);
          else reject(new HostError("invalid_params", `${method}: unexpected answer: ${describeIssues(parsed.error)}`));
        },
      });
      this.api.postMessage({ type: "request", id, method, params });
    });
  }

  private receive(raw: unknown): void {
    const parsed = hostToWebview.safeParse(raw);
    if (!parsed.success) {
      console.warn(`warden: dropped a malformed message: ${describeIssues(parsed.error)}`);
      return;
    }
    const message = parsed.data;
    if (message.type === "response" || message.type === "error") {
      const entry = this.pending.get(message.id);
      if (entry === undefined) return;
      this.pending.delete(message.id);
      clearTimeout(entry.timer);
      if (message.type === "response") entry.resolve(message.result);
      else entry.reject(new HostError(message.error.code, message.error.message));
      return;
    }
    this.onNotification(message);
  }
}
