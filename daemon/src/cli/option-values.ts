import { WardenError } from "../../../protocol/src/errors";
import { durationMs } from "../identity/duration";
import { realDirectory } from "../state/real-directory";

/** `--since 15m | 2h | 7d | 2026-11-26 | 2026-11-26T10:00:00Z` → an ISO instant. */
export function parseSince(value: string, now: Date = new Date()): string {
  const relative = durationMs(value.trim());
  if (relative !== null) return new Date(now.getTime() - relative).toISOString();
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const t = Date.parse(value);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  throw new WardenError("bad_config", `--since '${value}' is neither a duration (15m, 2h, 7d) nor a date (2026-11-26T10:00:00Z)`, {
    flag: "--since",
  });
}

/** `--workspace DIR` → its real path (workspaces are identified by real path). */
export function parseWorkspace(value: string): string {
  const real = realDirectory(value);
  if (real === null) throw new WardenError("bad_config", `--workspace '${value}': no such directory`, { flag: "--workspace" });
  return real;
}

/** The workspace a command acts on: `--workspace`, else the current directory. */
export function workspaceOption(opts: Record<string, unknown>): string {
  return parseWorkspace(typeof opts["workspace"] === "string" ? opts["workspace"] : process.cwd());
}
