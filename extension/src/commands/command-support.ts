import * as vscode from "vscode";
import { WardenClient } from "../../../protocol/src/client";

export interface CommandBase {
  log: vscode.LogOutputChannel;
  client(): WardenClient | null;
}

/** The live client, or null after telling the human how to get one. */
export function requireClient(deps: CommandBase): WardenClient | null {
  const client = deps.client();
  if (client === null) void vscode.window.showErrorMessage("Warden is not connected to its daemon. Check the Warden output, or run 'Warden: Reconnect to Daemon'.");
  return client;
}

/** Runs a command body, turning its failure into one readable error message (and a log line). */
export function guarded<A extends unknown[]>(deps: CommandBase, name: string, body: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      deps.log.error(`${name}: ${message}`);
      void vscode.window.showErrorMessage(`Warden: ${name} failed: ${message}`);
    }
  };
}

/** The workspace folder a command acts on: the only one, or the human's pick (null: none open, or cancelled). */
export async function pickFolder(title: string): Promise<vscode.WorkspaceFolder | null> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file");
  if (folders.length === 0) {
    void vscode.window.showInformationMessage("Warden: open a folder first; agents and policy belong to a workspace folder.");
    return null;
  }
  if (folders.length === 1) return folders[0] ?? null;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: title })) ?? null;
}

/**
 * Shows a message with action buttons without holding the command open: the
 * command finishes now, and a button runs its action whenever it is clicked
 * (a notification can stay unanswered for hours).
 */
export function offer(deps: CommandBase, severity: "info" | "warning" | "error", message: string, actions: Record<string, () => Thenable<unknown> | void>): void {
  const show = severity === "error" ? vscode.window.showErrorMessage : severity === "warning" ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  show(message, ...Object.keys(actions)).then(
    async (choice) => {
      const action = choice === undefined ? undefined : actions[choice];
      try {
        await action?.();
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        deps.log.error(`${choice ?? ""}: ${text}`);
        void vscode.window.showErrorMessage(`Warden: ${choice ?? "action"} failed: ${text}`);
      }
    },
    (err: unknown) => deps.log.error(`could not show a message: ${String(err)}`),
  );
}
