import fs from "node:fs";
import { WardenError } from "../../../protocol/src/errors";

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since 15m | 2h | 7d | 2026-11-26 | 2026-11-26T10:00:00Z` → an ISO instant. */
export function parseSince(value: string, now: Date = new Date()): string {
  const relative = /^(\d{1,6})([smhd])$/.exec(value.trim());
  if (relative !== null) {
    return new Date(now.getTime() - Number(relative[1]) * (UNITS[relative[2] ?? "s"] ?? 1000)).toISOString();
  }
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
  try {
    const real = fs.realpathSync(value);
    if (!fs.statSync(real).isDirectory()) throw new Error("not a directory");
    return real;
  } catch {
    throw new WardenError("bad_config", `--workspace '${value}': no such directory`, { flag: "--workspace" });
  }
}
