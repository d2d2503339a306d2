import type { IncomingMessage } from "node:http";
import WebSocket from "ws";
import { WardenClient } from "./client";
import { WardenError } from "./errors";
import { MAX_SERVER_FRAME_BYTES } from "./limits";
import { Transport } from "./transport";

export type DaemonAddress = { socketPath: string } | { url: string };

export interface ConnectOptions {
  /** The daemon's auth token (contents of the token file). */
  token: string;
  /** Give up when the connection is not open by then. Default 5 s. */
  timeoutMs?: number;
}

/** The header that carries the token on the WebSocket upgrade request. */
export function authorizationHeader(token: string): string {
  return `Bearer ${token}`;
}

/**
 * Opens an authenticated WebSocket to the daemon (over its Unix socket, or a
 * loopback TCP URL) and wraps it in a typed client. Errors are typed: no daemon
 * listening is `not_running`, a refused token is `unauthenticated`.
 */
export async function connectDaemon(address: DaemonAddress, options: ConnectOptions): Promise<WardenClient> {
  const transport = await openWebSocket(address, options);
  return new WardenClient(transport);
}

export function openWebSocket(address: DaemonAddress, options: ConnectOptions): Promise<Transport> {
  const url = "socketPath" in address ? `ws+unix://${address.socketPath}:/` : address.url;
  const where = "socketPath" in address ? address.socketPath : address.url;
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      headers: { Authorization: authorizationHeader(options.token) },
      maxPayload: MAX_SERVER_FRAME_BYTES,
      handshakeTimeout: timeoutMs,
      perMessageDeflate: false,
    });
    let settled = false;
    const fail = (err: WardenError): void => {
      if (settled) return;
      settled = true;
      ws.terminate();
      reject(err);
    };
    ws.once("unexpected-response", (_req, res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      // The daemon says why in a short body (e.g. "agent token refused: agent_suspended").
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (body.length < 512) body += chunk;
      });
      res.on("end", () => {
        const why = body.trim().slice(0, 512);
        if (status === 401 || status === 403) {
          fail(new WardenError("unauthenticated", `the daemon at ${where} refused the connection (HTTP ${status}${why !== "" ? `: ${why}` : ""})`));
        } else {
          fail(new WardenError("daemon_unreachable", `unexpected HTTP ${status} from ${where}${why !== "" ? `: ${why}` : ""}`));
        }
      });
    });
    ws.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT" || err.code === "ECONNREFUSED") {
        fail(new WardenError("not_running", `no daemon is listening at ${where}`));
      } else {
        fail(new WardenError("daemon_unreachable", `cannot connect to ${where}: ${err.message}`));
      }
    });
    ws.once("open", () => {
      if (settled) return;
      settled = true;
      resolve(wrap(ws));
    });
  });
}

function wrap(ws: WebSocket): Transport {
  return {
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    close: (code, reason) => ws.close(code, reason),
    onMessage: (listener) => {
      ws.on("message", (data, isBinary) => {
        if (!isBinary) listener(rawDataToText(data));
      });
    },
    onClose: (listener) => {
      ws.on("close", (code, reason) => listener(`${code}${reason.length > 0 ? ` ${reason.toString()}` : ""}`));
      // An error after open is followed by close; nothing more to do here than keep it from throwing.
      ws.on("error", () => undefined);
    },
  };
}

/** ws hands over a Buffer, an ArrayBuffer or fragments, depending on settings. */
export function rawDataToText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}
