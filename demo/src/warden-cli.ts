import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { WardenClient } from "../../protocol/src/client";
import { connectDaemon } from "../../protocol/src/ws-transport";
import { CLI } from "../../test/src/helpers/warden-home";
import { Out } from "./out";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Print the command and its output (default true). */
  show?: boolean;
  cwd?: string;
  /** Fed on stdin (e.g. a secret's value, never put in argv). */
  input?: string;
  /** How the input is shown after the command line, e.g. "< .env's value". */
  inputShown?: string;
}

/**
 * The real `warden` CLI against the demo's WARDEN_HOME. Machine-wide and per-user
 * policy layers are pointed at files that do not exist, so this machine's own
 * policies cannot change what the demo shows.
 */
export class WardenCli {
  readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly home: string,
    private readonly out: Out,
    extraEnv: NodeJS.ProcessEnv = {},
  ) {
    this.env = {
      ...process.env,
      WARDEN_HOME: home,
      WARDEN_MANAGED_POLICY: path.join(home, "no-managed-policy.json"),
      XDG_CONFIG_HOME: path.join(home, "config"),
      ...extraEnv,
    };
  }

  /** Runs `warden ARGS…`; throws with its output when it fails. */
  async run(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
    const shown = args.filter((a) => a !== "--json");
    if (options.show !== false) this.out.command(`warden ${shown.map(quoteArg).join(" ")}${options.inputShown !== undefined ? ` ${options.inputShown}` : ""}`);
    const r = await new Promise<CliRun>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { env: this.env, cwd: options.cwd ?? process.cwd(), stdio: ["pipe", "pipe", "pipe"] });
      child.stdin.end(options.input ?? "");
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
    if (r.code !== 0) throw new Error(`warden ${shown.join(" ")} failed (exit ${r.code ?? "killed"}): ${(r.stderr + r.stdout).trim()}`);
    if (options.show !== false && !args.includes("--json")) this.out.output(r.stdout);
    return r;
  }

  /** Runs a `--json` command and returns its parsed output. */
  async json(args: readonly string[], options: RunOptions = {}): Promise<unknown> {
    const r = await this.run([...args, "--json"], options);
    try {
      const parsed: unknown = JSON.parse(r.stdout);
      return parsed;
    } catch {
      throw new Error(`warden ${args.join(" ")} --json printed something that is not JSON: ${r.stdout.slice(0, 200)}`);
    }
  }

  /** A human client of the daemon (the user's own token, as the extension has it). */
  connect(): Promise<WardenClient> {
    return connectDaemon({ socketPath: path.join(this.home, "daemon.sock") }, { token: fs.readFileSync(path.join(this.home, "auth-token"), "utf8").trim() });
  }

  /** Stops the daemon through the CLI (recorded in its log), and kills it by pid if it would not stop. */
  async stopDaemon(): Promise<void> {
    const pidFile = path.join(this.home, "daemon.pid");
    if (!fs.existsSync(pidFile)) return; // never started
    const pid = Number.parseInt(fs.readFileSync(pidFile, "utf8"), 10);
    try {
      await this.run(["daemon", "stop"], { show: false });
    } catch {
      // it is killed below
    }
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // stopped
      }
    }
  }
}

/** A word as a POSIX shell would need it quoted (for showing commands). */
export function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`;
}
