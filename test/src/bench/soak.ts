/**
 * Soak: a steady stream of agent decisions (and audit appends) through one daemon
 * for a long time, sampling the daemon's resident memory; prints the samples and
 * the growth from the first full minute to the end. Runs outside CI:
 *   bash scripts/soak.sh [MINUTES=60] [RATE=200 decisions/s]
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { connectDaemon } from "../../../protocol/src/ws-transport";
import { TempWarden } from "../helpers/warden-home";
import { makeWorkload } from "./policy/workload";
import { makeWorkspace } from "./policy/workspace";
import { fmt } from "./stats";

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? "0");
  return kb / 1024;
}

async function main(): Promise<void> {
  const minutes = Number(process.argv[2] ?? 60);
  const rate = Number(process.argv[3] ?? 200);
  const w = new TempWarden();
  const workspace = makeWorkspace();
  try {
    w.env["WARDEN_MANAGED_POLICY"] = `${w.home}/none.json`;
    w.env["XDG_CONFIG_HOME"] = `${w.home}/cfg`;
    const pid = await w.start();
    const human = await w.connect();
    await human.request("agents/add", { workspace, name: "soak", kind: "custom", owner: "soak", purpose: "soak test" });
    const { token } = await human.request("tokens/issue", { workspace, name: "soak", ttl: "24h" });
    const agent = await connectDaemon({ socketPath: w.paths.socket }, { token });
    const inputs = makeWorkload(10_000, workspace).inputs;
    const samples: Array<{ minute: number; rss: number }> = [];
    const end = performance.now() + minutes * 60_000;
    let sent = 0;
    let errors = 0;
    let nextSample = performance.now();
    console.log(`soak: ${minutes} min at ${rate} decisions/s, daemon pid ${pid}`);
    while (performance.now() < end) {
      const tickStart = performance.now();
      const batch = Array.from({ length: Math.max(1, Math.round(rate / 10)) }, () => {
        const x = inputs[sent++ % inputs.length];
        return agent.request("actions/decide", { workspace, input: { ...(x?.input ?? {}) } }).catch(() => {
          errors++;
        });
      });
      await Promise.all(batch);
      if (performance.now() >= nextSample) {
        const minute = (performance.now() - (end - minutes * 60_000)) / 60_000;
        samples.push({ minute, rss: rssMiB(pid) });
        console.log(`  ${fmt(minute, 1)} min: RSS ${fmt(rssMiB(pid), 1)} MiB, ${fmt(sent)} decisions, ${errors} errors`);
        nextSample += 10_000;
      }
      const wait = 100 - (performance.now() - tickStart);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const base = samples.find((s) => s.minute >= 1) ?? samples[0];
    const last = samples[samples.length - 1];
    if (base !== undefined && last !== undefined) {
      console.log(`RSS after the first minute ${fmt(base.rss, 1)} MiB → at the end ${fmt(last.rss, 1)} MiB: growth ${fmt(last.rss - base.rss, 1)} MiB over ${fmt(last.minute - base.minute, 1)} min; ${fmt(sent)} decisions, ${errors} errors`);
    }
    agent.close();
    human.close();
  } finally {
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
