import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { WardenError } from "../../protocol/src/errors";
import { connectDaemon } from "../../protocol/src/ws-transport";
import { TempWarden } from "./helpers/warden-home";

/** Polls `check` until it holds (bounded), for effects that follow a file change. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for: ${what}`);
}

describe("the daemon decides agent actions under the workspace policy", () => {
  const w = new TempWarden();
  let workspace = "";
  let human: WardenClient;
  let agent: WardenClient;
  const policyFile = () => path.join(workspace, ".warden", "policy.json");
  const decide = (tool_name: string, tool_input: Record<string, unknown>) => agent.request("actions/decide", { workspace, input: { tool_name, tool_input, session_id: "s-1" } });
  /** What policy said: with no approver attached an ask comes back denied, marked as asked. */
  const verdict = async (tool_name: string, tool_input: Record<string, unknown>): Promise<string> => {
    const r = await decide(tool_name, tool_input);
    return r.asked ? "ask" : r.decision.decision;
  };

  before(async () => {
    // Outside WARDEN_HOME: everything in there is Warden's state, out of every agent's reach.
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-ws-")));
    fs.mkdirSync(path.join(workspace, "src"));
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    await w.start();
    human = await w.connect();
    await human.request("agents/add", { workspace, name: "claude-1", kind: "claude-code", owner: "alice", purpose: "tests" });
    const { token } = await human.request("tokens/issue", { workspace, name: "claude-1" });
    agent = await connectDaemon({ socketPath: w.paths.socket }, { token });
  });
  after(async () => {
    agent.close();
    human.close();
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("each decision is audited before it is answered, with agent, owner and requester", async () => {
    const allowed = await decide("Read", { file_path: "src/a.ts" });
    assert.equal(allowed.decision.decision, "allow");
    const denied = await decide("Write", { file_path: ".vscode/settings.json", content: "{}" });
    assert.equal(denied.decision.decision, "deny");
    assert.equal(denied.decision.rule, "builtin:protected-path");
    const { records } = await human.request("audit/query", { filter: { kinds: ["action.decided"] }, limit: 10 });
    const last = records.find((r) => r.seq === denied.seq);
    assert.ok(last !== undefined, "the decision's record exists at the seq returned");
    assert.deepEqual(last.actor, { type: "agent", id: "claude-1" });
    assert.equal(last.workspace, workspace);
    const payload = typeof last.payload === "object" && last.payload !== null && !Array.isArray(last.payload) ? last.payload : {};
    assert.equal(payload["owner"], "alice");
    assert.match(typeof payload["requester"] === "string" ? payload["requester"] : "", /^human:/);
    assert.equal(payload["decision"], "deny");
    assert.equal(payload["sessionId"], "s-1");
  });

  test("attack: decisions for another workspace, or by a human connection, are refused", async () => {
    const other = fs.realpathSync(fs.mkdtempSync(path.join(w.home, "other-")));
    after(() => fs.rmSync(other, { recursive: true, force: true }));
    await assert.rejects(agent.request("actions/decide", { workspace: other, input: { tool_name: "Read", tool_input: { file_path: "a" } } }), (e: unknown) => e instanceof WardenError && e.code === "token_wrong_workspace");
    await assert.rejects(human.request("actions/decide", { workspace, input: { tool_name: "Read", tool_input: { file_path: "a" } } }), (e: unknown) => e instanceof WardenError && e.code === "forbidden");
  });

  test("a policy change that only tightens applies at once", async () => {
    assert.equal(await verdict("Bash", { command: "ls" }), "allow");
    const r = await w.cli(["init", "--workspace", workspace]);
    assert.equal(r.code, 0, r.stderr);
    // The same rules as the starter policy: nothing loosens, so it applies without a prompt.
    await eventually(async () => (await human.request("policy/status", { workspace })).layers.some((l) => l.file === policyFile()), "the file policy in force");
    const text = fs.readFileSync(policyFile(), "utf8").replace('{ "program": "ls", "readsArgs": true }, ', "");
    fs.writeFileSync(policyFile(), text);
    await eventually(async () => (await verdict("Bash", { command: "ls" })) === "ask", "ls no longer allowed");
    assert.equal((await human.request("policy/status", { workspace })).pending, null);
  });

  test("attack: a change that loosens waits for a human; until accepted nothing loosens", async () => {
    const loosened = fs.readFileSync(policyFile(), "utf8").replace('"rules": [', '"rules": [\n    { "id": "yolo", "action": "tool.unknown", "tools": ["TodoWrite"], "decision": "allow" },');
    fs.writeFileSync(policyFile(), loosened);
    await eventually(async () => (await human.request("policy/status", { workspace })).pending !== null, "a pending loosening");
    const status = await human.request("policy/status", { workspace });
    assert.deepEqual(status.pending?.changes, [`workspace policy (${policyFile()}): new allow rule 'yolo'`]);
    assert.equal(await verdict("TodoWrite", { todos: [] }), "ask", "still asked before acceptance");
    const r = await w.cli(["policy", "accept", "--workspace", workspace]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /new allow rule 'yolo'/);
    assert.equal(await verdict("TodoWrite", { todos: [] }), "allow");
    const { records } = await human.request("audit/query", { filter: { kinds: ["policy.loosening_held", "policy.loosening_accepted"] }, limit: 10 });
    assert.deepEqual(records.map((x) => x.kind), ["policy.loosening_held", "policy.loosening_accepted"]);
    assert.equal(records[1]?.actor.type, "human");
  });

  test("attack: a loosening written while the daemon is down is still held after the restart", async () => {
    agent.close();
    human.close();
    assert.equal((await w.cli(["daemon", "stop"])).code, 0);
    const loosened = fs.readFileSync(policyFile(), "utf8").replace('"rules": [', '"rules": [\n    { "id": "while-down", "action": "tool.unknown", "tools": ["NotebookRead"], "decision": "allow" },');
    fs.writeFileSync(policyFile(), loosened);
    await w.start();
    human = await w.connect();
    const { token } = await human.request("tokens/issue", { workspace, name: "claude-1" });
    agent = await connectDaemon({ socketPath: w.paths.socket }, { token });
    assert.equal(await verdict("NotebookRead", { path: "x" }), "ask", "not loosened by the restart");
    assert.equal(await verdict("TodoWrite", { todos: [] }), "allow", "what was accepted before stays accepted");
    const status = await human.request("policy/status", { workspace });
    assert.deepEqual(status.pending?.changes, [`workspace policy (${policyFile()}): new allow rule 'while-down'`]);
    assert.equal((await human.request("policy/accept", { workspace })).accepted, true);
    assert.equal(await verdict("NotebookRead", { path: "x" }), "allow");
  });

  test("an invalid policy file keeps the last good policy and reports file, line and column", async () => {
    const good = fs.readFileSync(policyFile(), "utf8");
    fs.writeFileSync(policyFile(), good.replace('"version": 1,', '"version": 1,\n  "bogus": true,'));
    await eventually(async () => (await human.request("policy/status", { workspace })).problems !== null, "problems reported");
    const status = await human.request("policy/status", { workspace });
    assert.match(status.problems?.[0]?.message ?? "", /bogus|Unrecognized/i);
    assert.ok((status.problems?.[0]?.line ?? 0) > 1);
    assert.equal(await verdict("TodoWrite", { todos: [] }), "allow", "the last good policy stays");
    fs.writeFileSync(policyFile(), good);
    await eventually(async () => (await human.request("policy/status", { workspace })).problems === null, "problems cleared");
  });
});
