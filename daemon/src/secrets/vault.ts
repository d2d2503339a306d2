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

/** The error every keychain failure becomes: what went wrong, plainly, and what to do about it. */
export function keychainError(problem: string): WardenError {
  return new WardenError("conflict", `the OS keychain is not available: ${problem}. Nothing was stored anywhere else.`, { ...KEYCHAIN_UNAVAILABLE });
}

export function isKeychainError(err: unknown): boolean {
  return err instanceof WardenError && err.data?.["keychain"] === KEYCHAIN_UNAVAILABLE.keychain;
}
