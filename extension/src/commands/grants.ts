import * as vscode from "vscode";
import { COMMAND } from "../command-ids";
import { GrantsNode, GrantsTree } from "../views/grants-tree";
import { CommandBase, guarded, requireClient } from "./command-support";

export interface GrantDeps extends CommandBase {
  grants: GrantsTree;
}

/**
 * Revoke Remembered Grant: from the view's inline action (the node), or from the
 * palette (a pick of the active grants). The next such action asks again.
 */
export function registerGrantCommands(deps: GrantDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      COMMAND.revokeGrant,
      guarded(deps, "Revoke grant", async (node?: GrantsNode) => {
        const client = requireClient(deps);
        if (client === null) return;
        let grant = node?.type === "grant" ? node.grant : null;
        if (grant === null) {
          const grants = await deps.grants.list(client);
          if (grants.length === 0) {
            void vscode.window.showInformationMessage("Warden: no remembered grants are in force.");
            return;
          }
          const pick = await vscode.window.showQuickPick(
            grants.map((g) => ({ label: `${g.agent}: ${g.actionKind} ${g.target}`, description: `expires ${new Date(g.expiresAt).toLocaleString()}`, detail: `granted by ${g.grantedBy} · ${g.workspace}`, grant: g })),
            { title: "Warden: revoke which remembered grant?", matchOnDetail: true },
          );
          grant = pick?.grant ?? null;
        }
        if (grant === null) return;
        const r = await client.request("approvals/revoke-grant", { id: grant.id });
        deps.grants.refresh();
        void vscode.window.showInformationMessage(r.revoked ? `Warden: revoked; ${grant.agent}'s next ${grant.actionKind} of ${grant.target} asks again.` : `Warden: that grant was no longer in force.`);
      }),
    ),
    vscode.commands.registerCommand(COMMAND.refreshGrants, () => deps.grants.refresh()),
  ];
}
