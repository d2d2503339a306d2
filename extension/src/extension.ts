import * as vscode from "vscode";
import { WardenApi, createWarden } from "./wiring";

/**
 * Entry point of the Warden extension; everything is built in wiring.ts. The
 * extension never imports daemon code and never loads native modules: it starts
 * the daemon through its CLI and talks to it over the protocol.
 */
export function activate(context: vscode.ExtensionContext): WardenApi {
  return createWarden(context);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
