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
 * The same file, started with `--echo-server SOCKET`, is the bare `ws` echo server
 * the latency baseline talks to (in its own process, as the daemon is).
 */
import { spawn, ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import WebSocket, { WebSocketServer } from "ws";
import { WardenClient } from "../../../protocol/src/client";
import { JsonValue } from "../../../protocol/src/json";
import { AuditStore } from "../../../daemon/src/audit/store";
import { TempWarden } from "../helpers/warden-home";

const EVENTS = positiveIntFromEnv("BENCH_EVENTS", 200_000);
const PINGS = positiveIntFromEnv("BENCH_PINGS", 5_000);
const PING_WARMUP = 500;
const BATCH = 500;
const BATCH_IN_FLIGHT = 8;
const SINGLE_IN_FLIGHT = 256;
const BASELINE_TXN_ROWS = 500;

const TARGET_APPEND_PER_S = 50_000;
const TARGET_APPEND_RATIO = 0.5;
const TARGET_VERIFY_PER_S = 200_000;

const OUT_FILE = path.resolve(__dirname, "..", "..", "..", "bench", "foundation.json");

interface AppendEvent {
  kind: string;
  workspace: string;
  payload: JsonValue;
}

type Row = [number, string, string, string, string | null, string, string, string, string];

// ---------------------------------------------------------------------------
// Workload

const COMMANDS = ["git status", "git diff --stat", "npm test", "ls -la src", "git log --oneline -20", "cat package.json"];
const RULES = ["starter:read-only-git", "starter:read-only-fs", "starter:npm-scripts", "project:deny-network"];

/** Realistic tool-call events, varied enough that no two payloads in a row are the same. */
function makeEvents(n: number): AppendEvent[] {
  const events: AppendEvent[] = [];
  for (let i = 0; i < n; i++) {
    events.push({
      kind: "tool.call",
      workspace: "/home/dev/project",
      payload: {
        tool: "Bash",
        command: COMMANDS[i % COMMANDS.length] ?? "git status",
        cwd: "/home/dev/project",
        decision: i % 17 === 0 ? "deny" : "allow",
        rule: RULES[i % RULES.length] ?? "starter:read-only-git",
        durationMs: 1 + (i % 23),
      },
    });
  }
  return events;
}

// ---------------------------------------------------------------------------
// Small helpers

function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number.parseInt(raw, 10);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : Number.NaN;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] ?? Number.NaN;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
}

function isRow(r: unknown): r is Row {
  return (
    Array.isArray(r) &&
    r.length === 9 &&
    typeof r[0] === "number" &&
    typeof r[1] === "string" &&
    typeof r[2] === "string" &&
    typeof r[3] === "string" &&
    (r[4] === null || typeof r[4] === "string") &&
    typeof r[5] === "string" &&
    typeof r[6] === "string" &&
    typeof r[7] === "string" &&
    typeof r[8] === "string"
  );
}

function numberFrom(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  throw new Error(`expected a number from SQLite, got ${typeof value}`);
}

/** Runs `total` items through `send` in requests of `perRequest`, at most `inFlight` outstanding. */
async function pipelined(
  events: readonly AppendEvent[],
  perRequest: number,
  inFlight: number,
  send: (slice: AppendEvent[]) => Promise<number>,
): Promise<{ seconds: number; requests: number }> {
  let next = 0;
  let requests = 0;
  const worker = async (): Promise<void> => {
    while (next < events.length) {
      const slice = events.slice(next, next + perRequest);
      next += slice.length;
      requests++;
      const stored = await send(slice);
      if (stored !== slice.length) throw new Error(`daemon stored ${stored} of ${slice.length} events`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, () => worker()));
  return { seconds: (performance.now() - started) / 1000, requests };
}

// ---------------------------------------------------------------------------
// 1. Audit append

interface AppendFigure {
  events: number;
  requests: number;
  seconds: number;
  eventsPerSec: number;
  /** Distinct timestamps among the rows written: each commit stamps one, so this is a lower bound on commits. */
  commitsAtLeast: number;
}

async function daemonAppend(
  client: WardenClient,
  db: Database.Database,
  events: readonly AppendEvent[],
  perRequest: number,
  inFlight: number,
): Promise<AppendFigure & { firstSeq: number; lastSeq: number }> {
  const before = numberFrom(db.prepare("SELECT coalesce(max(seq), 0) FROM audit").pluck().get());
  const run = await pipelined(events, perRequest, inFlight, async (slice) => {
    const r = await client.request("audit/append", { events: slice });
    return r.records.length;
  });
  const after = numberFrom(db.prepare("SELECT coalesce(max(seq), 0) FROM audit").pluck().get());
  const commits = numberFrom(db.prepare("SELECT count(DISTINCT ts) FROM audit WHERE seq > ? AND seq <= ?").pluck().get(before, after));
  return {
    events: events.length,
    requests: run.requests,
    seconds: run.seconds,
    eventsPerSec: events.length / run.seconds,
    commitsAtLeast: commits,
    firstSeq: before + 1,
    lastSeq: after,
  };
}

/** The same rows, inserted into a fresh database with the same settings and schema, minus triggers and hashing. */
function baselineAppend(rows: readonly Row[], schemaSql: readonly string[], dir: string): AppendFigure {
  const file = path.join(dir, "baseline.db");
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    for (const sql of schemaSql) db.exec(sql);
    const insert = db.prepare("INSERT INTO audit (seq, ts, actor_type, actor_id, workspace, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const insertMany = db.transaction((chunk: readonly Row[]) => {
      for (const r of chunk) insert.run(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]);
    });
    const started = performance.now();
    for (let i = 0; i < rows.length; i += BASELINE_TXN_ROWS) insertMany(rows.slice(i, i + BASELINE_TXN_ROWS));
    const seconds = (performance.now() - started) / 1000;
    return {
      events: rows.length,
      requests: 0,
      seconds,
      eventsPerSec: rows.length / seconds,
      commitsAtLeast: Math.ceil(rows.length / BASELINE_TXN_ROWS),
    };
  } finally {
    db.close();
  }
}

