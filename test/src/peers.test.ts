import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, describe, test } from "node:test";
import WebSocket from "ws";
import { serverFrame } from "../../protocol/src/frames";
import { MAX_FRAME_BYTES } from "../../protocol/src/limits";
import { rawDataToText } from "../../protocol/src/ws-transport";
import { clientFrame, rawUpgrade } from "./helpers/raw-ws";
import { TempWarden } from "./helpers/warden-home";

/** A raw ws client that can send anything and collects parsed replies. */
async function rawClient(w: TempWarden): Promise<{ ws: WebSocket; next: () => Promise<unknown> }> {
  const ws = new WebSocket(`ws+unix://${w.paths.socket}:/`, { headers: { Authorization: `Bearer ${w.token()}` } });
  await once(ws, "open");
  const queue: unknown[] = [];
  const waiters: Array<(v: unknown) => void> = [];
  ws.on("message", (data) => {
    const frame: unknown = JSON.parse(rawDataToText(data));
    const waiter = waiters.shift();
    if (waiter !== undefined) waiter(frame);
    else queue.push(frame);
  });
  const next = (): Promise<unknown> =>
    queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((resolve) => waiters.push(resolve));
  return { ws, next };
}

function errorCode(frame: unknown): string | null {
  const parsed = serverFrame.safeParse(frame);
  return parsed.success && parsed.data.type === "error" ? parsed.data.error.code : null;
}

describe("hostile and broken peers", () => {
  const w = new TempWarden();
  before(() => w.start());
  after(() => w.cleanup());

  async function daemonStillServes(): Promise<number> {
    const client = await w.connect();
    assert.deepEqual(await client.request("daemon/ping", {}), { pong: true });
    const status = await client.request("daemon/status", {});
    client.close();
    return status.connections;
  }

  test("garbage gets typed errors and the same connection keeps working", async () => {
    const { ws, next } = await rawClient(w);
    const cases: Array<[string | Buffer, string]> = [
      ["not json at all", "bad_frame"],
      ["[1,2,3]", "bad_frame"],
      ['{"type":"request","id":-1,"method":"daemon/ping","params":{}}', "bad_frame"],
      ['{"type":"request","id":1,"method":"daemon/ping","params":{},"extra":true}', "bad_frame"],
      ['{"type":"request","id":2,"method":"nope/nothing","params":{}}', "unknown_method"],
      ['{"type":"request","id":3,"method":"audit/append","params":{"events":[{"kind":"BAD KIND","payload":1}]}}', "invalid_params"],
      ['{"type":"request","id":4,"method":"audit/query","params":{"limit":"ten"}}', "invalid_params"],
      ['{"type":"request","id":5,"method":"__proto__","params":{}}', "unknown_method"],
      ['{"type":"request","id":6,"method":"constructor","params":{}}', "unknown_method"],
      ["\u0000\uffff".repeat(1000), "bad_frame"],
    ];
    for (const [payload, code] of cases) {
      ws.send(payload);
      assert.equal(errorCode(await next()), code, String(payload).slice(0, 80));
    }
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.equal(errorCode(await next()), "bad_frame");
    ws.send('{"type":"request","id":7,"method":"daemon/ping","params":{}}');
    assert.deepEqual(await next(), { type: "response", id: 7, result: { pong: true } });
    ws.close();
    await daemonStillServes();
  });

  test("attack: deeply nested JSON does not crash the daemon", async () => {
    const { ws, next } = await rawClient(w);
    const depth = 100_000;
    ws.send(`{"type":"request","id":1,"method":"audit/append","params":{"events":[{"kind":"a.b","payload":${"[".repeat(depth)}${"]".repeat(depth)}}]}}`);
    assert.ok(["invalid_params", "bad_frame"].includes(errorCode(await next()) ?? ""));
    ws.close();
    await daemonStillServes();
  });

  test("attack: a frame over the size limit closes that connection (1009) and nothing else", async () => {
    const { ws } = await rawClient(w);
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    ws.send("x".repeat(MAX_FRAME_BYTES + 1));
    const code = await closed;
    assert.equal(code, 1009);
    await daemonStillServes();
  });

  test("attack: bytes that are not WebSocket frames close that connection only", async () => {
    const outcome = await rawUpgrade({ socketPath: w.paths.socket }, { Authorization: `Bearer ${w.token()}` });
    assert.ok(outcome.upgraded);
    const socket = outcome.socket;
    socket.resume(); // flowing, so the daemon's close reaches us
    const closed = once(socket, "close");
    socket.write(Buffer.from("GET / HTTP/1.1\r\n\r\n\xff\xff\xff\xff"));
    await closed;
    await daemonStillServes();
  });

  test("a client that disconnects mid-request or mid-frame does not hurt the daemon", async () => {
    for (let i = 0; i < 20; i++) {
      const { ws } = await rawClient(w);
      ws.send(JSON.stringify({ type: "request", id: 1, method: "audit/append", params: { events: [{ kind: "test.abandoned", payload: { i } }] } }));
      ws.terminate();
    }
    const outcome = await rawUpgrade({ socketPath: w.paths.socket }, { Authorization: `Bearer ${w.token()}` });
    assert.ok(outcome.upgraded);
    const frame = clientFrame(JSON.stringify({ type: "request", id: 1, method: "daemon/status", params: {} }));
    outcome.socket.resume();
    outcome.socket.end(frame.subarray(0, frame.length - 5)); // half a frame, then gone
    await once(outcome.socket, "close");
    await daemonStillServes();
    const verify = await w.cli(["audit", "verify"]);
    assert.equal(verify.code, 0, verify.stdout);
  });

  test("a subscriber that never reads is dropped once it holds too much unread data; others are served", async () => {
    const outcome = await rawUpgrade({ socketPath: w.paths.socket }, { Authorization: `Bearer ${w.token()}` });
    assert.ok(outcome.upgraded);
    const lazy = outcome.socket;
    lazy.write(clientFrame(JSON.stringify({ type: "request", id: 1, method: "events/subscribe", params: {} })));
    lazy.pause(); // never read again

    const writer = await w.connect();
    const before = (await writer.request("daemon/status", {})).connections;
    assert.ok(before >= 2);
    const big = "y".repeat(8000);
    let connections = before;
    // Bounded: at most ~80 MB of events; the guard trips at 8 MiB unread.
    for (let round = 0; round < 100 && connections === before; round++) {
      await writer.request("audit/append", { events: Array.from({ length: 100 }, (_, i) => ({ kind: "test.flood", payload: { i, big } })) });
      connections = (await writer.request("daemon/status", {})).connections;
    }
    assert.equal(connections, before - 1, "the slow consumer was dropped");
    lazy.destroy();
    assert.deepEqual(await writer.request("daemon/ping", {}), { pong: true });
    writer.close();
  });
});
