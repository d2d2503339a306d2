import { z } from "zod";
import { decisionResult } from "./actions";
import { containmentMethods, CONTAINMENT_ACCESS } from "./containment-methods";
import { incidentMethods, INCIDENT_ACCESS } from "./incident-methods";
import { secretsMethods, SECRETS_ACCESS } from "./secrets-methods";
import { notifyMethods, NOTIFY_ACCESS, notifyTotals } from "./notify-methods";
import { scanMethods, SCAN_ACCESS } from "./scan-methods";
import { approvalId, approvalInfo, approvalScope, approvalStatus, grantId, grantInfo } from "./approvals";
import { agentInfo, agentKind, agentName, agentRole, durationText, tokenInfo, workspacePath } from "./agents";
import { auditFilter, auditRecord, eventKind, sha256Hex, verifyReport } from "./audit";
import { jsonValue } from "./json";
import { MAX_APPEND_BATCH, MAX_QUERY_LIMIT, MAX_SHORT_STRING } from "./limits";

/** A token as listed (declared with the agents; re-exported here where callers have always found it). */
export { tokenInfo, type TokenInfo } from "./agents";

/**
 * Every request a client can send the daemon, declared once as `area/verb` with
 * its params and result schemas. The daemon's handler table and the client's
 * `request()` are both typed from this map, so neither side can drift.
 */
