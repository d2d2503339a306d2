import * as vscode from "vscode";
import { AgentInfo } from "../../../protocol/src/agents";
import { WardenClient } from "../../../protocol/src/client";
import { TokenInfo } from "../../../protocol/src/methods";
import { describeAgent } from "./agent-text";
import { DaemonTree, MessageNode, messageItem } from "./tree-base";

type AgentNode = { type: "agent"; agent: AgentInfo; tokens: TokenInfo[]; showWorkspace: boolean };
type TokenNode = { type: "token"; agent: AgentInfo; token: TokenInfo };
export type AgentsNode = AgentNode | TokenNode | MessageNode;

const STATUS_ICON: Record<AgentInfo["status"], vscode.ThemeIcon> = {
  active: new vscode.ThemeIcon("robot"),
  suspended: new vscode.ThemeIcon("debug-pause"),
  // Contained stands out: an incident is open until a human restores the agent.
  contained: new vscode.ThemeIcon("lock", new vscode.ThemeColor("errorForeground")),
  revoked: new vscode.ThemeIcon("circle-slash"),
};

/** The Agents view: identities in this window's workspace folders, with their tokens as children. */
export class AgentsTree extends DaemonTree<AgentNode | TokenNode> {
  constructor(client: () => WardenClient | null, workspaces: () => Promise<string[]>, log: (line: string) => void) {
    super("agents", client, workspaces, log);
  }

  getTreeItem(node: AgentsNode): vscode.TreeItem {
    switch (node.type) {
      case "message":
        return messageItem(node);
      case "token": {
        const t = node.token;
        const item = new vscode.TreeItem(`token ${t.id}`);
        item.description = t.state === "active" ? `expires ${new Date(t.expiresAt).toLocaleString()}` : t.state;
        item.tooltip = `issued ${new Date(t.issuedAt).toLocaleString()} by ${t.issuedBy}\nexpires ${new Date(t.expiresAt).toLocaleString()}${t.revokedAt !== null ? `\nrevoked ${new Date(t.revokedAt).toLocaleString()}` : ""}`;
        item.iconPath = new vscode.ThemeIcon(t.state === "active" ? "key" : "circle-slash");
        item.contextValue = `token-${t.state}`;
        return item;
      }
      case "agent": {
        const a = node.agent;
        const text = describeAgent(a, node.tokens, new Date());
        const item = new vscode.TreeItem(a.name, node.tokens.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `${a.workspace}\u0000${a.name}`;
        item.description = node.showWorkspace ? `${text.description} · ${a.workspace}` : text.description;
        item.tooltip = new vscode.MarkdownString(text.tooltip.map((line) => line.replace(/[\\`*_{}[\]<>()#+\-.!|]/g, "\\$&")).join("  \n"));
        item.iconPath = STATUS_ICON[a.status];
        item.contextValue = `agent-${a.status}`;
        return item;
      }
    }
  }

  protected childrenOf(node: AgentsNode): AgentsNode[] {
    return node.type === "agent" ? node.tokens.map((token) => ({ type: "token", agent: node.agent, token })) : [];
  }

  protected async roots(client: WardenClient): Promise<AgentsNode[]> {
    const folders = await this.workspaces();
    const lists = folders.length === 0 ? [await client.request("agents/list", {})] : await Promise.all(folders.map((workspace) => client.request("agents/list", { workspace })));
    const agents = lists.flatMap((l) => l.agents);
    if (agents.length === 0) return [{ type: "message", text: "No agents in this workspace (warden agent add …)", icon: "info" }];
    const shown = await Promise.all(agents.map((a) => client.request("agents/show", { workspace: a.workspace, name: a.name })));
    return shown.map(({ agent, tokens }) => ({ type: "agent", agent, tokens, showWorkspace: folders.length !== 1 }));
  }
}
