import { z } from "zod";
import { action, decisionResult } from "./actions";
import { agentKind, agentName, agentRole, workspacePath } from "./agents";
import { MAX_SHORT_STRING } from "./limits";

/**
 * Approvals: where policy says `ask`, a human decides with the context in front of
 * them. Everything here is sent by the daemon (to the CLI and the extension) except
 * the answer, which a human client sends back.
 */

/** How far an approval reaches: this one call, or the same action on the same target for a while. */
export const approvalScope = z.enum(["once", "session"]);
export type ApprovalScope = z.infer<typeof approvalScope>;

const MAX_PREVIEW = 64 * 1024;

/** What the action touches, shaped for the panel that shows it. */
export const approvalData = z.discriminatedUnion("type", [
  /** A write or edit: the file before and after (null when it does not exist), and a unified diff. */
  z.strictObject({
    type: z.literal("diff"),
    path: z.string().max(MAX_SHORT_STRING),
    before: z.string().max(MAX_PREVIEW).nullable(),
    after: z.string().max(MAX_PREVIEW).nullable(),
    unified: z.string().max(MAX_PREVIEW * 2),
    truncated: z.boolean(),
  }),
  /** A deletion: what would go, with sizes. */
  z.strictObject({
    type: z.literal("files"),
    files: z.array(z.strictObject({ path: z.string().max(MAX_SHORT_STRING), bytes: z.int().nonnegative(), kind: z.enum(["file", "directory", "symlink", "other"]) })).max(500),
    totalFiles: z.int().nonnegative(),
    totalBytes: z.int().nonnegative(),
  }),
  /** A push: where to, and the commits that would leave the machine. */
  z.strictObject({
    type: z.literal("commits"),
    remote: z.string().max(MAX_SHORT_STRING),
    branch: z.string().max(MAX_SHORT_STRING),
    /** The remote's ref before the push (null: new branch or unknown). */
    remoteRef: z.string().max(64).nullable(),
    commits: z.array(z.strictObject({ sha: z.string().max(64), subject: z.string().max(1024), author: z.string().max(256) })).max(200),
    totalCommits: z.int().nonnegative(),
    force: z.boolean(),
  }),
  /**
   * An HTTP request: method, host, path, a summary of the body, and the names of the
   * stored secrets Warden would put into it (never a value): the data the request carries.
   */
  z.strictObject({
    type: z.literal("http"),
    method: z.string().max(16),
    host: z.string().max(MAX_SHORT_STRING),
    path: z.string().max(MAX_SHORT_STRING),
    bodySummary: z.string().max(4096).nullable(),
    secrets: z.array(z.string().max(MAX_SHORT_STRING)).max(64),
  }),
  /** A command: the line and where it runs. */
  z.strictObject({ type: z.literal("command"), command: z.string().max(MAX_PREVIEW), cwd: z.string().max(MAX_SHORT_STRING) }),
  /** Nothing more to show than the action itself. */
  z.strictObject({ type: z.literal("none") }),
]);
export type ApprovalData = z.infer<typeof approvalData>;

/** Everything a human needs to decide in seconds. */
export const approvalContext = z.strictObject({
  action,
  /** One line: "git push origin main (2 commits)". */
  summary: z.string().max(1024),
  data: approvalData,
  identity: z.strictObject({
    agent: agentName,
    kind: agentKind,
    owner: z.string().max(256),
    purpose: z.string().max(1024),
    role: agentRole,
    /** The human who issued the agent's token. */
    requester: z.string().max(MAX_SHORT_STRING),
    session: z.string().max(256).nullable(),
  }),
  /** The rule that asked. */
  rule: decisionResult,
  /** How to undo it, or "cannot be undone". */
  rollback: z.string().max(1024),
});
export type ApprovalContext = z.infer<typeof approvalContext>;

export const approvalStatus = z.enum(["pending", "approved", "denied", "expired"]);
export type ApprovalStatus = z.infer<typeof approvalStatus>;

export const approvalId = z.string().regex(/^apr_[0-9a-f]{16}$/, "expected an approval id (apr_ and 16 hex digits)");

export const approvalInfo = z.strictObject({
  id: approvalId,
  workspace: workspacePath,
  agent: agentName,
  status: approvalStatus,
  createdAt: z.iso.datetime(),
  /** When it is denied if nobody answers. */
  expiresAt: z.iso.datetime(),
  answeredAt: z.iso.datetime().nullable(),
  answeredBy: z.string().nullable(),
  scope: approvalScope.nullable(),
  /** Why it was denied or expired (timeout, no approver attached, disconnect, a human's reason). */
  reason: z.string().nullable(),
  context: approvalContext,
});
export type ApprovalInfo = z.infer<typeof approvalInfo>;

export const grantId = z.string().regex(/^grt_[0-9a-f]{16}$/, "expected a grant id (grt_ and 16 hex digits)");

/** A remembered "approve for this session": the same agent, action kind and target, until it expires or is revoked. */
export const grantInfo = z.strictObject({
  id: grantId,
  workspace: workspacePath,
  agent: agentName,
  actionKind: action.shape.kind,
  target: z.string(),
  session: z.string().nullable(),
  approvalId,
  grantedBy: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  state: z.enum(["active", "expired", "revoked"]),
});
export type GrantInfo = z.infer<typeof grantInfo>;

/** Audit kinds of the approval lifecycle; the extension subscribes to `approval.*`. */
export const APPROVAL_EVENT = {
  requested: "approval.requested",
  answered: "approval.answered",
  expired: "approval.expired",
  grantRevoked: "approval.grant_revoked",
} as const;
