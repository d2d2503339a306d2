import fs from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { WardenError } from "../../../protocol/src/errors";
import { ProgressBar } from "../secrets/scan/progress-bar";
import { toSarif } from "../secrets/scan/sarif";
import { DEFAULT_MAX_FILE_BYTES, scanPaths, type ScanReport } from "../secrets/scan/scan-tree";
import { EXIT } from "./exit-codes";
import { CommandRunner } from "./runner";

const FORMATS = ["text", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

/**
 * `warden scan [PATHS…]`: secrets in files, offline (no daemon needed). Exit 0
 * when nothing is found, 1 when something is (so CI can fail a build on it), 2 on
 * a usage error (bad flag, missing path).
 */
export function registerScanCommand(program: Command, run: CommandRunner): void {
  run.define(
    program
      .command("scan")
      .description(
        "look for secrets in files and directories (default: the current directory), respecting .gitignore; " +
          "exit 0 when none are found, 1 when some are, 2 on a usage error",
      )
      .argument("[paths...]", "files or directories to scan")
      .addOption(new Option("--format <format>", "report as text, json or sarif (SARIF 2.1.0, for code scanning)").choices(FORMATS).default("text"))
      .option("--output <file>", "write the report to this file instead of stdout")
      .option("--max-file-size <bytes>", `skip files larger than this (default ${DEFAULT_MAX_FILE_BYTES})`)
      .option("--no-gitignore", "scan files that .gitignore and .git/info/exclude leave out too"),
    async ({ out, opts, args }) => {
      const roots = pathsArgument(args[0]);
      const format: Format = opts["json"] === true ? "json" : formatOption(opts["format"]);
      const maxFileBytes = sizeOption(opts["maxFileSize"]);
      const progress = new ProgressBar(process.stderr);
      const report = await scanPaths(roots, { maxFileBytes, gitignore: opts["gitignore"] !== false, onProgress: (phase, done, total) => progress.update(phase, done, total) });
      progress.done();
      const rendered = render(report, format);
      const file = typeof opts["output"] === "string" ? opts["output"] : undefined;
      if (file !== undefined) {
        fs.writeFileSync(file, rendered);
        out.info(`${summary(report)} Report written to ${file}.`);
      } else {
        out.write(rendered);
      }
      return report.findings.length > 0 ? EXIT.failure : EXIT.ok;
    },
  );
}

function pathsArgument(raw: unknown): string[] {
  const given = Array.isArray(raw) ? raw.filter((p): p is string => typeof p === "string") : [];
  const paths = given.length === 0 ? ["."] : given;
  return paths.map((p) => {
    const abs = path.resolve(p);
    if (!fs.existsSync(abs)) throw new WardenError("invalid_params", `'${p}' does not exist; pass files or directories to scan`);
    return abs;
  });
}

function formatOption(raw: unknown): Format {
  const f = FORMATS.find((x) => x === raw);
  if (f === undefined) throw new WardenError("invalid_params", `--format '${String(raw)}': use one of ${FORMATS.join(", ")}`);
  return f;
}

function sizeOption(raw: unknown): number {
  if (raw === undefined) return DEFAULT_MAX_FILE_BYTES;
  const n = typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new WardenError("invalid_params", `--max-file-size '${typeof raw === "string" ? raw : JSON.stringify(raw)}': give a positive number of bytes, e.g. 10485760`);
  return n;
}

function render(report: ScanReport, format: Format): string {
  if (format === "sarif") return `${JSON.stringify(toSarif(report, process.cwd()), null, 2)}\n`;
  if (format === "json") {
    const { findings, skipped, filesScanned, bytesScanned, ignored, roots } = report;
    // `path` (absolute) is left out: `file` is relative to the scanned root.
    return `${JSON.stringify({ roots, filesScanned, bytesScanned, ignored, findings: findings.map(({ path: _abs, ...f }) => f), skipped })}\n`;
  }
  const lines = report.findings.map((f) => `${displayPath(f.path)}:${f.line}:${f.column}  ${f.kind}  ${f.preview}  (${f.rule}, ${f.confidence})`);
  const skipped = report.skipped.map((s) => `skipped ${displayPath(s.path)}: ${s.reason}`);
  return `${[...lines, ...skipped, summary(report)].join("\n")}\n`;
}

function summary(report: ScanReport): string {
  const n = report.findings.length;
  const found = n === 0 ? "No secrets found" : `${n} possible secret${n === 1 ? "" : "s"} found`;
  const extra = [`${report.filesScanned} file${report.filesScanned === 1 ? "" : "s"} scanned`, report.skipped.length > 0 ? `${report.skipped.length} skipped` : "", report.ignored > 0 ? `${report.ignored} ignored by .gitignore` : ""];
  return `${found} (${extra.filter((x) => x !== "").join(", ")}).`;
}

function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel !== "" && !rel.startsWith("..") ? rel : p;
}
