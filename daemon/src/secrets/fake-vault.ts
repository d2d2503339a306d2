import { SecretVault, keychainError } from "./vault";

/**
 * A keychain in memory, for unit tests: the same interface as the real one, and
 * a switch that makes it fail the way an unreachable or locked keychain does.
 */
export class MemoryVault implements SecretVault {
  readonly values = new Map<string, string>();
  /** When set, every call fails with this problem (no D-Bus, a locked keyring). */
  unavailable: string | null = null;
  /** Calls that reached the keychain, for tests that check nothing was read needlessly. */
  reads = 0;

  get(name: string): Promise<string | null> {
    return this.guard(() => {
      this.reads++;
      return this.values.get(name) ?? null;
    });
  }

  set(name: string, value: string): Promise<void> {
    return this.guard(() => {
      this.values.set(name, value);
    });
  }

  delete(name: string): Promise<boolean> {
    return this.guard(() => this.values.delete(name));
  }

  list(): Promise<string[]> {
    return this.guard(() => [...this.values.keys()].sort());
  }

  problem(): Promise<string | null> {
    return Promise.resolve(this.unavailable);
  }

  private guard<T>(fn: () => T): Promise<T> {
    if (this.unavailable !== null) return Promise.reject(keychainError(this.unavailable));
    return Promise.resolve(fn());
  }
}
