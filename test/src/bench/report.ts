import os from "node:os";
import { AppendFigure } from "./append-figure";
import { AppendResults } from "./append-bench";
import {
  BASELINE_TXN_ROWS,
  BATCH,
  BATCH_IN_FLIGHT,
  BenchSizes,
  PING_BLOCK,
  PING_WARMUP,
  SINGLE_IN_FLIGHT,
  TARGET_APPEND_PER_S,
  TARGET_APPEND_RATIO,
  TARGET_VERIFY_PER_S,
} from "./config";
import { stripSeq } from "./daemon-append";
import { FsyncLatency } from "./fsync-probe";
import { PlacedLatency } from "./latency-bench";
import { fmt, ratio } from "./stats";
import { VerifyResults } from "./verify-bench";

/** Everything measured, as the report and the JSON output read it. */
export interface BenchResults {
  sizes: BenchSizes;
  loadBefore: number;
  fsync: FsyncLatency;
  append: AppendResults;
  verify: VerifyResults;
  latencies: PlacedLatency[];
}

/** How the run ended: wall time of the whole bench and the load average then. */
export interface BenchEnd {
  wallSeconds: number;
  loadAfter: number;
}

/** One line per figure, each beside its baseline and the ratio. */
export function headlineLines(r: BenchResults): string[] {
  const { batched, single, inProcessChained, baseline } = r.append;
  const plain = `baseline plain insert (txn of ${BASELINE_TXN_ROWS}): ${fmt(baseline.eventsPerSec)} events/s`;
  const target = `(target ≥ ${fmt(TARGET_APPEND_PER_S)}/s and ≥ ${TARGET_APPEND_RATIO}×)`;
  const v = r.verify;
  return [
    `audit append (batched ${BATCH}, ${BATCH_IN_FLIGHT} in flight): ${fmt(batched.eventsPerSec)} events/s | ${plain} | ratio ${fmt(ratio(batched.eventsPerSec, baseline.eventsPerSec), 2)} ${target}`,
    `audit append (single event, ${SINGLE_IN_FLIGHT} in flight): ${fmt(single.eventsPerSec)} events/s | ${plain} | ratio ${fmt(ratio(single.eventsPerSec, baseline.eventsPerSec), 2)} ${target}`,
    `audit append in-process (AuditStore.appendBatch, chain included, txn of ${BASELINE_TXN_ROWS}): ${fmt(inProcessChained.eventsPerSec)} events/s | ${plain} | ratio ${fmt(ratio(inProcessChained.eventsPerSec, baseline.eventsPerSec), 2)}`,
    `audit verify (${fmt(v.records)} records, ${v.ok ? "ok" : "FAILED"}): ${fmt(v.eventsPerSec)} events/s | baseline plain scan: ${fmt(v.scanPerSec)} rows/s | ratio ${fmt(ratio(v.eventsPerSec, v.scanPerSec), 2)} (target ≥ ${fmt(TARGET_VERIFY_PER_S)}/s)`,
    ...r.latencies.map(
      (l) =>
        `daemon/ping round trip (${l.placement}; sequential, ${fmt(r.sizes.pings)}): p50 ${fmt(l.daemon.p50Us)} µs, p99 ${fmt(l.daemon.p99Us)} µs | baseline bare ws echo: p50 ${fmt(l.baseline.p50Us)} µs, p99 ${fmt(l.baseline.p99Us)} µs | ratio p50 ${fmt(l.ratioP50, 2)}, p99 ${fmt(l.ratioP99, 2)}`,
    ),
  ];
}