export const methods = {
  /** Any client: cheapest possible round trip (liveness, latency). */
  "daemon/ping": {
    params: z.strictObject({}),
    result: z.strictObject({ pong: z.literal(true) }),
  },
  /** CLI and extension: what is running, where, and how busy. */
  "daemon/status": {
    params: z.strictObject({}),
    result: z.strictObject({
      pid: z.int().positive(),
      version: z.string(),
      nodeVersion: z.string(),
      startedAt: z.iso.datetime(),
      uptimeMs: z.number().nonnegative(),
      home: z.string(),
      socket: z.string(),
      listen: z.string().nullable(),
      connections: z.int().nonnegative(),
      subscriptions: z.int().nonnegative(),
      audit: z.strictObject({ headSeq: z.int().nonnegative(), headHash: sha256Hex }),
      /** Delivery of high-risk events to monitoring (absent from daemons without it). */
      notify: notifyTotals.optional(),
      /** Whether commands Warden runs can be held in an OS sandbox here (absent from daemons without one). */
      sandbox: z.strictObject({ available: z.boolean(), detail: z.string().max(4096) }).optional(),
    }),
  },
  /** CLI (`warden daemon stop`): stop after answering; clients get a shutdown notice. */
  "daemon/shutdown": {
    params: z.strictObject({ reason: z.string().max(MAX_SHORT_STRING).optional() }),
    result: z.strictObject({ stopping: z.literal(true) }),
  },
  /**
   * Any authenticated client: record events. The actor is the caller's own
   * identity (never chosen by the caller), and the answer comes only after the
   * records are durable.
   */
  "audit/append": {
    params: z.strictObject({
      events: z
        .array(
          z.strictObject({
            kind: eventKind,
            workspace: z.string().max(MAX_SHORT_STRING).nullable().optional(),
            payload: jsonValue,
          }),
        )
        .min(1)
        .max(MAX_APPEND_BATCH),
    }),
    // The events of one request get consecutive seqs (one transaction), so the
    // range and the hash of the last one identify them all, at a fixed size.
    result: z.strictObject({
      firstSeq: z.int().positive(),
      lastSeq: z.int().positive(),
      lastHash: sha256Hex,
    }),
  },
  /**
   * CLI and extension: read records, newest or oldest first. A page stops early
   * when it would pass MAX_PAGE_BYTES serialized; continue from the last seq.
   */
  "audit/query": {
    params: z.strictObject({
      filter: auditFilter.optional(),
      limit: z.int().positive().max(MAX_QUERY_LIMIT).optional(),
      order: z.enum(["asc", "desc"]).optional(),
    }),
    result: z.strictObject({ records: z.array(auditRecord) }),
  },
  /** CLI and extension: check the whole hash chain. */
  "audit/verify": {
    params: z.strictObject({}),
    result: verifyReport,
  },
  /**
   * CLI (`audit tail -f`) and extension (live log): stream records matching the
   * filter as `event` frames. With `filter.fromSeq`, stored records from that
   * point come first (at most MAX_QUERY_LIMIT), then live ones, with no gap.
   */
  "events/subscribe": {
    params: z.strictObject({ filter: auditFilter.optional() }),
    result: z.strictObject({ subscription: z.string(), backlog: z.int().nonnegative() }),
  },
  /** Stop a stream started by `events/subscribe`. */
  "events/unsubscribe": {
    params: z.strictObject({ subscription: z.string().max(MAX_SHORT_STRING) }),
    result: z.strictObject({ removed: z.boolean() }),
  },
  /** Human (CLI `warden agent add`, extension): create an agent identity in a workspace. */
  "agents/add": {
    params: z.strictObject({
      workspace: workspacePath,
      name: agentName,
      kind: agentKind,
      owner: z.string().min(1).max(256),
      purpose: z.string().min(1).max(1024),
      role: agentRole.optional(),
      expires: durationText.optional(),
    }),
    result: z.strictObject({ agent: agentInfo }),
  },
  /** Human: identities in one workspace, or in all of them. */
  "agents/list": {
    params: z.strictObject({ workspace: workspacePath.optional() }),
    result: z.strictObject({ agents: z.array(agentInfo) }),
  },
  /** Human: one identity and its tokens (never the token values). */
  "agents/show": {
    params: z.strictObject({ workspace: workspacePath, name: agentName }),
    result: z.strictObject({ agent: agentInfo, tokens: z.array(tokenInfo) }),
  },
  /** Human: stop an agent for now; its tokens stop working until it is resumed. */
  "agents/suspend": {
    params: z.strictObject({ workspace: workspacePath, name: agentName, reason: z.string().max(1024).optional() }),
    result: z.strictObject({ agent: agentInfo }),
  },
  /** Human: return a suspended agent to service (a revoked one never returns). */
  "agents/resume": {
    params: z.strictObject({ workspace: workspacePath, name: agentName }),
    result: z.strictObject({ agent: agentInfo }),
  },
  /** Human: end an identity for good and revoke all its tokens. */
  "agents/revoke": {
    params: z.strictObject({ workspace: workspacePath, name: agentName, reason: z.string().max(1024).optional() }),
    result: z.strictObject({ agent: agentInfo, tokensRevoked: z.int().nonnegative() }),
  },
  /** Agent (adapters): who am I, in this workspace? Refused for tokens of another workspace. */
  "agents/whoami": {
    params: z.strictObject({ workspace: workspacePath }),
    result: z.strictObject({ agent: agentInfo }),
  },
  /** Human: a short-lived token for an agent; the value is returned once and only its hash is kept. */
  "tokens/issue": {
    params: z.strictObject({ workspace: workspacePath, name: agentName, ttl: durationText.optional() }),
    result: z.strictObject({ token: z.string(), info: tokenInfo }),
  },
  /** Human: revoke one token. */
  "tokens/revoke": {
    params: z.strictObject({ tokenId: z.string().regex(/^[0-9a-f]{16}$/, "expected a token id (16 hex digits)") }),
    result: z.strictObject({ revoked: z.boolean() }),
  },
  /**
   * Agent (hook adapters, the HTTP hook): decide one tool call, given as the
   * agent's hook input. The decision is audited with the agent, its owner and the
   * human who issued its token before it is answered.
   */
  "actions/decide": {
    params: z.strictObject({ workspace: workspacePath, input: z.record(z.string(), z.unknown()) }),
    // Never `ask`: where policy asks, the daemon asks a human and answers with the
    // outcome; `asked` says so and `approval` names the request.
    result: z.strictObject({ decision: decisionResult, seq: z.int().positive(), asked: z.boolean(), approval: approvalId.nullable() }),
  },
  /**
   * Agent (hook adapters): record what happened after a tool ran (PostToolUse) or a
   * prompt the user submitted (UserPromptSubmit). Secrets found in the text are
   * masked before anything is stored.
   */
  "actions/record": {
    params: z.strictObject({ workspace: workspacePath, input: z.record(z.string(), z.unknown()) }),
    result: z.strictObject({ seq: z.int().positive() }),
  },
  /** Human (CLI, extension): approval requests, pending ones first and newest first. */
  "approvals/list": {
    params: z.strictObject({ workspace: workspacePath.optional(), status: approvalStatus.optional(), limit: z.int().positive().max(MAX_QUERY_LIMIT).optional() }),
    result: z.strictObject({ approvals: z.array(approvalInfo) }),
  },
  /** Human: one approval request with its whole context. */
  "approvals/show": {
    params: z.strictObject({ id: approvalId }),
    result: z.strictObject({ approval: approvalInfo }),
  },
  /**
   * Human (CLI, extension panel): answer a pending request. `session` also
   * remembers the approval as a grant for the same agent, action and target.
   */
  "approvals/answer": {
    params: z.strictObject({
      id: approvalId,
      answer: z.enum(["approve", "deny"]),
      scope: approvalScope.optional(),
      reason: z.string().max(1024).optional(),
    }),
    result: z.strictObject({ approval: approvalInfo, grant: grantInfo.nullable() }),
  },
  /** Human: remembered grants (active ones unless `all`). */
  "approvals/grants": {
    params: z.strictObject({ workspace: workspacePath.optional(), all: z.boolean().optional() }),
    result: z.strictObject({ grants: z.array(grantInfo) }),
  },
  /** Human: withdraw a remembered grant; the next such action asks again. */
  "approvals/revoke-grant": {
    params: z.strictObject({ id: grantId }),
    result: z.strictObject({ revoked: z.boolean() }),
  },
  /** Agent (MCP bridge `warden mcp`): the broker's tools, as MCP describes tools. */
  "broker/tools": {
    params: z.strictObject({}),
    result: z.strictObject({
      tools: z.array(z.strictObject({ name: z.string(), description: z.string(), inputSchema: z.record(z.string(), z.unknown()) })),
    }),
  },
  /**
   * Agent (MCP bridge): run one of the broker's tools. The daemon decides it by
   * policy (asking a human where policy says ask), executes it itself, and audits
   * the decision and the result. `text` is what the agent sees.
   */
  "broker/call": {
    params: z.strictObject({ workspace: workspacePath, tool: z.string().min(1).max(128), arguments: z.record(z.string(), z.unknown()) }),
    result: z.strictObject({ text: z.string(), isError: z.boolean(), seq: z.int().positive() }),
  },
  /** Human (`warden restore ID`): put a file or tree the broker deleted back where it was. */
  "trash/restore": {
    params: z.strictObject({ id: z.string().regex(/^del_[0-9a-f]{16}$/, "expected a restore id (del_ and 16 hex digits)"), overwrite: z.boolean().optional() }),
    result: z.strictObject({ restored: z.string(), workspace: workspacePath }),
  },
  /** Human (CLI, extension): the policy in force for a workspace, a loosening waiting for acceptance, load problems. */
  "policy/status": {
    params: z.strictObject({ workspace: workspacePath }),
    result: z.strictObject({
      layers: z.array(z.strictObject({ layer: z.enum(["managed", "workspace", "user"]), file: z.string(), rules: z.int().nonnegative() })),
      pending: z.strictObject({ changes: z.array(z.string()), detectedAt: z.iso.datetime() }).nullable(),
      problems: z.array(z.strictObject({ file: z.string(), line: z.int(), column: z.int(), message: z.string() })).nullable(),
    }),
  },
  /** Human: accept a loosening policy change shown by policy/status (recorded). */
  "policy/accept": {
    params: z.strictObject({ workspace: workspacePath }),
    result: z.strictObject({ accepted: z.boolean(), changes: z.array(z.string()) }),
  },
  ...containmentMethods,
  ...incidentMethods,
  ...secretsMethods,
  ...notifyMethods,
  ...scanMethods,
} as const;

