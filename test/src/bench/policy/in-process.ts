/**
 * The policy engine in this process: `decideHookInput` under the starter policy,
 * each call timed, plus the shell analyser alone on the shell inputs as a baseline
 * (measured in alternating blocks with the full decision, so drift hits both alike).
 */
import { performance } from "node:perf_hooks";
import { decideHookInput } from "../../../../daemon/src/policy/decide-hook";
import { EngineContext } from "../../../../daemon/src/policy/engine";
import { PolicySet } from "../../../../daemon/src/policy/layers";
import { ShellParser } from "../../../../daemon/src/policy/shell";
import { Tail, Tally, count, tail } from "./figures";
import { BenchInput, CATEGORIES, Category } from "./workload";

const WARMUP = 2_000;
const BLOCK = 500;

export interface InProcessResult {
  seconds: number;
  decisionsPerSec: number;
  overall: Tail;
  perCategory: Map<Category, Tail>;
  tallies: Map<Category | "all", Tally>;
  /** The decision for each input, in order, to compare with the daemon's. */
  decisions: string[];
  /** Shell inputs only: the analyser alone, and the full decision of the same commands. */
  parseOnly: Tail;
  shellDecide: Tail;
}

export function runInProcess(inputs: readonly BenchInput[], set: PolicySet, ctx: EngineContext): InProcessResult {
  for (let i = 0; i < Math.min(WARMUP, inputs.length); i++) decideHookInput(inputs[i]?.input, set, ctx);
  const samples = new Float64Array(inputs.length);
  const decisions: string[] = [];
  const started = performance.now();
  for (let i = 0; i < inputs.length; i++) {
    const raw = inputs[i]?.input;
    const t = performance.now();
    const d = decideHookInput(raw, set, ctx);
    samples[i] = (performance.now() - t) * 1000;
    decisions.push(d.decision);
  }
  const seconds = (performance.now() - started) / 1000;

  const perCategory = new Map<Category, Tail>();
  const all: Tally = new Map();
  const tallies = new Map<Category | "all", Tally>([["all", all]]);
  for (const c of CATEGORIES) {
    const idx = inputs.flatMap((x, i) => (x.category === c ? [i] : []));
    perCategory.set(c, tail(idx.map((i) => samples[i] ?? Number.NaN)));
    const t: Tally = new Map();
    for (const i of idx) count(t, decisions[i] ?? "?");
    tallies.set(c, t);
  }
  for (const d of decisions) count(all, d);

  const commands = inputs.flatMap((x) => (x.category === "shell" ? [x] : []));
  const [parseOnly, shellDecide] = parseVersusDecide(commands, set, ctx.shell, ctx);
  return { seconds, decisionsPerSec: inputs.length / seconds, overall: tail(samples), perCategory, tallies, decisions, parseOnly, shellDecide };
}

function parseVersusDecide(shellInputs: readonly BenchInput[], set: PolicySet, shell: ShellParser, ctx: EngineContext): [Tail, Tail] {
  const commands = shellInputs.map((x) => x.input.tool_input["command"] ?? "");
  for (let i = 0; i < Math.min(WARMUP, commands.length); i++) shell.analyze(commands[i] ?? "");
  const parse = new Float64Array(commands.length);
  const decide = new Float64Array(commands.length);
  for (let start = 0; start < commands.length; start += BLOCK) {
    const end = Math.min(commands.length, start + BLOCK);
    for (let i = start; i < end; i++) {
      const cmd = commands[i] ?? "";
      const t = performance.now();
      shell.analyze(cmd);
      parse[i] = (performance.now() - t) * 1000;
    }
    for (let i = start; i < end; i++) {
      const raw = shellInputs[i]?.input;
      const t = performance.now();
      decideHookInput(raw, set, ctx);
      decide[i] = (performance.now() - t) * 1000;
    }
  }
  return [tail(parse), tail(decide)];
}
