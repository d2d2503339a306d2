import { SecretBinding } from "../../../protocol/src/secrets-methods";
import { PolicySet } from "../policy/layers";
import { DEFAULT_APPLY } from "./bindings";

/** The list fields of a binding; each narrows, and a missing one (schemes aside) allows anything. */
const FIELDS = ["hosts", "schemes", "ports", "paths", "remotes", "agents", "roles"] as const;

/**
 * Secret bindings that `next` widens compared with `current`, in the words of
 * looseningChanges (whose caller makes a human accept them first). Judged per
 * layer and conservatively: a new binding, a binding with a new host (or path,
 * agent…), a list dropped, a changed `apply`, or a whole `secrets` section
 * removed all count. Narrowing or removing a single binding does not.
 */
export function secretLoosening(current: PolicySet, next: PolicySet): string[] {
  const changes: string[] = [];
  for (const now of next.layers) {
    const old = current.layers.find((l) => l.layer === now.layer);
    const before = old?.policy.secrets;
    const after = now.policy.secrets;
    const where = `${now.layer} policy (${now.file})`;
    if (before !== undefined && after === undefined) {
      changes.push(`${where}: the secrets section was removed, so this layer no longer limits where secrets go`);
      continue;
    }
    for (const [name, binding] of Object.entries(after ?? {})) {
      const previous = before?.[name];
      if (previous === undefined) changes.push(`${where}: new binding of secret '${name}' (hosts ${binding.hosts.join(", ")})`);
      else changes.push(...widened(previous, binding).map((w) => `${where}: secret '${name}' ${w}`));
    }
  }
  return changes;
}

function widened(before: SecretBinding, after: SecretBinding): string[] {
  const out: string[] = [];
  for (const field of FIELDS) {
    const was = listOf(before, field);
    const is = listOf(after, field);
    if (was === null) continue;
    if (is === null) out.push(`no longer limits ${field} (was ${was.join(", ")})`);
    else {
      const added = is.filter((v) => !was.includes(v));
      if (added.length > 0) out.push(`may now go to ${field} ${added.join(", ")}`);
    }
  }
  if (JSON.stringify(before.apply ?? DEFAULT_APPLY) !== JSON.stringify(after.apply ?? DEFAULT_APPLY)) out.push("is applied differently");
  return out;
}

/** A field as a list of strings, null when it does not limit anything. Schemes default to https only. */
function listOf(b: SecretBinding, field: (typeof FIELDS)[number]): string[] | null {
  const v = field === "schemes" ? (b.schemes ?? ["https"]) : b[field];
  return v === undefined ? null : v.map(String);
}
