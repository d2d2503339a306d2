import assert from "node:assert/strict";
import http from "node:http";
import { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { WardenError } from "../../../protocol/src/errors";
import { requestOnce } from "./http-exec";
import { Harness, harness, payloadOf } from "./test-support";

interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
}

/** A local server that records what reached it and answers with `route`. */
async function server(host: string, route: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<{ port: number; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const s = http.createServer((req, res) => {
    seen.push({ path: req.url ?? "", headers: req.headers });
    route(req, res);
  });
  await new Promise<void>((resolve) => s.listen(0, host, resolve));
  const address = s.address();
  const port = typeof address === "object" && address !== null ? (address satisfies AddressInfo).port : 0;
  return { port, seen, close: () => new Promise((resolve) => s.close(() => resolve())) };
}

describe("broker http_request", () => {
  let h: Harness;
  let a: Awaited<ReturnType<typeof server>>;
  let b: Awaited<ReturnType<typeof server>>;
  const call = (args: Record<string, unknown>) => h.broker.call(h.caller, h.workspace, "http_request", args);

  before(async () => {
    // Two hosts on loopback: 127.0.0.1 is allowed, 127.0.0.2 only where a test says so.
    b = await server("127.0.0.2", (_req, res) => res.end("from b"));
    a = await server("127.0.0.1", (req, res) => {
      if (req.url === "/to-b") {
        res.writeHead(302, { location: `http://127.0.0.2:${b.port}/landed` });
        res.end();
      } else if (req.url === "/big") {
        res.end(Buffer.alloc(3 * 1024 * 1024, "z"));
      } else {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end(`hello ${req.method ?? ""}`);
      }
    });
    h = await harness(`[
      { "id": "local-a", "action": "http.request", "hosts": ["127.0.0.1"], "decision": "allow" },
      { "id": "local-b", "action": "http.request", "hosts": ["127.0.0.2"], "urlPaths": ["/allowed/**"], "decision": "allow" }
    ]`, "deny");
  });
  after(async () => {
    h.close();
    await a.close();
    await b.close();
  });

  test("a request policy allows is sent, and the answer shows status, headers and body", async () => {
    const r = await call({ url: `http://127.0.0.1:${a.port}/hi`, method: "post", body: "x" });
    assert.equal(r.isError, false, r.text);
    assert.equal(r.text, "HTTP 200 OK\ncontent-type: text/plain\n\nhello POST");
    assert.equal(payloadOf(h.records("action.result").find((x) => x.seq === r.seq))["status"], 200);
  });

  test("attack: a redirect to a host policy denies stops at that hop; the denied host sees nothing", async () => {
    const before = h.mediator.requests.length;
    const r = await call({ url: `http://127.0.0.1:${a.port}/to-b`, headers: { authorization: "Bearer agent-secret" } });
    assert.equal(r.isError, true);
    assert.match(r.text, /^HTTP 302 Found/);
    assert.match(r.text, /redirect to http:\/\/127\.0\.0\.2:\d+\/landed was denied by Warden/);
    assert.equal(b.seen.length, 0, "nothing reached the denied host");
    assert.equal(h.mediator.requests.length - before, 2, "each hop was its own decision");
    const hops = payloadOf(h.records("action.result").find((x) => x.seq === r.seq))["hops"];
    assert.ok(Array.isArray(hops) && hops.length === 2);
  });

  test("an allowed redirect is followed, and credentials do not follow it to another origin", async () => {
    const target = await server("127.0.0.1", (_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.2:${b.port}/allowed/x` });
      res.end();
    });
    try {
      const r = await call({ url: `http://127.0.0.1:${target.port}/start`, headers: { authorization: "Bearer agent-secret", "x-trace": "1" } });
      assert.equal(r.isError, false, r.text);
      assert.match(r.text, /from b$/);
      const last = b.seen.at(-1);
      assert.equal(last?.path, "/allowed/x");
      assert.equal(last?.headers.authorization, undefined);
      assert.equal(last?.headers["x-trace"], "1");
    } finally {
      await target.close();
    }
  });

  test("a response body beyond 1 MiB is cut", async () => {
    const r = await call({ url: `http://127.0.0.1:${a.port}/big` });
    assert.equal(r.isError, false);
    assert.match(r.text, /\[body truncated: \d+\+ bytes, the first 1048576 shown\]/);
    assert.ok(r.text.length < 1_100_000);
  });

  test("attack: SSRF targets are refused by policy before anything is sent", async () => {
    for (const url of ["http://169.254.169.254/latest/meta-data/", "http://0x7f000001/", "file:///etc/passwd", `http://127.0.0.1:${a.port}@evil.example/`]) {
      const r = await call({ url });
      assert.equal(r.isError, true, url);
    }
  });

  test("attack: a name that resolves to loopback is not reached unless a rule named it exactly", async () => {
    await assert.rejects(
      requestOnce({ url: `http://localhost:${a.port}/`, method: "GET", headers: {}, body: null, internalAllowed: false, signal: AbortSignal.timeout(5000) }),
      (e: unknown) => e instanceof WardenError && e.code === "forbidden" && /resolves to 127\.0\.0\.1|::1/.test(e.message),
    );
    const allowed = await requestOnce({ url: `http://localhost:${a.port}/`, method: "GET", headers: {}, body: null, internalAllowed: true, signal: AbortSignal.timeout(5000) });
    assert.equal(allowed.status, 200);
  });
});
