import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FakeDaemon, ManualScheduler, record, settle } from "../test-support/fake-daemon";
import { AgentRoster } from "./agent-roster";
import { PendingPolicyChange, PolicyChanges, changedFile, shortChange } from "./policy-changes";

const status = (pending: { changes: string[]; detectedAt: string } | null) => ({ layers: [], pending, problems: null });

describe("held policy changes", () => {
  test("read on connect and after policy records; a new held change is announced once; rejecting keeps it listed", async () => {
    let pending: { changes: string[]; detectedAt: string } | null = null;
    const daemon = new FakeDaemon({ "policy/status": () => status(pending) });
    const client = daemon.connect();
    const scheduler = new ManualScheduler();
    const changes = new PolicyChanges(() => client, () => Promise.resolve(["/projects/app"]), () => undefined, scheduler);
    const appeared: PendingPolicyChange[] = [];
    let changed = 0;
    changes.onDidAppear((c) => appeared.push(c));
    changes.onDidChange(() => changed++);
    await changes.refresh(client);
    assert.deepEqual([changes.all, appeared, changed], [[], [], 0]);

    pending = { changes: ["workspace policy (/projects/app/.warden/policy.json): new allow rule 'curl'"], detectedAt: "2026-01-01T10:00:00.000Z" };
    changes.recordArrived(record("file.write", {}));
    changes.recordArrived(record("policy.loosening_held", { changes: [] }));
    changes.recordArrived(record("policy.loosening_held", { changes: [] }));
    scheduler.advance(100);
    await settle();
    assert.equal(daemon.requests.filter((r) => r.method === "policy/status").length, 2, "a burst of records reads the status once");
    assert.deepEqual(appeared.map((c) => c.workspace), ["/projects/app"]);
    assert.equal(changed, 1);

    await changes.refresh();
    assert.equal(appeared.length, 1, "the same held change is announced once");
    const [held] = changes.all;
    assert.ok(held !== undefined);
    changes.markRejected(held);
    assert.deepEqual([changes.all.length, changes.unanswered.length], [1, 0]);

    pending = null;
    changes.recordArrived(record("policy.loosening_accepted", { changes: [] }));
    scheduler.advance(100);
    await settle();
    assert.deepEqual(changes.all, []);
  });

  test("a failed read keeps what was known: a held loosening never looks resolved because the daemon hiccupped", async () => {
    let fail = false;
    const daemon = new FakeDaemon({
      "policy/status": () => {
        if (fail) throw new Error("busy");
        return status({ changes: ["x"], detectedAt: "2026-01-01T10:00:00.000Z" });
      },
    });
    const client = daemon.connect();
    const lines: string[] = [];
    const changes = new PolicyChanges(() => client, () => Promise.resolve(["/projects/app"]), (l) => lines.push(l), new ManualScheduler());
    await changes.refresh();
    fail = true;
    await changes.refresh();
    assert.equal(changes.all.length, 1);
    assert.match(lines[0] ?? "", /policy status of \/projects\/app: .*busy/);
  });

  test("reads asked for during a read make one more read, so the newest record is reflected", async () => {
    const daemon = new FakeDaemon({ "policy/status": () => status(null) });
    const client = daemon.connect();
    const changes = new PolicyChanges(() => client, () => Promise.resolve(["/a"]), () => undefined, new ManualScheduler());
    const first = changes.refresh();
    void changes.refresh();
    void changes.refresh();
    await first;
    await settle();
    assert.equal(daemon.requests.length, 2);
  });
});

describe("what a held change names", () => {
  test("the file it is in, for the Open Policy File button; a short text for notifications", () => {
    const change = { workspace: "/projects/app", detectedAt: "2026-01-01T10:00:00.000Z", changes: ["user policy (/home/a/.config/warden/policy.json): rule 'x' changed (deny → allow)"] };
    assert.equal(changedFile(change), "/home/a/.config/warden/policy.json");
    assert.equal(changedFile({ ...change, changes: ["the managed policy (/etc/w.json) was removed"] }), "/projects/app/.warden/policy.json");
    assert.equal(shortChange(change.changes[0] ?? ""), "rule 'x' changed (deny → allow)");
  });
});

describe("agent roster", () => {
  test("counts contained agents of the window's workspaces and says when that changes", async () => {
    const agent = (name: string, status: string, workspace = "/projects/app") => ({ id: name, workspace, name, kind: "claude-code", owner: "alice", purpose: "p", role: "writer", status, createdAt: "2026-01-01T10:00:00.000Z", createdBy: "human:alice", expiresAt: null, statusReason: null, activeTokens: 0 });
    let agents = [agent("builder", "active"), agent("reviewer", "active")];
    const daemon = new FakeDaemon({ "agents/list": (p) => ({ agents: agents.filter((a) => a.workspace === p["workspace"]) }) });
    const client = daemon.connect();
    const scheduler = new ManualScheduler();
    const roster = new AgentRoster(() => client, () => Promise.resolve(["/projects/app"]), () => undefined, scheduler);
    let changes = 0;
    roster.onDidChange(() => changes++);
    await roster.refresh();
    assert.deepEqual([roster.contained, changes], [[], 1]);
    agents = [agent("builder", "contained"), agent("reviewer", "active"), agent("other", "contained", "/projects/elsewhere")];
    roster.refreshSoon();
    roster.refreshSoon();
    scheduler.advance(150);
    await settle();
    assert.deepEqual(roster.contained.map((a) => a.name), ["builder"]);
    assert.equal(changes, 2);
    assert.equal(daemon.requests.length, 2, "a burst reads once");
  });
});
