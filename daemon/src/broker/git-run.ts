import { execFile } from "node:child_process";
import { WardenError } from "../../../protocol/src/errors";
import { scrubbedEnv } from "./safe-env";

export const GIT_TIMEOUT_MS = 60_000;
const MAX_GIT_OUTPUT = 4 * 1024 * 1024;

/**
 * Options on every git the broker runs. A repository's config and hooks are the
 * agent's to plant if it ever got a write past Warden, so nothing in them may run
 * code through the daemon: hooks off, no fsmonitor program, no pager, and the
 * `ext::` transport (which runs a command as a "remote") refused.
 */
const HARDENING = ["-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "core.pager=cat", "-c", "protocol.ext.allow=never", "--no-pager"];

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs git in the workspace. No prompt can block it (GIT_TERMINAL_PROMPT=0, stdin
 * closed, ssh in batch mode), and it runs in the scrubbed environment plus what
 * the caller adds (the SSH agent, for a push).
 */
export function runGit(workspace: string, args: readonly string[], options: { timeoutMs?: number; env?: Record<string, string>; signal?: AbortSignal } = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      ["-C", workspace, ...HARDENING, ...args],
      {
        env: scrubbedEnv(process.env, { GIT_TERMINAL_PROMPT: "0", GIT_SSH_COMMAND: "ssh -o BatchMode=yes", ...(options.env ?? {}) }),
        timeout: options.timeoutMs ?? GIT_TIMEOUT_MS,
        killSignal: "SIGKILL",
        maxBuffer: MAX_GIT_OUTPUT,
        encoding: "utf8",
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
      },
      (err, stdout, stderr) => {
        if (err === null) return resolve({ code: 0, stdout, stderr });
        if (typeof err.code === "number") return resolve({ code: err.code, stdout, stderr });
        if (err.killed === true) return reject(new WardenError("timeout", `git ${args[0] ?? ""} did not finish within ${options.timeoutMs ?? GIT_TIMEOUT_MS} ms`));
        reject(new WardenError("internal", `could not run git: ${err.message}`));
      },
    );
    child.stdin?.end();
  });
}

/** Runs git and insists on success; the error carries git's own message. */
export async function gitOk(workspace: string, args: readonly string[], options: Parameters<typeof runGit>[2] = {}): Promise<string> {
  const r = await runGit(workspace, args, options);
  if (r.code !== 0) throw new WardenError("conflict", `git ${args.filter((a) => !a.startsWith("-")).slice(0, 2).join(" ")} failed: ${(r.stderr || r.stdout).trim().slice(0, 2000)}`);
  return r.stdout;
}
