import { z } from "zod";
import { AGENT_KIND_NAMES } from "./agent-kinds";
import { MAX_SHORT_STRING } from "./limits";

/**
 * Agent identities: each coding agent acting in a workspace is its own machine
 * identity with an owner, a purpose and a role, never recorded as a human.
 */

/** Every kind in agent-kinds.ts, the one list the daemon, CLI and extension read. */
export const agentKind = z.enum(AGENT_KIND_NAMES);
export type AgentKind = z.infer<typeof agentKind>;

/** reader: reads only; writer: reads and changes the workspace; admin: also what policy reserves for admins. */
export const agentRole = z.enum(["reader", "writer", "admin"]);
export type AgentRole = z.infer<typeof agentRole>;

/** contained: stopped by incident response; returns to service only by `agents/restore` (confirmed, new token). */
export const agentStatus = z.enum(["active", "suspended", "contained", "revoked"]);
export type AgentStatus = z.infer<typeof agentStatus>;

/** Names are short, printable and safe in file names and log lines. */
export const agentName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");

/** A workspace is named by its real path (absolute). */
export const workspacePath = z.string().min(1).max(MAX_SHORT_STRING).startsWith("/", "expected an absolute real path");

export const agentInfo = z.strictObject({
  id: z.string(),
  workspace: workspacePath,
  name: agentName,
  kind: agentKind,
  owner: z.string().min(1).max(256),
  purpose: z.string().min(1).max(1024),
  role: agentRole,
  status: agentStatus,
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  /** When the identity itself stops being valid (null: until revoked). */
  expiresAt: z.iso.datetime().nullable(),
  statusReason: z.string().nullable(),
  activeTokens: z.int().nonnegative(),
});
export type AgentInfo = z.infer<typeof agentInfo>;

/** A token as listed: never its value. */
export const tokenInfo = z.strictObject({
  id: z.string(),
  agent: agentName,
  issuedAt: z.iso.datetime(),
  issuedBy: z.string(),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  state: z.enum(["active", "expired", "revoked"]),
});
export type TokenInfo = z.infer<typeof tokenInfo>;

/** Durations as users write them: 90s, 15m, 1h, 7d. */
export const durationText = z.string().regex(/^\d{1,6}[smhd]$/, "expected a duration such as 15m, 1h or 7d");

/** What a daemon says about a token it refused; every refusal is also audited. */
export const TOKEN_REFUSALS = ["token_unknown", "token_expired", "token_revoked", "agent_suspended", "agent_contained", "agent_revoked", "agent_expired", "token_wrong_workspace"] as const;
export type TokenRefusal = (typeof TOKEN_REFUSALS)[number];
