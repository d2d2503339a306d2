// A scan report as a SARIF 2.1.0 log, the format code-scanning services ingest
// (GitHub code scanning, Azure DevOps, IDE viewers). One run, one rule per
// detector rule that fired, one result per finding; skipped files become tool
// notifications so a reader knows what was not looked at. Messages carry the
// masked preview only: a SARIF file is uploaded and archived, so it must never
// hold a secret value (and no fingerprint is derived from one either).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { wardenVersion } from "../../version";
import type { FileFinding, ScanReport } from "./scan-tree";

const SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const ROOT_ID = "SCANROOT";

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: "error" | "warning" };
  properties: { tags: string[]; precision: string; "security-severity": string };
}

/**
 * `base` is the directory result URIs are relative to (the working directory of
 * `warden scan`, normally the repository root code scanning expects).
 */
export function toSarif(report: ScanReport, base: string): object {
  const rules = new Map<string, SarifRule>();
  for (const f of report.findings) if (!rules.has(f.rule)) rules.set(f.rule, ruleFor(f));
  const ruleIds = [...rules.keys()].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  return {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "warden",
            semanticVersion: wardenVersion(),
            rules: ruleIds.map((id) => rules.get(id)),
          },
        },
        originalUriBaseIds: { [ROOT_ID]: { uri: directoryUri(base) } },
        // Columns count UTF-16 code units, as JavaScript strings (and VS Code) do.
        columnKind: "utf16CodeUnits",
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.skipped.map((s) => ({
              level: "note",
              message: { text: `Not scanned: ${s.reason}.` },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(s.path, base) } }],
            })),
          },
        ],
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule) ?? 0,
          level: f.confidence === "high" ? "error" : "warning",
          message: { text: `Possible ${f.kind} (${f.confidence} confidence): ${f.preview}. Move the value into Warden's secret store and rotate it.` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(f.path, base),
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          properties: { confidence: f.confidence, kind: f.kind },
        })),
      },
    ],
  };
}

function ruleFor(f: FileFinding): SarifRule {
  const text = `A value in the format of a ${f.kind} (detector rule ${f.rule}).`;
  const help = "Secrets do not belong in files an agent or a repository can read. Move the value into Warden's secret store (the OS keychain), refer to it by name (${secret:NAME}), and rotate it if it was ever committed or shared.";
  return {
    id: f.rule,
    name: camel(f.rule),
    shortDescription: { text: `Secret: ${f.kind}` },
    fullDescription: { text },
    help: { text: help, markdown: help },
    defaultConfiguration: { level: "error" },
    properties: { tags: ["security", "secret"], precision: "high", "security-severity": "8.0" },
  };
}

/** Relative to the base when inside it (what code scanning maps to the repository), else an absolute file URI. */
function artifactLocation(file: string, base: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(base, file);
  if (rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: ROOT_ID };
  }
  return { uri: pathToFileURL(file).href };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith("/") ? href : `${href}/`;
}

function camel(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, c: string) => c.toUpperCase());
}
