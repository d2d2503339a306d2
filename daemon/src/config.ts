import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { WardenError } from "../../protocol/src/errors";

/** Where everything the daemon keeps lives. Derived once from the environment. */
export interface WardenPaths {
  home: string;
  socket: string;
  token: string;
  db: string;
  headFile: string;
  pidFile: string;
  logFile: string;
}

/** Unix socket paths longer than this do not fit in sockaddr_un on Linux and macOS. */
const MAX_SOCKET_PATH = 103;

/**
 * Resolves Warden's paths from an injectable environment. `WARDEN_HOME` wins; else
 * the XDG data dir (`$XDG_DATA_HOME/warden`, default `~/.local/share/warden`).
 * Errors name the variable at fault.
 */
export function resolvePaths(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): WardenPaths {
  const home = resolveHome(env);
  const socket =
    platform === "win32"
      ? `\\\\.\\pipe\\warden-${createHash("sha256").update(home).digest("hex").slice(0, 16)}`
      : path.join(home, "daemon.sock");
  if (platform !== "win32" && Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    throw new WardenError(
      "bad_config",
      `socket path ${socket} is longer than ${MAX_SOCKET_PATH} bytes; set WARDEN_HOME to a shorter directory`,
      { variable: "WARDEN_HOME" },
    );
  }
  return {
    home,
    socket,
    token: path.join(home, "auth-token"),
    db: path.join(home, "warden.db"),
    headFile: path.join(home, "audit-head.json"),
    pidFile: path.join(home, "daemon.pid"),
    logFile: path.join(home, "daemon.log"),
  };
}

function resolveHome(env: NodeJS.ProcessEnv): string {
  const explicit = env["WARDEN_HOME"];
  if (explicit !== undefined && explicit !== "") {
    if (!path.isAbsolute(explicit)) {
      throw new WardenError("bad_config", `WARDEN_HOME must be an absolute path, got '${explicit}'`, { variable: "WARDEN_HOME" });
    }
    return path.normalize(explicit);
  }
  const xdg = env["XDG_DATA_HOME"];
  if (xdg !== undefined && xdg !== "") {
    if (!path.isAbsolute(xdg)) {
      throw new WardenError("bad_config", `XDG_DATA_HOME must be an absolute path, got '${xdg}'`, { variable: "XDG_DATA_HOME" });
    }
    return path.join(xdg, "warden");
  }
  const userHome = env["HOME"] ?? os.homedir();
  if (userHome === "" || !path.isAbsolute(userHome)) {
    throw new WardenError("bad_config", "cannot find a home directory; set WARDEN_HOME to an absolute path", { variable: "HOME" });
  }
  return path.join(userHome, ".local", "share", "warden");
}
