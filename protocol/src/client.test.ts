import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { AuditRecord, GENESIS_HASH } from "./audit";
import { WardenClient } from "./client";
import { ErrorCode, WardenError } from "./errors";
import { RequestFrame, decodeRequestFrame } from "./frames";
import { MAX_SHORT_STRING } from "./limits";
import { Transport } from "./transport";

/** An in-memory peer: records what the client sends and lets the test play the daemon. */
class FakeTransport implements Transport {
  readonly sent: string[] = [];
  readonly closeCalls: Array<{ code: number | undefined; reason: string | undefined }> = [];
  private readonly messageListeners: Array<(text: string) => void> = [];
  private readonly closeListeners: Array<(reason: string) => void> = [];

  send(text: string): void {
    this.sent.push(text);
  }

  close(code?: number, reason?: string): void {
    this.closeCalls.push({ code, reason });
    this.emitClose(`${code ?? 1005}${reason === undefined ? "" : ` ${reason}`}`);
  }

  onMessage(listener: (text: string) => void): void {
    this.messageListeners.push(listener);
  }

  onClose(listener: (reason: string) => void): void {
    this.closeListeners.push(listener);
  }

  /** Delivers raw text as if the daemon had sent it. */
  push(text: string): void {
    for (const listener of this.messageListeners) listener(text);
  }

  pushFrame(frame: unknown): void {
    this.push(JSON.stringify(frame));
  }

  emitClose(reason: string): void {
    for (const listener of this.closeListeners) listener(reason);
  }

  /** The n-th frame sent, validated as a request frame (so a malformed one fails the test). */
  request(n: number): RequestFrame {
    const text = this.sent[n];
    assert.ok(text !== undefined, `no frame #${n} was sent (sent ${this.sent.length})`);
    return decodeRequestFrame(text);
  }
}

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<WardenError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof WardenError, `expected a WardenError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected a rejection with code ${code}, but the promise resolved`);
}

function setup(): { transport: FakeTransport; client: WardenClient } {
  const transport = new FakeTransport();
  return { transport, client: new WardenClient(transport) };
}

const record: AuditRecord = {
  seq: 5,
  ts: "2025-06-01T12:00:00.000Z",
  actor: { type: "agent", id: "claude-1" },
  workspace: "/home/u/proj",
  kind: "file.write",
  payload: { path: "src/a.ts" },
  prevHash: GENESIS_HASH,
  hash: "ab".repeat(32),
};

describe("WardenClient requests", () => {
  test("sends a well-formed request frame and resolves with the validated result", async () => {
    const { transport, client } = setup();
    const answer = client.request("audit/query", { limit: 10, order: "asc" });
    assert.deepEqual(transport.request(0), { type: "request", id: 1, method: "audit/query", params: { limit: 10, order: "asc" } });
    transport.pushFrame({ type: "response", id: 1, result: { records: [record] } });
    assert.deepEqual(await answer, { records: [record] });
  });

  test("pairs answers with requests by id, whatever the order", async () => {
    const { transport, client } = setup();
    const ping = client.request("daemon/ping", {});
    const unsubscribe = client.request("events/unsubscribe", { subscription: "sub-9" });
    assert.equal(transport.request(0).id, 1);
    assert.equal(transport.request(1).id, 2);
    transport.pushFrame({ type: "response", id: 2, result: { removed: false } });
    transport.pushFrame({ type: "response", id: 1, result: { pong: true } });
    assert.deepEqual(await unsubscribe, { removed: false });
    assert.deepEqual(await ping, { pong: true });
  });

  test("rejects a result of the wrong shape with invalid_params", async () => {
    const { transport, client } = setup();
    const answer = client.request("daemon/ping", {});
    transport.pushFrame({ type: "response", id: 1, result: { pong: "yes" } });
    const err = await rejectsWith(answer, "invalid_params");
    assert.match(err.message, /^daemon\/ping: unexpected answer: pong:/);
  });

  test("rejects with the error frame's code, message and data", async () => {
    const { transport, client } = setup();
    const answer = client.request("audit/verify", {});
    transport.pushFrame({ type: "error", id: 1, error: { code: "chain_broken", message: "seq 7 does not verify", data: { seq: 7 } } });
    const err = await rejectsWith(answer, "chain_broken");
    assert.equal(err.message, "seq 7 does not verify");
    assert.deepEqual(err.data, { seq: 7 });
  });

  test("rejects invalid params without sending anything", async () => {
    const { transport, client } = setup();
    // Each of these type-checks but breaks a runtime rule of the schema.
    const withExtraField = { reason: "x", extra: 1 };
    const attempts: Array<Promise<unknown>> = [
      client.request("audit/query", { limit: 0 }),
      client.request("audit/append", { events: [] }),
      client.request("audit/append", { events: [{ kind: "File.Write", payload: null }] }),
      client.request("audit/append", { events: [{ kind: "a.b", payload: NaN }] }),
      client.request("events/unsubscribe", { subscription: "s".repeat(MAX_SHORT_STRING + 1) }),
      client.request("daemon/shutdown", withExtraField),
    ];
    const errors = [];
    for (const attempt of attempts) errors.push(await rejectsWith(attempt, "invalid_params"));
    assert.match(errors[2]?.message ?? "", /^audit\/append: events\.0\.kind: /);
    assert.deepEqual(transport.sent, []);
  });

  test("rejects with timeout when no answer comes, and ignores the late answer", async () => {
    const { transport, client } = setup();
    const started = Date.now();
    const err = await rejectsWith(client.request("daemon/ping", {}, { timeoutMs: 20 }), "timeout");
    assert.ok(Date.now() - started >= 15);
    assert.match(err.message, /within 20 ms/);
    transport.pushFrame({ type: "response", id: 1, result: { pong: true } });
    const next = client.request("daemon/ping", {}, { timeoutMs: 1000 });
    transport.pushFrame({ type: "response", id: 2, result: { pong: true } });
    assert.deepEqual(await next, { pong: true });
  });
});

