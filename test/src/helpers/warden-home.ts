import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { WardenClient } from "../../../protocol/src/client";
import { connectDaemon } from "../../../protocol/src/ws-transport";
import { WardenPaths, resolvePaths } from "../../../daemon/src/config";

/** The compiled CLI entry point. */
export const CLI = path.resolve(__dirname, "..", "..", "..", "daemon", "src", "cli", "main.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A throwaway WARDEN_HOME with helpers to run the real CLI against it. Short paths
 * under /tmp keep the Unix socket path within its length limit.
 */
export class TempWarden {
  readonly home: string;
  readonly paths: WardenPaths;
  readonly env: NodeJS.ProcessEnv;

  constructor() {
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), "wd-"));
    this.env = { ...process.env, WARDEN_HOME: this.home };
    this.paths = resolvePaths(this.env);
  }

  /** Runs `warden ARGS…` as a real process and collects its output. */
  cli(args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { env: this.env, stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`warden ${args.join(" ")} did not finish in time\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, options.timeoutMs ?? 30_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(options.input ?? "");
    });
  }

  /** Starts the daemon in the background through the CLI; fails the test if it does not start. */
  async start(extraArgs: readonly string[] = []): Promise<number> {
    const r = await this.cli(["daemon", "start", "--json", ...extraArgs]);
    if (r.code !== 0) throw new Error(`daemon start failed (${r.code}): ${r.stderr}${r.stdout}`);
    const parsed: unknown = JSON.parse(r.stdout);
    if (typeof parsed !== "object" || parsed === null || !("pid" in parsed) || typeof parsed.pid !== "number") {
      throw new Error(`unexpected start output: ${r.stdout}`);
    }
    return parsed.pid;
  }

  token(): string {
    return fs.readFileSync(this.paths.token, "utf8").trim();
  }

  async connect(): Promise<WardenClient> {
    return connectDaemon({ socketPath: this.paths.socket }, { token: this.token() });
  }

  /** Stops the daemon if it runs (killing it if it will not stop) and removes the directory. */
  async cleanup(): Promise<void> {
    const pidText = fs.existsSync(this.paths.pidFile) ? fs.readFileSync(this.paths.pidFile, "utf8") : "";
    await this.cli(["daemon", "stop"]).catch(() => undefined);
    const pid = Number.parseInt(pidText, 10);
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}
