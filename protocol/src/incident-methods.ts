import { z } from "zod";
import { decision } from "./actions";
import { agentName, agentStatus, workspacePath } from "./agents";
import { approvalStatus } from "./approvals";
import { verifyReport } from "./audit";
import { MAX_SHORT_STRING } from "./limits";

/**
 * The incident report: what one agent did, rebuilt from the audit log alone (so it
 * can be made from an evidence snapshot too), for a person (Markdown) and for
 * tools (this schema). Every entry names the audit seq it comes from.
 */

/** Most timeline entries in one report; past it `truncated` is set (narrow with `since`). */
export const MAX_REPORT_ENTRIES = 5000;

const text = z.string().max(MAX_SHORT_STRING);
const seq = z.int().positive();

/** How an action was decided: the policy's word, and whether a human or a grant was involved. */
export const reportDecision = z.strictObject({
  decision,
  rule: text.nullable(),
  source: text.nullable(),
  reason: z.string().max(16 * 1024),
  asked: z.boolean(),
  approval: text.nullable(),
  grant: text.nullable(),
});
export type ReportDecision = z.infer<typeof reportDecision>;

/** What the tool reported afterwards (`action.result`), when it was recorded. */
export const reportResult = z.strictObject({
  seq,
  ts: z.iso.datetime(),
  /** Null for the agent's own tools: their PostToolUse says what happened, not whether it worked. */
  ok: z.boolean().nullable(),
  summary: text.nullable(),
  error: text.nullable(),
});
export type ReportResult = z.infer<typeof reportResult>;

const via = z.enum(["gate", "broker"]);
/** Fields every entry that stems from an `action.decided` record carries. */
const acted = { seq, ts: z.iso.datetime(), via, tool: text, decided: reportDecision, result: reportResult.nullable() };

export const reportEntry = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("file"), ...acted, op: z.enum(["read", "write", "delete"]), path: text, restoreId: text.nullable() }),
  z.strictObject({ type: z.literal("command"), ...acted, command: text, exitCode: z.int().nullable() }),
  z.strictObject({
    type: z.literal("push"),
    ...acted,
    target: text,
    remote: text.nullable(),
    branch: text.nullable(),
    force: z.boolean(),
    oldRef: text.nullable(),
    newRef: text.nullable(),
  }),
  z.strictObject({ type: z.literal("http"), ...acted, method: text, url: text, host: text.nullable(), status: z.int().nullable() }),
  /** Any other action kind (git.commit, mcp.call, web.search, tool.unknown…). */
  z.strictObject({ type: z.literal("action"), ...acted, kind: text, target: text }),
  /** A secret used on the agent's behalf: its name only, and where it went. */
  z.strictObject({ type: z.literal("secret"), seq, ts: z.iso.datetime(), name: text, target: text.nullable(), decision: decision.nullable() }),
  z.strictObject({
    type: z.literal("approval"),
    seq,
    ts: z.iso.datetime(),
    id: text,
    action: text,
    target: text,
    summary: text,
    rule: text.nullable(),
    status: approvalStatus,
    answeredBy: text.nullable(),
    answeredSeq: seq.nullable(),
    answeredAt: z.iso.datetime().nullable(),
    scope: text.nullable(),
    reason: text.nullable(),
  }),
  /** Identity and credential events: created, tokens issued or refused, suspended, contained… */
  z.strictObject({ type: z.literal("identity"), seq, ts: z.iso.datetime(), kind: text, by: text, detail: text }),
]);
export type ReportEntry = z.infer<typeof reportEntry>;

const names = z.array(text);

export const incidentReport = z.strictObject({
  version: z.literal(1),
  generatedAt: z.iso.datetime(),
  generator: text,
  agent: z.strictObject({
    name: agentName,
    workspace: workspacePath,
    kind: text.nullable(),
    owner: text.nullable(),
    purpose: text.nullable(),
    role: text.nullable(),
    /** As the log tells it: the last status change recorded. */
    status: agentStatus,
    statusReason: text.nullable(),
    createdAt: z.iso.datetime().nullable(),
    createdBy: text.nullable(),
  }),
  period: z.strictObject({ since: z.iso.datetime().nullable(), until: z.iso.datetime(), firstSeq: seq.nullable(), lastSeq: seq.nullable() }),
  /** The whole chain checked when the report was made: a report from a broken log says so first. */
  log: verifyReport,
  recordsExamined: z.int().nonnegative(),
  truncated: z.boolean(),
  timeline: z.array(reportEntry).max(MAX_REPORT_ENTRIES),
  /** What was affected: only what was allowed to happen (denied attempts are counted apart). */
  summary: z.strictObject({
    files: z.strictObject({ read: names, written: names, deleted: names }),
    directories: names,
    commands: z.int().nonnegative(),
    remotes: names,
    hosts: names,
    secrets: names,
    approvals: z.strictObject({ asked: z.int().nonnegative(), approved: z.int().nonnegative(), denied: z.int().nonnegative(), expired: z.int().nonnegative(), pending: z.int().nonnegative() }),
    denials: z.int().nonnegative(),
  }),
});
export type IncidentReport = z.infer<typeof incidentReport>;

export const incidentMethods = {
  /**
   * Human (extension's incident view; the CLI builds the same report from the
   * database itself, so it works with the daemon down): what one agent did, with
   * the chain's verification. `save` keeps a copy in Warden's state directory.
   */
  "incidents/report": {
    params: z.strictObject({ workspace: workspacePath, name: agentName, since: z.iso.datetime().optional(), save: z.boolean().optional() }),
    result: z.strictObject({
      report: incidentReport,
      markdown: z.string(),
      saved: z.strictObject({ folder: text, markdown: text, json: text }).nullable(),
    }),
  },
} as const;

export const INCIDENT_ACCESS = {
  "incidents/report": "human",
} as const;
