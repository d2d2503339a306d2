import { ErrorCode } from "../../../protocol/src/errors";

/**
 * Exit codes scripts can branch on. 2 is a usage error (bad flag or argument);
 * 3 follows the LSB convention for "not running".
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, notRunning: 3, auth: 4, chainBroken: 5, insecure: 6 } as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case "bad_config":
    case "invalid_params":
      return EXIT.usage;
    case "not_running":
      return EXIT.notRunning;
    case "unauthenticated":
      return EXIT.auth;
    case "chain_broken":
      return EXIT.chainBroken;
    case "insecure_state":
      return EXIT.insecure;
    default:
      return EXIT.failure;
  }
}
