import path from "node:path";

/** Sizes of the workload, read once from the environment so a quick run can lower them. */
export interface BenchSizes {
  /** Events appended in each append pattern (BENCH_EVENTS). */
  events: number;
  /** Timed sequential round trips per side and placement (BENCH_PINGS). */
  pings: number;
}

export function readSizes(env: NodeJS.ProcessEnv): BenchSizes {
  return {
    events: positiveInt(env, "BENCH_EVENTS", 200_000),
    pings: positiveInt(env, "BENCH_PINGS", 5_000),
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number.parseInt(raw, 10);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export const PING_WARMUP = 500;
/** Daemon and echo latencies are measured in alternating blocks of this many requests. */
export const PING_BLOCK = 500;
export const BATCH = 500;
export const BATCH_IN_FLIGHT = 8;
export const SINGLE_IN_FLIGHT = 256;
/** Rows per transaction for the plain-insert baseline and for the in-process chained append alike. */
export const BASELINE_TXN_ROWS = 500;

export const TARGET_APPEND_PER_S = 50_000;
export const TARGET_APPEND_RATIO = 0.5;
export const TARGET_VERIFY_PER_S = 200_000;

export const OUT_FILE = path.resolve(__dirname, "..", "..", "..", "bench", "foundation.json");
