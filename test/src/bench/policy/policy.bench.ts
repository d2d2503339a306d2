/**
 * Policy bench: how fast Warden decides agent tool calls, in process and through a
 * real daemon, on a fixed mix of Claude Code PreToolUse hook inputs built from real
 * data (see workload.ts). It prints figures beside their targets; it never fails on
 * timings. Run with `npm run bench:policy` (or `npx tsc -b && node
 * dist/test/src/bench/policy/policy.bench.js`). BENCH_POLICY_INPUTS (default 20000)
 * lowers the size for a quick run. Load average is printed: a busy machine's figures
 * should not be quoted.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { EngineContext } from "../../../../daemon/src/policy/engine";
import { starterLayer } from "../../../../daemon/src/policy/policy-set";
import { loadShellParser } from "../../../../daemon/src/policy/shell";
import { TempWarden } from "../../helpers/warden-home";
import { fmt } from "../stats";
import { checkProjectRoot } from "./corpus";
import { runInProcess } from "./in-process";
import { daemonLines, inProcessLines } from "./report";
import { runThroughDaemon } from "./through-daemon";
import { makeWorkload } from "./workload";
import { makeWorkspace } from "./workspace";

const IN_FLIGHT = 64;
const SEQUENTIAL = 2_000;

async function main(): Promise<void> {
  const started = performance.now();
  checkProjectRoot();
  const total = positiveInt(process.env["BENCH_POLICY_INPUTS"], 20_000);
  const w = new TempWarden();
  let workspace: string | null = null;
  let config: string | null = null;
  try {
    workspace = makeWorkspace();
    // Only the starter policy: no machine-wide or user policy from this machine. Kept out of
    // WARDEN_HOME, whose files change at every commit and would wake the policy watcher.
    config = fs.mkdtempSync(path.join(os.tmpdir(), "wd-bench-cfg-"));
    w.env["WARDEN_MANAGED_POLICY"] = path.join(config, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(config, "xdg");
    const load = os.loadavg()[0] ?? 0;
    console.log(`Warden policy bench — node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} cores`);
    console.log(`load average (1 min) at start: ${fmt(load, 2)}${load > os.cpus().length / 2 ? "  (machine not idle: figures may be noisy)" : ""}`);
    console.log(`workspace ${workspace}; WARDEN_HOME ${w.home}`);
    const { inputs, sources } = makeWorkload(total, workspace);
    console.log(`workload: ${fmt(inputs.length)} PreToolUse hook inputs, fixed-seed shuffle`);
    for (const s of sources) console.log(`  ${s}`);
    console.log("");

    const ctx: EngineContext = {
      workspace,
      actor: { name: "bench-agent", role: "writer" },
      wardenHome: w.home,
      home: os.homedir(),
      caseInsensitive: process.platform === "darwin" || process.platform === "win32",
      shell: await loadShellParser(),
    };
    const inProcess = runInProcess(inputs, { layers: [starterLayer()] }, ctx);
    for (const line of inProcessLines(inProcess)) console.log(line);
    console.log("");

    const daemonPid = await w.start();
    const daemon = await runThroughDaemon(w, daemonPid, workspace, inputs, inProcess.decisions, { inFlight: IN_FLIGHT, sequential: SEQUENTIAL });
    for (const line of daemonLines(daemon, inProcess.decisionsPerSec)) console.log(line);
    console.log("");
    console.log(`bench wall time: ${fmt((performance.now() - started) / 1000, 1)} s; load average (1 min) at end: ${fmt(os.loadavg()[0] ?? 0, 2)}`);
  } finally {
    await w.cleanup();
    for (const dir of [workspace, config]) if (dir !== null) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function positiveInt(raw: string | undefined, fallback: number): number {
  const n = raw === undefined ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
