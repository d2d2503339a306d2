import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as vscode from "vscode";
import { hashRow } from "../../../../daemon/src/audit/chain";
import { GENESIS_HASH, auditRecord } from "../../../../protocol/src/audit";
import { WardenClient } from "../../../../protocol/src/client";
import { connectDaemon } from "../../../../protocol/src/ws-transport";
import type { WardenApi } from "../../../../extension/src/wiring";
import { execFile } from "node:child_process";
import { readFixture, until, wardenApi } from "./host-support";

/** What the keychain holds for a Warden secret, read from outside Warden (secret-tool, on the test's private keyring). */
function keychainValue(env: Record<string, string>, name: string): Promise<string | null> {
  return new Promise((resolve) => execFile("secret-tool", ["lookup", "username", name], { env: { ...process.env, ...env }, timeout: 10_000 }, (err, stdout) => resolve(err === null ? stdout : null)));
}

/** The code actions VS Code offers at `range`, as the lightbulb would list them. */
async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<Array<{ title: string; command: string; args: unknown[] }>> {
  const result: unknown = await vscode.commands.executeCommand("vscode.executeCodeActionProvider", uri, range);
  assert.ok(Array.isArray(result));
  return result.flatMap((a: unknown) => {
    if (!(a instanceof vscode.CodeAction) || a.command === undefined) return [];
    const args: unknown[] = a.command.arguments ?? [];
    return [{ title: a.title, command: a.command.command, args }];
  });
}

/** Reads an exported JSONL file and checks it as `warden audit verify` checks the log: every hash, every link, from #1. */
function verifyExport(file: string): { records: number; lastHash: string } {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  assert.equal(lines.pop(), "", "the file ends with a newline");
  let prev = GENESIS_HASH;
  lines.forEach((line, i) => {
    const r = auditRecord.parse(JSON.parse(line));
    assert.equal(r.seq, i + 1, `line ${i + 1} holds record #${i + 1}`);
    assert.equal(r.prevHash, prev, `record #${r.seq} links to the one before`);
    const recomputed = hashRow({ seq: r.seq, ts: r.ts, actorType: r.actor.type, actorId: r.actor.id, workspace: r.workspace, kind: r.kind, payload: JSON.stringify(r.payload), prevHash: r.prevHash });
    assert.equal(recomputed, r.hash, `record #${r.seq}'s hash commits to its content`);
    prev = r.hash;
  });
  return { records: lines.length, lastHash: prev };
}

