/** Printed lines for the policy bench: figures beside their targets, never a pass/fail. */
import { fmt, ratio } from "../stats";
import { tailText, tallyText, us } from "./figures";
import { InProcessResult } from "./in-process";
import { DaemonResult } from "./through-daemon";
import { CATEGORIES } from "./workload";

export const TARGET_IN_PROCESS_P99_US = 1_000;
export const TARGET_DAEMON_PER_S = 10_000;

export function inProcessLines(r: InProcessResult): string[] {
  const p99 = r.overall.p99Us;
  const parseMean = r.parseOnly.meanUs;
  return [
    "in-process: decideHookInput, starter policy, real shell parser",
    `  decisions/s: ${fmt(r.decisionsPerSec)} (${fmt(r.overall.count)} in ${fmt(r.seconds, 2)} s, one thread)`,
    `  all:   ${tailText(r.overall)}`,
    ...CATEGORIES.map((c) => {
      const t = r.perCategory.get(c);
      return `  ${`${c}:`.padEnd(6)} ${t === undefined ? "-" : tailText(t)}`;
    }),
    `  target p99 ≤ ${us(TARGET_IN_PROCESS_P99_US)}: ${us(p99)} (${p99 <= TARGET_IN_PROCESS_P99_US ? "within" : "OVER"})`,
    `  decisions: ${tallyText(r.tallies.get("all") ?? new Map<string, number>())}`,
    ...CATEGORIES.map((c) => `    ${`${c}:`.padEnd(6)} ${tallyText(r.tallies.get(c) ?? new Map<string, number>())}`),
    "  baseline (shell inputs, alternating blocks of 500): shell.analyze(command) alone vs the whole decision",
    `    parse only:   ${tailText(r.parseOnly)}`,
    `    full decide:  ${tailText(r.shellDecide)}`,
    `    ratio decide/parse: mean ${fmt(ratio(r.shellDecide.meanUs, parseMean), 2)}x, p50 ${fmt(ratio(r.shellDecide.p50Us, r.parseOnly.p50Us), 2)}x, p99 ${fmt(ratio(r.shellDecide.p99Us, r.parseOnly.p99Us), 2)}x` +
      ` (policy adds ${us(r.shellDecide.meanUs - parseMean)} on average on top of parsing)`,
  ];
}

export function daemonLines(r: DaemonResult, inProcessPerSec: number): string[] {
  const cpuPer = r.daemonCpuSeconds === null ? "n/a" : us((r.daemonCpuSeconds * 1e6) / r.loadedLatency.count);
  return [
    "through the daemon: actions/decide over the agent's WebSocket (Unix socket)",
    "  NOTE: every decision is audited — one durable action.decided record per decision (group commit, fsync per commit) before the answer is sent",
    `  pipelined, ${r.inFlight} in flight: ${fmt(r.decisionsPerSec)} decisions/s (${fmt(r.loadedLatency.count)} in ${fmt(r.seconds, 2)} s)`,
    `    target ≥ ${fmt(TARGET_DAEMON_PER_S)}/s: ${r.decisionsPerSec >= TARGET_DAEMON_PER_S ? "met" : "NOT met"}; ${fmt(ratio(inProcessPerSec, r.decisionsPerSec), 1)}x below in-process`,
    `    latency under load: ${tailText(r.loadedLatency)}`,
    `    daemon CPU: ${r.daemonCpuSeconds === null ? "n/a" : `${fmt(r.daemonCpuSeconds, 2)} s`} (${cpuPer} per decision); bench client CPU ${fmt(r.clientCpuSeconds, 2)} s`,
    `    decisions: ${tallyText(r.tally)}`,
    `    same decision as in-process: ${fmt(r.loadedLatency.count - r.mismatches)} of ${fmt(r.loadedLatency.count)}${r.firstMismatch === null ? "" : `; first difference: ${r.firstMismatch}`}`,
    `  sequential (one at a time): ${fmt(r.sequentialPerSec)} decisions/s`,
    `    latency: ${tailText(r.sequential)}`,
    `  audit: ${fmt(r.seqs.count)} distinct records returned (seq ${fmt(r.seqs.first)}..${fmt(r.seqs.last)}), one per decision incl. warm-up`,
  ];
}
