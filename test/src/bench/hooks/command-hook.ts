/**
 * The command hook as an agent runs it on every tool call: start `node
 * hook/main.js`, pipe the hook input in, wait for the decision and the exit. Beside
 * it, in the same run, the floor every Node hook pays: starting `node -e 0`.
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { hookArgv } from "../../../../daemon/src/hook/entry-points";
import { Latency, summarize } from "../stats";

export interface CommandHookFigures {
  hook: Latency & { p95Us: number };
  bareNode: Latency & { p95Us: number };
  exitCodes: Map<number, number>;
}

export async function measureCommandHook(opts: { workspace: string; home: string; token: string; bodies: readonly string[]; runs: number }): Promise<CommandHookFigures> {
  const env = { ...process.env, WARDEN_TOKEN: opts.token, WARDEN_HOME: opts.home };
  const [node, ...args] = hookArgv("claude-code", { workspace: opts.workspace, home: opts.home });
  const exitCodes = new Map<number, number>();
  const hook = new Float64Array(opts.runs);
  const bare = new Float64Array(opts.runs);
  // Interleaved, so both see the same machine load.
  for (let i = 0; i < opts.runs; i++) {
    bare[i] = await timed(process.execPath, ["-e", "0"], process.env, "");
    const started = performance.now();
    const code = await run(node ?? process.execPath, args, env, opts.bodies[i % opts.bodies.length] ?? "{}");
    hook[i] = (performance.now() - started) * 1000;
    exitCodes.set(code, (exitCodes.get(code) ?? 0) + 1);
  }
  return { hook: withP95(hook), bareNode: withP95(bare), exitCodes };
}

function withP95(samples: Float64Array): Latency & { p95Us: number } {
  const sorted = Float64Array.from(samples).sort();
  return { ...summarize(samples), p95Us: sorted[Math.floor(0.95 * (sorted.length - 1))] ?? Number.NaN };
}

async function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv, input: string): Promise<number> {
  const started = performance.now();
  await run(command, args, env, input);
  return (performance.now() - started) * 1000;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, input: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["pipe", "ignore", "ignore"] });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? -1));
    child.stdin.end(input);
  });
}
