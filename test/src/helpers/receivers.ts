import { randomBytes } from "node:crypto";
import dgram from "node:dgram";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { WardenClient } from "../../../protocol/src/client";
import { Result } from "../../../protocol/src/methods";
import { connectDaemon } from "../../../protocol/src/ws-transport";
import { DELIVERY_HEADER, Verdict, verifyWebhook } from "../../../daemon/src/notify/webhook-signature";
import { TempWarden } from "./warden-home";

/**
 * Monitoring receivers the tests start on 127.0.0.1: a webhook endpoint that
 * verifies signatures as a real receiver would, syslog collectors (UDP, and TCP
 * with octet counting) and an OTLP/HTTP logs endpoint. Each can be told to fail.
 */

/** Polls `probe` until it returns a value, failing with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A loopback port nothing listens on (just bound and released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = addressOf(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function addressOf(server: net.Server | http.Server): AddressInfo {
  const a = server.address();
  if (a === null || typeof a === "string") throw new Error("the server has no TCP address");
  return a;
}

function parsed(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

export interface WebhookDelivery {
  headers: http.IncomingHttpHeaders;
  body: string;
  verdict: Verdict;
  /** The body as JSON (what Warden sent). */
  event: unknown;
  /** Answered with this status. */
  status: number;
}

export class WebhookReceiver {
  readonly deliveries: WebhookDelivery[] = [];
  /** Status for the next requests (200 unless a test makes it fail). */
  status = 200;
  /** Delivery ids seen: a receiver drops a delivery it has already accepted (replay). */
  readonly seen = new Set<string>();
  duplicates = 0;

  private constructor(
    private readonly server: http.Server,
    private readonly key: Buffer,
  ) {}

