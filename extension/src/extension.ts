import * as vscode from "vscode";

/**
 * Entry point of the Warden extension. For now it only activates and keeps a log;
 * the daemon connection, views and approval panels build on this (see README).
 * The extension never imports daemon code and never loads native modules: it will
 * start the daemon as a separate process and talk to it over the protocol.
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel("Warden", { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand("warden.showLog", () => log.show()),
  );
  const manifest: unknown = context.extension.packageJSON;
  const version = typeof manifest === "object" && manifest !== null && "version" in manifest ? String(manifest.version) : "?";
  log.info(`Warden extension ${version} activated`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
