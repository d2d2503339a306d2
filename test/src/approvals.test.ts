import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ApprovalInfo } from "../../protocol/src/approvals";
import { AuditRecord } from "../../protocol/src/audit";
import { WardenClient } from "../../protocol/src/client";
import { WardenError } from "../../protocol/src/errors";
import { connectDaemon } from "../../protocol/src/ws-transport";
import { CLI, TempWarden } from "./helpers/warden-home";

const git = (cwd: string, ...args: string[]): string => execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "T", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "T", GIT_COMMITTER_EMAIL: "t@example.com" } });

/** A workspace that is a git repository with one commit pushed to a local bare remote and one not yet pushed. */
function repoWithRemote(): { workspace: string; bare: string } {
  const workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-ap-")));
  const bare = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-bare-")));
  git(bare, "init", "-q", "--bare", "-b", "main");
  git(workspace, "init", "-q", "-b", "main");
  fs.writeFileSync(path.join(workspace, "a.txt"), "one\n");
  git(workspace, "add", "a.txt");
  git(workspace, "commit", "-q", "-m", "first");
  git(workspace, "remote", "add", "origin", bare);
  git(workspace, "push", "-q", "origin", "main");
  fs.writeFileSync(path.join(workspace, "a.txt"), "two\n");
  git(workspace, "commit", "-q", "-am", "second: not pushed yet");
  fs.mkdirSync(path.join(workspace, ".warden"));
  fs.writeFileSync(
    path.join(workspace, ".warden", "policy.json"),
    JSON.stringify({
      version: 1,
      rules: [
        { id: "push-asks", action: "shell.exec", commands: [{ program: "git", subcommand: ["push"] }], decision: "ask" },
        { id: "push-asks-git", action: "git.push", decision: "ask" },
        { id: "docs-ask", action: "file.write", paths: ["docs/**"], decision: "ask" },
      ],
    }),
  );
  return { workspace, bare };
}

function payloadOf(r: AuditRecord): Record<string, unknown> {
  return typeof r.payload === "object" && r.payload !== null && !Array.isArray(r.payload) ? r.payload : {};
}