/** Raw durable-write cost on this filesystem: 4 KiB write + fdatasync, median and p99 in microseconds. */
function fsyncLatency(dir: string, count = 200): { p50Us: number; p99Us: number } {
  const file = path.join(dir, "fsync-probe");
  const fd = fs.openSync(file, "w");
  const block = Buffer.alloc(4096, 1);
  const samples = new Float64Array(count);
  try {
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      fs.writeSync(fd, block, 0, block.length, (i % 64) * 4096);
      fs.fdatasyncSync(fd);
      samples[i] = (performance.now() - t) * 1000;
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  samples.sort();
  return { p50Us: percentile(samples, 0.5), p99Us: percentile(samples, 0.99) };
}

// ---------------------------------------------------------------------------
// 2. Verify

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

// ---------------------------------------------------------------------------
// 3. Round-trip latency

interface Latency {
  count: number;
  p50Us: number;
  p99Us: number;
  meanUs: number;
}

function summarize(samples: Float64Array): Latency {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const s of sorted) sum += s;
  return { count: sorted.length, p50Us: percentile(sorted, 0.5), p99Us: percentile(sorted, 0.99), meanUs: sum / sorted.length };
}

async function daemonPing(client: WardenClient): Promise<Latency> {
  for (let i = 0; i < PING_WARMUP; i++) await client.request("daemon/ping", {});
  const samples = new Float64Array(PINGS);
  for (let i = 0; i < PINGS; i++) {
    const t = performance.now();
    await client.request("daemon/ping", {});
    samples[i] = (performance.now() - t) * 1000;
  }
  return summarize(samples);
}

/** The bare echo server, run in a child process so that, like the daemon, it has its own event loop. */
function runEchoServer(socketPath: string): void {
  const server = http.createServer();
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on("connection", (ws) => {
    ws.on("message", (data, isBinary) => {
      // binaryType is the default "nodebuffer", so text arrives as one Buffer.
      if (!isBinary && Buffer.isBuffer(data)) ws.send(data.toString("utf8"));
    });
  });
  server.listen(socketPath, () => process.stdout.write("ready\n"));
  process.on("SIGTERM", () => process.exit(0));
}

function startEchoServer(socketPath: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, "--echo-server", socketPath], { stdio: ["ignore", "pipe", "inherit"] });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("echo server did not start"));
    }, 10_000);
    child.on("error", reject);
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
  });
}

