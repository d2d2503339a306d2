/**
 * Hook bench: what gating costs an agent per tool call. Claude Code's HTTP hook
 * (request → decision → response, p50/p99 over 1,000 calls; target p50 ≤ 5 ms)
 * beside a bare HTTP round trip; the command hook (process start → decision → exit,
 * p50/p95 over 200 runs; target ≤ 1.5× a bare `node -e 0` start, measured
 * interleaved in the same run); and a broker tool call over MCP (p50/p99). Prints
 * figures, never fails on timings. `npm run bench:hooks`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TempWarden } from "../../helpers/warden-home";
import { makeWorkload } from "../policy/workload";
import { makeWorkspace } from "../policy/workspace";
import { checkProjectRoot } from "../policy/corpus";
import { fmt, ratio } from "../stats";
import { measureHttpHook } from "./http-hook";
import { measureCommandHook } from "./command-hook";
import { measureBroker } from "./broker-call";

const CALLS = 1_000;
const COMMAND_RUNS = 200;
const BROKER_CALLS = 500;

async function main(): Promise<void> {
  checkProjectRoot();
  const w = new TempWarden();
  const workspace = makeWorkspace();
  const config = fs.mkdtempSync(path.join(os.tmpdir(), "wd-bench-cfg-"));
  try {
    w.env["WARDEN_MANAGED_POLICY"] = path.join(config, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(config, "xdg");
    console.log(`Warden hook bench — node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} cores, load ${fmt(os.loadavg()[0] ?? 0, 2)}`);
    await w.start(["--listen", "127.0.0.1:0"]);
    const human = await w.connect();
    const address = (await human.request("daemon/status", {})).listen ?? "";
    await human.request("agents/add", { workspace, name: "bench", kind: "claude-code", owner: "bench", purpose: "hook bench" });
    const { token } = await human.request("tokens/issue", { workspace, name: "bench" });
    human.close();
    const bodies = makeWorkload(CALLS, workspace).inputs.map((x) => JSON.stringify(x.input));

    const h = await measureHttpHook(address, token, bodies);
    const ms = (us: number): string => `${fmt(us / 1000, 2)} ms`;
    console.log("");
    console.log(`HTTP hook (POST /hooks/claude-code, PreToolUse, one at a time, every decision audited before the answer):`);
    console.log(`  kept-alive connection: ${h.keepAlive.count} calls  p50 ${ms(h.keepAlive.p50Us)}  p99 ${ms(h.keepAlive.p99Us)}  mean ${ms(h.keepAlive.meanUs)}   target p50 ≤ 5 ms: ${h.keepAlive.p50Us <= 5000 ? "met" : "MISSED"}`);
    console.log(`  new connection each call: ${h.fresh.count} calls  p50 ${ms(h.fresh.p50Us)}  p99 ${ms(h.fresh.p99Us)}`);
    console.log(`  baseline, bare Node HTTP server answering {}: p50 ${ms(h.baselineKeepAlive.p50Us)}  p99 ${ms(h.baselineKeepAlive.p99Us)}  (hook/baseline p50 ${fmt(ratio(h.keepAlive.p50Us, h.baselineKeepAlive.p50Us), 1)}×)`);
    console.log(`  decisions: ${[...h.decisions].map(([d, n]) => `${d} ${n}`).join(", ")} (asks are denied here: no approver attached)`);

    const c = await measureCommandHook({ workspace, home: w.home, token, bodies, runs: COMMAND_RUNS });
    const ratioP50 = ratio(c.hook.p50Us, c.bareNode.p50Us);
    console.log("");
    console.log(`command hook (node hook/main.js claude-code, stdin → decision → exit), ${COMMAND_RUNS} runs interleaved with the baseline:`);
    console.log(`  hook:          p50 ${ms(c.hook.p50Us)}  p95 ${ms(c.hook.p95Us)}`);
    console.log(`  node -e 0:     p50 ${ms(c.bareNode.p50Us)}  p95 ${ms(c.bareNode.p95Us)}`);
    console.log(`  hook / bare node: p50 ${fmt(ratioP50, 2)}×  p95 ${fmt(ratio(c.hook.p95Us, c.bareNode.p95Us), 2)}×   target ≤ 1.5×: ${ratioP50 <= 1.5 ? "met" : "MISSED"}`);
    console.log(`  exit codes: ${[...c.exitCodes].map(([k, n]) => `${k}: ${n}`).join(", ")} (0 allow, 2 deny)`);

    const b = await measureBroker({ address, workspace, env: w.env, token, calls: BROKER_CALLS });
    console.log("");
    console.log(`broker tool call (MCP read_file, decided + executed + 2 audit commits), ${BROKER_CALLS} calls each:`);
    console.log(`  Streamable HTTP: p50 ${ms(b.http.p50Us)}  p99 ${ms(b.http.p99Us)}`);
    console.log(`  stdio (warden mcp bridge): p50 ${ms(b.stdio.p50Us)}  p99 ${ms(b.stdio.p99Us)}`);
    console.log(`  tool errors: ${b.errors}`);
  } finally {
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(config, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
