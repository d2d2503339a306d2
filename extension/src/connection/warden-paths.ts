import os from "node:os";
import path from "node:path";

/**
 * Where the daemon listens and keeps its auth token, resolved as the daemon resolves
 * them (daemon/src/config.ts): `WARDEN_HOME`, else `$XDG_DATA_HOME/warden`, else
 * `~/.local/share/warden`. Reimplemented here because the extension never imports
 * daemon code; the few lines must stay in step with config.ts.
 */
export interface DaemonPaths {
  home: string;
  socket: string;
  token: string;
}

export class PathsError extends Error {
  override readonly name = "PathsError";
  constructor(
    message: string,
    /** The setting or environment variable at fault. */
    readonly variable: string,
  ) {
    super(message);
  }
}

/** sockaddr_un holds at most this many bytes of path on Linux and macOS. */
const MAX_SOCKET_PATH = 103;

/**
 * @param homeSetting the `warden.home` setting; empty means "as the daemon would resolve it".
 */
export function resolveDaemonPaths(homeSetting: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): DaemonPaths {
  const home = resolveHome(homeSetting, env);
  if (platform === "win32") {
    throw new PathsError("Warden's extension does not support Windows named pipes yet", "platform");
  }
  const socket = path.join(home, "daemon.sock");
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    throw new PathsError(`socket path ${socket} is longer than ${MAX_SOCKET_PATH} bytes; set warden.home (or WARDEN_HOME) to a shorter directory`, "WARDEN_HOME");
  }
  return { home, socket, token: path.join(home, "auth-token") };
}

function resolveHome(homeSetting: string, env: NodeJS.ProcessEnv): string {
  const candidates: Array<[string, string | undefined]> = [
    ["warden.home", homeSetting],
    ["WARDEN_HOME", env["WARDEN_HOME"]],
  ];
  for (const [name, value] of candidates) {
    if (value === undefined || value === "") continue;
    if (!path.isAbsolute(value)) throw new PathsError(`${name} must be an absolute path, got '${value}'`, name);
    return path.normalize(value);
  }
  const xdg = env["XDG_DATA_HOME"];
  if (xdg !== undefined && xdg !== "") {
    if (!path.isAbsolute(xdg)) throw new PathsError(`XDG_DATA_HOME must be an absolute path, got '${xdg}'`, "XDG_DATA_HOME");
    return path.join(xdg, "warden");
  }
  const userHome = env["HOME"] ?? os.homedir();
  if (userHome === "" || !path.isAbsolute(userHome)) throw new PathsError("cannot find a home directory; set warden.home to an absolute path", "HOME");
  return path.join(userHome, ".local", "share", "warden");
}
