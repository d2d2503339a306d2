import { WardenClient } from "../../../protocol/src/client";
import { connectDaemon } from "../../../protocol/src/ws-transport";
import { WardenPaths } from "../config";
import { readToken } from "../state/home";

/** Connects to the daemon serving `paths` with the token from its state directory. */
export async function connectToDaemon(paths: WardenPaths, timeoutMs = 5000): Promise<WardenClient> {
  const token = readToken(paths.token);
  return connectDaemon({ socketPath: paths.socket }, { token, timeoutMs });
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
