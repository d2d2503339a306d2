import Database from "better-sqlite3";
import { Actor } from "../../../protocol/src/audit";
import { WardenError } from "../../../protocol/src/errors";
import { JsonValue } from "../../../protocol/src/json";
import { SecretInfo } from "../../../protocol/src/secrets-methods";
import { AuditWriter } from "../audit/writer";
import { Logger } from "../log";
import { PolicySet } from "../policy/layers";
import { SecretRedactor } from "./redact/redactor";
import { SecretStore } from "./secret-store";
import { SecretVault, isKeychainError, keychainError, keychainProblem } from "./vault";

export interface SecretManagerOptions {
  vault: SecretVault;
  db: Database.Database;
  writer: AuditWriter;
  redactor: SecretRedactor;
  /** The policy in force for a workspace (its `secrets` sections bind each secret). */
  policy: (workspace: string) => PolicySet;
  log: Logger;
  /** Warden's state directory (the git credential sockets live under it). */
  wardenHome: string;
}

/** Who used a secret, for the `secret.use` record. */
export interface SecretUser {
  principal: Actor;
  agent: string;
  requester: string;
}

/**
 * Secrets as a whole: values in the vault, names and history in the database,
 * every value also known to the redactor from the moment the daemon sees it.
 * Each change is audited (name and who, never the value) and committed together
 * with its row; the keychain is written first, so a failure there changes nothing.
 */
export class SecretManager {
  readonly store: SecretStore;
  /** Current values, in memory only while the daemon runs. */
  private readonly cache = new Map<string, string>();

  constructor(readonly options: SecretManagerOptions) {
    this.store = new SecretStore(options.db);
  }

  get redactor(): SecretRedactor {
    return this.options.redactor;
  }

  /**
   * At start: reads every stored secret's value so it can be redacted from the
   * first byte of output on. With no keychain, secrets stay unusable (each use
   * says why) and the daemon runs on.
   */
  async load(): Promise<{ loaded: number; missing: string[]; problem: string | null }> {
    const missing: string[] = [];
    let loaded = 0;
    for (const name of this.store.names()) {
      try {
        const value = await this.options.vault.get(name);
        if (value === null) missing.push(name);
        else {
          this.remember(name, value);
          loaded++;
        }
      } catch (err) {
        return { loaded, missing, problem: err instanceof Error ? err.message : String(err) };
      }
    }
    return { loaded, missing, problem: null };
  }

  async set(name: string, value: string, by: Actor): Promise<SecretInfo> {
    // Known to the redactor before anything can fail and say something about it.
    this.options.redactor.add(name, value);
    if (this.store.get(name) !== null) throw new WardenError("already_exists", `a secret named '${name}' exists; change its value with 'warden secret rotate ${name}'`);
    await this.options.vault.set(name, value);
    try {
      const at = new Date().toISOString();
      await this.options.writer.commit({ mutate: () => this.store.insert(name, at, by.id), events: [{ actor: by, workspace: null, kind: "secret.set", payload: { name } }] });
    } catch (err) {
      // Not recorded, so not stored: the value leaves the keychain again.
      await this.options.vault.delete(name).catch(() => false);
      throw err;
    }
    this.cache.set(name, value);
    return this.info(name);
  }

  async rotate(name: string, value: string, by: Actor): Promise<SecretInfo> {
    this.options.redactor.add(name, value);
    if (this.store.get(name) === null) throw notStored(name);
    const previous = this.cache.get(name) ?? null;
    await this.options.vault.set(name, value);
    try {
      const at = new Date().toISOString();
      await this.options.writer.commit({ mutate: () => this.store.rotated(name, at), events: [{ actor: by, workspace: null, kind: "secret.rotated", payload: { name } }] });
    } catch (err) {
      if (previous !== null) await this.options.vault.set(name, previous).catch(() => undefined);
      throw err;
    }
    this.cache.set(name, value);
    return this.info(name);
  }

  /** Deletes the value from the keychain, then the name; the redactor keeps the value until the daemon stops. */
  async remove(name: string, by: Actor): Promise<boolean> {
    const known = this.store.get(name) !== null;
    const inKeychain = await this.options.vault.delete(name);
    if (!known && !inKeychain) return false;
    await this.options.writer.commit({
      mutate: () => this.store.remove(name),
      events: [{ actor: by, workspace: null, kind: "secret.removed", payload: { name, inKeychain } }],
    });
    this.cache.delete(name);
    return true;
  }

  info(name: string): SecretInfo {
    const info = this.store.get(name);
    if (info === null) throw notStored(name);
    return info;
  }

  /** The value to inject, from memory or the keychain. Never returned to any client. */
  async value(name: string): Promise<string> {
    if (this.store.get(name) === null) throw notStored(name);
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    let value: string | null;
    try {
      value = await this.options.vault.get(name);
    } catch (err) {
      // Fail closed: the value is not put in, and whatever needed it is not sent.
      if (err instanceof WardenError && isKeychainError(err)) throw keychainError(keychainProblem(err), `Secret '${name}' could not be read, so nothing that needed it was sent.`);
      throw new WardenError("conflict", `secret '${name}' could not be read from the keychain: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (value === null) throw new WardenError("not_found", `secret '${name}' is no longer in the OS keychain (deleted outside Warden); a human sets it again with 'warden secret rotate ${name}'`);
    this.remember(name, value);
    return value;
  }

  /**
   * Records one use of a secret (name, agent, target — never the value) and its
   * last-use row, durably, before the value is sent anywhere.
   */
  async recordUse(user: SecretUser, workspace: string, name: string, target: string, details: Record<string, JsonValue>): Promise<void> {
    const at = new Date().toISOString();
    await this.options.writer.commit({
      mutate: () => this.store.used(name, at, user.agent, target),
      events: [{ actor: user.principal, workspace, kind: "secret.use", payload: { name, agent: user.agent, requester: user.requester, target, ...details } }],
    });
  }

  private remember(name: string, value: string): void {
    this.options.redactor.add(name, value);
    this.cache.set(name, value);
  }
}

function notStored(name: string): WardenError {
  return new WardenError("not_found", `no secret named '${name}' is stored; a human adds it with 'warden secret set ${name}'`);
}
