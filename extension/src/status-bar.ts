import * as vscode from "vscode";
import { ConnectionState } from "./connection/connection-manager";
import { COMMAND } from "./command-ids";

/**
 * The status bar: one item for the connection, the requests waiting for a human
 * (click opens them) and the contained agents; a second one, shown only while a
 * loosening policy edit is held, that opens its review.
 */
export class WardenStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("warden.status", vscode.StatusBarAlignment.Left, 100);
  private readonly policyItem = vscode.window.createStatusBarItem("warden.policy", vscode.StatusBarAlignment.Left, 99);
  private state: ConnectionState = { kind: "connecting" };
  private pending = 0;
  private contained: string[] = [];
  /** Why commands Warden allows would run without an OS sandbox here; null when they are sandboxed (or unknown). */
  private unsandboxed: string | null = null;

  constructor() {
    this.item.name = "Warden";
    this.render();
    this.item.show();
  }

  setState(state: ConnectionState): void {
    this.state = state;
    this.render();
  }

  setPending(count: number): void {
    this.pending = count;
    this.render();
  }

  /** Names of the contained agents in this window's workspaces. */
  setContained(names: string[]): void {
    this.contained = names;
    this.render();
  }

  /** What the daemon says of the OS sandbox on this machine. */
  setSandbox(sandbox: { available: boolean; detail: string } | undefined): void {
    this.unsandboxed = sandbox === undefined ? "this daemon does not report an OS sandbox" : sandbox.available ? null : sandbox.detail;
    this.render();
  }

  /** Loosening policy changes held for acceptance (`rejected`: of them, answered "reject" here). */
  setPolicyChanges(held: number, rejected: number): void {
    const p = this.policyItem;
    if (held === 0) {
      p.hide();
      return;
    }
    p.name = "Warden policy";
    p.text = rejected === held ? `$(law) Policy loosening held (rejected)` : `$(law) Policy loosening held${held > 1 ? ` (${held})` : ""}`;
    p.tooltip = `A policy edit loosens the policy; it is not in force until you accept it.${rejected > 0 ? ` You rejected ${rejected}: undo the edit in the file to clear it.` : ""}\nClick to review.`;
    p.command = COMMAND.reviewPolicyChange;
    p.backgroundColor = rejected === held ? undefined : new vscode.ThemeColor("statusBarItem.warningBackground");
    p.show();
  }

  private render(): void {
    const item = this.item;
    item.backgroundColor = undefined;
    switch (this.state.kind) {
      case "connecting":
        item.text = "$(sync~spin) Warden";
        item.tooltip = "Warden: connecting to the daemon…";
        item.command = COMMAND.showLog;
        return;
      case "offline":
        item.text = "$(debug-disconnect) Warden offline";
        item.tooltip = `Warden is not connected: ${this.state.reason}\nClick to reconnect now.`;
        item.command = COMMAND.reconnect;
        item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
        return;
      case "connected": {
        const contained = this.contained.length > 0 ? ` · ${this.contained.length} contained` : "";
        const containedTip = this.contained.length > 0 ? `\nContained (out of service until restored): ${this.contained.join(", ")}.` : "";
        if (this.pending > 0) {
          item.text = `$(shield) Warden: ${this.pending} pending${contained}`;
          item.tooltip = `${this.pending} agent action${this.pending === 1 ? "" : "s"} waiting for your approval. Click to review.${containedTip}`;
          item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
        } else {
          item.text = `$(shield) Warden${contained}`;
          item.tooltip = `Warden: connected to the daemon; nothing waits for approval.${containedTip}`;
          if (this.contained.length > 0) item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
        }
        if (this.unsandboxed !== null) {
          // Commands Warden allows run with all of the user's power here: say so where it is always seen.
          item.text += " · $(warning) unsandboxed";
          item.tooltip += `\nNo OS sandbox: commands Warden allows run unsandboxed (or are denied where the policy requires one). ${this.unsandboxed}`;
          item.backgroundColor ??= new vscode.ThemeColor("statusBarItem.warningBackground");
        }
        item.command = COMMAND.showPendingApprovals;
      }
    }
  }

  dispose(): void {
    this.policyItem.dispose();
    this.item.dispose();
  }
}
