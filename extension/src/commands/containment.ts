import * as vscode from "vscode";
import { AgentInfo } from "../../../protocol/src/agents";
import { ContainmentResult } from "../../../protocol/src/containment-methods";
import { COMMAND } from "../command-ids";
import { AgentRoster } from "../state/agent-roster";
import { AgentsNode } from "../views/agents-tree";
import { CommandBase, guarded, requireClient } from "./command-support";

export interface ContainDeps extends CommandBase {
  roster: AgentRoster;
  agentsChanged(): void;
}

/** What containment did, in one sentence for the human who asked for it. */
export function containmentSummary(r: ContainmentResult): string {
  if (!r.changed) return `${r.agent.name} was already contained; nothing more was needed. Evidence: log snapshot at #${r.snapshot.headSeq} in ${r.snapshot.folder}.`;
  const n = (count: number, what: string): string => `${count} ${what}${count === 1 ? "" : "s"}`;
  return (
    `${r.agent.name} is contained: ${n(r.tokensRevoked, "token")} and ${n(r.grantsRevoked, "remembered grant")} revoked, ${n(r.approvalsDenied, "pending approval")} denied, ` +
    `${n(r.processesKilled, "process")} stopped in ${Math.round(r.stoppedInMs)} ms. Evidence: log snapshot through #${r.snapshot.headSeq} (${r.snapshot.verified ? "verified" : "NOT verified"}) in ${r.snapshot.folder}.`
  );
}

async function pickAgent(deps: ContainDeps, title: string, statuses: ReadonlyArray<AgentInfo["status"]>): Promise<AgentInfo | null> {
  const agents = (await deps.roster.refresh()).filter((a) => statuses.includes(a.status));
  if (agents.length === 0) {
    void vscode.window.showInformationMessage(`Warden: no ${statuses.join(" or ")} agent in this window's folders.`);
    return null;
  }
  const pick = await vscode.window.showQuickPick(
    agents.map((a) => ({ label: a.name, description: `${a.kind} · ${a.status} · owner ${a.owner}`, detail: a.workspace, agent: a })),
    { title },
  );
  return pick?.agent ?? null;
}

/** The agent a tree node stands for (the command was run from the Agents view), else null (from the palette). */
function agentOf(node: AgentsNode | undefined): AgentInfo | null {
  return node?.type === "agent" ? node.agent : null;
}

/**
 * Warden: Contain Agent (palette, and the Agents view's context menu): the
 * incident step — suspend, revoke tokens and grants, deny what it waits for,
 * stop its processes, snapshot the log. Confirmed in a modal, with an optional
 * reason that goes into the audit record. Warden: Restore Agent returns a
 * contained agent to service, only with its name typed back and a reason.
 */
export function registerContainmentCommands(deps: ContainDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      COMMAND.containAgent,
      guarded(deps, "Contain agent", async (node?: AgentsNode) => {
        const client = requireClient(deps);
        if (client === null) return;
        const agent = agentOf(node) ?? (await pickAgent(deps, "Warden: contain which agent?", ["active", "suspended"]));
        if (agent === null) return;
        const reason = await vscode.window.showInputBox({
          title: `Contain ${agent.name}`,
          prompt: "Why? (optional; recorded in the audit log). Enter to continue, Escape to cancel.",
          placeHolder: "e.g. pushed to an unknown remote",
        });
        if (reason === undefined) return;
        const ok = await vscode.window.showWarningMessage(
          `Contain ${agent.name}?`,
          {
            modal: true,
            detail: `In ${agent.workspace}: suspends the identity, revokes its tokens and remembered grants, denies its pending approvals, stops every process Warden started for it, and snapshots the audit log as evidence.\nIt returns to service only through Restore Agent.${reason !== "" ? `\n\nReason: ${reason}` : ""}`,
          },
          "Contain",
        );
        if (ok !== "Contain") return;
        const r = await client.request("agents/contain", { workspace: agent.workspace, name: agent.name, ...(reason !== "" ? { reason } : {}) }, { timeoutMs: 60_000 });
        deps.log.info(`contain ${agent.name}: ${JSON.stringify({ ...r, agent: r.agent.name })}`);
        deps.agentsChanged();
        void (r.snapshot.verified ? vscode.window.showInformationMessage : vscode.window.showErrorMessage)(`Warden: ${containmentSummary(r)}`);
      }),
    ),
    vscode.commands.registerCommand(
      COMMAND.restoreAgent,
      guarded(deps, "Restore agent", async (node?: AgentsNode) => {
        const client = requireClient(deps);
        if (client === null) return;
        const agent = agentOf(node) ?? (await pickAgent(deps, "Warden: restore which contained agent?", ["contained"]));
        if (agent === null) return;
        const confirm = await vscode.window.showInputBox({
          title: `Restore ${agent.name} to service`,
          prompt: `Type the agent's name (${agent.name}) to confirm. It gets a new token; its old ones stay revoked.`,
          validateInput: (v) => (v === agent.name ? null : `type ${agent.name} exactly`),
        });
        if (confirm !== agent.name) return;
        const reason = await vscode.window.showInputBox({ title: `Restore ${agent.name}`, prompt: "Why is it safe again? (required; recorded in the audit log)", validateInput: (v) => (v.trim() === "" ? "a reason is required" : null) });
        if (reason === undefined || reason.trim() === "") return;
        const r = await client.request("agents/restore", { workspace: agent.workspace, name: agent.name, confirm, reason: reason.trim() });
        deps.agentsChanged();
        // The new token's value is not shown: 'warden run' issues the agent its own session token.
        void vscode.window.showInformationMessage(`Warden: ${r.agent.name} is ${r.agent.status} again; token ${r.info.id} issued (expires ${new Date(r.info.expiresAt).toLocaleString()}). Start it with 'warden run'.`);
      }),
    ),
  ];
}
