import { createHash } from "node:crypto";
import { AsyncEntry, EntryOptions, findCredentialsAsync } from "@napi-rs/keyring";
import { SecretVault, keychainError } from "./vault";

/** How long one keychain call may take (a desktop may be showing an unlock prompt). */
const KEYCHAIN_TIMEOUT_MS = 30_000;

/**
 * Pinned to the Secret Service on Linux. Left to choose, the binding falls back to
 * the kernel keyring (keyutils), which lives in memory and loses every secret at
 * reboot, silently; pinned, an unreachable Secret Service is an error we report.
 * The option is ignored on macOS (Keychain) and Windows (Credential Manager).
 */
const PINNED: EntryOptions = { linux: { store: "secret-service" } };

const PROBE_ACCOUNT = "warden-keychain-probe";

/**
 * The OS keychain through @napi-rs/keyring. Entries are filed under a service
 * name derived from the Warden home, so two homes (a developer's and a test's)
 * never read or overwrite each other's secrets; the account is the secret's name.
 */
export class KeyringVault implements SecretVault {
  readonly service: string;

  constructor(wardenHome: string) {
    this.service = `warden:${createHash("sha256").update(wardenHome).digest("hex").slice(0, 12)}`;
  }

  get(name: string): Promise<string | null> {
    return this.call((signal) => this.entry(name).getPassword(signal));
  }

  set(name: string, value: string): Promise<void> {
    return this.call((signal) => this.entry(name).setPassword(value, signal));
  }

  delete(name: string): Promise<boolean> {
    return this.call((signal) => this.entry(name).deleteCredential(signal));
  }

  async list(): Promise<string[]> {
    // findCredentials takes no store option, so reach the pinned store first: with
    // no Secret Service this fails here instead of searching the kernel keyring.
    const problem = await this.problem();
    if (problem !== null) throw keychainError(problem);
    const found = await this.call((signal) => findCredentialsAsync(this.service, null, signal));
    return found.map((c) => c.account).filter((a) => a !== PROBE_ACCOUNT).sort();
  }

  /**
   * Writes and deletes a probe entry: a read alone succeeds on a locked keyring
   * when there is nothing to find, and the question is whether a secret can be stored.
   */
  async problem(): Promise<string | null> {
    try {
      await this.call(async (signal) => {
        const probe = this.entry(PROBE_ACCOUNT);
        await probe.setPassword("probe", signal);
        await probe.deleteCredential(signal);
      });
      return null;
    } catch (err) {
      return err instanceof Error ? describeKeychainFailure(err.message) : String(err);
    }
  }

  private entry(account: string): AsyncEntry {
    return new AsyncEntry(this.service, account, PINNED);
  }

  /** Runs one keychain call with a deadline; every failure becomes the one plain keychain error. */
  private async call<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = AbortSignal.timeout(KEYCHAIN_TIMEOUT_MS);
    try {
      return await fn(signal);
    } catch (err) {
      if (signal.aborted) throw keychainError(`it did not answer within ${KEYCHAIN_TIMEOUT_MS / 1000} s (it may be waiting for you to unlock it)`);
      throw keychainError(describeKeychainFailure(err instanceof Error ? err.message : String(err)));
    }
  }
}

/**
 * The keychain library's message, turned into what happened and what to do.
 * Matched on the texts @napi-rs/keyring 2.1 (keyring-rs, dbus-secret-service)
 * produces; anything else is passed on as it is.
 */
export function describeKeychainFailure(message: string, platform: NodeJS.Platform = process.platform): string {
  if (platform !== "linux") return `${message}. Make sure you are logged in to a desktop session whose keychain is unlocked`;
  if (/DBUS_SESSION_BUS_ADDRESS|autolaunch|Failed to connect to socket|Connection refused|No such file or directory/i.test(message)) {
    return (
      "the daemon has no D-Bus session to reach the Secret Service (DBUS_SESSION_BUS_ADDRESS is unset or dead). " +
      "Start the daemon from your desktop session; on a machine without one, start a keyring first " +
      "(eval $(dbus-launch --sh-syntax); echo -n PASSWORD | gnome-keyring-daemon --unlock --components=secrets) " +
      "and restart the daemon from that shell (warden daemon stop; warden daemon start)"
    );
  }
  if (/ServiceUnknown|not provided by any \.service|org\.freedesktop\.secrets/i.test(message)) {
    return "no Secret Service runs on the session bus. Start one (gnome-keyring-daemon --start --components=secrets, or KeePassXC's or KWallet's Secret Service integration) and try again";
  }
  if (/prompt was dismissed|locked/i.test(message)) {
    return "the keyring is locked. Unlock it (log in to your desktop session, or unlock 'Login' in Passwords and Keys / seahorse) and try again";
  }
  if (/no result found/i.test(message)) {
    return "the Secret Service has no default keyring to store secrets in. Create and unlock one (echo -n PASSWORD | gnome-keyring-daemon --replace --unlock --components=secrets) and try again";
  }
  return `the Secret Service refused: ${message}`;
}
