import fs from "node:fs";
import path from "node:path";
import { IncidentReport } from "../../../../protocol/src/incident-methods";

export interface SavedReport {
  folder: string;
  markdown: string;
  json: string;
}

/** Reports kept by Warden, beside the incident snapshots: in its state directory, which no agent may read or write. */
export function reportsDir(wardenHome: string): string {
  return path.join(wardenHome, "reports");
}

/**
 * Keeps a copy of a report: a new folder (0700) per report with `report.md` and
 * `report.json` (0600), never overwriting one made before.
 */
export function saveReport(wardenHome: string, report: IncidentReport, markdown: string): SavedReport {
  const dir = reportsDir(wardenHome);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = report.generatedAt.replace(/[:.]/g, "-");
  let folder = path.join(dir, `${stamp}-${report.agent.name}`);
  for (let i = 2; fs.existsSync(folder); i++) folder = path.join(dir, `${stamp}-${report.agent.name}-${i}`);
  fs.mkdirSync(folder, { mode: 0o700 });
  const files = { markdown: path.join(folder, "report.md"), json: path.join(folder, "report.json") };
  fs.writeFileSync(files.markdown, markdown, { mode: 0o600, flag: "wx" });
  fs.writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return { folder, ...files };
}
