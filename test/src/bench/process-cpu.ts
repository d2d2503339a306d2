import { spawnSync } from "node:child_process";
import fs from "node:fs";

const CLOCK_TICKS = clockTicks();

function clockTicks(): number {
  const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  const n = r.status === 0 ? Number.parseInt(r.stdout.trim(), 10) : Number.NaN;
  return Number.isInteger(n) && n > 0 ? n : 100;
}

/** User + system CPU seconds of process `pid` so far (Linux /proc), or null. */
export function processCpuSeconds(pid: number): number | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / CLOCK_TICKS : null;
}

/** User + system CPU seconds of this process so far. */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