describe("approvals: asked with context, answered by a human, denied on silence", () => {
  let timeoutSeconds = 3;
  const w = new TempWarden();
  let workspace = "";
  let bare = "";
  let token = "";
  let human: WardenClient;
  let agent: WardenClient;
  const push = () => agent.request("actions/decide", { workspace, input: { tool_name: "Bash", tool_input: { command: "git push origin main" }, session_id: "sess-1" } });

  /** A human client attached as approver: resolves with each approval request it sees. */
  async function approver(): Promise<{ client: WardenClient; next: () => Promise<ApprovalInfo> }> {
    const client = await w.connect();
    const { subscription } = await client.request("events/subscribe", { filter: { kinds: ["approval.requested"] } });
    const seen: string[] = [];
    const waiters: Array<(id: string) => void> = [];
    client.onEvent(subscription, (r) => {
      const id = payloadOf(r)["id"];
      if (typeof id !== "string") return;
      const waiter = waiters.shift();
      if (waiter !== undefined) waiter(id);
      else seen.push(id);
    });
    const next = async (): Promise<ApprovalInfo> => {
      const id = seen.shift() ?? (await new Promise<string>((resolve) => waiters.push(resolve)));
      return (await client.request("approvals/show", { id })).approval;
    };
    return { client, next };
  }

  before(async () => {
    ({ workspace, bare } = repoWithRemote());
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    // The approval timeout must outlast a few CLI starts (the 'approvals watch' test answers from
    // other processes): scaled by one CLI start measured now, so a loaded machine gets longer.
    const t = Date.now();
    await w.cli(["--version"]);
    timeoutSeconds = Math.max(3, Math.ceil(((Date.now() - t) * 8) / 1000));
    await w.start(["--approval-timeout", `${timeoutSeconds}s`]);
    human = await w.connect();
    await human.request("agents/add", { workspace, name: "pusher", kind: "claude-code", owner: "alice", purpose: "ship the fix" });
    ({ token } = await human.request("tokens/issue", { workspace, name: "pusher" }));
    agent = await connectDaemon({ socketPath: w.paths.socket }, { token });
  });
  after(async () => {
    agent.close();
    human.close();
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(bare, { recursive: true, force: true });
  });

  test("with no approver attached, an ask is denied at once and both steps are audited", async () => {
    const r = await push();
    assert.equal(r.decision.decision, "deny");
    assert.match(r.decision.reason, /no approver is attached/);
    const { records } = await human.request("audit/query", { filter: { kinds: ["approval.*"] }, order: "desc", limit: 2 });
    assert.deepEqual(records.map((x) => x.kind).sort(), ["approval.answered", "approval.requested"]);
  });

  test("the request carries the commits, identity, rule and rollback; approving once lets exactly this call through", async () => {
    const a = await approver();
    try {
      const pending = push();
      const request = await a.next();
      const c = request.context;
      assert.equal(c.data.type, "commits");
      if (c.data.type === "commits") {
        assert.equal(c.data.remote, "origin");
        assert.equal(c.data.branch, "main");
        assert.equal(c.data.totalCommits, 1);
        assert.equal(c.data.commits[0]?.subject, "second: not pushed yet");
        assert.equal(c.data.remoteRef, git(bare, "rev-parse", "main").trim());
      }
      assert.deepEqual([c.identity.agent, c.identity.owner, c.identity.requester, c.identity.session], ["pusher", "alice", `human:${os.userInfo().username}`, "sess-1"]);
      assert.match(c.rule.rule ?? "", /^push-asks/);
      assert.match(c.rollback, /force-with-lease origin [0-9a-f]{40}:refs\/heads\/main/);
      await a.client.request("approvals/answer", { id: request.id, answer: "approve" });
      const r = await pending;
      assert.equal(r.decision.decision, "allow");
      assert.match(r.decision.reason, /approved once by human:/);
      // Once means once: the same push asks again.
      const again = push();
      const second = await a.next();
      assert.notEqual(second.id, request.id);
      await a.client.request("approvals/answer", { id: second.id, answer: "deny", reason: "not on a Friday" });
      const denied = await again;
      assert.equal(denied.decision.decision, "deny");
      assert.match(denied.decision.reason, /not on a Friday/);
    } finally {
      a.client.close();
    }
  });

  test("attack: the agent cannot answer, list or see approvals, not even its own", async () => {
    const a = await approver();
    try {
      const pending = push();
      const request = await a.next();
      await assert.rejects(agent.request("approvals/answer", { id: request.id, answer: "approve" }), (e: unknown) => e instanceof WardenError && e.code === "forbidden");
      await assert.rejects(agent.request("approvals/list", {}), (e: unknown) => e instanceof WardenError && e.code === "forbidden");
      await assert.rejects(agent.request("approvals/grants", {}), (e: unknown) => e instanceof WardenError && e.code === "forbidden");
      // The agent's own request still waits for the human.
      assert.equal((await human.request("approvals/show", { id: request.id })).approval.status, "pending");
      await a.client.request("approvals/answer", { id: request.id, answer: "deny" });
      assert.equal((await pending).decision.decision, "deny");
      await assert.rejects(a.client.request("approvals/answer", { id: request.id, answer: "approve" }), (e: unknown) => e instanceof WardenError && e.code === "conflict");
    } finally {
      a.client.close();
    }
  });

  test("approve for the session remembers a grant for the same agent, action and target until revoked", async () => {
    const a = await approver();
    try {
      const pending = push();
      const request = await a.next();
      const answer = await a.client.request("approvals/answer", { id: request.id, answer: "approve", scope: "session" });
      assert.ok(answer.grant !== null);
      assert.equal((await pending).decision.decision, "allow");
      const granted = await push();
      assert.equal(granted.decision.decision, "allow");
      assert.match(granted.decision.reason, new RegExp(`grant ${answer.grant.id}`));
      // A different target is not covered.
      const other = agent.request("actions/decide", { workspace, input: { tool_name: "Bash", tool_input: { command: "git push origin main:other" }, session_id: "sess-1" } });
      const otherRequest = await a.next();
      await a.client.request("approvals/answer", { id: otherRequest.id, answer: "deny" });
      assert.equal((await other).decision.decision, "deny");
      // Nor another session of the same agent.
      const otherSession = agent.request("actions/decide", { workspace, input: { tool_name: "Bash", tool_input: { command: "git push origin main" }, session_id: "sess-2" } });
      const sessionRequest = await a.next();
      await a.client.request("approvals/answer", { id: sessionRequest.id, answer: "deny" });
      assert.equal((await otherSession).decision.decision, "deny");
      const { grants } = await human.request("approvals/grants", { workspace });
      assert.ok(grants.some((g) => g.id === answer.grant?.id && g.state === "active"));
      assert.equal((await human.request("approvals/revoke-grant", { id: answer.grant.id })).revoked, true);
      const afterRevoke = push();
      const asked = await a.next();
      await a.client.request("approvals/answer", { id: asked.id, answer: "deny" });
      assert.equal((await afterRevoke).decision.decision, "deny");
    } finally {
      a.client.close();
    }
  });

  test("nobody answers: denied when the timeout passes, recorded as expired", async () => {
    const a = await approver();
    try {
      const started = Date.now();
      const pending = push();
      const request = await a.next();
      const r = await pending;
      assert.equal(r.decision.decision, "deny");
      assert.match(r.decision.reason, new RegExp(`nobody answered within ${timeoutSeconds} s`));
      assert.ok(Date.now() - started >= timeoutSeconds * 1000 - 500);
      assert.equal((await human.request("approvals/show", { id: request.id })).approval.status, "expired");
    } finally {
      a.client.close();
    }
  });

  test("the last approver leaving denies what is pending at once", async () => {
    const a = await approver();
    const pending = push();
    const request = await a.next();
    a.client.close();
    const r = await pending;
    assert.equal(r.decision.decision, "deny");
    assert.match(r.decision.reason, /last approver disconnected/);
    assert.equal((await human.request("approvals/show", { id: request.id })).approval.status, "denied");
  });

  test("the agent disconnecting while it waits denies its request", async () => {
    const a = await approver();
    try {
      const second = await connectDaemon({ socketPath: w.paths.socket }, { token });
      const pending = second.request("actions/decide", { workspace, input: { tool_name: "Bash", tool_input: { command: "git push origin main" } } });
      const request = await a.next();
      second.close();
      await assert.rejects(pending);
      for (let i = 0; i < 100; i++) {
        if ((await human.request("approvals/show", { id: request.id })).approval.status !== "pending") break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const settled = (await human.request("approvals/show", { id: request.id })).approval;
      assert.equal(settled.status, "denied");
      assert.match(settled.reason ?? "", /went away/);
    } finally {
      a.client.close();
    }
  });

  test("a write that asks shows the real diff", async () => {
    const a = await approver();
    try {
      fs.mkdirSync(path.join(workspace, "docs"), { recursive: true });
      fs.writeFileSync(path.join(workspace, "docs", "ci.yml"), "on: push\njobs: {}\n");
      const pending = agent.request("actions/decide", {
        workspace,
        input: { tool_name: "Edit", tool_input: { file_path: "docs/ci.yml", old_string: "jobs: {}", new_string: "jobs: { evil: 1 }" } },
      });
      const request = await a.next();
      const d = request.context.data;
      assert.equal(d.type, "diff");
      if (d.type === "diff") {
        assert.equal(d.path, "docs/ci.yml");
        assert.match(d.unified, /-jobs: \{\}/);
        assert.match(d.unified, /\+jobs: \{ evil: 1 \}/);
      }
      await a.client.request("approvals/answer", { id: request.id, answer: "deny" });
      assert.equal((await pending).decision.decision, "deny");
    } finally {
      a.client.close();
    }
  });

  test("terminal: 'approvals watch' attaches as approver; list, show and approve answer from another shell", async () => {
    const watch = spawn(process.execPath, [CLI, "approvals", "watch", "--json"], { env: w.env, stdio: ["ignore", "pipe", "pipe"] });
    try {
      let printed = "";
      watch.stdout.on("data", (d: Buffer) => (printed += d.toString()));
      // The watcher says when it is attached.
      for (let i = 0; i < 400 && !printed.includes('"watching":true'); i++) await new Promise((r) => setTimeout(r, 25));
      const pending = push();
      let id = "";
      for (let i = 0; i < 200 && id === ""; i++) {
        id = /"id":"(apr_[0-9a-f]{16})"/.exec(printed)?.[1] ?? "";
        if (id === "") await new Promise((r) => setTimeout(r, 25));
      }
      assert.notEqual(id, "", `the watcher printed the request: ${printed}`);
      const list = await w.cli(["approvals", "list", "--pending", "--json"]);
      assert.equal(list.code, 0, list.stderr);
      assert.ok(list.stdout.includes(id));
      const show = await w.cli(["approvals", "show", id]);
      assert.equal(show.code, 0, show.stderr);
      assert.match(show.stdout, /wants to: {2}push 1 commit to origin main/);
      assert.match(show.stdout, /second: not pushed yet/);
      assert.match(show.stdout, /agent: {5}pusher \(claude-code, role writer\), owner alice/);
      assert.match(show.stdout, /rollback: {2}git push --force-with-lease/);
      const approve = await w.cli(["approvals", "approve", id, "--reason", "release day"]);
      assert.equal(approve.code, 0, approve.stderr);
      assert.equal((await pending).decision.decision, "allow");
      const again = await w.cli(["approvals", "deny", id]);
      assert.notEqual(again.code, 0, "a request is answered once");
      assert.match(again.stderr, /already approved/);
    } finally {
      watch.kill("SIGINT");
    }
  });

  test("one question per command: an approval at PreToolUse covers the same command at the shell gate, once", async () => {
    const a = await approver();
    try {
      const at = (event: string) => agent.request("actions/decide", { workspace, input: { hook_event_name: event, tool_name: "Bash", tool_input: { command: "git push origin main" } } });
      const hook = at("PreToolUse");
      const request = await a.next();
      await a.client.request("approvals/answer", { id: request.id, answer: "approve" });
      assert.equal((await hook).decision.decision, "allow");
      const gate = await at("ShellGate");
      assert.equal(gate.decision.decision, "allow");
      assert.equal(gate.approval, request.id, "the hook's approval, not a new question");
      assert.match(gate.decision.reason, /approved at the agent's PreToolUse hook/);
      // Attack: replaying the command at the shell gate is asked again.
      const replay = at("ShellGate");
      const second = await a.next();
      assert.notEqual(second.id, request.id);
      await a.client.request("approvals/answer", { id: second.id, answer: "deny" });
      assert.equal((await replay).decision.decision, "deny");
      // Attack: an approval never covers a different command.
      const hook2 = at("PreToolUse");
      const third = await a.next();
      await a.client.request("approvals/answer", { id: third.id, answer: "approve" });
      await hook2;
      const other = agent.request("actions/decide", { workspace, input: { hook_event_name: "ShellGate", tool_name: "Bash", tool_input: { command: "git push origin main --force" } } });
      const fourth = await a.next();
      await a.client.request("approvals/answer", { id: fourth.id, answer: "deny" });
      assert.equal((await other).decision.decision, "deny");
    } finally {
      a.client.close();
    }
  });
});