describe("Warden commands in a real VS Code extension host", () => {
  const fixture = readFixture();
  const socketPath = path.join(fixture.home, "daemon.sock");
  const policyFile = path.join(fixture.workspace, ".warden", "policy.json");
  let api: WardenApi;
  let human: WardenClient;
  let agent: WardenClient;

  before(async () => {
    api = await wardenApi();
    human = await connectDaemon({ socketPath }, { token: fs.readFileSync(path.join(fixture.home, "auth-token"), "utf8").trim() });
    agent = await connectDaemon({ socketPath }, { token: fixture.builderToken });
    await until("a connection", () => api.connectionState().kind === "connected");
  });

  after(() => {
    agent.close();
    human.close();
  });

  it("Connect Agent runs 'warden connect codex --json' for the folder, and the new identity exists in the daemon", async () => {
    await vscode.commands.executeCommand("warden.connectAgent", "codex");
    const { agents } = await human.request("agents/list", { workspace: fixture.workspace });
    const codex = agents.find((a) => a.name === "codex");
    assert.ok(codex !== undefined, `agents: ${agents.map((a) => a.name).join(", ")}`);
    assert.equal(codex.kind, "codex");
  });

  it("Why? opens the policy file at the line of the rule that decided", async () => {
    const r = await agent.request("actions/decide", { workspace: fixture.workspace, input: { tool_name: "Bash", tool_input: { command: "ls src" }, session_id: "host-why" } });
    assert.equal(r.decision.rule, "list-files");
    const line = Number(/:(\d+)$/.exec(r.decision.source ?? "")?.[1]);
    assert.ok(line > 1, `source ${String(r.decision.source)}`);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    await vscode.commands.executeCommand("warden.openRuleSource", r.seq);
    const editor = await until("the policy file in the editor", () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.fsPath === policyFile ? e : null;
    });
    assert.equal(editor.selection.active.line, line - 1, "the cursor is on the rule's line");
    const text = `${editor.document.lineAt(line - 1).text}${editor.document.lineAt(line).text}`;
    assert.match(text, /list-files/, "that line is the rule's");
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("Export Audit Log writes every record from #1 to a file whose hashes and links verify, ending at the daemon's chain", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wdv-export-"));
    const file = path.join(dir, "audit.jsonl");
    await vscode.commands.executeCommand("warden.exportAuditLog", vscode.Uri.file(file));
    assert.ok(fs.existsSync(file), "the export file exists");
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const { records, lastHash } = verifyExport(file);
    assert.ok(records > 10, `${records} records`);
    const { records: [atEnd] } = await human.request("audit/query", { filter: { fromSeq: records }, order: "asc", limit: 1 });
    assert.equal(atEnd?.hash, lastHash, "the file's last record is the daemon's record at that seq");
    const report = await human.request("audit/verify", {});
    assert.ok(report.ok && report.headSeq >= records);
    // Exports given a path never overwrite: a second run leaves the file as it was.
    const before = fs.readFileSync(file, "utf8");
    await vscode.commands.executeCommand("warden.exportAuditLog", vscode.Uri.file(file));
    assert.equal(fs.readFileSync(file, "utf8"), before);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a loosening policy edit is held and shown; once accepted it is gone", async () => {
    const policy: unknown = JSON.parse(fs.readFileSync(policyFile, "utf8"));
    assert.ok(typeof policy === "object" && policy !== null && "rules" in policy && Array.isArray(policy.rules));
    policy.rules.push({ id: "host-test-cat", action: "shell.exec", commands: [{ program: "cat" }], decision: "allow" });
    fs.writeFileSync(policyFile, JSON.stringify(policy, null, 2));
    await until("the held change", () => api.heldPolicyChanges().includes(fixture.workspace));
    const status = await human.request("policy/status", { workspace: fixture.workspace });
    assert.ok(status.pending?.changes.some((c) => c.includes("host-test-cat")));
    await human.request("policy/accept", { workspace: fixture.workspace });
    await until("the held change to clear", () => api.heldPolicyChanges().length === 0);
  });

  it("a contained agent shows as contained in the tree and is counted for the status bar", async () => {
    await human.request("agents/add", { workspace: fixture.workspace, name: "incident-bot", kind: "custom", owner: "carol", purpose: "host test of containment", role: "reader" });
    const r = await human.request("agents/contain", { workspace: fixture.workspace, name: "incident-bot", reason: "host test" });
    assert.equal(r.agent.status, "contained");
    await until("the status bar count", () => api.containedAgents().includes("incident-bot"));
    const node = await until("the contained agent in the tree", async () => (await api.agentsTree.getChildren())?.find((n) => n.type === "agent" && n.agent.name === "incident-bot" && n.agent.status === "contained"));
    const item = await api.agentsTree.getTreeItem(node);
    assert.equal(item.contextValue, "agent-contained");
    assert.match(String(item.description), /CONTAINED/);
    // Back to service (the UI phase counts its own containment from zero).
    await human.request("agents/restore", { workspace: fixture.workspace, name: "incident-bot", confirm: "incident-bot", reason: "host test over" });
    await until("the count to drop", () => !api.containedAgents().includes("incident-bot"));
  });

  it("remembered grants are listed, and Revoke Remembered Grant withdraws one", async () => {
    const pending = agent.request("actions/decide", { workspace: fixture.workspace, input: { tool_name: "Bash", tool_input: { command: "rm -rf docs/old" }, session_id: "host-grant" } }, { timeoutMs: 60_000 });
    const id = await until("the ask", () => api.pendingApprovals()[0]);
    await human.request("approvals/answer", { id, answer: "approve", scope: "session" });
    assert.equal((await pending).decision.decision, "allow");
    const node = await until("the grant in the view", async () => (await api.grantsTree.getChildren())?.find((n) => n.type === "grant" && n.grant.approvalId === id));
    assert.equal((await api.grantsTree.getTreeItem(node)).contextValue, "grant");
    await vscode.commands.executeCommand("warden.revokeGrant", node);
    const { grants } = await human.request("approvals/grants", { workspace: fixture.workspace });
    assert.equal(grants.filter((g) => g.approvalId === id).length, 0, "the grant is no longer active");
    await until("the view to drop it", async () => !(await api.grantsTree.getChildren())?.some((n) => n.type === "grant" && n.grant.approvalId === id));
  });

  it("a secret in a workspace config file shows as a diagnostic without opening it; Move to keychain stores it and leaves ${secret:NAME}", async () => {
    const file = path.join(fixture.workspace, "mcp-servers.json");
    const token = "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5";
    fs.writeFileSync(file, JSON.stringify({ mcpServers: { github: { command: "gh-mcp", env: { GITHUB_TOKEN: token } } } }, null, 2));
    const uri = vscode.Uri.file(file);
    const [diagnostic] = await until("a secret diagnostic for the unopened file", () => {
      const d = api.secretDiagnostics(uri);
      return d.length > 0 ? d : null;
    });
    assert.ok(diagnostic !== undefined);
    assert.match(diagnostic.message, /^github-token in plain text \(ghp_…\(36 more\)\): agents that read this file see it/);
    assert.ok(!diagnostic.message.includes(token.slice(4)), "the diagnostic never shows the value");
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.getText(diagnostic.range), token, "the diagnostic covers exactly the value");
    const move = (await codeActions(uri, diagnostic.range)).find((a) => a.title.startsWith("Move to keychain"));
    assert.ok(move !== undefined, "the quick fix is offered");
    assert.equal(move.title, "Move to keychain (replace with ${secret:NAME})");
    await vscode.commands.executeCommand(move.command, ...move.args, "github_token");
    const after = fs.readFileSync(file, "utf8");
    assert.ok(!after.includes(token), "the value left the file");
    assert.match(after, /"GITHUB_TOKEN": "\$\{secret:github_token\}"/);
    assert.equal(await keychainValue(fixture.keyringEnv, "github_token"), token, "the keychain holds the value");
    const { secrets } = await human.request("secrets/list", {});
    assert.ok(secrets.some((s) => s.secret.name === "github_token"));
    await until("the diagnostic to clear", () => api.secretDiagnostics(uri).length === 0);
    const node = await until("the secret in the Secrets view", async () => (await api.secretsTree.getChildren())?.find((n) => n.type === "secret" && n.secret.name === "github_token"));
    assert.match(String((await api.secretsTree.getTreeItem(node)).description), /never used · not bound/);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    fs.rmSync(file);
  });

  it("the quick fix refuses when the text changed since the diagnostic: nothing else is sent to the keychain", async () => {
    const file = path.join(fixture.workspace, "stale.yaml");
    fs.writeFileSync(file, "api:\n  token: glpat-aB3dE5fG7hJ9kL1mN3pQ\n");
    const uri = vscode.Uri.file(file);
    const [diagnostic] = await until("a diagnostic", () => (api.secretDiagnostics(uri).length > 0 ? api.secretDiagnostics(uri) : null));
    assert.ok(diagnostic !== undefined);
    const doc = await vscode.workspace.openTextDocument(uri);
    const move = (await codeActions(uri, diagnostic.range)).find((a) => a.title.startsWith("Move to keychain"));
    assert.ok(move !== undefined);
    fs.writeFileSync(file, "api:\n  token: not-a-secret-any-more\n");
    await until("the editor to see the new text", () => doc.getText().includes("not-a-secret"));
    await vscode.commands.executeCommand(move.command, ...move.args, "stale_token");
    const { secrets } = await human.request("secrets/list", {});
    assert.ok(!secrets.some((s) => s.secret.name === "stale_token"), "nothing was stored");
    assert.equal(await keychainValue(fixture.keyringEnv, "stale_token"), null);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    fs.rmSync(file);
  });
});
