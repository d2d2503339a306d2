import * as vscode from "vscode";
import { WebviewPage, webviewHtml } from "../webview-host/webview-html";

/** Where the bundled webview script and stylesheet are (built by extension/build.mjs into out/). */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, "out", "webview")];
}

/** Options every Warden webview uses: scripts on, files only from the bundle's folder. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: webviewRoots(extensionUri) };
}

export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage["page"], title: string): string {
  const file = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "out", "webview", name)).toString();
  return webviewHtml({ page, title, cspSource: webview.cspSource, scriptUri: file("webview.js"), styleUri: file("webview.css") });
}
