// Scans files and trees for secrets: the walker's file list, each file read once,
// binaries and oversized files skipped (and reported as skipped, never silently),
// findings reported by position and masked preview only. Used by `warden scan`
// and by the daemon's secrets/scan-workspace.
import fs from "node:fs/promises";
import { detectSecrets, type Finding } from "../detect/detect-secrets";
import { walkTree, type Skipped, type WalkedFile } from "./walk";

/** Files above this are skipped (generated bundles, dumps, datasets). */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
// A NUL byte in the first block marks a binary file, as git and grep decide.
const SNIFF_BYTES = 8000;

export interface FileFinding {
  /** Relative to the scanned path it was found under ("/"-separated). */
  file: string;
  /** Absolute path. */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  kind: string;
  rule: string;
  confidence: Finding["confidence"];
  preview: string;
}

export interface ScanReport {
  roots: string[];
  filesScanned: number;
  bytesScanned: number;
  findings: FileFinding[];
  skipped: Skipped[];
  ignored: number;
}

export interface ScanOptions {
  maxFileBytes?: number;
  gitignore?: boolean;
  /** Progress: phase "walk" counts files found, "scan" counts files done of `total`. */
  onProgress?: (phase: "walk" | "scan", done: number, total: number) => void;
}

/** Scans every path (file or directory) in order; a missing path is an error naming it. */
export async function scanPaths(roots: readonly string[], options: ScanOptions = {}): Promise<ScanReport> {
  const report: ScanReport = { roots: [...roots], filesScanned: 0, bytesScanned: 0, findings: [], skipped: [], ignored: 0 };
  const max = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const work: Array<{ root: string; file: WalkedFile }> = [];
  for (const root of roots) {
    const walked = await walkTree(root, { ...(options.gitignore !== undefined ? { gitignore: options.gitignore } : {}), onProgress: (n) => options.onProgress?.("walk", work.length + n, 0) });
    report.skipped.push(...walked.skipped);
    report.ignored += walked.ignored;
    for (const file of walked.files) work.push({ root, file });
  }
  let done = 0;
  for (const { file } of work) {
    if (file.size > max) {
      report.skipped.push({ path: file.path, reason: `larger than ${max} bytes (${file.size}); raise --max-file-size to scan it` });
    } else {
      const text = await readText(file.path, report.skipped);
      if (text !== undefined) {
        report.filesScanned++;
        report.bytesScanned += file.size;
        for (const f of detectSecrets(text, { fileName: file.path })) report.findings.push(toFileFinding(file, f));
      }
    }
    done++;
    options.onProgress?.("scan", done, work.length);
  }
  return report;
}

async function readText(file: string, skipped: Skipped[]): Promise<string | undefined> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (err) {
    skipped.push({ path: file, reason: `unreadable (${err instanceof Error && "code" in err ? String(err.code) : "error"})` });
    return undefined;
  }
  if (data.subarray(0, SNIFF_BYTES).includes(0)) {
    skipped.push({ path: file, reason: "binary (NUL byte in the first 8000 bytes)" });
    return undefined;
  }
  return data.toString("utf8");
}

function toFileFinding(file: WalkedFile, f: Finding): FileFinding {
  return {
    file: file.rel,
    path: file.path,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    kind: f.kind,
    rule: f.rule,
    confidence: f.confidence,
    preview: f.preview,
  };
}