describe("WardenClient connection loss", () => {
  test("a transport close rejects every pending request with disconnected", async () => {
    const { transport, client } = setup();
    const reasons: string[] = [];
    client.onClose((reason) => reasons.push(reason));
    const first = rejectsWith(client.request("daemon/ping", {}), "disconnected");
    const second = rejectsWith(client.request("audit/verify", {}), "disconnected");
    transport.emitClose("1006 connection lost");
    assert.match((await first).message, /^daemon\/ping: connection closed before the answer \(1006 connection lost\)/);
    assert.match((await second).message, /^audit\/verify: /);
    assert.deepEqual(reasons, ["1006 connection lost"]);
  });

  test("after a close, requests reject at once without sending and onClose fires immediately", async () => {
    const { transport, client } = setup();
    transport.emitClose("1001 going away");
    transport.emitClose("second close is ignored");
    const err = await rejectsWith(client.request("daemon/ping", {}, { timeoutMs: 60_000 }), "disconnected");
    assert.match(err.message, /1001 going away/);
    assert.deepEqual(transport.sent, []);
    const reasons: string[] = [];
    client.onClose((reason) => reasons.push(reason));
    assert.deepEqual(reasons, ["1001 going away"]);
  });

  test("close() closes the transport with 1000 and fails what is pending", async () => {
    const { transport, client } = setup();
    const pending = rejectsWith(client.request("daemon/status", {}), "disconnected");
    client.close();
    assert.deepEqual(transport.closeCalls, [{ code: 1000, reason: "client closed" }]);
    await pending;
  });
});

describe("WardenClient against a peer sending garbage", () => {
  test("unreadable, malformed and unmatched frames are dropped and a later valid answer still lands", async () => {
    const { transport, client } = setup();
    const answer = client.request("daemon/ping", {});
    const garbage = [
      "not json",
      "",
      "[]",
      "null",
      JSON.stringify({ type: "response" }),
      JSON.stringify({ type: "response", id: "1", result: { pong: true } }),
      JSON.stringify({ type: "response", id: 1, result: { pong: true }, extra: 1 }),
      JSON.stringify({ type: "response", id: 999, result: { pong: true } }),
      JSON.stringify({ type: "error", id: null, error: { code: "bad_frame", message: "x" } }),
      JSON.stringify({ type: "event", subscription: "nobody", record }),
      JSON.stringify({ type: "notice", notice: "reboot", reason: "x" }),
      "x".repeat(2 * 1024 * 1024),
    ];
    for (const text of garbage) assert.doesNotThrow(() => transport.push(text));
    transport.pushFrame({ type: "response", id: 1, result: { pong: true } });
    assert.deepEqual(await answer, { pong: true });
  });
});

