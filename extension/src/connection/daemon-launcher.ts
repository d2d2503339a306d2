import { execFile } from "node:child_process";
import { CLI_NOT_FOUND } from "./cli-location";

export interface LaunchOptions {
  /** The Node that runs the CLI: the one Warden's native modules were built for, never the extension host's. */
  nodePath: string;
  /** The CLI entry point (dist/daemon/src/cli/main.js), as cli-location.ts found it; null: none was found. */
  cliPath: string | null;
  /** Passed as WARDEN_HOME, so the daemon serves the directory this extension connects to. */
  home: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export class LaunchError extends Error {
  override readonly name = "LaunchError";
}

/** Runs `warden ARGS…` with the configured Node and home; resolves with its stdout, rejects naming the command and its last error lines. */
export function runCli(options: LaunchOptions, args: readonly string[]): Promise<string> {
  const cliPath = options.cliPath;
  if (cliPath === null) return Promise.reject(new LaunchError(CLI_NOT_FOUND));
  return new Promise((resolve, reject) => {
    execFile(
      options.nodePath,
      [cliPath, ...args],
      { env: { ...options.env, WARDEN_HOME: options.home }, timeout: options.timeoutMs ?? 30_000, maxBuffer: 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err === null) resolve(stdout);
        else reject(new LaunchError(`'warden ${args.join(" ")}' failed: ${stderr.trim().split("\n").slice(-3).join(" ") || err.message} (check warden.nodePath and warden.cliPath)`));
      },
    );
  });
}

/**
 * Starts the daemon the way a person would: `warden daemon start --json`, which
 * returns once the daemon accepts connections (or is already running). The extension
 * never loads daemon code itself.
 */
export async function startDaemon(options: LaunchOptions): Promise<{ pid: number; alreadyRunning: boolean }> {
  const stdout = await runCli(options, ["daemon", "start", "--json"]);
  const parsed = parseStartOutput(stdout);
  if (parsed === null) throw new LaunchError(`'warden daemon start' printed something unexpected: ${stdout.slice(0, 200)}`);
  return parsed;
}

export function parseStartOutput(stdout: string): { pid: number; alreadyRunning: boolean } | null {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || !("pid" in value) || typeof value.pid !== "number") return null;
  return { pid: value.pid, alreadyRunning: "alreadyRunning" in value && value.alreadyRunning === true };
}