/**
 * Who may call each method. Agents get only what they need to act through
 * Warden; everything that manages identities, the log or the daemon is human-only.
 */
export const METHOD_ACCESS: { [M in MethodName]: "human" | "any" } = {
  "daemon/ping": "any",
  "daemon/status": "human",
  "daemon/shutdown": "human",
  "audit/append": "human",
  "audit/query": "human",
  "audit/verify": "human",
  "events/subscribe": "human",
  "events/unsubscribe": "human",
  "agents/add": "human",
  "agents/list": "human",
  "agents/show": "human",
  "agents/suspend": "human",
  "agents/resume": "human",
  "agents/revoke": "human",
  "agents/whoami": "any",
  "tokens/issue": "human",
  "tokens/revoke": "human",
  "actions/decide": "any",
  "actions/record": "any",
  "policy/status": "human",
  "policy/accept": "human",
  "approvals/list": "human",
  "approvals/show": "human",
  "approvals/answer": "human",
  "approvals/grants": "human",
  "approvals/revoke-grant": "human",
  "broker/tools": "any",
  "broker/call": "any",
  "trash/restore": "human",
  ...CONTAINMENT_ACCESS,
  ...INCIDENT_ACCESS,
  ...SECRETS_ACCESS,
  ...NOTIFY_ACCESS,
  ...SCAN_ACCESS,
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Params<M extends MethodName> = z.infer<Methods[M]["params"]>;
export type Result<M extends MethodName> = z.infer<Methods[M]["result"]>;

/**
 * The same map seen through a mapped type, so that indexing it with a generic
 * method name yields that method's own schemas (the compiler cannot see through
 * `typeof methods[M]` for a generic `M`).
 */
export const methodSchemas: { [M in MethodName]: { params: z.ZodType<Params<M>>; result: z.ZodType<Result<M>> } } = methods;

export function isMethodName(value: string): value is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, value);
}

export { jsonValue };
