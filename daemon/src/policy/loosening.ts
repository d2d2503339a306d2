import { isStricterThan } from "../../../protocol/src/actions";
import { parseDuration } from "../identity/duration";
import { LoadedPolicy } from "./load-policy";
import { PolicySet } from "./layers";
import { PolicyRule, RULE_MATCHERS } from "./policy-file";
import { secretLoosening } from "../secrets/binding-loosening";
import { notifyChanges } from "../notify/notify-loosening";
import { sandboxLoosening } from "../sandbox/sandbox-loosening";

/**
 * Does `next` allow anything `current` did not? Judged conservatively, rule by rule
 * (by id, per layer): adding ask/deny rules or removing allow rules only tightens;
 * anything else that could widen — a new or changed allow rule, a removed or
 * softened ask/deny rule, a softer default, a layer removed — counts as loosening
 * and waits for a human. Being wrong here costs a prompt, never a silent hole.
 */
export function looseningChanges(current: PolicySet, next: PolicySet): string[] {
  const changes: string[] = [];
  const byLayer = (set: PolicySet) => new Map(set.layers.map((l) => [l.layer, l]));
  const before = byLayer(current);
  const after = byLayer(next);
  for (const [layer, old] of before) {
    const now = after.get(layer);
    if (now === undefined) {
      changes.push(`the ${layer} policy (${old.file}) was removed`);
      continue;
    }
    changes.push(...layerChanges(old, now));
  }
  // A layer that appears only adds constraints: every layer must allow an action.
  // Secret bindings are the exception (a binding grants), so they are compared across all layers.
  changes.push(...secretLoosening(current, next));
  return changes;
}

function layerChanges(old: LoadedPolicy, now: LoadedPolicy): string[] {
  const changes: string[] = [];
  const where = `${now.layer} policy (${now.file})`;
  if ((old.policy.default ?? "ask") === "deny" && (now.policy.default ?? "ask") !== "deny") changes.push(`${where}: default changed from deny to ask`);
  const oldRules = new Map(old.policy.rules.map((r) => [r.id, r]));
  const newRules = new Map(now.policy.rules.map((r) => [r.id, r]));
  for (const [id, rule] of newRules) {
    const previous = oldRules.get(id);
    if (previous === undefined) {
      if (permits(rule)) changes.push(`${where}: new ${rule.decision} rule '${id}'`);
    } else if (!sameRule(previous, rule) && !onlyStricter(previous, rule)) {
      changes.push(`${where}: rule '${id}' changed (${previous.decision} → ${rule.decision})`);
    }
  }
  for (const [id, rule] of oldRules) {
    if (!newRules.has(id) && !permits(rule)) changes.push(`${where}: ${rule.decision} rule '${id}' removed`);
  }
  const oldTtl = old.policy.tokens?.maxTtl;
  const newTtl = now.policy.tokens?.maxTtl;
  if (ttlMs(newTtl) > ttlMs(oldTtl)) changes.push(`${where}: tokens may live longer (${oldTtl ?? "24h"} → ${newTtl ?? "24h"})`);
  // A new destination sends data off the machine; a removed one silences monitoring: both wait for a human.
  changes.push(...notifyChanges(where, old.policy.notify, now.policy.notify));
  changes.push(...sandboxLoosening(where, old.policy.sandbox, now.policy.sandbox));
  return changes;
}

/** A layer without tokens.maxTtl allows the built-in maximum (24h). */
function ttlMs(ttl: string | undefined): number {
  return ttl === undefined ? 24 * 3_600_000 : parseDuration(ttl, "tokens.maxTtl");
}

function permits(rule: PolicyRule): boolean {
  return rule.decision === "allow" || rule.decision === "allow+log";
}

function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const LIST_FIELDS = ["action", ...RULE_MATCHERS] as const;

/**
 * An edit of an existing rule that surely does not loosen: the decision is at
 * least as strict, and an allow rule covers no more than before (or an ask/deny
 * rule no less). Coverage is judged field by field on the lists: a missing field
 * covers everything, a list covers its entries.
 */
function onlyStricter(before: PolicyRule, after: PolicyRule): boolean {
  if (isStricterThan(before.decision, after.decision)) return false;
  return permits(before) ? covers(before, after) : covers(after, before);
}

/** Does every action `b` matches also match `a`? (Conservative: false when unsure.) */
function covers(a: PolicyRule, b: PolicyRule): boolean {
  for (const field of LIST_FIELDS) {
    const av = a[field];
    const bv = b[field];
    if (av === undefined) continue;
    if (bv === undefined) return false;
    const as = (Array.isArray(av) ? av : [av]).map((x) => JSON.stringify(x));
    const bs = (Array.isArray(bv) ? bv : [bv]).map((x) => JSON.stringify(x));
    if (!bs.every((x) => as.includes(x))) return false;
  }
  // Force pushes: covered only where the covering rule takes them.
  return !(b.force === true && a.force !== true);
}
