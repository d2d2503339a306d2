import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ManualScheduler, record } from "../test-support/fake-daemon";
import { toActivityRow } from "./activity-row";
import { ActivityStore } from "./activity-store";

describe("activity rows", () => {
  test("a decision: agent, decision, first action, rule and reason", () => {
    const row = toActivityRow(
      record("action.decided", { agent: "builder", tool: "Bash", decision: "deny", rule: "destructive-commands-ask", reason: "not approved", actions: [{ kind: "shell.exec", target: "rm -rf src" }, { kind: "file.delete", target: "src" }] }),
    );
    assert.deepEqual([row.agent, row.decision, row.action, row.target, row.ok], ["builder", "deny", "shell.exec", "rm -rf src (+1 more)", null]);
    assert.equal(row.detail, "Bash · destructive-commands-ask · not approved");
  });

  test("a result, an approval, and kinds it does not know all get a row; long text is clipped", () => {
    assert.equal(toActivityRow(record("action.result", { ok: false, summary: "git push", error: "rejected" })).ok, false);
    const asked = toActivityRow(record("approval.requested", { id: "apr_1", action: "git.push", target: "origin main", summary: "push 2 commits" }));
    assert.deepEqual([asked.decision, asked.action, asked.target], ["ask", "git.push", "origin main"]);
    const other = toActivityRow(record("daemon.started", { pid: 1, note: "x".repeat(5000) }, { actor: { type: "daemon", id: "warden" } }));
    assert.equal(other.target, "warden");
    assert.equal(other.detail.length, 1024);
    const hostile = toActivityRow(record("action.decided", { decision: "yes please", actions: "not an array" }));
    assert.deepEqual([hostile.decision, hostile.action, hostile.target], [null, null, ""]);
  });
});

describe("activity store", () => {
  test("1,000 records arriving within 100 ms travel as one batch", () => {
    const scheduler = new ManualScheduler();
    const store = new ActivityStore(scheduler);
    const batches: number[] = [];
    store.onDidAppend((rows) => batches.push(rows.length));
    for (let i = 0; i < 1000; i++) store.add(record("action.decided", { decision: "allow" }));
    assert.deepEqual(batches, []);
    scheduler.advance(100);
    assert.deepEqual(batches, [1000]);
    assert.equal(store.size, 1000);
  });

  test("a backlog overlapping what is held is not shown twice; lastSeq is where a reconnect resumes", () => {
    const scheduler = new ManualScheduler();
    const store = new ActivityStore(scheduler);
    const history = [record("a.b", {}), record("a.b", {}), record("a.b", {})];
    store.loadHistory(history);
    store.add(history[1] ?? record("a.b", {}));
    const next = record("a.b", {});
    store.add(next);
    assert.equal(store.lastSeq, next.seq);
    assert.equal(store.snapshot().length, 4);
  });

  test("keeps at most its bound, dropping the oldest in chunks", () => {
    const scheduler = new ManualScheduler();
    const store = new ActivityStore(scheduler, 1000);
    for (let i = 0; i < 1200; i++) store.add(record("a.b", {}));
    store.flush();
    const rows = store.snapshot();
    assert.equal(rows.length, 1000);
    assert.ok((rows[0]?.seq ?? 0) < (rows[999]?.seq ?? 0));
  });
});
