import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { WardenClient } from "../../../protocol/src/client";
import { AppendFigure } from "./append-figure";
import { ownCpuSeconds, processCpuSeconds } from "./process-cpu";
import { AppendEvent } from "./workload";

/** A daemon append figure, with the range of sequence numbers the run wrote. */
export type DaemonAppendFigure = AppendFigure & { firstSeq: number; lastSeq: number };

/** Appends `events` through the real daemon, `perRequest` per `audit/append`, at most `inFlight` outstanding. */
export async function daemonAppend(
  client: WardenClient,
  daemonPid: number,
  db: Database.Database,
  events: readonly AppendEvent[],
  perRequest: number,
  inFlight: number,
): Promise<DaemonAppendFigure> {
  const before = numberFrom(db.prepare("SELECT coalesce(max(seq), 0) FROM audit").pluck().get());
  const daemonCpu0 = processCpuSeconds(daemonPid);
  const clientCpu0 = ownCpuSeconds();
  const run = await pipelined(events, perRequest, inFlight, async (slice) => {
    const r = await client.request("audit/append", { events: slice });
    return r.lastSeq - r.firstSeq + 1;
  });
  const clientCpu = ownCpuSeconds() - clientCpu0;
  const daemonCpu1 = processCpuSeconds(daemonPid);
  const after = numberFrom(db.prepare("SELECT coalesce(max(seq), 0) FROM audit").pluck().get());
  const commits = numberFrom(db.prepare("SELECT count(DISTINCT ts) FROM audit WHERE seq > ? AND seq <= ?").pluck().get(before, after));
  return {
    events: events.length,
    requests: run.requests,
    seconds: run.seconds,
    eventsPerSec: events.length / run.seconds,
    commitsAtLeast: commits,
    daemonCpuSeconds: daemonCpu0 !== null && daemonCpu1 !== null ? daemonCpu1 - daemonCpu0 : null,
    clientCpuSeconds: clientCpu,
    firstSeq: before + 1,
    lastSeq: after,
  };
}

/** The figure without the sequence range, as it goes into the JSON output. */
export function stripSeq(f: AppendFigure): AppendFigure {
  return {
    events: f.events,
    requests: f.requests,
    seconds: f.seconds,
    eventsPerSec: f.eventsPerSec,
    commitsAtLeast: f.commitsAtLeast,
    daemonCpuSeconds: f.daemonCpuSeconds,
    clientCpuSeconds: f.clientCpuSeconds,
  };
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

function numberFrom(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  throw new Error(`expected a number from SQLite, got ${typeof value}`);
}
