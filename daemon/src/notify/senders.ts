import dgram from "node:dgram";
import net from "node:net";
import os from "node:os";
import { Notification } from "./notification";
import { NotifyDestination } from "./notify-policy";
import { otlpLogsBody } from "./otlp-format";
import { describeTarget } from "./routes";
import { readSigningKey } from "./signing-key";
import { formatSyslog, octetCounted } from "./syslog-format";
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from "./webhook-signature";

/** The first `delivered` messages got through; `error` says why the rest did not. */
export interface SendOutcome {
  delivered: number;
  error: string | null;
}

export interface SendContext {
  version: string;
  /** Every known workspace: a signing key inside one is refused. */
  workspaces(): string[];
  signal: AbortSignal;
}

/** Longest one delivery attempt may take (connect, send, answer). */
export const SEND_TIMEOUT_MS = 10_000;

/** Sends a batch to one destination, in order, stopping at the first failure. Never throws. */
export async function send(spec: NotifyDestination, batch: readonly Notification[], ctx: SendContext): Promise<SendOutcome> {
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(SEND_TIMEOUT_MS)]);
  try {
    switch (spec.type) {
      case "webhook":
        return await sendWebhook(spec, batch, ctx, signal);
      case "otlp":
        return await sendOtlp(spec, batch, ctx, signal);
      case "syslog":
        return spec.transport === "udp" ? await sendUdp(spec, batch, signal) : await sendTcp(spec, batch, signal);
    }
  } catch (err) {
    return { delivered: 0, error: `${describeTarget(spec)}: ${reason(err)}` };
  }
}

/** fetch says only "fetch failed"; the cause (ECONNREFUSED, a TLS error) is what an operator needs. */
function reason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause: unknown = err.cause;
  const detail = cause instanceof Error ? ("code" in cause && typeof cause.code === "string" ? cause.code : cause.message) : null;
  return detail !== null ? `${err.message} (${detail})` : err.message;
}

async function sendWebhook(spec: Extract<NotifyDestination, { type: "webhook" }>, batch: readonly Notification[], ctx: SendContext, signal: AbortSignal): Promise<SendOutcome> {
  // Fail closed: without a usable key nothing is sent unsigned.
  const key = readSigningKey(spec.signingKeyFile, ctx.workspaces());
  let delivered = 0;
  for (const n of batch) {
    const body = JSON.stringify(n);
    const timestamp = Math.floor(Date.now() / 1000);
    let res: Response;
    try {
      res = await fetch(spec.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": `warden/${ctx.version}`,
          [DELIVERY_HEADER]: n.id,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signBody(key, timestamp, body),
        },
        body,
        // Attack: a redirect carrying the signed event to a host policy never named.
        redirect: "manual",
        signal,
      });
    } catch (err) {
      // What went before is delivered; counting it avoids sending it again.
      return { delivered, error: `${describeTarget(spec)}: ${reason(err)}` };
    }
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status > 299) return { delivered, error: `HTTP ${res.status} from ${describeTarget(spec)}` };
    delivered++;
  }
  return { delivered, error: null };
}

async function sendOtlp(spec: Extract<NotifyDestination, { type: "otlp" }>, batch: readonly Notification[], ctx: SendContext, signal: AbortSignal): Promise<SendOutcome> {
  const url = new URL("v1/logs", spec.endpoint.endsWith("/") ? spec.endpoint : `${spec.endpoint}/`);
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": `warden/${ctx.version}` },
    body: JSON.stringify(otlpLogsBody(batch, { version: ctx.version, hostname: os.hostname() })),
    redirect: "manual",
    signal,
  });
  const text = await res.text().catch(() => "");
  if (res.status < 200 || res.status > 299) return { delivered: 0, error: `HTTP ${res.status} from ${url.href}` };
  // A collector that accepts the request but rejects records has not stored them: that is a failure to see.
  const rejected = /"rejectedLogRecords"\s*:\s*"?(\d+)/.exec(text);
  if (rejected !== null && Number(rejected[1]) > 0) return { delivered: 0, error: `${url.href} rejected ${rejected[1]} log records: ${text.slice(0, 200)}` };
  return { delivered: batch.length, error: null };
}

function header(spec: Extract<NotifyDestination, { type: "syslog" }>) {
  return { facility: spec.facility ?? "authpriv", hostname: os.hostname(), appName: spec.appName ?? "warden", procId: process.pid };
}

/** UDP: one datagram per event. Nothing acknowledges a datagram; a send error (unreachable, too large) is all UDP can report. */
async function sendUdp(spec: Extract<NotifyDestination, { type: "syslog" }>, batch: readonly Notification[], signal: AbortSignal): Promise<SendOutcome> {
  const socket = dgram.createSocket(net.isIPv6(spec.host) ? "udp6" : "udp4");
  // An 'error' event nobody listens to would take the daemon down.
  socket.on("error", () => undefined);
  const sendOne = (frame: Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      const onAbort = (): void => reject(new Error("timed out or stopped"));
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      socket.send(frame, spec.port, spec.host, (err) => {
        signal.removeEventListener("abort", onAbort);
        if (err) reject(err);
        else resolve();
      });
    });
  let delivered = 0;
  try {
    for (const n of batch) {
      await sendOne(Buffer.from(formatSyslog(n, header(spec)), "utf8"));
      delivered++;
    }
    return { delivered, error: null };
  } catch (err) {
    return { delivered, error: `${describeTarget(spec)}: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    socket.close();
  }
}

/** TCP: one connection per batch, octet-counted frames; delivered once the whole batch is flushed and the connection ends cleanly. */
function sendTcp(spec: Extract<NotifyDestination, { type: "syslog" }>, batch: readonly Notification[], signal: AbortSignal): Promise<SendOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: spec.host, port: spec.port });
    let settled = false;
    const done = (outcome: SendOutcome): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve(outcome);
    };
    const onAbort = (): void => done({ delivered: 0, error: `${describeTarget(spec)}: timed out or stopped` });
    signal.addEventListener("abort", onAbort, { once: true });
    // `on`, not `once`: a second error after the first would otherwise be unhandled and fatal.
    socket.on("error", (err) => done({ delivered: 0, error: `${describeTarget(spec)}: ${err.message}` }));
    socket.once("connect", () => {
      socket.end(Buffer.concat(batch.map((n) => octetCounted(formatSyslog(n, header(spec))))), () => done({ delivered: batch.length, error: null }));
    });
  });
}
