/**
 * Foundation benchmark: audit append rate, verify rate and request round-trip
 * latency of a real daemon, each printed beside a baseline measured in the same
 * run (what the machine does without Warden's layers) and the ratio between them.
 *
 * It prints figures; it never fails on timings. Run with `npm run bench`
 * (or `npx tsc -b && node dist/test/src/bench/foundation.bench.js`). The figures
 * are also written to dist/bench/foundation.json. Sizes can be lowered for a quick
 * run with BENCH_EVENTS (default 200000) and BENCH_PINGS (default 5000).
 *
 * Baselines: the append baseline inserts the very rows the daemon stored into a
 * fresh database with the same pragmas and schema (no triggers, no hashing), one
 * transaction per 500 rows; it runs twice and the faster run counts. The same
 * events also go through AuditStore.appendBatch in this process, which separates
 * the cost of the hash chain from that of the protocol path. The verify
 * baseline is a plain `SELECT *` scan of the daemon's table. The latency baseline
 * is a bare `ws` echo server in its own process (as the daemon is; echo-server.ts),
 * measured in blocks alternating with the daemon's so that machine drift hits both alike.
 *
 * The machine is shared with whatever else runs: the load average is printed at
 * the start and end, and figures from a busy machine should not be quoted.
 *
 * This file only wires the phases together and prints; each phase is its own module.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { WardenClient } from "../../../protocol/src/client";
import { TempWarden } from "../helpers/warden-home";
import { runAppendBench } from "./append-bench";
import { OUT_FILE, PING_WARMUP, readSizes } from "./config";
import { fsyncLatency } from "./fsync-probe";
import { runLatencyBench } from "./latency-bench";
import { BenchEnd, BenchResults, contextLines, figuresJson, headlineLines } from "./report";
import { fmt } from "./stats";
import { runVerifyBench } from "./verify-bench";
import { makeEvents } from "./workload";

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const sizes = readSizes(process.env);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "wb-"));
  const w = new TempWarden();
  let client: WardenClient | null = null;
  try {
    console.log(`Warden foundation bench — node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} cores`);
    console.log(`events per pattern: ${fmt(sizes.events)}; pings: ${fmt(sizes.pings)} after ${fmt(PING_WARMUP)} warm-up; WARDEN_HOME ${w.home}`);
    const loadBefore = os.loadavg()[0] ?? 0;
    console.log(`load average (1 min) at start: ${fmt(loadBefore, 2)}${loadBefore > os.cpus().length / 2 ? "  (machine not idle: figures may be noisy)" : ""}`);
    console.log("");

    const fsync = fsyncLatency(scratch);
    const daemonPid = await w.start();
    client = await w.connect();
    const append = await runAppendBench({ client, daemonPid, dbPath: w.paths.db, events: makeEvents(sizes.events), scratch });
    // Daemon idle from here on.
    const verify = runVerifyBench(w.paths.db, w.paths.headFile);
    const latencies = await runLatencyBench(client, daemonPid, scratch, sizes.pings);

    const results: BenchResults = { sizes, loadBefore, fsync, append, verify, latencies };
    for (const line of headlineLines(results)) console.log(line);
    console.log("");
    console.log("context:");
    for (const line of contextLines(results)) console.log(line);
    const end: BenchEnd = { wallSeconds: (performance.now() - benchStarted) / 1000, loadAfter: os.loadavg()[0] ?? 0 };
    console.log(`  bench wall time: ${fmt(end.wallSeconds, 1)} s; load average (1 min) at end: ${fmt(end.loadAfter, 2)}`);

    fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
    fs.writeFileSync(OUT_FILE, `${JSON.stringify(figuresJson(results, end), null, 2)}\n`);
    console.log(`  figures written to ${path.relative(process.cwd(), OUT_FILE)}`);
  } finally {
    client?.close();
    await w.cleanup();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
