import * as vscode from "vscode";
import { ApprovalInfo } from "../../../protocol/src/approvals";
import { ApprovalsStore } from "../state/approvals-store";
import { relativeTime } from "./agent-text";
import { COMMAND } from "../command-ids";

/** The Approvals view: requests waiting for a human, newest first; a click opens the panel. */
export class ApprovalsTree implements vscode.TreeDataProvider<ApprovalInfo>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: ApprovalsStore) {
    this.subscription = store.onDidChange(() => this.changeEmitter.fire());
  }

  getTreeItem(a: ApprovalInfo): vscode.TreeItem {
    const item = new vscode.TreeItem(`${a.agent}: ${a.context.summary}`);
    item.id = a.id;
    item.description = `${a.context.action.kind} · denied ${relativeTime(a.expiresAt, new Date())}`;
    item.tooltip = `${a.context.identity.agent} (owner ${a.context.identity.owner}) wants to ${a.context.summary}\nrule: ${a.context.rule.rule ?? "none"} — ${a.context.rule.reason}\nworkspace: ${a.workspace}\n${a.id}`;
    item.iconPath = new vscode.ThemeIcon("question", new vscode.ThemeColor("charts.yellow"));
    item.contextValue = "approval";
    item.command = { command: COMMAND.openApproval, title: "Review", arguments: [a.id] };
    return item;
  }

  getChildren(node?: ApprovalInfo): ApprovalInfo[] {
    return node === undefined ? this.store.newestFirst() : [];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
