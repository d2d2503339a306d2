import path from "node:path";
import * as vscode from "vscode";
import { COMMAND } from "../command-ids";
import { PendingPolicyChange, PolicyChanges, changedFile, shortChange } from "../state/policy-changes";
import { CommandBase, guarded, offer, requireClient } from "./command-support";

export interface PolicyChangeDeps extends CommandBase {
  policy: PolicyChanges;
}

async function openFile(file: string): Promise<void> {
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
}

async function pickChange(policy: PolicyChanges): Promise<PendingPolicyChange | null> {
  const all = policy.all;
  if (all.length === 0) {
    void vscode.window.showInformationMessage("Warden: no policy change is waiting for acceptance.");
    return null;
  }
  if (all.length === 1) return all[0] ?? null;
  const pick = await vscode.window.showQuickPick(
    all.map((c) => ({ label: c.workspace, description: `${c.changes.length} loosening change(s)${policy.isRejected(c) ? " · rejected" : ""}`, detail: c.changes.join(" · "), change: c })),
    { title: "Warden: which workspace's policy change?" },
  );
  return pick?.change ?? null;
}

/**
 * Warden: Review Policy Change. A policy edit that loosens anything is held by the
 * daemon until a human accepts it; this shows what it loosens and asks, in a
 * modal (a stray keystroke must not accept a loosening). Accept calls
 * policy/accept (recorded with the human's name). Reject records the refusal;
 * the change stays held (not in force) until the file is edited back, because
 * the daemon has no way to drop a held change yet.
 */
export function registerPolicyChangeCommands(deps: PolicyChangeDeps): vscode.Disposable[] {
  const review = guarded(deps, "Review policy change", async () => {
    const client = requireClient(deps);
    if (client === null) return;
    const change = await pickChange(deps.policy);
    if (change === null) return;
    const file = changedFile(change);
    const choice = await vscode.window.showWarningMessage(
      `Accept the policy change in ${change.workspace}? It loosens ${change.changes.length === 1 ? "1 thing" : `${change.changes.length} things`}, and is not in force until you accept it.`,
      {
        modal: true,
        detail: `${change.changes.map((c) => `• ${c}`).join("\n")}\n\nDetected ${new Date(change.detectedAt).toLocaleString()} in ${file}. Your answer is recorded in the audit log with your name.`,
      },
      // The first item is the dialog's default (Enter): make it the harmless one, so a stray Enter never accepts a loosening.
      "Open Policy File",
      "Accept",
      "Reject",
    );
    if (choice === "Open Policy File") return openFile(file);
    if (choice === "Accept") {
      const r = await client.request("policy/accept", { workspace: change.workspace });
      await deps.policy.refresh();
      if (r.accepted) void vscode.window.showInformationMessage(`Warden: accepted; the policy in ${path.basename(change.workspace)} now includes: ${r.changes.join("; ")}.`);
      else void vscode.window.showInformationMessage("Warden: nothing was waiting any more (the file changed again, or someone accepted it already).");
      return;
    }
    if (choice === "Reject") {
      await client.request("audit/append", { events: [{ kind: "policy.loosening_rejected", workspace: change.workspace, payload: { changes: change.changes, detectedAt: change.detectedAt, file } }] });
      deps.policy.markRejected(change);
      offer(deps, "info", `Warden: rejected and recorded. The policy in force stays as it was; the edit in ${path.basename(file)} stays held until you undo it there.`, {
        "Open Policy File": () => openFile(file),
      });
    }
  });
  return [
    vscode.commands.registerCommand(COMMAND.reviewPolicyChange, review),
    deps.policy.onDidAppear((change) =>
      offer(deps, "warning", `Warden: a policy edit in ${path.basename(change.workspace)} loosens the policy: ${shortChange(change.changes[0] ?? "")}${change.changes.length > 1 ? ` (and ${change.changes.length - 1} more)` : ""}. It is NOT in force until you accept it.`, {
        "Review…": () => vscode.commands.executeCommand(COMMAND.reviewPolicyChange),
      }),
    ),
  ];
}
