import * as vscode from "vscode";
import { WardenClient } from "../../../protocol/src/client";

/** A line in place of data: not connected, nothing yet, or what went wrong. */
export type MessageNode = { type: "message"; text: string; icon: string; tooltip?: string };

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text);
  item.iconPath = new vscode.ThemeIcon(node.icon);
  if (node.tooltip !== undefined) item.tooltip = node.tooltip;
  return item;
}

/**
 * The plumbing shared by the views that list what the daemon holds for this
 * window's workspaces (agents, grants, secrets): a debounced refresh, the
 * not-connected line, and a failed request shown as a line rather than an empty
 * view. Each view supplies its top-level nodes, their children and their items.
 */
export abstract class DaemonTree<T> implements vscode.TreeDataProvider<T | MessageNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private refreshTimer: NodeJS.Timeout | null = null;

  /** `what`: the plural the view lists, for its log lines and error line ("agents"). */
  constructor(
    private readonly what: string,
    private readonly client: () => WardenClient | null,
    protected readonly workspaces: () => Promise<string[]>,
    private readonly log: (line: string) => void,
  ) {}

  /** Debounced: a burst of events refreshes once. */
  refresh(): void {
    if (this.refreshTimer !== null) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.changeEmitter.fire();
    }, 150);
  }

  abstract getTreeItem(node: T | MessageNode): vscode.TreeItem;

  /** The top-level nodes, asked of a connected daemon; a rejection becomes an error line. */
  protected abstract roots(client: WardenClient): Promise<Array<T | MessageNode>>;

  /** The children of a node below the top level. */
  protected abstract childrenOf(node: T | MessageNode): Array<T | MessageNode>;

  async getChildren(node?: T | MessageNode): Promise<Array<T | MessageNode>> {
    if (node !== undefined) return this.childrenOf(node);
    const client = this.client();
    if (client === null) return [{ type: "message", text: "Not connected to the Warden daemon", icon: "debug-disconnect" }];
    try {
      return await this.roots(client);
    } catch (err) {
      this.log(`${this.what} view: ${err instanceof Error ? err.message : String(err)}`);
      return [{ type: "message", text: `Could not list ${this.what}: ${err instanceof Error ? err.message : String(err)}`, icon: "error" }];
    }
  }

  dispose(): void {
    if (this.refreshTimer !== null) clearTimeout(this.refreshTimer);
    this.changeEmitter.dispose();
  }
}
