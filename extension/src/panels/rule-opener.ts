import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as vscode from "vscode";
import { WardenClient } from "../../../protocol/src/client";
import { WhyExplanation } from "../../../protocol/src/webview";
import { fetchRecord } from "../state/audit-records";
import { RuleLocation, explainDecision, parseSource } from "../state/decision-source";

export const POLICY_SCHEME = "warden-policy";
const STARTER_URI = vscode.Uri.from({ scheme: POLICY_SCHEME, path: "/starter-policy.json" });

/**
 * Opens where a decision's rule is written: a policy file at the rule's line, or
 * the starter policy (which lives inside Warden, not in a file) as a read-only
 * document. The starter policy's text comes from the CLI (`warden init` into a
 * private temporary folder), so it is exactly what the daemon applies.
 */
export class RuleOpener implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private starter: string | null = null;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(POLICY_SCHEME, this);

  constructor(private readonly runCli: (args: readonly string[]) => Promise<string>) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return uri.toString() === STARTER_URI.toString() ? (this.starter ?? "") : "";
  }

  /** Opens the location; false when there is no file to open (a built-in protection, or no rule). */
  async open(location: RuleLocation): Promise<boolean> {
    switch (location.kind) {
      case "file": {
        if (!fs.existsSync(location.file)) throw new Error(`the policy file ${location.file} no longer exists; the rule was there when the decision was made`);
        await this.show(vscode.Uri.file(location.file), location.line);
        return true;
      }
      case "starter":
        this.starter ??= await this.readStarter();
        await this.show(STARTER_URI, location.line);
        return true;
      case "builtin":
      case "none":
        return false;
    }
  }

  private async show(uri: vscode.Uri, line: number | null): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const at = new vscode.Position(Math.min(Math.max(0, (line ?? 1) - 1), Math.max(0, doc.lineCount - 1)), 0);
    const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at), preview: true });
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async readStarter(): Promise<string> {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "warden-starter-"));
    try {
      await this.runCli(["init", "--workspace", dir]);
      return await fs.promises.readFile(path.join(dir, ".warden", "policy.json"), "utf8");
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  }

  dispose(): void {
    this.registration.dispose();
  }
}

/** Explains decision `seq` (the host re-reads the record; nothing the webview says is trusted). */
export async function explainSeq(client: WardenClient, seq: number): Promise<WhyExplanation> {
  return explainDecision(await fetchRecord(client, seq));
}

/** Opens the rule that decided `seq`; false (after saying why) when there is no file to open. */
export async function openRuleOf(client: WardenClient, rules: RuleOpener, seq: number): Promise<boolean> {
  const record = await fetchRecord(client, seq);
  const why = explainDecision(record);
  if (await rules.open(parseSource(why.source))) return true;
  void vscode.window.showInformationMessage(
    why.rule?.startsWith("builtin:") === true || why.source === "builtin"
      ? `Warden: #${seq} was decided by the built-in protection '${why.rule ?? "builtin"}', which no policy can lift; there is no policy line to open.`
      : `Warden: no rule decided #${seq} (no policy was loaded); there is no policy line to open.`,
  );
  return false;
}
