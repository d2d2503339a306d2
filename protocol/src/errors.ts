/**
 * Typed errors shared by the daemon, the CLI and the extension. Every failure that
 * crosses a boundary carries one of these codes, so callers branch on the code and
 * never on message text.
 */

export const ERROR_CODES = [
  /** The frame was not JSON, not an object, or not a known frame type. */
  "bad_frame",
  /** The frame exceeded MAX_FRAME_BYTES. */
  "frame_too_large",
  /** The method is not part of the protocol. */
  "unknown_method",
  /** The params (or a result, on the client side) failed validation. */
  "invalid_params",
  /** No credentials, or credentials the daemon does not accept. */
  "unauthenticated",
  /** The audit log could not be written; the action that needed it did not happen. */
  "audit_write_failed",
  /** The audit hash chain does not verify. */
  "chain_broken",
  /** The daemon is stopping and takes no new work. */
  "shutting_down",
  /** A client-side failure to reach the daemon at all. */
  "daemon_unreachable",
  /** The daemon is not running (client side). */
  "not_running",
  /** Another daemon already serves this WARDEN_HOME. */
  "already_running",
  /** State files or folders have permissions or owners Warden cannot trust. */
  "insecure_state",
  /** A configuration value (environment variable, flag) is invalid. */
  "bad_config",
  /** A request or operation did not finish in time. */
  "timeout",
  /** The connection closed before the answer arrived. */
  "disconnected",
  /** The caller's identity may not use this method (e.g. an agent calling an admin method). */
  "forbidden",
  /** The named thing (agent, token) does not exist. */
  "not_found",
  /** A thing with that name exists already. */
  "already_exists",
  /** The request conflicts with the current state (e.g. resuming a revoked agent). */
  "conflict",
  /** Agent tokens refused, each for its own reason (see TOKEN_REFUSALS). */
  "token_unknown",
  "token_expired",
  "token_revoked",
  "agent_suspended",
  "agent_contained",
  "agent_revoked",
  "agent_expired",
  "token_wrong_workspace",
  /** An unexpected failure inside Warden; details are in the daemon log. */
  "internal",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && ERROR_CODES.some((code) => code === value);
}

export class WardenError extends Error {
  override readonly name = "WardenError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }

  toJSON(): { code: ErrorCode; message: string; data?: Record<string, unknown> } {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/** Wraps anything thrown into a WardenError without losing a WardenError's code. */
export function toWardenError(err: unknown, fallback: ErrorCode = "internal"): WardenError {
  if (err instanceof WardenError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new WardenError(fallback, message);
}
