import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as vscode from "vscode";
import type { WardenApi } from "../../../../extension/src/wiring";
import type { AgentsNode } from "../../../../extension/src/views/agents-tree";
import { WardenClient } from "../../../../protocol/src/client";
import { connectDaemon } from "../../../../protocol/src/ws-transport";
import { readFixture, until, wardenApi } from "./host-support";

function commandsOf(contributes: unknown): unknown {
  return typeof contributes === "object" && contributes !== null ? Reflect.get(contributes, "commands") : [];
}

describe("Warden extension in a real VS Code extension host", () => {
  const fixture = readFixture();
  const socketPath = path.join(fixture.home, "daemon.sock");
  let api: WardenApi;
  let human: WardenClient;
  let agent: WardenClient;

  before(async () => {
    api = await wardenApi();
    human = await connectDaemon({ socketPath }, { token: fs.readFileSync(path.join(fixture.home, "auth-token"), "utf8").trim() });
    agent = await connectDaemon({ socketPath }, { token: fixture.builderToken });
  });

  after(() => {
    agent.close();
    human.close();
  });

  it("registers every command it declares", async () => {
    const declared: unknown = vscode.extensions.getExtension("warden-dev.warden")?.packageJSON;
    const commands: unknown = typeof declared === "object" && declared !== null && "contributes" in declared ? commandsOf(Reflect.get(declared, "contributes")) : [];
    assert.ok(Array.isArray(commands) && commands.length >= 10);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of commands) {
      const id: unknown = typeof c === "object" && c !== null ? Reflect.get(c, "command") : undefined;
      assert.ok(typeof id === "string" && registered.has(id), `command ${String(id)} is registered`);
    }
  });

  it("connects to the running daemon with the token from its home", async () => {
    const state = await until("a connection", () => (api.connectionState().kind === "connected" ? api.connectionState() : null));
    assert.equal(state.kind, "connected");
    const status = await human.request("daemon/status", {});
    assert.ok(status.subscriptions >= 1, "the extension holds a subscription (it is an attached approver)");
  });

  it("shows the workspace's real agent identities, with kind, owner, role and token expiry", async () => {
    const roots = await until("agents in the tree", async () => {
      const nodes = (await api.agentsTree.getChildren()) ?? [];
      return nodes.filter((n) => n.type === "agent").length === 2 ? nodes : null;
    });
    const byName = new Map(roots.flatMap((n) => (n.type === "agent" ? [[n.agent.name, n] as const] : [])));
    const builder = byName.get("builder");
    assert.ok(builder !== undefined && builder.type === "agent");
    assert.equal(builder.agent.owner, "alice");
    const item = await api.agentsTree.getTreeItem(builder);
    assert.match(String(item.description), /claude-code · writer · token expires in (59|60) min/);
    assert.equal(item.contextValue, "agent-active");
    const tokens: AgentsNode[] = (await api.agentsTree.getChildren(builder)) ?? [];
    assert.equal(tokens.length, 1);
    const reviewer = byName.get("reviewer");
    assert.ok(reviewer !== undefined);
    assert.match(String((await api.agentsTree.getTreeItem(reviewer)).description), /codex · reader · no active token/);
  });

  it("suspend and resume from the tree's context commands change the identity in the daemon", async () => {
    await human.request("agents/suspend", { workspace: fixture.workspace, name: "reviewer", reason: "e2e" });
    const suspended = await until("the suspended reviewer", async () => {
      const nodes = (await api.agentsTree.getChildren()) ?? [];
      return nodes.find((n) => n.type === "agent" && n.agent.name === "reviewer" && n.agent.status === "suspended");
    });
    assert.equal((await api.agentsTree.getTreeItem(suspended)).contextValue, "agent-suspended");
    await vscode.commands.executeCommand("warden.resumeAgent", suspended);
    const { agent: after } = await human.request("agents/show", { workspace: fixture.workspace, name: "reviewer" });
    assert.equal(after.status, "active");
  });

  it("an ask becomes a pending approval with its own panel; a decision made elsewhere closes it", async () => {
    const decided = agent.request("actions/decide", { workspace: fixture.workspace, input: { tool_name: "Bash", tool_input: { command: "rm -rf src" }, session_id: "host-test" } }, { timeoutMs: 90_000 });
    const id = await until("a pending approval", () => api.pendingApprovals()[0]);
    await until("its panel", () => api.openApprovalPanels().includes(id));
    await human.request("approvals/answer", { id, answer: "deny", reason: "answered from the CLI" });
    const r = await decided;
    assert.equal(r.decision.decision, "deny");
    assert.equal(r.approval, id);
    await until("the panel to close", () => !api.openApprovalPanels().includes(id));
    assert.deepEqual(api.pendingApprovals(), []);
  });

  it("the activity log holds every decision, and the audit chain verifies", async () => {
    await until("rows in the log", () => api.activityRowCount() > 5);
    const chain = await until("a verified chain", () => (api.chainState().state === "verified" ? api.chainState() : null));
    assert.equal(chain.state, "verified");
  });

  it("validates .warden/policy.json against the policy schema", async () => {
    // Outside the daemon's workspace: the schema applies to any .warden/policy.json, and the daemon must not load this one.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wdv-policy-"));
    const file = path.join(dir, ".warden", "policy.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ version: 1, rules: [{ id: "x", action: "file.teleport", decision: "maybe" }] }, null, 2));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    const problems = await until("schema diagnostics", () => {
      const d = vscode.languages.getDiagnostics(doc.uri);
      return d.length > 0 ? d : null;
    }, 30_000);
    assert.ok(problems.some((p) => /decision|action|Value is not accepted/i.test(p.message)), problems.map((p) => p.message).join("; "));
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
