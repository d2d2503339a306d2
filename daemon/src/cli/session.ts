import { WardenClient } from "../../../protocol/src/client";
import { WardenError } from "../../../protocol/src/errors";
import { connectDaemon } from "../../../protocol/src/ws-transport";
import { WardenPaths } from "../config";
import { readToken } from "../state/home";

/** Connects to the daemon serving `paths` with the token from its state directory. */
export async function connectToDaemon(paths: WardenPaths, timeoutMs = 5000): Promise<WardenClient> {
  try {
    const token = readToken(paths.token);
    return await connectDaemon({ socketPath: paths.socket }, { token, timeoutMs });
  } catch (err) {
    if (err instanceof WardenError && err.code === "not_running") {
      throw new WardenError("not_running", `the Warden daemon is not running (WARDEN_HOME ${paths.home}); start it with 'warden daemon start'`);
    }
    throw err;
  }
}

/** Runs `fn` with a connected client and always closes it. */
export async function withDaemon<T>(paths: WardenPaths, fn: (client: WardenClient) => Promise<T>): Promise<T> {
  const client = await connectToDaemon(paths);
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}
