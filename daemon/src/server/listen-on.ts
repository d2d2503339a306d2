import http from "node:http";
import { WardenError } from "../../../protocol/src/errors";

/** Starts a server listening; an address in use or not available is a configuration error naming it. */
export function listenOn(server: http.Server, start: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        err.code === "EADDRINUSE"
          ? new WardenError("bad_config", `address in use: ${err.message}`)
          : err.code === "EADDRNOTAVAIL"
            ? new WardenError("bad_config", `cannot listen there: ${err.message}`)
            : err,
      );
    };
    server.once("error", onError);
    server.once("listening", () => {
      server.off("error", onError);
      resolve();
    });
    start();
  });
}
