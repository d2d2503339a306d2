import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { AuditStore } from "../../../daemon/src/audit/store";
import { median } from "./stats";

export interface VerifyResults {
  ok: boolean;
  records: number;
  /** Median of the timed runs. */
  seconds: number;
  eventsPerSec: number;
  /** Baseline: a plain `SELECT *` over the same table. */
  scanRows: number;
  scanSeconds: number;
  scanPerSec: number;
}

const RUNS = 3;

/** Verifies the daemon's chain and scans its table, alternately, after one untimed scan to warm the database. */
export function runVerifyBench(dbPath: string, headFile: string): VerifyResults {
  timeScan(dbPath);
  const verifyRuns: Array<{ seconds: number; checked: number; ok: boolean }> = [];
  const scanRuns: Array<{ seconds: number; rows: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    verifyRuns.push(timeVerify(dbPath, headFile));
    scanRuns.push(timeScan(dbPath));
  }
  const records = verifyRuns[0]?.checked ?? 0;
  const seconds = median(verifyRuns.map((r) => r.seconds));
  const scanRows = scanRuns[0]?.rows ?? 0;
  const scanSeconds = median(scanRuns.map((r) => r.seconds));
  return {
    ok: verifyRuns.every((r) => r.ok),
    records,
    seconds,
    eventsPerSec: records / seconds,
    scanRows,
    scanSeconds,
    scanPerSec: scanRows / scanSeconds,
  };
}

function timeVerify(dbPath: string, headFile: string): { seconds: number; checked: number; ok: boolean } {
  const store = AuditStore.openForReading(dbPath);
  try {
    const started = performance.now();
    const report = store.verify(headFile);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, checked: report.checked, ok: report.ok };
  } finally {
    store.close();
  }
}

function timeScan(dbPath: string): { seconds: number; rows: number } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const stmt = db.prepare("SELECT * FROM audit").raw(true);
    const started = performance.now();
    let rows = 0;
    for (const r of stmt.iterate()) if (r !== undefined) rows++;
    return { seconds: (performance.now() - started) / 1000, rows };
  } finally {
    db.close();
  }
}
