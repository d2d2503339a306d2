import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { WardenClient } from "../../../protocol/src/client";
import { WardenError } from "../../../protocol/src/errors";
import { ActivityStore } from "../state/activity-store";
import { ApprovalsStore } from "../state/approvals-store";
import { ChainMonitor } from "../state/chain-monitor";
import { sessionAttacher } from "../state/session";
import { FakeDaemon, ManualScheduler, settle, statusResult } from "../test-support/fake-daemon";
import { Backoff } from "./backoff";
import { ConnectionManager, ConnectionState, Connector } from "./connection-manager";

/** Read through a function: assert.equal narrows `manager.state` and the getter changes behind TypeScript's back. */
function stateOf(manager: ConnectionManager): ConnectionState {
  return manager.state;
}

const HEAD = { headSeq: 0, headHash: "0".repeat(64) };

function daemonWithDefaults(): FakeDaemon {
  return new FakeDaemon({
    "audit/query": () => ({ records: [] }),
    "daemon/status": () => statusResult(0),
    "events/subscribe": () => ({ subscription: "sub-1", backlog: 0 }),
    "approvals/list": () => ({ approvals: [] }),
    "audit/verify": () => ({ ok: true, checked: 0, durationMs: 1, firstBadSeq: null, problem: null, ...HEAD }),
  });
}

function setup(connect: () => Promise<WardenClient>, startDaemon: (() => Promise<void>) | null = null, requestTimeoutMs = 50) {
  const scheduler = new ManualScheduler();
  const activity = new ActivityStore(scheduler);
  const approvals = new ApprovalsStore();
  const lines: string[] = [];
  let manager: ConnectionManager | null = null;
  const chain = new ChainMonitor(() => manager?.connection ?? null, scheduler);
  const connector: Connector = { connect, startDaemon };
  const attach = sessionAttacher({ activity, approvals, chain, agentsChanged: () => undefined, log: (l) => lines.push(l), requestTimeoutMs });
  manager = new ConnectionManager(connector, attach, (l) => lines.push(l), scheduler, new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0 }));
  const states: ConnectionState["kind"][] = [];
  manager.onDidChangeState((s) => states.push(s.kind));
  return { manager, scheduler, states, lines, approvals };
}

describe("connection manager", () => {
  test("connects, attaches the session, and reconnects with backoff after the daemon goes away", async () => {
    const daemon = daemonWithDefaults();
    const { manager, scheduler, states } = setup(() => Promise.resolve(daemon.connect()));
    manager.start();
    await settle();
    assert.equal(stateOf(manager).kind, "connected");
    assert.deepEqual(daemon.requests.map((r) => r.method).slice(0, 3), ["daemon/status", "audit/query", "events/subscribe"]);
    daemon.stop();
    await settle();
    const offline = stateOf(manager);
    assert.equal(offline.kind, "offline");
    if (offline.kind === "offline") {
      assert.equal(offline.code, "disconnected");
      assert.equal(offline.retryAt, scheduler.time + 100);
    }
    scheduler.advance(100);
    await settle();
    assert.equal(stateOf(manager).kind, "connected");
    assert.deepEqual(states, ["connecting", "connected", "offline", "connecting", "connected"]);
    manager.dispose();
  });

  test("not running: starts the daemon once, then connects; a daemon that dies at once is not restarted in a loop", async () => {
    const daemon = daemonWithDefaults();
    let running = false;
    let starts = 0;
    const { manager, scheduler } = setup(
      () => (running ? Promise.resolve(daemon.connect()) : Promise.reject(new WardenError("not_running", "no daemon"))),
      () => {
        starts++;
        running = true;
        return Promise.resolve();
      },
    );
    manager.start();
    await settle();
    assert.equal(starts, 1);
    assert.equal(stateOf(manager).kind, "connected");
    running = false;
    daemon.stop();
    await settle();
    scheduler.advance(100);
    await settle();
    // Within a minute of the last start: no second start, just offline and retrying.
    assert.equal(starts, 1);
    assert.equal(stateOf(manager).kind, "offline");
    scheduler.advance(60_000);
    await settle();
    assert.equal(starts, 2);
    manager.dispose();
  });

  test("peer that hangs: the attach times out, the connection is dropped and retried — never stuck 'connecting'", async () => {
    const daemon = daemonWithDefaults();
    daemon.mode = "hang";
    const { manager } = setup(() => Promise.resolve(daemon.connect()), null, 30);
    manager.start();
    await new Promise((r) => setTimeout(r, 80));
    await settle();
    const state = stateOf(manager);
    assert.equal(state.kind, "offline");
    if (state.kind === "offline") assert.equal(state.code, "timeout");
    manager.dispose();
  });

  test("peer that crashes on the first request: offline with the reason, and a retry is scheduled", async () => {
    const daemon = daemonWithDefaults();
    daemon.mode = "crash";
    const { manager, scheduler } = setup(() => Promise.resolve(daemon.connect()));
    manager.start();
    await settle();
    const state = stateOf(manager);
    assert.equal(state.kind, "offline");
    if (state.kind === "offline") assert.match(state.reason, /1011 crashed/);
    assert.equal(scheduler.pending, 1);
    manager.dispose();
    assert.equal(scheduler.pending, 0, "dispose cancels the retry");
  });

  test("peer that sends garbage between answers: the garbage is dropped and the session still attaches", async () => {
    const daemon = daemonWithDefaults();
    daemon.mode = "garbage";
    const { manager } = setup(() => Promise.resolve(daemon.connect()));
    manager.start();
    await settle();
    assert.equal(stateOf(manager).kind, "connected");
    manager.dispose();
  });

  test("a refused token is reported as such and retried with growing delays", async () => {
    const { manager, scheduler } = setup(() => Promise.reject(new WardenError("unauthenticated", "the daemon refused the connection (HTTP 401)")));
    manager.start();
    await settle();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const s = stateOf(manager);
      assert.equal(s.kind, "offline");
      if (s.kind === "offline") {
        assert.equal(s.code, "unauthenticated");
        delays.push((s.retryAt ?? 0) - scheduler.time);
        scheduler.advance((s.retryAt ?? 0) - scheduler.time);
      }
      await settle();
    }
    assert.deepEqual(delays, [100, 200, 400, 800, 1000, 1000]);
    manager.dispose();
  });
});
