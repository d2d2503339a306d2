/**
 * The same hook inputs through a real daemon as an agent would send them:
 * `actions/decide` over the agent's own connection, first pipelined (many in
 * flight) for throughput, then one at a time for latency. Every decision is
 * answered only after its audit record is durable (group commit).
 */
import { performance } from "node:perf_hooks";
import { WardenClient } from "../../../../protocol/src/client";
import { connectDaemon } from "../../../../protocol/src/ws-transport";
import { TempWarden } from "../../helpers/warden-home";
import { ownCpuSeconds, processCpuSeconds } from "../process-cpu";
import { Tail, Tally, count, tail } from "./figures";
import { BenchInput } from "./workload";

const WARMUP = 1_000;

export interface DaemonResult {
  inFlight: number;
  seconds: number;
  decisionsPerSec: number;
  loadedLatency: Tail;
  daemonCpuSeconds: number | null;
  clientCpuSeconds: number;
  tally: Tally;
  /** Inputs the daemon decided differently from the in-process engine, with the first one shown. */
  mismatches: number;
  firstMismatch: string | null;
  sequential: Tail;
  sequentialPerSec: number;
  /** Audit sequence numbers returned over the whole run (warm-up, pipelined, sequential). */
  seqs: { first: number; last: number; count: number };
}

export async function runThroughDaemon(
  w: TempWarden,
  daemonPid: number,
  workspace: string,
  inputs: readonly BenchInput[],
  expected: readonly string[],
  opts: { inFlight: number; sequential: number },
): Promise<DaemonResult> {
  const human = await w.connect();
  let agent: WardenClient | null = null;
  try {
    await human.request("agents/add", { workspace, name: "bench-agent", kind: "claude-code", owner: "bench", purpose: "policy benchmark", role: "writer" });
    const { token } = await human.request("tokens/issue", { workspace, name: "bench-agent" });
    agent = await connectDaemon({ socketPath: w.paths.socket }, { token });
    const client = agent;
    const seqs: number[] = [];
    const decide = async (x: BenchInput): Promise<string> => {
      const r = await client.request("actions/decide", { workspace, input: { ...x.input } });
      seqs.push(r.seq);
      // No approver is attached here, so what policy asked comes back denied, marked as asked.
      return r.asked ? "ask" : r.decision.decision;
    };

    await pipelined(inputs.slice(0, WARMUP), opts.inFlight, decide);
    const cpu0 = processCpuSeconds(daemonPid);
    const own0 = ownCpuSeconds();
    const run = await pipelined(inputs, opts.inFlight, decide);
    const cpu1 = processCpuSeconds(daemonPid);
    const clientCpuSeconds = ownCpuSeconds() - own0;

    const tally: Tally = new Map();
    let mismatches = 0;
    let firstMismatch: string | null = null;
    run.decisions.forEach((d, i) => {
      count(tally, d);
      if (d === expected[i]) return;
      mismatches++;
      const x = inputs[i];
      firstMismatch ??= `${x?.input.tool_name} ${JSON.stringify(x?.input.tool_input)}: daemon ${d}, in-process ${expected[i]}`;
    });

    const seq = inputs.slice(0, Math.min(opts.sequential, inputs.length));
    const samples = new Float64Array(seq.length);
    const seqStarted = performance.now();
    for (let i = 0; i < seq.length; i++) {
      const x = seq[i];
      if (x === undefined) continue;
      const t = performance.now();
      await decide(x);
      samples[i] = (performance.now() - t) * 1000;
    }
    const seqSeconds = (performance.now() - seqStarted) / 1000;

    return {
      inFlight: opts.inFlight,
      seconds: run.seconds,
      decisionsPerSec: inputs.length / run.seconds,
      loadedLatency: tail(run.latencies),
      daemonCpuSeconds: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
      clientCpuSeconds,
      tally,
      mismatches,
      firstMismatch,
      sequential: tail(samples),
      sequentialPerSec: seq.length / seqSeconds,
      seqs: { first: seqs.reduce((a, b) => Math.min(a, b), Infinity), last: seqs.reduce((a, b) => Math.max(a, b), 0), count: new Set(seqs).size },
    };
  } finally {
    agent?.close();
    human.close();
  }
}

/** Every input through `send`, at most `inFlight` outstanding; decisions and latencies by input index. */
async function pipelined(
  inputs: readonly BenchInput[],
  inFlight: number,
  send: (x: BenchInput) => Promise<string>,
): Promise<{ seconds: number; decisions: string[]; latencies: Float64Array }> {
  const decisions: string[] = new Array<string>(inputs.length).fill("");
  const latencies = new Float64Array(inputs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < inputs.length) {
      const i = next++;
      const x = inputs[i];
      if (x === undefined) continue;
      const t = performance.now();
      decisions[i] = await send(x);
      latencies[i] = (performance.now() - t) * 1000;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, () => worker()));
  return { seconds: (performance.now() - started) / 1000, decisions, latencies };
}
