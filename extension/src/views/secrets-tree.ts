import * as vscode from "vscode";
import { WardenClient } from "../../../protocol/src/client";
import { Result } from "../../../protocol/src/methods";
import { SecretInfo } from "../../../protocol/src/secrets-methods";
import { bindingText, usageText } from "./secret-text";
import { DaemonTree, MessageNode, messageItem } from "./tree-base";

type Listed = Result<"secrets/list">["secrets"][number];
type BindingInfo = NonNullable<Listed["bindings"]>[number];

type SecretNode = { type: "secret"; secret: SecretInfo; bindings: Array<BindingInfo & { workspace: string }> };
type BindingNode = { type: "binding"; secret: string; binding: BindingInfo & { workspace: string } };
export type SecretsNode = SecretNode | BindingNode | MessageNode;

/**
 * The Secrets view: the names in the OS keychain (never a value), when each was
 * last used, by whom and where, and the policy bindings that say where it may be
 * sent in this window's workspaces. A secret with no binding cannot be used.
 */
export class SecretsTree extends DaemonTree<SecretNode | BindingNode> {
  constructor(client: () => WardenClient | null, workspaces: () => Promise<string[]>, log: (line: string) => void) {
    super("secrets", client, workspaces, log);
  }

  /** Every secret with its bindings in each of this window's workspaces, and the keychain's state. */
  async list(client: WardenClient): Promise<{ keychain: Result<"secrets/list">["keychain"]; secrets: Array<SecretNode> }> {
    const folders = await this.workspaces();
    const answers = folders.length === 0 ? [{ workspace: null, r: await client.request("secrets/list", {}) }] : await Promise.all(folders.map(async (workspace) => ({ workspace, r: await client.request("secrets/list", { workspace }) })));
    const byName = new Map<string, SecretNode>();
    for (const { workspace, r } of answers) {
      for (const { secret, bindings } of r.secrets) {
        const node = byName.get(secret.name) ?? { type: "secret", secret, bindings: [] };
        if (workspace !== null) for (const b of bindings ?? []) node.bindings.push({ ...b, workspace });
        byName.set(secret.name, node);
      }
    }
    const keychain = answers.find((a) => !a.r.keychain.available)?.r.keychain ?? answers[0]?.r.keychain ?? { available: true, problem: null };
    return { keychain, secrets: [...byName.values()].sort((a, b) => a.secret.name.localeCompare(b.secret.name)) };
  }

  getTreeItem(node: SecretsNode): vscode.TreeItem {
    switch (node.type) {
      case "message":
        return messageItem(node);
      case "binding": {
        const b = node.binding;
        const item = new vscode.TreeItem(bindingText(b.binding));
        item.description = `${b.layer} policy`;
        item.tooltip = `${node.secret} may be sent to ${b.binding.hosts.join(", ")}${b.binding.description !== undefined ? `\n${b.binding.description}` : ""}\nbound in ${b.file}\nworkspace ${b.workspace}`;
        item.iconPath = new vscode.ThemeIcon("globe");
        return item;
      }
      case "secret": {
        const s = node.secret;
        const item = new vscode.TreeItem(s.name, node.bindings.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `secret:${s.name}`;
        item.description = `${usageText(s, new Date())}${node.bindings.length === 0 ? " · not bound: no host may receive it" : ""}`;
        item.tooltip = [
          `\${secret:${s.name}} — the value stays in the OS keychain`,
          `created ${new Date(s.createdAt).toLocaleString()} by ${s.createdBy}`,
          `value set ${new Date(s.updatedAt).toLocaleString()} (${s.rotations} rotation${s.rotations === 1 ? "" : "s"})`,
          s.lastUsedAt !== null ? `last used ${new Date(s.lastUsedAt).toLocaleString()} by ${s.lastUsedBy ?? "?"} for ${s.lastUsedTarget ?? "?"} (${s.uses} uses)` : "never used",
        ].join("\n");
        item.iconPath = new vscode.ThemeIcon("key");
        item.contextValue = "secret";
        return item;
      }
    }
  }

  protected childrenOf(node: SecretsNode): SecretsNode[] {
    return node.type === "secret" ? node.bindings.map((binding) => ({ type: "binding", secret: node.secret.name, binding })) : [];
  }

  protected async roots(client: WardenClient): Promise<SecretsNode[]> {
    const { keychain, secrets } = await this.list(client);
    const head: SecretsNode[] = keychain.available ? [] : [{ type: "message", text: `Keychain unavailable: ${keychain.problem ?? "unknown problem"}`, icon: "error", tooltip: keychain.problem ?? "" }];
    if (secrets.length === 0) return [...head, { type: "message", text: "No secrets yet (Add Secret…, or the Move to keychain quick fix)", icon: "info" }];
    return [...head, ...secrets];
  }
}
