import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApprovalInfo } from "../../../protocol/src/approvals";
import { approval } from "../test-support/builders";
import { FakeDaemon, ManualScheduler, queryOver, record, settle, statusResult } from "../test-support/fake-daemon";
import { ActivityStore } from "./activity-store";
import { ApprovalsStore } from "./approvals-store";
import { ChainMonitor } from "./chain-monitor";
import { sessionAttacher } from "./session";

describe("session: history, live records and the approval queue", () => {
  test("loads history, subscribes from the next seq, and turns approval events into the queue", async () => {
    const history = [record("action.decided", { agent: "builder", decision: "allow", actions: [{ kind: "file.read", target: "a.ts" }] }), record("action.result", { ok: true, summary: "read a.ts" })];
    const stored = new Map<string, ApprovalInfo>();
    const first = approval();
    stored.set(first.id, first);
    const daemon = new FakeDaemon({
      "audit/query": queryOver(() => history),
      "daemon/status": () => statusResult(history[1]?.seq ?? 0),
      "events/subscribe": () => ({ subscription: "s1", backlog: 0 }),
      "approvals/list": () => ({ approvals: [] }),
      "approvals/show": (p) => ({ approval: stored.get(String(p["id"])) }),
      "audit/verify": () => ({ ok: true, checked: 2, headSeq: 2, headHash: "0".repeat(64), firstBadSeq: null, problem: null, durationMs: 1 }),
    });
    const scheduler = new ManualScheduler();
    const activity = new ActivityStore(scheduler);
    const approvals = new ApprovalsStore();
    const client = daemon.connect();
    const chain = new ChainMonitor(() => client, scheduler);
    let agentsChanged = 0;
    await sessionAttacher({ activity, approvals, chain, agentsChanged: () => agentsChanged++, log: () => undefined })(client);
    assert.equal(activity.size, 2);
    const subscribe = daemon.requests.find((r) => r.method === "events/subscribe");
    assert.deepEqual(subscribe?.params, { filter: { fromSeq: (history[1]?.seq ?? 0) + 1 } });

    const added: string[] = [];
    approvals.onDidAdd((a) => added.push(a.id));
    daemon.emit(record("approval.requested", { id: first.id, agent: "builder" }));
    await settle();
    assert.deepEqual(added, [first.id]);
    assert.equal(approvals.size, 1);

    const settled: Array<string | null> = [];
    approvals.onDidSettle((s) => settled.push(s.status));
    daemon.emit(record("approval.answered", { id: first.id, status: "denied", reason: "no" }, { actor: { type: "human", id: "human:dev" } }));
    await settle();
    assert.deepEqual(settled, ["denied"]);
    assert.equal(approvals.size, 0);

    daemon.emit(record("agent.suspended", { agent: "builder" }));
    assert.equal(agentsChanged, 2, "once at attach, once for the identity change");
    scheduler.advance(100);
    assert.equal(activity.size, 5, "live records join the log");
  });

  test("an approval answered before its details arrive is not added", async () => {
    const late = approval({ status: "approved" });
    const daemon = new FakeDaemon({
      "audit/query": () => ({ records: [] }),
      "daemon/status": () => statusResult(0),
      "events/subscribe": () => ({ subscription: "s1", backlog: 0 }),
      "approvals/list": () => ({ approvals: [] }),
      "approvals/show": () => ({ approval: late }),
      "audit/verify": () => ({ ok: true, checked: 0, headSeq: 0, headHash: "0".repeat(64), firstBadSeq: null, problem: null, durationMs: 1 }),
    });
    const scheduler = new ManualScheduler();
    const approvals = new ApprovalsStore();
    const client = daemon.connect();
    await sessionAttacher({ activity: new ActivityStore(scheduler), approvals, chain: new ChainMonitor(() => client, scheduler), agentsChanged: () => undefined, log: () => undefined })(client);
    daemon.emit(record("approval.requested", { id: late.id }));
    await settle();
    assert.equal(approvals.size, 0);
  });

  test("after a disconnect, what was recorded meanwhile is fetched page by page before subscribing, so the log has no gap", async () => {
    const scheduler = new ManualScheduler();
    const activity = new ActivityStore(scheduler);
    const first = record("a.b", {});
    activity.loadHistory([first]);
    const missed = Array.from({ length: 25_000 }, () => record("a.b", {}));
    const daemon = new FakeDaemon({
      "audit/query": queryOver(() => missed),
      "events/subscribe": () => ({ subscription: "s2", backlog: 0 }),
      "approvals/list": () => ({ approvals: [] }),
      "audit/verify": () => ({ ok: true, checked: 0, headSeq: 0, headHash: "0".repeat(64), firstBadSeq: null, problem: null, durationMs: 1 }),
    });
    const client = daemon.connect();
    await sessionAttacher({ activity, approvals: new ApprovalsStore(), chain: new ChainMonitor(() => null, scheduler), agentsChanged: () => undefined, log: () => undefined })(client);
    assert.equal(daemon.requests.filter((r) => r.method === "audit/query").length, 501, "pages of 50, the last one short");
    assert.equal(activity.lastSeq, missed.at(-1)?.seq);
    assert.deepEqual(daemon.requests.find((r) => r.method === "events/subscribe")?.params, { filter: { fromSeq: (missed.at(-1)?.seq ?? 0) + 1 } });
    activity.flush();
    assert.equal(activity.size, 25_001);
  });
});
