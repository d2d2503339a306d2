/**
 * Hook bench: what gating costs an agent per tool call. Claude Code's HTTP hook
 * (request → decision → response, p50/p99 over 1,000 calls; target p50 ≤ 5 ms)
 * beside a bare HTTP round trip measured in the same run. Prints figures, never
 * fails on timings. `npm run bench:hooks`.
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

const CALLS = 1_000;

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
