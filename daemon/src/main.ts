import { toWardenError } from "../../protocol/src/errors";
import { StartupMessage } from "../../protocol/src/startup";
import { resolvePaths } from "./config";
import { Daemon } from "./daemon";
import { createLogger, errorFields } from "./log";
import { parseListenAddress } from "./server/listen-address";
import { parseDuration } from "./identity/duration";

/**
 * The daemon process. Started in the background by `warden daemon start` (which
 * listens on the IPC channel for "ready" or the start-up error), or in the
 * foreground with `warden daemon start --foreground`.
 */


function tellParent(message: StartupMessage): void {
  if (process.send !== undefined && process.connected) {
    process.send(message);
    process.disconnect();
  }
}

export interface RunOptions {
  listen?: string;
  acceptBrokenChain?: boolean;
  /** Duration text (`90s`, `2m`): how long approvals wait for a human. */
  approvalTimeout?: string;
}

/** Runs the daemon in this process until it stops; resolves with the exit code. */
export async function runDaemon(options: RunOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const log = createLogger();
  let daemon: Daemon;
  try {
    daemon = await Daemon.start({
      paths: resolvePaths(env),
      log,
      ...(options.listen !== undefined ? { listen: parseListenAddress(options.listen) } : {}),
      acceptBrokenChain: options.acceptBrokenChain === true,
      ...(options.approvalTimeout !== undefined ? { approvalTimeoutMs: parseDuration(options.approvalTimeout, "--approval-timeout") } : {}),
    });
  } catch (err) {
    const e = toWardenError(err);
    log.error("daemon failed to start", { code: e.code, ...errorFields(err) });
    tellParent({ type: "failed", code: e.code, message: e.message });
    return 1;
  }

  // Guard the process: log what went wrong and tell clients before exiting.
  const fatal = (kind: string) => (err: unknown) => {
    log.error(`fatal: ${kind}`, errorFields(err));
    daemon.emergencyStop(`the daemon hit a fatal error (${kind}); see its log`);
    process.exit(70);
  };
  process.on("uncaughtException", fatal("uncaught exception"));
  process.on("unhandledRejection", fatal("unhandled rejection"));
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    process.on(signal, () => void daemon.stop(`received ${signal}`));
  }

  tellParent({ type: "ready", pid: process.pid });
  await daemon.whenStopped();
  return 0;
}

function parseArgs(argv: readonly string[]): RunOptions {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const listen = value("--listen");
  const approvalTimeout = value("--approval-timeout");
  return {
    ...(listen !== undefined ? { listen } : {}),
    ...(approvalTimeout !== undefined ? { approvalTimeout } : {}),
    acceptBrokenChain: argv.includes("--accept-broken-chain"),
  };
}

if (require.main === module) {
  void runDaemon(parseArgs(process.argv.slice(2))).then((code) => process.exit(code));
}
