import { MAX_SCAN_FINDINGS } from "../../../protocol/src/scan-methods";
import { detectSecrets } from "../secrets/detect/detect-secrets";
import { scanPaths } from "../secrets/scan/scan-tree";
import { canonicalWorkspace } from "./agent-handlers";
import { Handlers } from "./connection";

/** Secret detection on demand (protocol/src/scan-methods.ts): stateless, so no context. */
export function createScanHandlers(): Pick<Handlers, "secrets/scan-text" | "secrets/scan-workspace"> {
  return {
    "secrets/scan-text": (p) => {
      const found = detectSecrets(p.text, p.fileName !== undefined ? { fileName: p.fileName } : {});
      const findings = found.slice(0, MAX_SCAN_FINDINGS).map((f) => ({
        rule: f.rule,
        kind: f.kind,
        confidence: f.confidence,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        preview: f.preview,
        start: f.start,
        end: f.end,
      }));
      return { findings, truncated: found.length > findings.length };
    },
    "secrets/scan-workspace": async (p) => {
      const workspace = canonicalWorkspace(p.workspace, true);
      const report = await scanPaths([workspace]);
      const findings = report.findings.slice(0, MAX_SCAN_FINDINGS).map(({ path: _abs, ...f }) => f);
      const skipped = report.skipped.slice(0, MAX_SCAN_FINDINGS);
      return {
        filesScanned: report.filesScanned,
        bytesScanned: report.bytesScanned,
        ignored: report.ignored,
        findings,
        skipped,
        truncated: findings.length < report.findings.length || skipped.length < report.skipped.length,
      };
    },
  };
}

