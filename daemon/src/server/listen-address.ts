import net from "node:net";
import { WardenError } from "../../../protocol/src/errors";

export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * Parses `--listen HOST:PORT`. Only loopback literals are accepted: a TCP listener
 * on any other address would let other machines reach the daemon. Names are not
 * resolved (a name can resolve elsewhere later), except `localhost` → 127.0.0.1.
 */
export function parseListenAddress(spec: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(spec.trim());
  if (match === null) {
    throw new WardenError("bad_config", `--listen '${spec}' is not HOST:PORT (for example 127.0.0.1:7878)`, { flag: "--listen" });
  }
  const rawHost = match[1] ?? match[2] ?? "";
  const port = Number(match[3]);
  if (!Number.isInteger(port) || port > 65535) {
    throw new WardenError("bad_config", `--listen '${spec}': port ${match[3]} is out of range 0-65535`, { flag: "--listen" });
  }
  const host = rawHost.toLowerCase() === "localhost" ? "127.0.0.1" : rawHost;
  if (!isLoopbackLiteral(host)) {
    throw new WardenError(
      "bad_config",
      `--listen '${spec}': ${host} is not a loopback address; the daemon only listens on 127.0.0.0/8 or [::1]`,
      { flag: "--listen" },
    );
  }
  return { host, port };
}

/** 127.0.0.0/8 in dotted-quad form, or ::1. Other spellings (decimal, hex, octal) are refused. */
export function isLoopbackLiteral(host: string): boolean {
  if (net.isIPv4(host)) return host.startsWith("127.");
  if (net.isIPv6(host)) return host === "::1" || host === "0:0:0:0:0:0:0:1";
  return false;
}
