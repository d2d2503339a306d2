import { spawn } from "node:child_process";
import { WardenError } from "../../../protocol/src/errors";
import { CappedOutput, MAX_STREAM_BYTES } from "./output-cap";
import { ProcessRegistry, signalGroup, stopGroup } from "./processes";
import { scrubbedEnv } from "./safe-env";
import { StreamRedactor } from "../secrets/redact/stream-redactor";
import { SandboxDirective } from "../../../protocol/src/sandbox";
import { prepareCommand } from "../sandbox/prepare";

export const DEFAULT_TIMEOUT_MS = 60_000;
export const MAX_TIMEOUT_MS = 10 * 60_000;
/** After a timeout: how long the group has to stop before SIGKILL. */
const TIMEOUT_GRACE_MS = 1000;
/** After the shell exits: how long to wait for its pipes to drain before cutting them. */
const DRAIN_MS = 500;

export interface RunRequest {
  command: string;
  /** Real path of a directory inside the workspace (checked by the caller). */
  cwd: string;
  timeoutMs: number;
  /** Whose process this is, for containment. */
  agentId: string;
  registry: ProcessRegistry;
  env?: Record<string, string>;
  /** Aborted when the agent's request goes away: the command is stopped. */
  signal?: AbortSignal;
  maxBytes?: number;
  /** One redactor per stream: secret values are scrubbed before output is kept (a value may span chunks). */
  redact?: () => StreamRedactor;
  /** The OS sandbox the decision planned (or why the command runs without one). */
  sandbox: SandboxDirective;
  /** Warden's state directory: where the sandbox's blank file lives. */
  wardenHome: string;
  /** Told of each destination the sandbox's egress proxy refused. */
  onRefused?: (host: string) => void;
}

export interface RunOutcome {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Stopped because the agent's request went away (containment shows as a signal). */
  stopped: boolean;
  stdout: CappedOutput;
  stderr: CappedOutput;
  durationMs: number;
}

/**
 * Runs one command line with `bash -c` in its own process group, stdin closed, in
 * a scrubbed environment, inside the OS sandbox its decision planned. Whatever it leaves running when the shell exits, times
 * out or is stopped is killed with it: nothing the broker starts outlives the call.
 */
export async function runCommand(req: RunRequest): Promise<RunOutcome> {
  const started = Date.now();
  const stdout = new CappedOutput(req.maxBytes ?? MAX_STREAM_BYTES);
  const stderr = new CappedOutput(req.maxBytes ?? MAX_STREAM_BYTES);
  // Everything a sandboxed run left on the host (placeholders) goes when it ends, however it ends.
  const prepared = await prepareCommand(req.sandbox, req.wardenHome, req.cwd, ["bash", "-c", req.command], { onRefused: (host) => req.onRefused?.(host) });
  return new Promise<RunOutcome>((resolve, reject) => {
    const child = spawn(prepared.file, prepared.args, {
      cwd: req.cwd,
      env: req.env ?? scrubbedEnv(),
      // A new process group (setsid): the whole tree can be signalled at once.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const untrack = req.registry.track(req.agentId, child);
    let timedOut = false;
    let stopped = false;
    const outRedactor = req.redact?.();
    const errRedactor = req.redact?.();
    child.stdout.on("data", (d: Buffer) => stdout.push(outRedactor?.push(d) ?? d));
    child.stderr.on("data", (d: Buffer) => stderr.push(errRedactor?.push(d) ?? d));
    const pgid = child.pid;
    const halt = (): void => {
      if (pgid !== undefined) void stopGroup(pgid, child, TIMEOUT_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      halt();
    }, req.timeoutMs);
    const onAbort = (): void => {
      stopped = true;
      halt();
    };
    req.signal?.addEventListener("abort", onAbort, { once: true });
    const finish = (): void => {
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
      untrack();
    };
    child.once("error", (err) => {
      finish();
      reject(new WardenError("internal", `could not start ${prepared.file}: ${err.message}`));
    });
    child.once("exit", (code, sig) => {
      finish();
      // Background jobs (`sleep 1000 &`) would otherwise outlive the call holding our pipes.
      if (pgid !== undefined) signalGroup(pgid, "SIGKILL");
      const drained = Promise.all([closed(child.stdout), closed(child.stderr)]);
      const cut = new Promise<void>((r) => setTimeout(r, DRAIN_MS).unref());
      void Promise.race([drained, cut]).then(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        if (outRedactor !== undefined) stdout.push(outRedactor.end());
        if (errRedactor !== undefined) stderr.push(errRedactor.end());
        resolve({ exitCode: code, signal: sig, timedOut, stopped, stdout, stderr, durationMs: Date.now() - started });
      });
    });
  }).finally(() => prepared.cleanup());
}

function closed(stream: NodeJS.ReadableStream & { closed?: boolean }): Promise<void> {
  if (stream.closed === true) return Promise.resolve();
  return new Promise((resolve) => stream.once("close", () => resolve()));
}

/** What the agent reads: how it ended, then each non-empty stream. */
export function describeRun(out: RunOutcome, timeoutMs: number): string {
  const ending = out.timedOut
    ? `killed: timed out after ${timeoutMs} ms`
    : out.stopped
      ? "killed: the request was cancelled"
      : out.signal !== null
        ? `killed by ${out.signal}`
        : `exit code ${out.exitCode ?? "?"}`;
  const parts = [ending];
  if (out.stdout.totalBytes > 0) parts.push(`--- stdout ---\n${out.stdout.text()}`);
  if (out.stderr.totalBytes > 0) parts.push(`--- stderr ---\n${out.stderr.text()}`);
  return parts.join("\n");
}
