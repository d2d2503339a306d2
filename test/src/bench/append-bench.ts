import Database from "better-sqlite3";
import { WardenClient } from "../../../protocol/src/client";
import { AppendFigure } from "./append-figure";
import { chainedAppend } from "./chained-append";
import { BASELINE_TXN_ROWS, BATCH, BATCH_IN_FLIGHT, SINGLE_IN_FLIGHT } from "./config";
import { DaemonAppendFigure, daemonAppend } from "./daemon-append";
import { baselineAppend, readStoredRows } from "./plain-insert-baseline";
import { AppendEvent } from "./workload";

export interface AppendResults {
  batched: DaemonAppendFigure;
  single: DaemonAppendFigure;
  /** The same events through AuditStore.appendBatch in this process (chain, no protocol). */
  inProcessChained: AppendFigure;
  /** The faster of `baselineRuns`. */
  baseline: AppendFigure;
  baselineRuns: AppendFigure[];
  /** The single-event pattern's mean number of events per commit. */
  singleGroup: number;
  /** Plain inserts committed in groups of `singleGroup`. */
  smallTxn: AppendFigure;
}

export interface AppendBenchInput {
  client: WardenClient;
  daemonPid: number;
  /** The daemon's database file, read alongside it. */
  dbPath: string;
  events: readonly AppendEvent[];
  /** Where the baseline and in-process databases are created. */
  scratch: string;
}

/** The append patterns against the daemon, with the baselines measured between and after them. */
export async function runAppendBench(input: AppendBenchInput): Promise<AppendResults> {
  const { client, daemonPid, events, scratch } = input;
  const reader = new Database(input.dbPath, { readonly: true, fileMustExist: true });
  try {
    // A short warm-up so JIT and page cache are not charged to the first pattern.
    await client.request("audit/append", { events: events.slice(0, BATCH) });
    const batched = await daemonAppend(client, daemonPid, reader, events, BATCH, BATCH_IN_FLIGHT);

    // The baseline inserts exactly the rows the daemon stored for the batched pattern.
    const stored = readStoredRows(reader, batched.firstSeq, batched.lastSeq);
    // Run once between the two daemon patterns and once after them; the faster run is
    // the baseline (so drift in machine load cannot flatter the ratios).
    const baselineRuns = [baselineAppend(stored, scratch, "baseline-1.db", BASELINE_TXN_ROWS)];
    const single = await daemonAppend(client, daemonPid, reader, events, 1, SINGLE_IN_FLIGHT);
    baselineRuns.push(baselineAppend(stored, scratch, "baseline-2.db", BASELINE_TXN_ROWS));
    // Right after the second baseline run, with the daemon idle, in the same transaction size.
    const inProcessChained = chainedAppend(events, scratch, BASELINE_TXN_ROWS);
    // Context only: plain inserts committed in groups as small as the daemon's own
    // commits were in the single-event pattern (shows what the smaller groups cost).
    const singleGroup = Math.max(1, Math.round(single.events / Math.max(1, single.commitsAtLeast)));
    const smallTxn = baselineAppend(stored, scratch, "baseline-small.db", singleGroup);
    const baseline = baselineRuns.reduce((best, r) => (r.eventsPerSec > best.eventsPerSec ? r : best));
    return { batched, single, inProcessChained, baseline, baselineRuns, singleGroup, smallTxn };
  } finally {
    reader.close();
  }
}
