/**
 * Claude Code's HTTP hook as the agent sees it: POST the hook input, wait for the
 * decision (audited before it is answered), read the answer. Measured one call at a
 * time, as an agent makes them, over a kept-alive connection and over a new one per
 * call, beside a bare Node HTTP server that answers `{}` at once (the floor).
 */
import http from "node:http";
import { performance } from "node:perf_hooks";
import { Latency, summarize } from "../stats";

export interface HttpHookFigures {
  keepAlive: Latency;
  fresh: Latency;
  baselineKeepAlive: Latency;
  decisions: Map<string, number>;
}

export async function measureHttpHook(address: string, token: string, bodies: readonly string[]): Promise<HttpHookFigures> {
  const decisions = new Map<string, number>();
  const keep = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const tally = (text: string): void => {
    const m = /"permissionDecision":"([a-z+]+)"/.exec(text);
    const d = m?.[1] ?? "error";
    decisions.set(d, (decisions.get(d) ?? 0) + 1);
  };
  const keepAlive = await timeEach(bodies, (b) => post(address, "/hooks/claude-code", b, token, keep).then(tally));
  const fresh = await timeEach(bodies.slice(0, Math.min(200, bodies.length)), (b) => post(address, "/hooks/claude-code", b, token, false).then(() => undefined));
  keep.destroy();
  const baseline = await bareServer();
  const baseAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const baselineKeepAlive = await timeEach(bodies, (b) => post(baseline.address, "/", b, token, baseAgent).then(() => undefined));
  baseAgent.destroy();
  await baseline.close();
  return { keepAlive, fresh, baselineKeepAlive, decisions };
}

async function timeEach(bodies: readonly string[], call: (body: string) => Promise<void>): Promise<Latency> {
  const samples = new Float64Array(bodies.length);
  for (let i = 0; i < bodies.length; i++) {
    const t = performance.now();
    await call(bodies[i] ?? "{}");
    samples[i] = (performance.now() - t) * 1000;
  }
  return summarize(samples);
}

function post(address: string, route: string, body: string, token: string, agent: http.Agent | false): Promise<string> {
  const [host, port] = address.split(":");
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host, port: Number(port), path: route, method: "POST", agent, headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}`, "Content-Length": Buffer.byteLength(body) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode ?? 0}: ${text}`))));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The floor: an HTTP server in another process's place that reads the body and answers at once. */
async function bareServer(): Promise<{ address: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": 2 });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const a = server.address();
  const address = a !== null && typeof a === "object" ? `127.0.0.1:${a.port}` : "";
  return { address, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
