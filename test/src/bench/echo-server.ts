/**
 * The latency baseline's peer: a bare `ws` echo server on a Unix socket, in its own
 * process so that, like the daemon, it has its own event loop. Started as
 * `node echo-server.js SOCKET`, it prints "ready" once listening and exits on SIGTERM.
 */
import { spawn, ChildProcess } from "node:child_process";
import http from "node:http";
import { performance } from "node:perf_hooks";
import WebSocket, { WebSocketServer } from "ws";

/** One sequential round trip, returning its duration in microseconds. */
export type RoundTrip = () => Promise<number>;

function runEchoServer(socketPath: string): void {
  const server = http.createServer();
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on("connection", (ws) => {
    ws.on("message", (data, isBinary) => {
      // binaryType is the default "nodebuffer", so text arrives as one Buffer.
      if (!isBinary && Buffer.isBuffer(data)) ws.send(data.toString("utf8"));
    });
  });
  server.listen(socketPath, () => process.stdout.write("ready\n"));
  process.on("SIGTERM", () => process.exit(0));
}

/** Starts this file as a child process serving `socketPath`; resolves once it listens. */
export function startEchoServer(socketPath: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, socketPath], { stdio: ["ignore", "pipe", "inherit"] });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("echo server did not start"));
    }, 10_000);
    child.on("error", reject);
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
  });
}

/** A bare ws client on the echo server, sending the frame text the typed client sends for daemon/ping. */
export async function echoRoundTrip(socketPath: string): Promise<{ roundTrip: RoundTrip; close: () => void }> {
  const ws = new WebSocket(`ws+unix://${socketPath}:/`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  let waiting: (() => void) | null = null;
  ws.on("message", () => {
    const w = waiting;
    waiting = null;
    w?.();
  });
  let id = 1;
  const roundTrip: RoundTrip = () =>
    new Promise<number>((resolve) => {
      const t = performance.now();
      waiting = () => resolve((performance.now() - t) * 1000);
      ws.send(JSON.stringify({ type: "request", id: id++, method: "daemon/ping", params: {} }));
    });
  return { roundTrip, close: () => ws.close() };
}

if (require.main === module) {
  const socketPath = process.argv[2];
  if (socketPath === undefined) throw new Error("usage: node echo-server.js SOCKET");
  runEchoServer(socketPath);
}
