import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AuditRecord } from "../../../protocol/src/audit";
import { AuditStore } from "../audit/store";
import { Logger } from "../log";
import { PolicySet } from "../policy/layers";
import { PolicyLayer, parsePolicyText } from "../policy/load-policy";
import { MemoryVault } from "./fake-vault";
import { RedactingAuditWriter } from "./redact/redacting-writer";
import { SecretRedactor } from "./redact/redactor";
import { SecretManager } from "./secret-manager";

/** A policy set from layer texts (JSON with comments), failing loudly on a bad test policy. */
export function policySet(layers: Partial<Record<PolicyLayer, string>>): PolicySet {
  const loaded = (["managed", "workspace", "user"] as const).flatMap((layer) => {
    const text = layers[layer];
    if (text === undefined) return [];
    const parsed = parsePolicyText(text, `/policies/${layer}.json`, layer);
    if (!parsed.ok) throw new Error(`bad test policy (${layer}): ${JSON.stringify(parsed.problems)}`);
    return [parsed.loaded];
  });
  return { layers: loaded };
}

/** A workspace policy with `rules` (JSON text) and a `secrets` section (JSON text). */
export function workspacePolicy(secrets: string, rules = "[]"): PolicySet {
  return policySet({ workspace: `{ "version": 1, "rules": ${rules}, "secrets": ${secrets} }` });
}

export const QUIET: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface SecretsHarness {
  home: string;
  vault: MemoryVault;
  store: AuditStore;
  writer: RedactingAuditWriter;
  redactor: SecretRedactor;
  manager: SecretManager;
  /** The policy in force (tests swap it). */
  policy: PolicySet;
  records(kind?: string): AuditRecord[];
  close(): void;
}

/** A SecretManager on a fake keychain and a real audit log in a temporary home. */
export function secretsHarness(policy: PolicySet = { layers: [] }): SecretsHarness {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-sec-")));
  const store = AuditStore.openForWriting(path.join(home, "warden.db"));
  const redactor = new SecretRedactor();
  const writer = new RedactingAuditWriter(redactor, store, path.join(home, "audit-head.json"), () => undefined);
  const vault = new MemoryVault();
  const h: SecretsHarness = {
    home,
    vault,
    store,
    writer,
    redactor,
    policy,
    manager: new SecretManager({ vault, db: store.connection, writer, redactor, policy: () => h.policy, log: QUIET, wardenHome: home }),
    records: (kind) => store.query(kind === undefined ? {} : { kinds: [kind] }, 1000, "asc"),
    close: () => {
      store.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
  return h;
}
