import * as vscode from "vscode";
import { ConnectionState } from "./connection/connection-manager";
import { COMMAND } from "./command-ids";

/** The status bar item: connected or offline, and how many requests wait for a human (click opens them). */
export class WardenStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("warden.status", vscode.StatusBarAlignment.Left, 100);
  private state: ConnectionState = { kind: "connecting" };
  private pending = 0;

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
      case "connected":
        if (this.pending > 0) {
          item.text = `$(shield) Warden: ${this.pending} pending`;
          item.tooltip = `${this.pending} agent action${this.pending === 1 ? "" : "s"} waiting for your approval. Click to review.`;
          item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
        } else {
          item.text = "$(shield) Warden";
          item.tooltip = "Warden: connected to the daemon; nothing waits for approval.";
        }
        item.command = COMMAND.showPendingApprovals;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
