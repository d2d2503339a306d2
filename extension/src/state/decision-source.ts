import path from "node:path";
import { z } from "zod";
import { decision } from "../../../protocol/src/actions";
import { AuditRecord } from "../../../protocol/src/audit";
import { WardenError } from "../../../protocol/src/errors";
import { WhyExplanation } from "../../../protocol/src/webview";

/** Where a decision's rule is written, read from the `source` the daemon records. */
export type RuleLocation =
  /** A policy file; `line` is null when the file's default decided (no rule matched). */
  | { kind: "file"; file: string; line: number | null }
  /** The starter policy embedded in Warden (no .warden/policy.json yet). */
  | { kind: "starter"; line: number | null }
  /** A built-in protection: written in Warden itself, not in any policy. */
  | { kind: "builtin" }
  /** No rule and no file (no policy loaded). */
  | { kind: "none" };

const STARTER = "builtin:starter-policy";

/**
 * Parses a decision's `source`: `file:line`, `file` (its default decided),
 * `builtin`, `builtin:NAME`, `builtin:starter-policy[:N]`, or null. Only absolute
 * paths count as files: a relative one would resolve against whatever folder the
 * editor has open, not the workspace the daemon decided for.
 */
export function parseSource(source: string | null): RuleLocation {
  if (source === null || source === "") return { kind: "none" };
  if (source === STARTER || source.startsWith(`${STARTER}:`)) {
    const line = Number(source.slice(STARTER.length + 1));
    return { kind: "starter", line: Number.isInteger(line) && line > 0 ? line : null };
  }
  if (source === "builtin" || source.startsWith("builtin:")) return { kind: "builtin" };
  const m = /^(.*):(\d+)$/.exec(source);
  const file = m?.[1] ?? source;
  if (!path.isAbsolute(file)) return { kind: "none" };
  const line = m?.[2] !== undefined ? Number(m[2]) : null;
  return { kind: "file", file, line: line !== null && line > 0 ? line : null };
}

/** The short text of a source link, or null when there is nothing to open. */
export function locationLabel(location: RuleLocation, workspace: string | null): string | null {
  switch (location.kind) {
    case "file": {
      const shown = workspace !== null && location.file.startsWith(`${workspace}${path.sep}`) ? path.relative(workspace, location.file) : location.file;
      return location.line !== null ? `${shown}:${location.line}` : `${shown} (its default)`;
    }
    case "starter":
      return location.line !== null ? `starter policy, line ${location.line}` : "starter policy";
    case "builtin":
    case "none":
      return null;
  }
}

const decidedPayload = z.looseObject({
  agent: z.string().optional(),
  actions: z.array(z.union([z.string(), z.looseObject({ kind: z.string().optional(), target: z.string().optional() })])).optional(),
  decision: decision,
  rule: z.string().nullable().optional(),
  source: z.string().nullable().optional(),
  reason: z.string().optional(),
});

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Why the decision in an `action.decided` record was made. Refuses other records
 * with an error that says which kinds can be explained.
 */
export function explainDecision(record: AuditRecord): WhyExplanation {
  if (record.kind !== "action.decided") {
    throw new WardenError("invalid_params", `record #${record.seq} is ${record.kind}, not a decision; Why? explains rows of kind action.decided (allow, ask, deny)`);
  }
  const p = decidedPayload.safeParse(record.payload);
  if (!p.success) throw new WardenError("invalid_params", `record #${record.seq} is an action.decided without a readable decision; run 'warden audit verify' if this is unexpected`);
  const first = p.data.actions?.[0];
  const source = p.data.source ?? null;
  return {
    seq: record.seq,
    agent: p.data.agent ?? (record.actor.type === "agent" ? record.actor.id : null),
    action: typeof first === "object" ? (first.kind ?? null) : null,
    target: clip(typeof first === "string" ? first : (first?.target ?? ""), 1024),
    decision: p.data.decision,
    rule: p.data.rule === undefined || p.data.rule === null ? null : clip(p.data.rule, 1024),
    source: source === null ? null : clip(source, 4096),
    reason: clip(p.data.reason ?? "", 4096),
    location: ((label) => (label === null ? null : { label }))(locationLabel(parseSource(source), record.workspace)),
  };
}

/** One line for a notification: "deny: rm -rf src — rule 'x' (policy.json:12): reason". */
export function whySentence(why: WhyExplanation): string {
  const rule = why.rule !== null ? `rule '${why.rule}'` : "no rule (the default)";
  const where = why.location !== null ? ` at ${why.location.label}` : why.source === "builtin" || why.rule?.startsWith("builtin:") === true ? " (a built-in protection no policy can lift)" : "";
  const what = [why.agent, why.action, why.target].filter((x) => x !== null && x !== "").join(" ");
  return `#${why.seq} ${what}: ${(why.decision ?? "?").toUpperCase()} by ${rule}${where} — ${why.reason}`;
}
