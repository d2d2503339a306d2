import os from "node:os";
import path from "node:path";
import * as vscode from "vscode";
import { COMMAND } from "../command-ids";
import { ExportResult, exportAuditLog } from "../state/audit-export";
import { writeExportFile } from "../state/export-file";
import { CommandBase, guarded, requireClient } from "./command-support";

function defaultTarget(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file");
  const name = `warden-audit-${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl`;
  return vscode.Uri.file(path.join(folder?.uri.fsPath ?? os.homedir(), name));
}

/**
 * Warden: Export Audit Log. The whole log as JSON lines (one record per line, as
 * `warden audit export` writes them), then checked: the file ends at the head the
 * export started from, and the daemon verifies the chain up to there. An argument
 * (a file Uri) skips the save dialog and never overwrites — for scripts and tests.
 */
export function registerExportCommand(deps: CommandBase): vscode.Disposable {
  return vscode.commands.registerCommand(
    COMMAND.exportAuditLog,
    guarded(deps, "Export audit log", async (arg?: unknown) => {
      const client = requireClient(deps);
      if (client === null) return;
      const given = arg instanceof vscode.Uri ? arg : null;
      const target = given ?? (await vscode.window.showSaveDialog({ title: "Warden: export the audit log", saveLabel: "Export", defaultUri: defaultTarget(), filters: { "JSON lines": ["jsonl"] } }));
      if (target === undefined) return;
      if (target.scheme !== "file") throw new Error(`${target.toString()} is not a local file; choose a file on this machine`);
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: "Warden: exporting the audit log", cancellable: true },
        async (progress, cancel): Promise<ExportResult> => {
          let reported = 0;
          return writeExportFile(target.fsPath, given === null, (sink) =>
            exportAuditLog(client, sink, {
              isCancelled: () => cancel.isCancellationRequested,
              onProgress: (done, head) => {
                const percent = head === 0 ? 100 : (done / head) * 100;
                progress.report({ increment: percent - reported, message: `${done.toLocaleString()} of ${head.toLocaleString()} records` });
                reported = percent;
              },
            }),
          );
        },
      );
      const verify = await client.request("audit/verify", {}, { timeoutMs: 120_000 });
      // The file's last hash must be the verified chain's at that seq: the head itself, or what the next record links to.
      const anchor = verify.headSeq === result.headSeq ? verify.headHash : (await client.request("audit/query", { filter: { fromSeq: result.headSeq + 1 }, order: "asc", limit: 1 })).records[0]?.prevHash;
      const complete = verify.ok && verify.headSeq >= result.headSeq && (result.headSeq === 0 || anchor === result.lastHash);
      const summary = `${result.records.toLocaleString()} records (#1–#${result.headSeq}, last hash ${result.lastHash.slice(0, 12)}…) to ${target.fsPath}`;
      deps.log.info(`exported ${summary}; daemon verify: ${verify.ok ? `ok to #${verify.headSeq}` : `BROKEN at #${verify.firstBadSeq ?? "?"}: ${verify.problem ?? ""}`}`);
      if (complete) void vscode.window.showInformationMessage(`Warden: exported ${summary}. The daemon verifies the chain through #${verify.headSeq}.`);
      else void vscode.window.showErrorMessage(`Warden: exported ${summary}, but the daemon's log does NOT verify${verify.firstBadSeq !== null ? ` from record #${verify.firstBadSeq}` : ""}: ${verify.problem ?? "unknown problem"}. Keep this file as evidence and run 'warden audit verify'.`);
    }),
  );
}
