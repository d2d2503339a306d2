import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { WardenClient } from "../../../protocol/src/client";
import { PING_BLOCK, PING_WARMUP } from "./config";
import { RoundTrip, echoRoundTrip, startEchoServer } from "./echo-server";
import { Latency, ratio, summarize } from "./stats";

interface Placement {
  name: string;
  /** CPU for this (client) process, and CPU for the daemon and the echo server; null: left to the scheduler. */
  clientCpu: number | null;
  serverCpu: number | null;
}

export interface PlacedLatency {
  placement: string;
  daemon: Latency;
  baseline: Latency;
  ratioP50: number;
  ratioP99: number;
}

/**
 * `daemon/ping` round trips against the daemon beside the same frames against a bare
 * echo server (started here, in `scratch`, and stopped before returning), once per placement.
 */
export async function runLatencyBench(client: WardenClient, daemonPid: number, scratch: string, pings: number): Promise<PlacedLatency[]> {
  const echoSocket = path.join(scratch, "echo.sock");
  const echo = await startEchoServer(echoSocket);
  try {
    const echoClient = await echoRoundTrip(echoSocket);
    try {
      const serverPids = [daemonPid, ...(echo.pid !== undefined ? [echo.pid] : [])];
      const latencies: PlacedLatency[] = [];
      for (const placement of placements(serverPids)) {
        if (placement.clientCpu !== null && placement.serverCpu !== null) {
          pin(process.pid, String(placement.clientCpu));
          for (const pid of serverPids) pin(pid, String(placement.serverCpu));
        }
        const [daemonLatency, echoLatency] = await interleavedLatency(daemonRoundTrip(client), echoClient.roundTrip, pings);
        latencies.push({
          placement: placement.name,
          daemon: daemonLatency,
          baseline: echoLatency,
          ratioP50: ratio(daemonLatency.p50Us, echoLatency.p50Us),
          ratioP99: ratio(daemonLatency.p99Us, echoLatency.p99Us),
        });
      }
      const allCpus = `0-${os.cpus().length - 1}`;
      if (latencies.some((l) => l.placement !== "unpinned")) for (const pid of [process.pid, ...serverPids]) pin(pid, allCpus);
      return latencies;
    } finally {
      echoClient.close();
    }
  } finally {
    echo.kill("SIGTERM");
  }
}

function daemonRoundTrip(client: WardenClient): RoundTrip {
  return async () => {
    const t = performance.now();
    await client.request("daemon/ping", {});
    return (performance.now() - t) * 1000;
  };
}

/**
 * Warms both up, then alternates blocks of sequential requests between them, so
 * that drift on the machine (other load, GC of earlier phases) falls on both sides
 * alike rather than on whichever ran second.
 */
async function interleavedLatency(a: RoundTrip, b: RoundTrip, pings: number): Promise<[Latency, Latency]> {
  for (let i = 0; i < PING_WARMUP; i++) await a();
  for (let i = 0; i < PING_WARMUP; i++) await b();
  const block = Math.max(1, Math.min(PING_BLOCK, pings));
  const sa = new Float64Array(pings);
  const sb = new Float64Array(pings);
  for (let done = 0; done < pings; done += block) {
    const end = Math.min(pings, done + block);
    for (let i = done; i < end; i++) sa[i] = await a();
    for (let i = done; i < end; i++) sb[i] = await b();
  }
  return [summarize(sa), summarize(sb)];
}

/** Pins every thread of `pid` to `cpus` with taskset(1); false when that is not possible here. */
function pin(pid: number, cpus: string): boolean {
  const r = spawnSync("taskset", ["-a", "-p", "-c", cpus, String(pid)], { stdio: "ignore" });
  return r.status === 0;
}

/**
 * Where client and server run decides a sequential round trip on a small VM more
 * than anything in either program (a wake-up on another vCPU costs tens of µs), so
 * the latency is measured with both placements pinned when taskset(1) is available:
 * all on one core, and client and server on different cores.
 */
function placements(serverPids: number[]): Placement[] {
  const cpus = os.cpus().length;
  if (process.platform !== "linux" || cpus < 2 || !pin(process.pid, `0-${cpus - 1}`)) {
    return [{ name: "unpinned", clientCpu: null, serverCpu: null }];
  }
  if (!serverPids.every((pid) => pin(pid, `0-${cpus - 1}`))) return [{ name: "unpinned", clientCpu: null, serverCpu: null }];
  return [
    { name: "same core", clientCpu: 0, serverCpu: 0 },
    { name: "separate cores", clientCpu: 0, serverCpu: 1 },
  ];
}
