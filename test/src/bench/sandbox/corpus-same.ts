/**
 * The benign corpus figure: of the real-world commands (NL2Bash, tldr) the starter
 * policy allows as they are, how many behave the same inside the sandbox as outside
 * (exit code, stdout, stderr), each run in the same scratch repository. Commands the
 * analysis allows only read (that is what the starter allows), so running them
 * directly is what Warden did before it had a sandbox; each is bounded by a timeout.
 */
import { spawn } from "node:child_process";
import os from "node:os";
import { decideAction } from "../../../../daemon/src/policy/engine";
import { PolicySet } from "../../../../daemon/src/policy/layers";
import { loadShellParser } from "../../../../daemon/src/policy/shell";
import { SandboxDirective } from "../../../../protocol/src/sandbox";
import { prepareCommand } from "../../../../daemon/src/sandbox/prepare";
import { corpusLines } from "../policy/corpus";

const TIMEOUT_MS = 5000;

export interface CorpusSame {
  considered: number;
  allowed: number;
  same: number;
  differ: Array<{ command: string; why: string }>;
}

function run(file: string, args: readonly string[], cwd: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, stdio: ["ignore", "pipe", "pipe"], timeout: TIMEOUT_MS, killSignal: "SIGKILL" });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out.length < 65_536 ? (out += d.toString()) : undefined));
    child.stderr.on("data", (d: Buffer) => (err.length < 65_536 ? (err += d.toString()) : undefined));
    child.on("error", (e) => resolve({ code: -1, out, err: e.message }));
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

export async function corpusSame(set: PolicySet, directive: SandboxDirective, workspace: string, wardenHome: string, sample: number): Promise<CorpusSame> {
  const shell = await loadShellParser();
  const lines = [...corpusLines("shell/nl2bash-all.cm"), ...corpusLines("shell/tldr-commands.txt")];
  const ctx = { workspace, actor: { name: "bench", role: "writer" as const }, wardenHome, home: os.homedir(), caseInsensitive: false, shell };
  // Every nth line, so the sample spreads over both corpora and is the same in every run.
  const step = Math.max(1, Math.floor(lines.length / (sample * 20)));
  const result: CorpusSame = { considered: 0, allowed: 0, same: 0, differ: [] };
  for (let i = 0; i < lines.length && result.allowed < sample; i += step) {
    const command = lines[i] ?? "";
    result.considered++;
    const d = decideAction(set, { kind: "shell.exec", target: command, tool: "Bash", details: {} }, ctx);
    if (d.decision !== "allow" && d.decision !== "allow+log") continue;
    result.allowed++;
    const direct = await run("bash", ["-c", command], workspace);
    const prepared = await prepareCommand(directive, wardenHome, workspace, ["bash", "-c", command]);
    let boxed;
    try {
      boxed = await run(prepared.file, prepared.args, workspace);
    } finally {
      prepared.cleanup();
    }
    if (direct.code === boxed.code && direct.out === boxed.out && direct.err === boxed.err) result.same++;
    else result.differ.push({ command, why: direct.code !== boxed.code ? `exit ${direct.code} vs ${boxed.code}` : direct.out !== boxed.out ? "stdout differs" : `stderr: ${boxed.err.split("\n")[0] ?? ""}`.slice(0, 160) });
  }
  return result;
}
