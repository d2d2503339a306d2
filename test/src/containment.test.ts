import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { WardenError } from "../../protocol/src/errors";
import { connectDaemon } from "../../protocol/src/ws-transport";
import { TempWarden } from "./helpers/warden-home";

const isError = (code: string) => (e: unknown) => e instanceof WardenError && e.code === code;

function post(address: string, token: string, body: unknown): Promise<number> {
  return fetch(`http://${address}/hooks/claude-code`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.status);
}

describe("containment: one step stops an agent on every path, keeps the evidence, and only a confirmed restore brings it back", () => {
  const w = new TempWarden();
  let workspace = "";
  let address = "";
  let human: WardenClient;
  let approver: WardenClient;
  let agent: WardenClient;
  let other: WardenClient;
  let token = "";
  const brokerRun = (client: WardenClient, command: string) => client.request("broker/call", { workspace, tool: "run_command", arguments: { command, timeout_ms: 60_000 } }, { timeoutMs: 90_000 });

  before(async () => {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-contain-")));
    fs.mkdirSync(path.join(workspace, "src"));
    fs.mkdirSync(path.join(workspace, ".warden"));
    // Commands run through the broker here; rm asks (and waits for the approver).
    fs.writeFileSync(
      path.join(workspace, ".warden", "policy.json"),
      JSON.stringify({
        version: 1,
        rules: [
          { id: "sleepers", action: "shell.exec", commands: [{ program: "sleep" }, { program: "echo" }], decision: "allow" },
          { id: "reads", action: "file.read", paths: ["**"], decision: "allow" },
          { id: "writes", action: "file.write", paths: ["**"], decision: "allow" },
          { id: "rm-asks", action: "shell.exec", commands: [{ program: "rm" }], decision: "ask" },
          { id: "push-asks", action: "git.push", decision: "ask" },
        ],
      }),
    );
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    await w.start(["--listen", "127.0.0.1:0"]);
    human = await w.connect();
    address = (await human.request("daemon/status", {})).listen ?? "";
    for (const name of ["rogue", "bystander"]) await human.request("agents/add", { workspace, name, kind: "claude-code", owner: "alice", purpose: "containment test" });
    ({ token } = await human.request("tokens/issue", { workspace, name: "rogue" }));
    agent = await connectDaemon({ socketPath: w.paths.socket }, { token });
    other = await connectDaemon({ socketPath: w.paths.socket }, { token: (await human.request("tokens/issue", { workspace, name: "bystander" })).token });
    approver = await w.connect();
    await approver.request("events/subscribe", { filter: { kinds: ["approval.requested"] } });
  });
  after(async () => {
    for (const c of [agent, other, approver, human]) c.close();
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("contain while a brokered command runs and an approval waits: killed, denied, revoked, snapshotted", async () => {
    // A remembered grant that containment must withdraw.
    const granted = agent.request("actions/decide", { workspace, input: { tool_name: "Bash", tool_input: { command: "rm -rf src/none" }, session_id: "s" } });
    const first = await waitForPending(human);
    await human.request("approvals/answer", { id: first, answer: "approve", scope: "session" });
    assert.equal((await granted).decision.decision, "allow");

    const running = brokerRun(agent, "sleep 30; echo finished > late.txt").catch((e: unknown) => e);
    const waiting = agent.request("actions/decide", { workspace, input: { tool_name: "Bash", tool_input: { command: "rm -rf src" }, session_id: "s2" } }).then(
      (r) => r.decision.decision,
      (e: unknown) => (e instanceof WardenError ? e.code : String(e)),
    );
    await waitForPending(human);
    await waitFor(async () => (await human.request("audit/query", { filter: { kinds: ["action.decided"], actorId: "rogue" }, order: "desc", limit: 5 })).records.some((r) => JSON.stringify(r.payload).includes("sleep 30")), "the command started");

    const r = await human.request("agents/contain", { workspace, name: "rogue", reason: "exfiltration suspected" }, { timeoutMs: 60_000 });
    assert.equal(r.changed, true);
    assert.equal(r.agent.status, "contained");
    assert.ok(r.tokensRevoked >= 1);
    assert.equal(r.grantsRevoked, 1);
    assert.equal(r.approvalsDenied, 1);
    assert.equal(r.processesKilled, 1);
    assert.ok(r.stoppedInMs < 5000, `stopped in ${r.stoppedInMs} ms`);

    // The running command died; its (partial) output is still logged.
    const killed = await running;
    assert.ok(!(killed instanceof Error) || killed instanceof WardenError, String(killed));
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(fs.existsSync(path.join(workspace, "late.txt")), false, "the killed command did not finish");
    const results = await human.request("audit/query", { filter: { kinds: ["action.result"], actorId: "rogue" }, order: "desc", limit: 5 });
    assert.ok(results.records.some((x) => JSON.stringify(x.payload).includes("sleep 30")), "the killed command's result is recorded");
    assert.ok(["deny", "disconnected"].includes(await waiting), "the pending request ended: denied, or its connection closed");
    assert.ok(fs.existsSync(path.join(workspace, "src")));

    // Evidence: a verified copy of the log in a private incident folder, with a manifest.
    assert.equal(r.snapshot.verified, true);
    assert.ok(r.snapshot.folder.startsWith(path.join(w.home, "incidents")));
    assert.equal(fs.statSync(r.snapshot.folder).mode & 0o777, 0o700);
    const manifest: unknown = JSON.parse(fs.readFileSync(path.join(r.snapshot.folder, "manifest.json"), "utf8"));
    assert.ok(typeof manifest === "object" && manifest !== null && "headHash" in manifest && manifest.headHash === r.snapshot.headHash);
    const kinds = (await human.request("audit/query", { filter: { kinds: ["agent.contained", "incident.snapshot", "approval.answered"] }, order: "desc", limit: 5 })).records.map((x) => x.kind);
    assert.ok(kinds.includes("agent.contained") && kinds.includes("incident.snapshot"));
  });

  test("attack: the old token is refused through the gate, the HTTP hook, the broker and a new connection, and each refusal is audited", async () => {
    assert.equal(await post(address, token, { hook_event_name: "PreToolUse", tool_name: "Read", tool_input: { file_path: "src/a" } }), 401);
    assert.equal(await post(address, token, { hook_event_name: "ShellGate", tool_name: "Bash", tool_input: { command: "echo hi" } }), 401);
    const mcp = await fetch(`http://${address}/mcp`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "application/json, text/event-stream" }, body: "{}" });
    assert.equal(mcp.status, 401);
    await assert.rejects(connectDaemon({ socketPath: w.paths.socket }, { token }));
    const refused = await human.request("audit/query", { filter: { kinds: ["token.refused"] }, order: "desc", limit: 10 });
    assert.ok(refused.records.some((x) => JSON.stringify(x.payload).includes("agent_contained")));
  });

  test("attack: a contained agent is not resumed or re-issued a token by the ordinary paths; others are untouched", async () => {
    await assert.rejects(human.request("agents/resume", { workspace, name: "rogue" }), isError("conflict"));
    await assert.rejects(human.request("tokens/issue", { workspace, name: "rogue" }), isError("conflict"));
    assert.equal((await other.request("actions/decide", { workspace, input: { tool_name: "Read", tool_input: { file_path: "src/a" } } })).decision.decision, "allow");
    // Agents cannot contain or restore anyone, themselves included.
    await assert.rejects(other.request("agents/contain", { workspace, name: "rogue" }), isError("forbidden"));
    await assert.rejects(other.request("agents/restore", { workspace, name: "rogue", confirm: "rogue", reason: "me" }), isError("forbidden"));
    // The incident folder is Warden's state: the bystander cannot read it through the gate.
    const incidents = path.join(w.home, "incidents");
    const d = await other.request("actions/decide", { workspace, input: { tool_name: "Read", tool_input: { file_path: path.join(incidents, fs.readdirSync(incidents)[0] ?? "", "warden.db") } } });
    assert.equal(d.decision.decision, "deny");
  });

  test("containing again is idempotent; restore needs the name repeated and a reason, and issues a new token", async () => {
    const again = await human.request("agents/contain", { workspace, name: "rogue" });
    assert.equal(again.changed, false);
    assert.equal(again.tokensRevoked, 0);
    await assert.rejects(human.request("agents/restore", { workspace, name: "rogue", confirm: "bystander", reason: "oops" }), isError("invalid_params"));
    const cli = await w.cli(["agent", "restore", "rogue", "--workspace", workspace, "--reason", "reviewed: false alarm", "--confirm", "rogue", "--json"]);
    assert.equal(cli.code, 0, cli.stderr);
    const parsed: unknown = JSON.parse(cli.stdout);
    const fresh = typeof parsed === "object" && parsed !== null && "token" in parsed && typeof parsed.token === "string" ? parsed.token : "";
    const back = await connectDaemon({ socketPath: w.paths.socket }, { token: fresh });
    try {
      assert.equal((await back.request("agents/whoami", { workspace })).agent.status, "active");
    } finally {
      back.close();
    }
    const restored = (await human.request("audit/query", { filter: { kinds: ["agent.restored"] }, limit: 1 })).records[0];
    assert.equal(restored?.actor.type, "human");
    assert.match(JSON.stringify(restored?.payload), /reviewed: false alarm/);
  });

  test("the kill switch contains every agent on the machine", async () => {
    const r = await w.cli(["contain", "--all", "--reason", "drill", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const { agents } = await human.request("agents/list", {});
    assert.ok(agents.length === 2 && agents.every((a) => a.status === "contained"), JSON.stringify(agents.map((a) => a.status)));
    const usage = await w.cli(["contain"]);
    assert.equal(usage.code, 2, "without --all it refuses and says how");
  });
});

async function waitForPending(human: WardenClient): Promise<string> {
  let id = "";
  await waitFor(async () => {
    const { approvals } = await human.request("approvals/list", { status: "pending" });
    id = approvals[0]?.id ?? "";
    return id !== "";
  }, "a pending approval");
  return id;
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
}
