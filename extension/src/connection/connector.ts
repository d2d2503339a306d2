import fs from "node:fs";
import { WardenClient } from "../../../protocol/src/client";
import { WardenError } from "../../../protocol/src/errors";
import { connectDaemon } from "../../../protocol/src/ws-transport";
import { Connector } from "./connection-manager";
import { DaemonPaths } from "./warden-paths";

/**
 * Connects over the daemon's Unix socket with the token from its token file (mode
 * 0600, written by the daemon). A missing token file means no daemon ever ran in
 * this home: that is `not_running`, so the caller may start one.
 */
export function socketConnector(paths: DaemonPaths, startDaemon: (() => Promise<void>) | null): Connector {
  return {
    startDaemon,
    async connect(): Promise<WardenClient> {
      let token: string;
      try {
        token = (await fs.promises.readFile(paths.token, "utf8")).trim();
      } catch (err) {
        if (err instanceof Error && "code" in err && err.code === "ENOENT") throw new WardenError("not_running", `no daemon has run in ${paths.home} (no ${paths.token})`);
        throw new WardenError("daemon_unreachable", `cannot read the daemon's token ${paths.token}: ${err instanceof Error ? err.message : String(err)}`);
      }
      return connectDaemon({ socketPath: paths.socket }, { token, timeoutMs: 5000 });
    },
  };
}
