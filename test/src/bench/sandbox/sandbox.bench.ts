/**
 * Sandbox bench: what holding a command in Warden's OS sandbox adds to it. The same
 * command (`bash -c true`, then a small real one) run directly and inside the
 * sandbox compiled from the starter policy for a small workspace, interleaved, 200
 * runs each; p50/p95 and the added latency. Also the cost of compiling the profile
 * (workspace scan included), and how many real-world commands the starter allows
 * behave the same inside the sandbox. Prints figures, never fails on timings.
 * `npm run bench:sandbox`.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parsePolicyText } from "../../../../daemon/src/policy/load-policy";
import { STARTER_POLICY } from "../../../../daemon/src/policy/starter-policy";
import { probeSandbox } from "../../../../daemon/src/sandbox/availability";
import { compileProfile } from "../../../../daemon/src/sandbox/compile-profile";
import { prepareCommand } from "../../../../daemon/src/sandbox/prepare";
import { sandboxSettings } from "../../../../daemon/src/sandbox/sandbox-settings";
import { scanWorkspace } from "../../../../daemon/src/sandbox/workspace-scan";
import { makeWorkspace } from "../policy/workspace";
import { corpusSame } from "./corpus-same";
import { fmt, percentile } from "../stats";

function summarize(sorted: Float64Array): { p50Us: number; p95Us: number } {
  return { p50Us: percentile(sorted, 0.5), p95Us: percentile(sorted, 0.95) };
}

const RUNS = 200;
const CORPUS_SAMPLE = 300;

function run(file: string, args: readonly string[], cwd: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: "ignore" });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve((performance.now() - started) * 1000) : reject(new Error(`${file} exited ${code}`))));
  });
}

async function main(): Promise<void> {
  const available = probeSandbox();
  console.log(`Warden sandbox bench — node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} cores, load ${fmt(os.loadavg()[0] ?? 0, 2)}`);
  if (!available.available) {
    console.log(`no sandbox here: ${available.reason}`);
    return;
  }
  console.log(`${available.version}, user namespaces: ${available.launcher.userns ? "yes" : "no (root)"}`);
  const workspace = makeWorkspace();
  const wardenHome = fs.mkdtempSync(path.join(os.tmpdir(), "wd-bench-sbx-"));
  const parsed = parsePolicyText(STARTER_POLICY, path.join(workspace, ".warden/policy.json"), "workspace");
  if (!parsed.ok) throw new Error("starter policy does not parse");
  const set = { layers: [parsed.loaded] };
  const match = { actor: { name: "bench", role: "writer" as const }, home: os.homedir(), caseInsensitive: false };
  try {
    const compileUs: number[] = [];
    let profile = null;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      // A fresh scan each time (the daemon reuses one for 5 s): the worst case per command.
      const scan = scanWorkspace(workspace, Date.now() + i * 10_000);
      profile = compileProfile({ workspace, wardenHome, home: os.homedir(), set, match, settings: sandboxSettings(set), scan, approvedReads: [] });
      compileUs.push((performance.now() - t) * 1000);
    }
    if (profile === null) throw new Error("no profile");
    const directive = { kind: "sandbox" as const, profile, launcher: available.launcher };
    for (const [label, line] of [["bash -c true", "true"], ["a small real command (ls, grep, wc)", "ls -la src > /dev/null && grep -r export src | wc -l > /dev/null"]] as const) {
      const direct = new Float64Array(RUNS);
      const sandboxed = new Float64Array(RUNS);
      for (let i = 0; i < RUNS; i++) {
        direct[i] = await run("bash", ["-c", line], workspace);
        const t = performance.now();
        const prepared = await prepareCommand(directive, wardenHome, workspace, ["bash", "-c", line]);
        const prepareUs = (performance.now() - t) * 1000;
        try {
          sandboxed[i] = prepareUs + (await run(prepared.file, prepared.args, workspace));
        } finally {
          prepared.cleanup();
        }
      }
      const d = summarize(direct.sort());
      const s = summarize(sandboxed.sort());
      const ms = (us: number): string => `${fmt(us / 1000, 2)} ms`;
      console.log("");
      console.log(`${label}, ${RUNS} runs interleaved:`);
      console.log(`  direct (baseline): p50 ${ms(d.p50Us)}  p95 ${ms(d.p95Us)}`);
      console.log(`  sandboxed:         p50 ${ms(s.p50Us)}  p95 ${ms(s.p95Us)}   (placeholders made and removed, bubblewrap started, namespaces, mounts)`);
      console.log(`  added:             p50 ${ms(s.p50Us - d.p50Us)}  p95 ${ms(s.p95Us - d.p95Us)}   target ≤ 10 ms p50: ${s.p50Us - d.p50Us <= 10_000 ? "met" : "MISSED"}`);
    }
    const corpus = await corpusSame(set, directive, workspace, wardenHome, CORPUS_SAMPLE);
    console.log("");
    console.log(`real-world commands the starter allows (NL2Bash, tldr; every nth line, ${corpus.considered} considered, ${corpus.allowed} allowed), run directly and sandboxed in the same scratch repository:`);
    console.log(`  same exit code, stdout and stderr: ${corpus.same} of ${corpus.allowed} (${fmt((100 * corpus.same) / Math.max(1, corpus.allowed), 1)} %)`);
    for (const d of corpus.differ.slice(0, 15)) console.log(`  differs: ${d.command.slice(0, 100)}  — ${d.why}`);
    const c = summarize(Float64Array.from(compileUs).sort());
    console.log("");
    console.log(`profile compiled from the starter policy (fresh workspace scan each time, ${profile.hiddenFiles.length + profile.hiddenDirs.length} hidden, ${profile.readOnly.length + profile.absent.length} held read-only): p50 ${fmt(c.p50Us / 1000, 2)} ms  p95 ${fmt(c.p95Us / 1000, 2)} ms`);
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(wardenHome, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
