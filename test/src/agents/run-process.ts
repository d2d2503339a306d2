// Runs an agent CLI as a real child process with a hard deadline and collects
// its output. Stdin is /dev/null, as the CLIs are run non-interactively.
import { spawn } from "node:child_process";

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** True when the deadline passed and the process group was killed. */
  timedOut: boolean;
}

export interface ProcessOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/**
 * Starts `command args…` in its own process group so that on the deadline the
 * agent and every tool process it started are killed together; resolves (never
 * rejects on a non-zero exit) so the caller can assert on the outcome.
 */
export function runProcess(command: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${command}: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      // Tool processes the agent left behind (e.g. a background shell) go with it,
      // before the caller removes directories they may still be writing to.
      killGroup(child.pid);
      void groupGone(child.pid).then(() => resolve({ code, signal, stdout, stderr, durationMs: Date.now() - started, timedOut }));
    });
  });
}

/** Resolves once no process of the group is left, or after 2 s at most. */
async function groupGone(pid: number | undefined): Promise<void> {
  if (pid === undefined) return;
  for (let i = 0; i < 40; i++) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // the group is already gone
  }
}
