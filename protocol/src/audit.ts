import { z } from "zod";
import { jsonValue } from "./json";
import { MAX_SHORT_STRING } from "./limits";

/**
 * Who did something. Agents are never recorded as humans: an action an agent takes
 * carries the agent's identity, and the human who started its session is recorded
 * beside it in the payload.
 */
export const actor = z.strictObject({
  type: z.enum(["human", "agent", "daemon"]),
  id: z.string().min(1).max(MAX_SHORT_STRING),
});
export type Actor = z.infer<typeof actor>;

/** Event kinds are dotted lower-case names, e.g. `daemon.started`, `file.write`. */
export const eventKind = z
  .string()
  .max(128)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "expected a dotted lower-case kind such as 'file.write'");

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "expected a SHA-256 hex digest");

/** One record of the append-only, hash-chained audit log. */
export const auditRecord = z.strictObject({
  seq: z.int().positive(),
  ts: z.iso.datetime(),
  actor,
  workspace: z.string().max(MAX_SHORT_STRING).nullable(),
  kind: eventKind,
  payload: jsonValue,
  prevHash: sha256Hex,
  hash: sha256Hex,
});
export type AuditRecord = z.infer<typeof auditRecord>;

/** The hash the first record chains to. */
export const GENESIS_HASH = "0".repeat(64);

/** Which records a query or a subscription wants. Every field narrows; none widens. */
export const auditFilter = z.strictObject({
  /** Exact kinds, or prefixes ending in `.*` (`file.*`). */
  kinds: z.array(eventKind.or(z.string().regex(/^[a-z][a-z0-9_.]*\.\*$/))).min(1).max(64).optional(),
  actorType: actor.shape.type.optional(),
  actorId: z.string().max(MAX_SHORT_STRING).optional(),
  workspace: z.string().max(MAX_SHORT_STRING).optional(),
  /** Only records with `seq >= fromSeq`. */
  fromSeq: z.int().positive().optional(),
  /** Only records at or after this time. */
  since: z.iso.datetime().optional(),
});
export type AuditFilter = z.infer<typeof auditFilter>;

/** True when `record` passes `filter`; the daemon and clients share this one definition. */
export function matchesFilter(record: AuditRecord, filter: AuditFilter): boolean {
  if (filter.fromSeq !== undefined && record.seq < filter.fromSeq) return false;
  if (filter.since !== undefined && Date.parse(record.ts) < Date.parse(filter.since)) return false;
  if (filter.actorType !== undefined && record.actor.type !== filter.actorType) return false;
  if (filter.actorId !== undefined && record.actor.id !== filter.actorId) return false;
  if (filter.workspace !== undefined && record.workspace !== filter.workspace) return false;
  if (filter.kinds !== undefined && !filter.kinds.some((k) => kindMatches(record.kind, k))) return false;
  return true;
}

function kindMatches(kind: string, pattern: string): boolean {
  return pattern.endsWith(".*") ? kind.startsWith(pattern.slice(0, -1)) : kind === pattern;
}

/** Result of checking the chain. `firstBadSeq` names the first record that does not verify. */
export const verifyReport = z.strictObject({
  ok: z.boolean(),
  checked: z.int().nonnegative(),
  headSeq: z.int().nonnegative(),
  headHash: sha256Hex,
  firstBadSeq: z.int().positive().nullable(),
  problem: z.string().nullable(),
  durationMs: z.number().nonnegative(),
});
export type VerifyReport = z.infer<typeof verifyReport>;
