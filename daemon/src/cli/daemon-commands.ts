import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { Command } from "commander";
import { WardenError } from "../../../protocol/src/errors";
import { Result } from "../../../protocol/src/methods";
import { startupMessage } from "../../../protocol/src/startup";
import { WardenPaths } from "../config";
import { runDaemon } from "../main";
import { parseListenAddress } from "../server/listen-address";
import { parseDuration } from "../identity/duration";
import { ensureHome } from "../state/home";
import { readPid } from "../state/pid-lock";
import { daemonEntryPoint } from "../version";
import { EXIT } from "./exit-codes";
import { CommandRunner } from "./runner";
import { withDaemon } from "./session";

type Status = Result<"daemon/status">;

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

export function registerDaemonCommands(program: Command, run: CommandRunner): void {
  const daemon = program.command("daemon").description("start, stop and inspect the supervisor daemon");

  run.define(
    daemon
      .command("start")
      .description("start the daemon in the background; returns once it accepts connections")
      .option("--foreground", "run in this terminal (logs to stderr) instead of the background")
      .option("--listen <host:port>", "also listen on a loopback TCP address (token required, browsers refused)")
      .option("--accept-broken-chain", "start even though the audit log no longer reaches its recorded head (recorded)")
      .option("--approval-timeout <duration>", "how long an approval request waits for a human before it is denied (default 2m)"),
    async ({ paths, out, opts }) => {
      const listen = typeof opts["listen"] === "string" ? opts["listen"] : undefined;
      if (listen !== undefined) parseListenAddress(listen); // refuse a non-loopback address before anything starts
      const approvalTimeout = typeof opts["approvalTimeout"] === "string" ? opts["approvalTimeout"] : undefined;
      if (approvalTimeout !== undefined) parseDuration(approvalTimeout, "--approval-timeout");
      const acceptBrokenChain = opts["acceptBrokenChain"] === true;
      const running = await probe(paths);
      if (running !== null) {
        out.result(`Warden daemon is already running (pid ${running.pid}, socket ${running.socket}).`, { alreadyRunning: true, ...running });
        return EXIT.ok;
      }
      if (opts["foreground"] === true) {
        out.info(`Warden daemon running in the foreground (WARDEN_HOME ${paths.home}); Ctrl-C stops it.`);
        return runDaemon({ ...(listen !== undefined ? { listen } : {}), ...(approvalTimeout !== undefined ? { approvalTimeout } : {}), acceptBrokenChain });
      }
      const args = [
        ...(listen !== undefined ? ["--listen", listen] : []),
        ...(approvalTimeout !== undefined ? ["--approval-timeout", approvalTimeout] : []),
        ...(acceptBrokenChain ? ["--accept-broken-chain"] : []),
      ];
      await startInBackground(paths, args);
      const status = await probe(paths);
      if (status === null) throw new WardenError("internal", `the daemon reported ready but does not answer; see ${paths.logFile}`);
      out.result(`Warden daemon started (pid ${status.pid}).\n${describeStatus(status)}`, { alreadyRunning: false, ...status });
      return EXIT.ok;
    },
  );

  run.define(daemon.command("stop").description("stop the daemon (records the stop in the audit log)"), async ({ paths, out }) => {
    const status = await probe(paths);
    if (status === null) {
      out.result("Warden daemon is not running.", { stopped: false, wasRunning: false });
      return EXIT.ok;
    }
    await withDaemon(paths, (client) => client.request("daemon/shutdown", { reason: "warden daemon stop" }));
    await waitForExit(status.pid, paths);
    out.result(`Warden daemon stopped (was pid ${status.pid}).`, { stopped: true, wasRunning: true, pid: status.pid });
    return EXIT.ok;
  });

  run.define(daemon.command("status").description("show whether the daemon runs, where, and how busy it is"), async ({ paths, out }) => {
    const status = await probe(paths);
    if (status === null) {
      out.result(`Warden daemon is not running (WARDEN_HOME ${paths.home}).`, { running: false, home: paths.home, socket: paths.socket });
      return EXIT.notRunning;
    }
    out.result(`Warden daemon is running.\n${describeStatus(status)}`, { running: true, ...status });
    return EXIT.ok;
  });
}

/** The running daemon's status, or null when none listens on the socket. */
export async function probe(paths: WardenPaths): Promise<Status | null> {
  try {
    return await withDaemon(paths, (client) => client.request("daemon/status", {}, { timeoutMs: 5000 }));
  } catch (err) {
    if (err instanceof WardenError && err.code === "not_running") return null;
    throw err;
  }
}

export function describeStatus(s: Status): string {
  const uptime = Math.round(s.uptimeMs / 1000);
  return [
    `  pid:           ${s.pid}`,
    `  version:       ${s.version} (node ${s.nodeVersion})`,
    `  uptime:        ${uptime} s (since ${s.startedAt})`,
    `  home:          ${s.home}`,
    `  socket:        ${s.socket}`,
    `  tcp listener:  ${s.listen ?? "none"}`,
    `  connections:   ${s.connections} (${s.subscriptions} subscriptions)`,
    `  audit head:    #${s.audit.headSeq} ${s.audit.headHash.slice(0, 16)}…`,
  ].join("\n");
}

/**
 * Spawns the daemon detached, logging to the state directory, and waits for its
 * "ready" or "failed" message on the IPC channel (or its exit) — never a sleep.
 */
async function startInBackground(paths: WardenPaths, args: readonly string[]): Promise<void> {
  ensureHome(paths.home);
  const logFd = fs.openSync(paths.logFile, "a", 0o600);
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [daemonEntryPoint(), ...args], {
      detached: true,
      stdio: ["ignore", logFd, logFd, "ipc"],
      env: process.env,
    });
  } finally {
    fs.closeSync(logFd);
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new WardenError("timeout", `the daemon did not start within ${START_TIMEOUT_MS / 1000} s; see ${paths.logFile}`));
    }, START_TIMEOUT_MS);
    const done = (err?: WardenError): void => {
      clearTimeout(timer);
      child.removeAllListeners();
      if (child.connected) child.disconnect();
      child.unref();
      if (err === undefined) resolve();
      else reject(err);
    };
    child.on("message", (raw: unknown) => {
      const msg = startupMessage.safeParse(raw);
      if (!msg.success) return;
      if (msg.data.type === "ready") done();
      else done(new WardenError(msg.data.code, msg.data.message));
    });
    child.on("exit", (code, signal) => {
      done(new WardenError("internal", `the daemon exited during start-up (${signal ?? `code ${code ?? "?"}`}); see ${paths.logFile}`));
    });
    child.on("error", (err) => done(new WardenError("internal", `cannot start the daemon: ${err.message}`)));
  });
}

async function waitForExit(pid: number, paths: WardenPaths): Promise<void> {
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isAlive(pid) && readPid(paths.pidFile) !== pid) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new WardenError("timeout", `the daemon (pid ${pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s; see ${paths.logFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