/** What explains the figures: fsync cost, commits and CPU per pattern, run-to-run spread, means. */
export function contextLines(r: BenchResults): string[] {
  const a = r.append;
  const lines = [
    `  append figures are end to end: client validate → socket → daemon validate → hash → insert → commit (WAL, synchronous=FULL: fsync) → anchor file → response → client validate`,
    `  raw 4 KiB write + fdatasync on this filesystem: p50 ${fmt(r.fsync.p50Us)} µs, p99 ${fmt(r.fsync.p99Us)} µs`,
  ];
  const appendRows: Array<[string, AppendFigure]> = [
    [`batched ${BATCH}/${BATCH_IN_FLIGHT}`, a.batched],
    [`single/${SINGLE_IN_FLIGHT}`, a.single],
    [`chained ${BASELINE_TXN_ROWS}`, a.inProcessChained],
    ["baseline", a.baseline],
  ];
  const cpuPerEvent = (cpu: number | null, f: AppendFigure): string =>
    cpu === null ? "n/a" : `${fmt((cpu * 1e6) / f.events, 1)} µs/event (${fmt((100 * cpu) / f.seconds)}% of wall)`;
  for (const [label, f] of appendRows) {
    lines.push(
      `  ${label.padEnd(14)} ${fmt(f.events)} events in ${fmt(f.seconds, 2)} s; ${f.requests > 0 ? `${fmt(f.requests)} requests; ` : ""}commits ≥ ${fmt(f.commitsAtLeast)} (≈ ${fmt(f.events / Math.max(1, f.commitsAtLeast))} events/commit, ≈ ${fmt((f.seconds * 1e6) / Math.max(1, f.commitsAtLeast))} µs wall time per commit)`,
      `  ${"".padEnd(14)} CPU: ${f.requests > 0 ? `daemon ${cpuPerEvent(f.daemonCpuSeconds, f)}, client ${cpuPerEvent(f.clientCpuSeconds, f)}` : `in-process ${cpuPerEvent(f.clientCpuSeconds, f)}`}`,
    );
  }
  lines.push(
    `  baseline runs: ${a.baselineRuns.map((b) => `${fmt(b.eventsPerSec)}/s`).join(", ")} (best used)`,
    `  plain insert in transactions of ${fmt(a.singleGroup)} (the single-event pattern's mean group size): ${fmt(a.smallTxn.eventsPerSec)} events/s`,
    `  verify median of 3: ${fmt(r.verify.seconds * 1000)} ms; scan median of 3: ${fmt(r.verify.scanSeconds * 1000)} ms`,
    `  round trips: ${fmt(PING_WARMUP)} warm-up each, then daemon and echo alternate in blocks of ${PING_BLOCK}; client in this process, daemon and echo server in their own`,
    ...r.latencies.map((l) => `  ${l.placement}: ping mean ${fmt(l.daemon.meanUs)} µs; bare echo mean ${fmt(l.baseline.meanUs)} µs`),
  );
  return lines;
}

/** The figures as written to dist/bench/foundation.json. */
export function figuresJson(r: BenchResults, end: BenchEnd): object {
  const { batched, single, inProcessChained, baseline } = r.append;
  const v = r.verify;
  return {
    generatedAt: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    eventsPerPattern: r.sizes.events,
    append: {
      batched: { batch: BATCH, inFlight: BATCH_IN_FLIGHT, ...stripSeq(batched), ratioToBaseline: ratio(batched.eventsPerSec, baseline.eventsPerSec) },
      single: { batch: 1, inFlight: SINGLE_IN_FLIGHT, ...stripSeq(single), ratioToBaseline: ratio(single.eventsPerSec, baseline.eventsPerSec) },
      inProcessChained: { transactionRows: BASELINE_TXN_ROWS, ...inProcessChained, ratioToBaseline: ratio(inProcessChained.eventsPerSec, baseline.eventsPerSec) },
      baseline: { transactionRows: BASELINE_TXN_ROWS, ...baseline, runsEventsPerSec: r.append.baselineRuns.map((b) => b.eventsPerSec) },
      plainInsertAtSingleGroupSize: { transactionRows: r.append.singleGroup, eventsPerSec: r.append.smallTxn.eventsPerSec },
      targets: { eventsPerSec: TARGET_APPEND_PER_S, ratioToBaseline: TARGET_APPEND_RATIO },
    },
    verify: {
      records: v.records,
      ok: v.ok,
      seconds: v.seconds,
      eventsPerSec: v.eventsPerSec,
      baseline: { rows: v.scanRows, seconds: v.scanSeconds, rowsPerSec: v.scanPerSec },
      ratioToBaseline: ratio(v.eventsPerSec, v.scanPerSec),
      target: { eventsPerSec: TARGET_VERIFY_PER_S },
    },
    ping: { warmup: PING_WARMUP, count: r.sizes.pings, interleavedBlock: PING_BLOCK, placements: r.latencies },
    fsync4KiB: r.fsync,
    wallSeconds: end.wallSeconds,
    loadAverage1m: { start: r.loadBefore, end: end.loadAfter },
  };
}