  static async start(key: Buffer, port = 0): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | null = null;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => receiver?.receive(req, res, Buffer.concat(chunks).toString("utf8")));
    });
    receiver = new WebhookReceiver(server, key);
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    return receiver;
  }

  url(path = "/hook"): string {
    return `http://127.0.0.1:${addressOf(this.server).port}${path}`;
  }

  /** Accepted deliveries (signature verified, answered 2xx), as Warden's JSON events. */
  accepted(): unknown[] {
    return this.deliveries.filter((d) => d.verdict.ok && d.status < 300).map((d) => d.event);
  }

  private receive(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const verdict = verifyWebhook(this.key, req.headers, body);
    // Refuse what does not verify, as a receiver must; otherwise answer as told.
    let status = verdict.ok ? this.status : 401;
    const id = req.headers[DELIVERY_HEADER];
    if (status < 300 && typeof id === "string") {
      if (this.seen.has(id)) {
        this.duplicates++;
        status = 200;
      }
      this.seen.add(id);
    }
    this.deliveries.push({ headers: req.headers, body, verdict, event: parsed(body), status });
    res.writeHead(status).end();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** An OTLP/HTTP collector: accepts POST /v1/logs with JSON, keeps every request body. */
export class OtlpReceiver {
  readonly requests: Array<{ path: string; contentType: string | undefined; body: unknown }> = [];

  private constructor(private readonly server: http.Server) {}

  static async start(port = 0): Promise<OtlpReceiver> {
    let receiver: OtlpReceiver | null = null;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        receiver?.requests.push({ path: req.url ?? "", contentType: req.headers["content-type"], body: parsed(Buffer.concat(chunks).toString("utf8")) });
        res.writeHead(req.url === "/v1/logs" ? 200 : 404, { "content-type": "application/json" }).end("{}");
      });
    });
    receiver = new OtlpReceiver(server);
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    return receiver;
  }

  get port(): number {
    return addressOf(this.server).port;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A syslog collector over UDP (a datagram per message) or TCP (RFC 6587 octet-counted frames). */
export class SyslogCollector {
  readonly messages: string[] = [];
  /** Bytes a TCP peer sent that did not parse as octet-counted frames. */
  garbage = 0;

  private constructor(
    private readonly closeFn: () => Promise<void>,
    readonly port: number,
  ) {}

  static async udp(): Promise<SyslogCollector> {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    const collector = new SyslogCollector(() => new Promise((resolve) => socket.close(() => resolve())), socket.address().port);
    socket.on("message", (msg) => collector.messages.push(msg.toString("utf8")));
    return collector;
  }

  static async tcp(): Promise<SyslogCollector> {
    const sockets = new Set<net.Socket>();
    let collector: SyslogCollector | null = null;
    const server = net.createServer((socket) => {
      sockets.add(socket);
      let buffered = Buffer.alloc(0);
      socket.on("data", (d: Buffer) => {
        buffered = Buffer.concat([buffered, d]);
        for (;;) {
          const space = buffered.indexOf(0x20);
          if (space < 0) break;
          const length = Number(buffered.subarray(0, space).toString("ascii"));
          if (!Number.isInteger(length) || length <= 0) {
            if (collector !== null) collector.garbage += buffered.length;
            buffered = Buffer.alloc(0);
            break;
          }
          if (buffered.length < space + 1 + length) break;
          collector?.messages.push(buffered.subarray(space + 1, space + 1 + length).toString("utf8"));
          buffered = buffered.subarray(space + 1 + length);
        }
      });
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    collector = new SyslogCollector(() => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    }, addressOf(server).port);
    return collector;
  }

  close(): Promise<void> {
    return this.closeFn();
  }
}

/** A daemon whose workspace policy sends high-risk events where `notify` says, with one agent connected. */
export interface NotifyRig {
  w: TempWarden;
  workspace: string;
  human: WardenClient;
  agent: WardenClient;
  /** The agent's own tool call through the gate (`actions/decide`). */
  decide(toolName: string, toolInput: Record<string, unknown>): Promise<Result<"actions/decide">>;
  /** A write the built-in protections refuse: high-risk by default. */
  protectedWrite(): Promise<Result<"actions/decide">>;
  cleanup(): Promise<void>;
}

export async function notifyRig(notify: (w: TempWarden) => Record<string, unknown>): Promise<NotifyRig> {
  const w = new TempWarden();
  const workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-nws-")));
  w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
  w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
  fs.mkdirSync(path.join(workspace, ".warden"));
  const policy = {
    version: 1,
    default: "deny",
    rules: [
      { id: "read", action: "file.read", paths: ["**"], decision: "allow" },
      { id: "write", action: "file.write", paths: ["**"], decision: "allow" },
    ],
    notify: notify(w),
  };
  fs.writeFileSync(path.join(workspace, ".warden", "policy.json"), JSON.stringify(policy, null, 2));
  await w.start();
  const human = await w.connect();
  await human.request("agents/add", { workspace, name: "builder", kind: "claude-code", owner: "alice", purpose: "notify test" });
  const { token } = await human.request("tokens/issue", { workspace, name: "builder" });
  const agent = await connectDaemon({ socketPath: w.paths.socket }, { token });
  const decide = (toolName: string, toolInput: Record<string, unknown>) => agent.request("actions/decide", { workspace, input: { tool_name: toolName, tool_input: toolInput, session_id: "s1" } });
  return {
    w,
    workspace,
    human,
    agent,
    decide,
    protectedWrite: () => decide("Write", { file_path: ".vscode/settings.json", content: "{}" }),
    cleanup: async () => {
      agent.close();
      human.close();
      await w.cleanup();
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  };
}

/** A random signing key, and the file (0600, in Warden's state directory, where no agent may read it) holding it. */
export function newSigningKey(): Buffer {
  return Buffer.from(randomBytes(32).toString("base64url"));
}

export function writeSigningKey(w: TempWarden, key: Buffer): string {
  const file = path.join(w.home, "webhook.key");
  fs.writeFileSync(file, `${key.toString("utf8")}\n`, { mode: 0o600 });
  return file;
}
