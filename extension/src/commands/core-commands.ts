import fs from "node:fs";
import path from "node:path";
import * as vscode from "vscode";
import { WardenClient } from "../../../protocol/src/client";
import { COMMAND, VIEW } from "../command-ids";
import { ApprovalPanels } from "../panels/approval-panels";
import { ActivityViews } from "../panels/activity-views";
import { ApprovalsStore } from "../state/approvals-store";
import { ChainMonitor } from "../state/chain-monitor";
import { AgentsNode, AgentsTree } from "../views/agents-tree";
import { guarded, requireClient } from "./command-support";

export interface CommandDeps {
  log: vscode.LogOutputChannel;
  client(): WardenClient | null;
  reconnect(): void;
  approvals: ApprovalsStore;
  panels: ApprovalPanels;
  activity: ActivityViews;
  chain: ChainMonitor;
  agents: AgentsTree;
  /** Runs the Warden CLI with the configured Node (for `warden init`). */
  runCli(args: readonly string[]): Promise<string>;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const agentArg = (node: AgentsNode | undefined): Extract<AgentsNode, { type: "agent" }> | null => (node?.type === "agent" ? node : null);
  return [
    vscode.commands.registerCommand(COMMAND.showLog, () => deps.log.show()),
    vscode.commands.registerCommand(COMMAND.reconnect, () => deps.reconnect()),
    vscode.commands.registerCommand(COMMAND.refreshAgents, () => deps.agents.refresh()),
    vscode.commands.registerCommand(COMMAND.openActivity, () => deps.activity.openPanel()),
    vscode.commands.registerCommand(COMMAND.openApproval, (id: unknown) => {
      if (typeof id === "string" && !deps.panels.open(id)) void vscode.window.showInformationMessage("Warden: that request is no longer pending.");
    }),
    vscode.commands.registerCommand(
      COMMAND.showPendingApprovals,
      guarded(deps, "Show pending approvals", async () => {
        const pending = deps.approvals.newestFirst();
        if (pending.length === 0) {
          await vscode.commands.executeCommand(`${VIEW.approvals}.focus`);
          void vscode.window.showInformationMessage("Warden: no agent action is waiting for approval.");
          return;
        }
        if (pending.length === 1 && pending[0] !== undefined) {
          deps.panels.open(pending[0].id);
          return;
        }
        const pick = await vscode.window.showQuickPick(
          pending.map((a) => ({ label: `${a.agent}: ${a.context.summary}`, description: a.context.action.kind, detail: `rule ${a.context.rule.rule ?? "none"} — ${a.context.rule.reason}`, id: a.id })),
          { title: "Warden: pending approvals (newest first)" },
        );
        if (pick !== undefined) deps.panels.open(pick.id);
      }),
    ),
    vscode.commands.registerCommand(
      COMMAND.verifyAuditLog,
      guarded(deps, "Verify audit log", async () => {
        const chain = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Warden: verifying the audit chain…" }, () => deps.chain.verify());
        if (chain.state === "verified") void vscode.window.showInformationMessage(`Warden: the audit log verifies: ${chain.checked} records, head #${chain.headSeq} (${Math.round(chain.durationMs)} ms).`);
        else if (chain.state === "broken") void vscode.window.showErrorMessage(`Warden: the audit log does NOT verify${chain.firstBadSeq !== null ? ` from record #${chain.firstBadSeq}` : ""}: ${chain.problem}`);
        else if (chain.state === "error") void vscode.window.showErrorMessage(`Warden: could not verify the audit log: ${chain.message}`);
      }),
    ),
    vscode.commands.registerCommand(
      COMMAND.openPolicy,
      guarded(deps, "Open policy", async () => {
        const folder = vscode.workspace.workspaceFolders?.[0];
        if (folder === undefined || folder.uri.scheme !== "file") {
          void vscode.window.showInformationMessage("Warden: open a folder first; its policy lives in .warden/policy.json.");
          return;
        }
        const file = path.join(folder.uri.fsPath, ".warden", "policy.json");
        if (!fs.existsSync(file)) {
          const choice = await vscode.window.showInformationMessage(`Warden: ${folder.name} has no .warden/policy.json (the starter policy applies).`, "Create starter policy");
          if (choice !== "Create starter policy") return;
          await deps.runCli(["init", "--workspace", folder.uri.fsPath]);
        }
        await vscode.window.showTextDocument(vscode.Uri.file(file));
      }),
    ),
    vscode.commands.registerCommand(
      COMMAND.suspendAgent,
      guarded(deps, "Suspend agent", async (node?: AgentsNode) => {
        const a = agentArg(node);
        const client = requireClient(deps);
        if (a === null || client === null) return;
        const reason = await vscode.window.showInputBox({ title: `Suspend ${a.agent.name}`, prompt: "Why (recorded in the audit log; optional)" });
        if (reason === undefined) return;
        await client.request("agents/suspend", { workspace: a.agent.workspace, name: a.agent.name, ...(reason !== "" ? { reason } : {}) });
        deps.agents.refresh();
      }),
    ),
    vscode.commands.registerCommand(
      COMMAND.resumeAgent,
      guarded(deps, "Resume agent", async (node?: AgentsNode) => {
        const a = agentArg(node);
        const client = requireClient(deps);
        if (a === null || client === null) return;
        await client.request("agents/resume", { workspace: a.agent.workspace, name: a.agent.name });
        deps.agents.refresh();
      }),
    ),
    vscode.commands.registerCommand(
      COMMAND.revokeAgent,
      guarded(deps, "Revoke agent", async (node?: AgentsNode) => {
        const a = agentArg(node);
        const client = requireClient(deps);
        if (a === null || client === null) return;
        const ok = await vscode.window.showWarningMessage(
          `Revoke ${a.agent.name} for good? Its ${a.agent.activeTokens} active token(s) stop working now, and a revoked identity never returns to service.`,
          { modal: true },
          "Revoke",
        );
        if (ok !== "Revoke") return;
        const r = await client.request("agents/revoke", { workspace: a.agent.workspace, name: a.agent.name, reason: "revoked from VS Code" });
        void vscode.window.showInformationMessage(`Warden: ${a.agent.name} revoked (${r.tokensRevoked} token(s)).`);
        deps.agents.refresh();
      }),
    ),
    vscode.commands.registerCommand(
      COMMAND.revokeToken,
      guarded(deps, "Revoke token", async (node?: AgentsNode) => {
        const client = requireClient(deps);
        if (node?.type !== "token" || client === null) return;
        await client.request("tokens/revoke", { tokenId: node.token.id });
        deps.agents.refresh();
      }),
    ),
  ];
}
