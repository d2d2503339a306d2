import fs from "node:fs";
import * as vscode from "vscode";
import { WardenClient } from "../../../protocol/src/client";
import { MAX_FRAME_BYTES } from "../../../protocol/src/limits";
import { Result } from "../../../protocol/src/methods";
import { CONFIG_EXCLUDE, CONFIG_GLOB, configFormat } from "../state/secret-references";
import { LineIndex } from "../state/text-positions";

export type TextFinding = Result<"secrets/scan-text">["findings"][number];

export const SECRET_DIAGNOSTIC_SOURCE = "Warden";
/** Documents of these schemes are the human's text; Warden's own views and output channels are not. */
const SCANNED_SCHEMES = new Set(["file", "untitled"]);
const RESCAN_AFTER_MS = 400;
/** Workspace config files scanned from disk at most. */
const MAX_CONFIG_FILES = 2000;
/** Room in a request frame for everything but the text. */
const FRAME_OVERHEAD = 4096;

/** True when `text` fits one scan request (the daemon refuses frames over MAX_FRAME_BYTES). */
export function fitsOneRequest(text: string): boolean {
  // JSON escaping can double a character, and UTF-8 triples some: check the real size only when it could matter.
  if (text.length * 6 < MAX_FRAME_BYTES - FRAME_OVERHEAD) return true;
  return Buffer.byteLength(JSON.stringify(text)) < MAX_FRAME_BYTES - FRAME_OVERHEAD;
}

/**
 * Secrets in plain text, shown as diagnostics: in every open document, and in the
 * workspace's config files (env files, JSON/YAML/TOML — MCP and agent configs
 * among them — and .npmrc) whether open or not, because agents read those. The
 * daemon's detector decides (secrets/scan-text); the extension only asks and
 * draws. Each diagnostic remembers its finding for the Move to keychain fix.
 */
export class SecretDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("warden-secrets");
  private readonly findings = new WeakMap<vscode.Diagnostic, TextFinding>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly client: () => WardenClient | null,
    private readonly log: (line: string) => void,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(CONFIG_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.scanFileSoon(uri)),
      watcher.onDidChange((uri) => this.scanFileSoon(uri)),
      watcher.onDidDelete((uri) => this.collection.delete(uri)),
      vscode.workspace.onDidOpenTextDocument((doc) => this.scanDocumentSoon(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.scanDocumentSoon(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        // A config file keeps its findings (agents read it from disk); any other file's go with it.
        if (configFormat(doc.fileName) === "other" || doc.uri.scheme !== "file") this.collection.delete(doc.uri);
        else this.scanFileSoon(doc.uri);
      }),
    );
  }

  /** The finding behind one of our diagnostics (the quick fix needs its offsets). */
  findingOf(diagnostic: vscode.Diagnostic): TextFinding | undefined {
    return this.findings.get(diagnostic);
  }

  /** Diagnostics currently shown for `uri` (tests, and the quick fix). */
  diagnosticsFor(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  /** Connected: scan what is open and every config file of the workspace (`via`: the connection being attached). */
  async scanAll(via?: WardenClient): Promise<void> {
    for (const doc of vscode.workspace.textDocuments) await this.scanDocument(doc, via);
    const files = await vscode.workspace.findFiles(CONFIG_GLOB, CONFIG_EXCLUDE, MAX_CONFIG_FILES);
    if (files.length === MAX_CONFIG_FILES) this.log(`secret scan: the workspace has more than ${MAX_CONFIG_FILES} config files; scanned the first ${MAX_CONFIG_FILES}`);
    for (const uri of files) if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) await this.scanFile(uri, via);
  }

  /** Scans the document's current text now (and returns when its diagnostics are set). */
  async scanDocument(doc: vscode.TextDocument, via?: WardenClient): Promise<void> {
    if (!SCANNED_SCHEMES.has(doc.uri.scheme)) return;
    const version = doc.version;
    await this.scanText(doc.uri, doc.getText(), doc.fileName, () => doc.version === version && !doc.isClosed, via);
  }

  private scanDocumentSoon(doc: vscode.TextDocument): void {
    if (SCANNED_SCHEMES.has(doc.uri.scheme)) this.soon(doc.uri, () => this.scanDocument(doc));
  }

  private scanFileSoon(uri: vscode.Uri): void {
    // An open document is scanned from the editor's text, which may be ahead of the disk.
    if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) this.soon(uri, () => this.scanFile(uri));
  }

  private soon(uri: vscode.Uri, scan: () => Promise<void>): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending !== undefined) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        scan().catch((err: unknown) => this.log(`secret scan of ${uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`));
      }, RESCAN_AFTER_MS),
    );
  }

  private async scanFile(uri: vscode.Uri, via?: WardenClient): Promise<void> {
    if (uri.scheme !== "file") return;
    let text: string;
    try {
      text = await fs.promises.readFile(uri.fsPath, "utf8");
    } catch {
      this.collection.delete(uri);
      return;
    }
    await this.scanText(uri, text, uri.fsPath, () => true, via);
  }

  private async scanText(uri: vscode.Uri, text: string, fileName: string, stillCurrent: () => boolean, via?: WardenClient): Promise<void> {
    const client = via ?? this.client();
    // Offline: keep what is shown; the next connection rescans everything.
    if (client === null) return;
    if (!fitsOneRequest(text)) {
      const note = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), "Warden did not scan this file for secrets: it is larger than one scan request (1 MiB). Keep secrets out of large files, or move them to the keychain by hand.", vscode.DiagnosticSeverity.Information);
      note.source = SECRET_DIAGNOSTIC_SOURCE;
      this.collection.set(uri, [note]);
      return;
    }
    const { findings, truncated } = await client.request("secrets/scan-text", { text, fileName });
    if (!stillCurrent()) return;
    const index = new LineIndex(text);
    const fixable = configFormat(fileName) !== "other";
    const diagnostics = findings.map((f) => {
      const a = index.positionAt(f.start);
      const b = index.positionAt(f.end);
      const d = new vscode.Diagnostic(
        new vscode.Range(a.line, a.character, b.line, b.character),
        `${f.kind} in plain text (${f.preview}): agents that read this file see it. ${fixable ? "Quick fix: Move to keychain." : "Move it to the keychain (Warden: Add Secret…) and read it from a config file or the environment."}`,
        f.confidence === "high" ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information,
      );
      d.source = SECRET_DIAGNOSTIC_SOURCE;
      d.code = f.rule;
      this.findings.set(d, f);
      return d;
    });
    if (truncated) this.log(`secret scan of ${fileName}: more findings than one answer carries; showing the first ${findings.length}`);
    this.collection.set(uri, diagnostics);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
