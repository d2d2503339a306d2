import * as vscode from "vscode";
import { VIEW } from "../command-ids";
import { ActivityContext, ActivityPage } from "./activity-page";
import { webviewOptions } from "./webview-resources";

/**
 * The activity log as the Warden sidebar's webview view and, wider, as an editor
 * panel (Warden: Open Activity). Both show the same store.
 */
export class ActivityViews implements vscode.WebviewViewProvider, vscode.Disposable {
  private panel: { panel: vscode.WebviewPanel; page: ActivityPage } | null = null;
  private readonly pages = new Set<ActivityPage>();

  constructor(private readonly ctx: ActivityContext) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = webviewOptions(this.ctx.extensionUri);
    const page = new ActivityPage(view.webview, this.ctx);
    this.pages.add(page);
    view.onDidDispose(() => {
      this.pages.delete(page);
      page.dispose();
    });
  }

  openPanel(): void {
    if (this.panel !== null) {
      this.panel.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW.activityPanel, "Warden Activity", vscode.ViewColumn.Active, {
      ...webviewOptions(this.ctx.extensionUri),
      retainContextWhenHidden: true,
    });
    panel.iconPath = vscode.Uri.joinPath(this.ctx.extensionUri, "media", "warden.svg");
    const page = new ActivityPage(panel.webview, this.ctx);
    this.panel = { panel, page };
    panel.onDidDispose(() => {
      page.dispose();
      this.panel = null;
    });
  }

  dispose(): void {
    this.panel?.panel.dispose();
    for (const page of this.pages) page.dispose();
  }
}
