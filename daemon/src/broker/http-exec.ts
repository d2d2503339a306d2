import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { WardenError } from "../../../protocol/src/errors";
import { classifyIp } from "../policy/http";
import { StreamRedactor } from "../secrets/redact/stream-redactor";

/** Response bytes kept; the rest is counted and cut. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Headers the broker sets itself (or that only make sense hop by hop); an agent's are dropped. */
const RESERVED_HEADERS = new Set(["host", "connection", "content-length", "transfer-encoding", "upgrade", "te", "trailer", "keep-alive", "proxy-authorization", "proxy-connection", "accept-encoding"]);

export interface Hop {
  /** The normalised URL from parseHttpTarget (explicit port, no fragment): never the raw input. */
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  /**
   * The policy named this host exactly (an IP literal or internal name): it may
   * resolve to an internal address. Otherwise only public addresses are reached.
   */
  internalAllowed: boolean;
  signal: AbortSignal;
  maxBytes?: number;
  /** The URL to name in messages when `url` holds injected secret values (it keeps the references). */
  shownUrl?: string;
  /** Scrubs secret values from the body before it is kept (a value may span chunks). */
  redactor?: StreamRedactor;
}

export interface HopResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  totalBytes: number;
  truncated: boolean;
  /** The address actually connected to. */
  address: string | null;
}

/**
 * A DNS lookup that refuses what policy did not decide: a public-looking name that
 * resolves to loopback, a private network or a metadata endpoint. Run at connect
 * time, on the very addresses the socket will use.
 */
function checkedLookup(host: string): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err !== null) return callback(err, "");
      for (const a of addresses) {
        const cls = classifyIp(a.address);
        // Attack: DNS rebinding, or a name pointed at 127.0.0.1 / 169.254.169.254 to reach what host rules guard.
        if (cls !== "public") {
          const refusal: NodeJS.ErrnoException = new Error(`${host} resolves to ${a.address} (${cls}); only a rule naming that address exactly may reach it`);
          refusal.code = "EWARDENBLOCKED";
          return callback(refusal, "");
        }
      }
      if (options.all === true) return callback(null, addresses);
      const first = addresses[0];
      if (first === undefined) return callback(Object.assign(new Error(`${host} has no address`), { code: "ENOTFOUND" }), "");
      callback(null, first.address, first.family);
    });
  };
}

/** Sends one request and reads at most `maxBytes` of the answer. Redirects are returned, never followed. */
export function requestOnce(hop: Hop): Promise<HopResponse> {
  const url = new URL(hop.url);
  const client = url.protocol === "https:" ? https : http;
  const headers: Record<string, string> = { "user-agent": "warden-broker", "accept-encoding": "identity" };
  for (const [name, value] of Object.entries(hop.headers)) {
    if (!RESERVED_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  const body = hop.body === null ? null : Buffer.from(hop.body, "utf8");
  if (body !== null) headers["content-length"] = String(body.length);
  const maxBytes = hop.maxBytes ?? MAX_RESPONSE_BYTES;
  const shown = hop.shownUrl ?? hop.url;
  return new Promise((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = client.request(url, {
        method: hop.method,
        headers,
        signal: hop.signal,
        agent: false,
        ...(hop.internalAllowed ? {} : { lookup: checkedLookup(url.hostname) }),
      });
    } catch (err) {
      reject(new WardenError("invalid_params", `the request cannot be sent: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EWARDENBLOCKED") reject(new WardenError("forbidden", err.message));
      else if (err.name === "AbortError") reject(new WardenError("timeout", `${hop.method} ${shown}: no complete answer in time`));
      else reject(new WardenError("conflict", `${hop.method} ${shown} failed: ${err.code ?? err.message}`));
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      let total = 0;
      let settled = false;
      let cutOff = false;
      const keep = (part: Buffer): void => {
        const room = maxBytes - kept;
        if (part.length === 0) return;
        if (part.length > room) cutOff = true;
        if (room <= 0) return;
        const cut = part.length <= room ? part : part.subarray(0, room);
        chunks.push(cut);
        kept += cut.length;
      };
      const done = (): void => {
        if (settled) return;
        settled = true;
        // What the redactor still holds back (a possible start of a value) is final now.
        if (hop.redactor !== undefined) keep(hop.redactor.end());
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? "",
          headers: res.headers,
          body: Buffer.concat(chunks),
          totalBytes: total,
          truncated: cutOff || total > maxBytes,
          address: res.socket?.remoteAddress ?? null,
        });
      };
      res.on("data", (chunk: Buffer) => {
        total += chunk.length;
        // Redacted before the cap: a cut can then never leave half a value behind.
        keep(hop.redactor !== undefined ? hop.redactor.push(chunk) : chunk);
        // Attack: an endless body; past the cap we stop reading and hang up.
        if (total > maxBytes) {
          done();
          res.destroy();
        }
      });
      res.on("end", done);
      res.on("error", done);
      res.on("close", done);
    });
    req.end(body ?? undefined);
  });
}
