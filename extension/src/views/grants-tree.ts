import * as vscode from "vscode";
import { GrantInfo } from "../../../protocol/src/approvals";
import { WardenClient } from "../../../protocol/src/client";
import { relativeTime } from "./agent-text";
import { DaemonTree, MessageNode, messageItem } from "./tree-base";

type GrantNode = { type: "grant"; grant: GrantInfo };
export type GrantsNode = GrantNode | MessageNode;

/** Audit kinds after which the list of remembered grants may differ. */
export const GRANT_KINDS = new Set(["approval.answered", "approval.grant_revoked", "agent.contained", "agent.revoked"]);

/**
 * The Remembered Grants view: "approve for this session" answers still in force in
 * this window's workspaces — each lets the same agent repeat the same action on the
 * same target without asking. Visible so they can be withdrawn (inline revoke).
 */
export class GrantsTree extends DaemonTree<GrantNode> {
  constructor(client: () => WardenClient | null, workspaces: () => Promise<string[]>, log: (line: string) => void) {
    super("grants", client, workspaces, log);
  }

  /** Active grants of this window's workspaces, newest first. */
  async list(client: WardenClient): Promise<GrantInfo[]> {
    const folders = await this.workspaces();
    const lists = folders.length === 0 ? [await client.request("approvals/grants", {})] : await Promise.all(folders.map((workspace) => client.request("approvals/grants", { workspace })));
    return lists.flatMap((l) => l.grants).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  getTreeItem(node: GrantsNode): vscode.TreeItem {
    if (node.type === "message") return messageItem(node);
    const g = node.grant;
    const item = new vscode.TreeItem(`${g.agent}: ${g.actionKind} ${g.target}`);
    item.id = g.id;
    item.description = `expires ${relativeTime(g.expiresAt, new Date())}`;
    item.tooltip = `${g.agent} may ${g.actionKind} ${g.target} without asking\ngranted by ${g.grantedBy} on ${new Date(g.createdAt).toLocaleString()} (approval ${g.approvalId})\nexpires ${new Date(g.expiresAt).toLocaleString()}${g.session !== null ? `\nsession ${g.session}` : ""}\nworkspace ${g.workspace}`;
    item.iconPath = new vscode.ThemeIcon("pass");
    item.contextValue = "grant";
    return item;
  }

  protected childrenOf(): GrantsNode[] {
    return [];
  }

  protected async roots(client: WardenClient): Promise<GrantsNode[]> {
    const grants = await this.list(client);
    if (grants.length === 0) return [{ type: "message", text: "No remembered grants: every ask asks again", icon: "info" }];
    return grants.map((grant) => ({ type: "grant", grant }));
  }
}
