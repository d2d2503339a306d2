import * as vscode from "vscode";
import { GrantInfo } from "../../../protocol/src/approvals";
import { WardenClient } from "../../../protocol/src/client";
import { relativeTime } from "./agent-text";

export type GrantsNode = { type: "grant"; grant: GrantInfo } | { type: "message"; text: string; icon: string };

/** Audit kinds after which the list of remembered grants may differ. */
export const GRANT_KINDS = new Set(["approval.answered", "approval.grant_revoked", "agent.contained", "agent.revoked"]);

/**
 * The Remembered Grants view: "approve for this session" answers still in force in
 * this window's workspaces — each lets the same agent repeat the same action on the
 * same target without asking. Visible so they can be withdrawn (inline revoke).
 */
export class GrantsTree implements vscode.TreeDataProvider<GrantsNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private refreshTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly client: () => WardenClient | null,
    private readonly workspaces: () => Promise<string[]>,
    private readonly log: (line: string) => void,
  ) {}

  refresh(): void {
    if (this.refreshTimer !== null) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.changeEmitter.fire();
    }, 150);
  }

  /** Active grants of this window's workspaces, newest first. */
  async list(client: WardenClient): Promise<GrantInfo[]> {
    const folders = await this.workspaces();
    const lists = folders.length === 0 ? [await client.request("approvals/grants", {})] : await Promise.all(folders.map((workspace) => client.request("approvals/grants", { workspace })));
    return lists.flatMap((l) => l.grants).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  getTreeItem(node: GrantsNode): vscode.TreeItem {
    if (node.type === "message") {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon(node.icon);
      return item;
    }
    const g = node.grant;
    const item = new vscode.TreeItem(`${g.agent}: ${g.actionKind} ${g.target}`);
    item.id = g.id;
    item.description = `expires ${relativeTime(g.expiresAt, new Date())}`;
    item.tooltip = `${g.agent} may ${g.actionKind} ${g.target} without asking\ngranted by ${g.grantedBy} on ${new Date(g.createdAt).toLocaleString()} (approval ${g.approvalId})\nexpires ${new Date(g.expiresAt).toLocaleString()}${g.session !== null ? `\nsession ${g.session}` : ""}\nworkspace ${g.workspace}`;
    item.iconPath = new vscode.ThemeIcon("pass");
    item.contextValue = "grant";
    return item;
  }

  async getChildren(node?: GrantsNode): Promise<GrantsNode[]> {
    if (node !== undefined) return [];
    const client = this.client();
    if (client === null) return [{ type: "message", text: "Not connected to the Warden daemon", icon: "debug-disconnect" }];
    try {
      const grants = await this.list(client);
      if (grants.length === 0) return [{ type: "message", text: "No remembered grants: every ask asks again", icon: "info" }];
      return grants.map((grant) => ({ type: "grant", grant }));
    } catch (err) {
      this.log(`grants view: ${err instanceof Error ? err.message : String(err)}`);
      return [{ type: "message", text: `Could not list grants: ${err instanceof Error ? err.message : String(err)}`, icon: "error" }];
    }
  }

  dispose(): void {
    if (this.refreshTimer !== null) clearTimeout(this.refreshTimer);
    this.changeEmitter.dispose();
  }
}