describe("WardenClient edge cases", () => {
  test("an error code from a newer daemon fails the request as internal, naming the code (not a timeout)", async () => {
    const { transport, client } = setup();
    const answer = client.request("daemon/ping", {}, { timeoutMs: 5000 });
    transport.pushFrame({ type: "error", id: 1, error: { code: "quota_exceeded", message: "too many" } });
    const err = await rejectsWith(answer, "internal");
    assert.match(err.message, /too many \(daemon error code 'quota_exceeded'\)/);
  });

  test("a listener that throws does not escape into the transport or silence the next listener", () => {
    const transport = new FakeTransport();
    const reported: unknown[] = [];
    const client = new WardenClient(transport, (err) => reported.push(err));
    const heard: string[] = [];
    client.onNotice(() => {
      throw new Error("listener bug");
    });
    client.onNotice((notice) => heard.push(notice));
    assert.doesNotThrow(() => transport.pushFrame({ type: "notice", notice: "shutdown", reason: "x" }));
    assert.deepEqual(heard, ["shutdown"]);
    assert.equal(reported.length, 1, "the bug is reported, not swallowed");
    assert.match(String(reported[0]), /listener bug/);
  });

  test("a send that throws rejects at once with disconnected and leaves nothing pending", async () => {
    const transport = new FakeTransport();
    transport.send = () => {
      throw new Error("socket gone");
    };
    const client = new WardenClient(transport);
    const err = await rejectsWith(client.request("daemon/ping", {}, { timeoutMs: 60_000 }), "disconnected");
    assert.match(err.message, /socket gone/);
  });
});

describe("WardenClient early events", () => {
  test("records that arrive before the listener is attached are delivered to it first, in order", () => {
    const { transport, client } = setup();
    transport.pushFrame({ type: "event", subscription: "sub-9", record: { ...record, seq: 5 } });
    transport.pushFrame({ type: "event", subscription: "sub-9", record: { ...record, seq: 6 } });
    const got: number[] = [];
    client.onEvent("sub-9", (r) => got.push(r.seq));
    transport.pushFrame({ type: "event", subscription: "sub-9", record: { ...record, seq: 7 } });
    assert.deepEqual(got, [5, 6, 7]);
  });
});

describe("WardenClient events and notices", () => {
  test("routes event frames to their subscription's listener only", () => {
    const { transport, client } = setup();
    const a: AuditRecord[] = [];
    const b: AuditRecord[] = [];
    client.onEvent("sub-a", (r) => a.push(r));
    client.onEvent("sub-b", (r) => b.push(r));
    transport.pushFrame({ type: "event", subscription: "sub-a", record });
    assert.deepEqual(a, [record]);
    assert.deepEqual(b, []);
    const second = { ...record, seq: 6, kind: "file.read" };
    transport.pushFrame({ type: "event", subscription: "sub-b", record: second });
    assert.deepEqual(a, [record]);
    assert.deepEqual(b, [second]);
  });

  test("drops an event whose record is malformed", () => {
    const { transport, client } = setup();
    const got: AuditRecord[] = [];
    client.onEvent("sub-a", (r) => got.push(r));
    transport.pushFrame({ type: "event", subscription: "sub-a", record: { ...record, hash: "not-a-hash" } });
    transport.pushFrame({ type: "event", subscription: "sub-a", record: { ...record, seq: 0 } });
    assert.deepEqual(got, []);
  });

  test("delivers notice frames to every onNotice listener without failing pending requests", async () => {
    const { transport, client } = setup();
    const seen: string[] = [];
    client.onNotice((notice, reason) => seen.push(`first ${notice} ${reason}`));
    client.onNotice((notice, reason) => seen.push(`second ${notice} ${reason}`));
    const answer = client.request("daemon/shutdown", { reason: "operator asked" });
    transport.pushFrame({ type: "notice", notice: "shutdown", reason: "operator asked" });
    assert.deepEqual(seen, ["first shutdown operator asked", "second shutdown operator asked"]);
    transport.pushFrame({ type: "response", id: 1, result: { stopping: true } });
    assert.deepEqual(await answer, { stopping: true });
  });
});
