import * as vscode from "vscode";

export const DIFF_SCHEME = "warden-approval";

/**
 * Read-only virtual documents holding the before and after of a write that waits
 * for approval, so VS Code's own diff editor can show it. Nothing is written to
 * disk: the content lives here until the request is settled.
 */
export class DiffDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? "";
  }

  /** Opens the diff editor for approval `id`; `null` on one side means the file does not exist there. */
  async open(id: string, filePath: string, before: string | null, after: string | null, title: string): Promise<void> {
    const left = this.put(id, "before", filePath, before ?? "");
    const right = this.put(id, "after", filePath, after ?? "");
    await vscode.commands.executeCommand("vscode.diff", left, right, title, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  /** Forgets an approval's documents once it is settled, and closes its diff editors: there is nothing left to review. */
  release(id: string): void {
    const prefix = `/${id}/`;
    for (const key of [...this.contents.keys()]) if (vscode.Uri.parse(key).path.startsWith(prefix)) this.contents.delete(key);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === DIFF_SCHEME && t.input.modified.path.startsWith(prefix));
    if (tabs.length > 0) void vscode.window.tabGroups.close(tabs, true).then(undefined, () => undefined);
  }

  private put(id: string, side: "before" | "after", filePath: string, text: string): vscode.Uri {
    // The file's own name last, so the editor picks its language from the extension.
    const uri = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${id}/${side}/${filePath.replace(/^\/+/, "")}` });
    this.contents.set(uri.toString(), text);
    return uri;
  }

  dispose(): void {
    this.contents.clear();
    this.registration.dispose();
  }
}
