import { WardenError } from "../../../protocol/src/errors";

/**
 * Where secret values live: the OS keychain, and nowhere else. The daemon's
 * database keeps names, history and last use; a value is read from here when it
 * is injected and kept in memory only while the daemon runs.
 */
export interface SecretVault {
  /** The value, or null when the keychain has no such secret. */
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  /** True when something was deleted; false when there was nothing under that name. */
  delete(name: string): Promise<boolean>;
  /** Names stored in the keychain (for this Warden home). */
  list(): Promise<string[]>;
  /** Null when the keychain answers now; else why not and what to do. */
  problem(): Promise<string | null>;
}

/** Marks a refusal as "the keychain cannot be reached" so callers (and scripts) can tell it apart. */
export const KEYCHAIN_UNAVAILABLE = { keychain: "unavailable" } as const;

/**
 * The error every keychain failure becomes: what went wrong, plainly, what to do
 * about it, and what did not happen because of it (`consequence`: by default, for a
 * write, that the value went nowhere else).
 */
export function keychainError(problem: string, consequence = "Nothing was stored anywhere else."): WardenError {
  return new WardenError("conflict", `the OS keychain is not available: ${problem}. ${consequence}`, { ...KEYCHAIN_UNAVAILABLE, problem });
}

/** The plain problem a keychain error carries (for re-saying it with another consequence). */
export function keychainProblem(err: WardenError): string {
  const problem = err.data?.["problem"];
  return typeof problem === "string" ? problem : err.message;
}

export function isKeychainError(err: unknown): boolean {
  return err instanceof WardenError && err.data?.["keychain"] === KEYCHAIN_UNAVAILABLE.keychain;
}