async function echoPing(socketPath: string): Promise<Latency> {
  const ws = new WebSocket(`ws+unix://${socketPath}:/`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  let waiting: (() => void) | null = null;
  ws.on("message", () => {
    const w = waiting;
    waiting = null;
    w?.();
  });
  let id = 1;
  // The same frame text the typed client sends for daemon/ping.
  const roundTrip = (): Promise<void> =>
    new Promise<void>((resolve) => {
      waiting = resolve;
      ws.send(JSON.stringify({ type: "request", id: id++, method: "daemon/ping", params: {} }));
    });
  for (let i = 0; i < PING_WARMUP; i++) await roundTrip();
  const samples = new Float64Array(PINGS);
  for (let i = 0; i < PINGS; i++) {
    const t = performance.now();
    await roundTrip();
    samples[i] = (performance.now() - t) * 1000;
  }
  ws.close();
  return summarize(samples);
}

// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "wb-"));
  const w = new TempWarden();
  let echo: ChildProcess | null = null;
  let client: WardenClient | null = null;
  let reader: Database.Database | null = null;
  try {
    console.log(`Warden foundation bench — node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} cores`);
    console.log(`events per pattern: ${fmt(EVENTS)}; pings: ${fmt(PINGS)} after ${fmt(PING_WARMUP)} warm-up; WARDEN_HOME ${w.home}`);
    console.log("");

    const fsync = fsyncLatency(scratch);

    await w.start();
    client = await w.connect();
    reader = new Database(w.paths.db, { readonly: true, fileMustExist: true });

    // --- 1. append
    const events = makeEvents(EVENTS);
    // A short warm-up so JIT and page cache are not charged to the first pattern.
    await client.request("audit/append", { events: events.slice(0, BATCH) });
    const batched = await daemonAppend(client, reader, events, BATCH, BATCH_IN_FLIGHT);
    const single = await daemonAppend(client, reader, events, 1, SINGLE_IN_FLIGHT);

    // The baseline inserts exactly the rows the daemon stored for the batched pattern.
    const rows: Row[] = [];
    for (const r of reader.prepare("SELECT * FROM audit WHERE seq BETWEEN ? AND ? ORDER BY seq").raw(true).iterate(batched.firstSeq, batched.lastSeq)) {
      if (!isRow(r)) throw new Error("unexpected row shape in the daemon's database");
      rows.push(r);
    }
    const schemaSql: string[] = [];
    for (const s of reader.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'audit' AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC").pluck().iterate()) {
      if (typeof s === "string") schemaSql.push(s);
    }
    const baseline = baselineAppend(rows, schemaSql, scratch);
    rows.length = 0;

    // --- 2. verify (daemon idle; database warm after one untimed scan)
    timeScan(w.paths.db);
    const verifyRuns: Array<{ seconds: number; checked: number; ok: boolean }> = [];
    const scanRuns: Array<{ seconds: number; rows: number }> = [];
    for (let i = 0; i < 3; i++) {
      verifyRuns.push(timeVerify(w.paths.db, w.paths.headFile));
      scanRuns.push(timeScan(w.paths.db));
    }
    const verifyOk = verifyRuns.every((r) => r.ok);
    const verifyRows = verifyRuns[0]?.checked ?? 0;
    const verifySeconds = median(verifyRuns.map((r) => r.seconds));
    const scanRows = scanRuns[0]?.rows ?? 0;
    const scanSeconds = median(scanRuns.map((r) => r.seconds));

    // --- 3. latency
    const ping = await daemonPing(client);
    const echoSocket = path.join(scratch, "echo.sock");
    echo = await startEchoServer(echoSocket);
    const echoLatency = await echoPing(echoSocket);

    // --- report
    const verifyPerSec = verifyRows / verifySeconds;
    const scanPerSec = scanRows / scanSeconds;
    const lines = [
      `audit append (batched ${BATCH}, ${BATCH_IN_FLIGHT} in flight): ${fmt(batched.eventsPerSec)} events/s | baseline plain insert (txn of ${BASELINE_TXN_ROWS}): ${fmt(baseline.eventsPerSec)} events/s | ratio ${fmt(ratio(batched.eventsPerSec, baseline.eventsPerSec), 2)} (target ≥ ${fmt(TARGET_APPEND_PER_S)}/s and ≥ ${TARGET_APPEND_RATIO}×)`,
      `audit append (single event, ${SINGLE_IN_FLIGHT} in flight): ${fmt(single.eventsPerSec)} events/s | baseline plain insert (txn of ${BASELINE_TXN_ROWS}): ${fmt(baseline.eventsPerSec)} events/s | ratio ${fmt(ratio(single.eventsPerSec, baseline.eventsPerSec), 2)} (target ≥ ${fmt(TARGET_APPEND_PER_S)}/s and ≥ ${TARGET_APPEND_RATIO}×)`,
      `audit verify (${fmt(verifyRows)} records, ${verifyOk ? "ok" : "FAILED"}): ${fmt(verifyPerSec)} events/s | baseline plain scan: ${fmt(scanPerSec)} rows/s | ratio ${fmt(ratio(verifyPerSec, scanPerSec), 2)} (target ≥ ${fmt(TARGET_VERIFY_PER_S)}/s)`,
      `daemon/ping round trip (sequential, ${fmt(PINGS)}): p50 ${fmt(ping.p50Us)} µs, p99 ${fmt(ping.p99Us)} µs | baseline bare ws echo: p50 ${fmt(echoLatency.p50Us)} µs, p99 ${fmt(echoLatency.p99Us)} µs | ratio p50 ${fmt(ratio(ping.p50Us, echoLatency.p50Us), 2)}, p99 ${fmt(ratio(ping.p99Us, echoLatency.p99Us), 2)}`,
    ];
    for (const line of lines) console.log(line);
    console.log("");
    console.log("context:");
    console.log(
      `  append figures are end to end: client validate → socket → daemon validate → hash → insert → commit (WAL, synchronous=FULL: fsync) → anchor file → response → client validate`,
    );
    console.log(`  raw 4 KiB write + fdatasync on this filesystem: p50 ${fmt(fsync.p50Us)} µs, p99 ${fmt(fsync.p99Us)} µs`);
    const appendRows: Array<[string, AppendFigure]> = [
      [`batched ${BATCH}/${BATCH_IN_FLIGHT}`, batched],
      [`single/${SINGLE_IN_FLIGHT}`, single],
      ["baseline", baseline],
    ];
    for (const [label, f] of appendRows) {
      console.log(
        `  ${label.padEnd(14)} ${fmt(f.events)} events in ${fmt(f.seconds, 2)} s; ${f.requests > 0 ? `${fmt(f.requests)} requests; ` : ""}commits ≥ ${fmt(f.commitsAtLeast)} (≈ ${fmt(f.events / Math.max(1, f.commitsAtLeast))} events/commit, ≈ ${fmt((f.seconds * 1e6) / Math.max(1, f.commitsAtLeast))} µs/commit)`,
      );
    }
    console.log(`  verify median of 3: ${fmt(verifySeconds * 1000)} ms; scan median of 3: ${fmt(scanSeconds * 1000)} ms`);
    console.log(`  ping mean ${fmt(ping.meanUs)} µs; bare echo mean ${fmt(echoLatency.meanUs)} µs`);
    const totalSeconds = (performance.now() - benchStarted) / 1000;
    console.log(`  bench wall time: ${fmt(totalSeconds, 1)} s`);

    const figures = {
      generatedAt: new Date().toISOString(),
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      eventsPerPattern: EVENTS,
      append: {
        batched: { batch: BATCH, inFlight: BATCH_IN_FLIGHT, ...stripSeq(batched), ratioToBaseline: ratio(batched.eventsPerSec, baseline.eventsPerSec) },
        single: { batch: 1, inFlight: SINGLE_IN_FLIGHT, ...stripSeq(single), ratioToBaseline: ratio(single.eventsPerSec, baseline.eventsPerSec) },
        baseline: { transactionRows: BASELINE_TXN_ROWS, ...baseline },
        targets: { eventsPerSec: TARGET_APPEND_PER_S, ratioToBaseline: TARGET_APPEND_RATIO },
      },
      verify: {
        records: verifyRows,
        ok: verifyOk,
        seconds: verifySeconds,
        eventsPerSec: verifyPerSec,
        baseline: { rows: scanRows, seconds: scanSeconds, rowsPerSec: scanPerSec },
        ratioToBaseline: ratio(verifyPerSec, scanPerSec),
        target: { eventsPerSec: TARGET_VERIFY_PER_S },
      },
      ping: {
        warmup: PING_WARMUP,
        daemon: ping,
        baselineBareWsEcho: echoLatency,
        ratioP50: ratio(ping.p50Us, echoLatency.p50Us),
        ratioP99: ratio(ping.p99Us, echoLatency.p99Us),
      },
      fsync4KiB: fsync,
      wallSeconds: totalSeconds,
    };
    fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
    fs.writeFileSync(OUT_FILE, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`  figures written to ${path.relative(process.cwd(), OUT_FILE)}`);
  } finally {
    reader?.close();
    client?.close();
    if (echo !== null) echo.kill("SIGTERM");
    await w.cleanup();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function stripSeq(f: AppendFigure): AppendFigure {
  return { events: f.events, requests: f.requests, seconds: f.seconds, eventsPerSec: f.eventsPerSec, commitsAtLeast: f.commitsAtLeast };
}

if (process.argv[2] === "--echo-server") {
  const socketPath = process.argv[3];
  if (socketPath === undefined) throw new Error("--echo-server needs a socket path");
  runEchoServer(socketPath);
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
