import { toWardenError } from "../../protocol/src/errors";
import { StartupMessage } from "../../protocol/src/startup";
import { resolvePaths } from "./config";
import { Daemon } from "./daemon";
import { createLogger, errorFields } from "./log";
import { parseListenAddress } from "./server/listen-address";

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
  const listenIndex = argv.indexOf("--listen");
  const listen = listenIndex >= 0 ? argv[listenIndex + 1] : undefined;
  return { ...(listen !== undefined ? { listen } : {}), acceptBrokenChain: argv.includes("--accept-broken-chain") };
}

if (require.main === module) {
  void runDaemon(parseArgs(process.argv.slice(2))).then((code) => process.exit(code));
}
