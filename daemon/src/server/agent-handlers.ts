import path from "node:path";
import { AgentInfo } from "../../../protocol/src/agents";
import { Actor } from "../../../protocol/src/audit";
import { WardenError } from "../../../protocol/src/errors";
import { parseDuration } from "../identity/duration";
import { AgentStore } from "../identity/agent-store";
import { mintToken } from "../identity/tokens";
import { AuditWriter } from "../audit/writer";
import { realDirectory } from "../state/real-directory";
import { Handlers, RequestContext } from "./connection";

type AgentMethods = "agents/add" | "agents/list" | "agents/show" | "agents/suspend" | "agents/resume" | "agents/revoke" | "agents/whoami" | "tokens/issue" | "tokens/revoke";

/** Token lifetime when none is asked for. */
export const DEFAULT_TOKEN_TTL = "1h";

export interface AgentHandlerContext {
  agents: AgentStore;
  writer: AuditWriter;
  /** The longest token the workspace's policy allows (`tokens.maxTtl`, strictest layer), at most MAX_TOKEN_TTL_MS. */
  maxTokenTtlMs(workspace: string): number;
}

/**
 * Identity and token methods. Every change commits together with the audit record
 * that describes it (one writer job), so there is no identity change the log does
 * not show.
 */
export function createAgentHandlers(ctx: AgentHandlerContext): Pick<Handlers, AgentMethods> {
  const { agents, writer } = ctx;

  const find = (workspace: string, name: string): AgentInfo => {
    const agent = agents.get(canonicalWorkspace(workspace, false), name);
    if (agent === null) throw new WardenError("not_found", `no agent '${name}' in workspace ${workspace}`);
    return agent;
  };

  const changeStatus = async (req: RequestContext, agent: AgentInfo, to: "suspended" | "active", reason: string | null, kind: string) => {
    await writer.commit({
      mutate: () => agents.setStatus(agent.id, to, reason),
      events: [{ actor: req.conn.principal, workspace: agent.workspace, kind, payload: { agent: agent.name, reason } }],
    });
    return { agent: requireAgent(agents, agent.id) };
  };

  return {
    "agents/add": async (p, req) => {
      const workspace = canonicalWorkspace(p.workspace, true);
      const now = agents.clock.now();
      const expiresAt = p.expires === undefined ? null : new Date(now.getTime() + parseDuration(p.expires, "expires")).toISOString();
      let id = "";
      await writer.commit({
        mutate: () => {
          if (agents.get(workspace, p.name) !== null) {
            throw new WardenError("already_exists", `an agent named '${p.name}' already exists in ${workspace} (names are never reused, even after revocation)`);
          }
          id = agents.insert({ ...p, workspace, role: p.role ?? "writer", createdBy: humanId(req.conn.principal), createdAt: now.toISOString(), expiresAt });
        },
        events: () => [
          {
            actor: req.conn.principal,
            workspace,
            kind: "agent.created",
            payload: { agent: p.name, id, kind: p.kind, owner: p.owner, purpose: p.purpose, role: p.role ?? "writer", expiresAt },
          },
        ],
      });
      return { agent: requireAgent(agents, id) };
    },

    "agents/list": (p) => ({ agents: agents.list(p.workspace === undefined ? undefined : canonicalWorkspace(p.workspace, false)) }),

    "agents/show": (p) => {
      const agent = find(p.workspace, p.name);
      return { agent, tokens: agents.tokensOf(agent) };
    },

    "agents/suspend": (p, req) => {
      const agent = find(p.workspace, p.name);
      if (agent.status === "revoked") throw new WardenError("conflict", `agent '${agent.name}' is revoked; it cannot be suspended or resumed`);
      if (agent.status === "contained") throw new WardenError("conflict", `agent '${agent.name}' is contained; it returns only through 'warden agent restore'`);
      return changeStatus(req, agent, "suspended", p.reason ?? null, "agent.suspended");
    },

    "agents/resume": (p, req) => {
      const agent = find(p.workspace, p.name);
      if (agent.status === "revoked") throw new WardenError("conflict", `agent '${agent.name}' is revoked for good; add a new identity instead`);
      // Attack: a contained agent quietly resumed without the confirmed restore that records who and why.
      if (agent.status === "contained") throw new WardenError("conflict", `agent '${agent.name}' is contained; return it with 'warden agent restore ${agent.name} --reason … --confirm ${agent.name}'`);
      return changeStatus(req, agent, "active", null, "agent.resumed");
    },

    "agents/revoke": async (p, req) => {
      const agent = find(p.workspace, p.name);
      const at = agents.clock.now().toISOString();
      let tokensRevoked = 0;
      await writer.commit({
        mutate: () => {
          agents.setStatus(agent.id, "revoked", p.reason ?? null);
          tokensRevoked = agents.revokeTokensOf(agent.id, at);
        },
        events: () => [{ actor: req.conn.principal, workspace: agent.workspace, kind: "agent.revoked", payload: { agent: agent.name, reason: p.reason ?? null, tokensRevoked } }],
      });
      return { agent: requireAgent(agents, agent.id), tokensRevoked };
    },

    "agents/whoami": async (p, req) => {
      const self = req.conn.agent;
      if (self === null) throw new WardenError("forbidden", "agents/whoami is for agent tokens; you are connected as a human");
      await requireOwnWorkspace(writer, req.conn.principal, self, p.workspace);
      return { agent: self };
    },

    "tokens/issue": async (p, req) => {
      const agent = find(p.workspace, p.name);
      if (agent.status !== "active") throw new WardenError("conflict", `agent '${agent.name}' is ${agent.status}; resume it before issuing tokens`);
      // The clock expiry is judged against: after the wall clock was set back, a token issued now still lives its full lifetime.
      const now = agents.clock.now();
      const expiresAt = tokenExpiry(agent, p.ttl, ctx.maxTokenTtlMs(agent.workspace), now);
      const token = mintToken();
      await writer.commit({
        mutate: () =>
          agents.insertToken({ id: token.id, agentId: agent.id, secretHash: token.secretHash, issuedAt: now.toISOString(), issuedBy: humanId(req.conn.principal), expiresAt }),
        events: [{ actor: req.conn.principal, workspace: agent.workspace, kind: "token.issued", payload: { agent: agent.name, tokenId: token.id, expiresAt } }],
      });
      const info = agents.tokensOf(agent).find((t) => t.id === token.id);
      if (info === undefined) throw new WardenError("internal", "the token was not stored");
      return { token: token.value, info };
    },

    "tokens/revoke": async (p, req) => {
      let agentId: string | null = null;
      await writer.commit({
        mutate: () => {
          agentId = agents.revokeToken(p.tokenId, agents.clock.now().toISOString());
        },
        events: () => (agentId === null ? [] : [{ actor: req.conn.principal, workspace: agents.getById(agentId)?.workspace ?? null, kind: "token.revoked", payload: { tokenId: p.tokenId } }]),
      });
      return { revoked: agentId !== null };
    },
  };
}

/**
 * When a new token for `agent` expires: the asked lifetime (default 1h), refused
 * past what the workspace's policy allows, and never after the identity itself.
 */
export function tokenExpiry(agent: AgentInfo, ttl: string | undefined, maxMs: number, now: Date): string {
  const ttlMs = parseDuration(ttl ?? DEFAULT_TOKEN_TTL, "ttl");
  if (ttlMs > maxMs) {
    throw new WardenError("invalid_params", `ttl '${ttl ?? DEFAULT_TOKEN_TTL}' is longer than this workspace allows (${Math.floor(maxMs / 60_000)} minutes; policy tokens.maxTtl, at most 24h)`);
  }
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  return agent.expiresAt !== null && agent.expiresAt < expiresAt ? agent.expiresAt : expiresAt;
}

/**
 * Workspaces are identified by real path, resolved here by the daemon itself (a
 * client's idea of the path is not trusted). `mustExist` for creating things.
 */
export function canonicalWorkspace(input: string, mustExist: boolean): string {
  // Every agent request names its workspace: a realpath per request is measurable,
  // and a second is short enough that a moved or relinked workspace is seen at once.
  const cached = workspaceCache.get(input);
  const now = Date.now();
  if (cached !== undefined && now - cached.at < 1000) return cached.real;
  const real = resolveWorkspace(input, mustExist);
  if (workspaceCache.size > 1024) workspaceCache.clear();
  if (real.exists) workspaceCache.set(input, { at: now, real: real.path });
  return real.path;
}

const workspaceCache = new Map<string, { at: number; real: string }>();

function resolveWorkspace(input: string, mustExist: boolean): { path: string; exists: boolean } {
  const real = realDirectory(input);
  if (real !== null) return { path: real, exists: true };
  if (mustExist) throw new WardenError("invalid_params", `workspace '${input}' is not an existing directory`);
  return { path: path.resolve(input), exists: false };
}

/**
 * The canonical workspace an agent's request names, which must be the agent's own.
 * Attack: a token issued for one workspace used to act in another (refused, audited).
 */
export async function requireOwnWorkspace(writer: AuditWriter, principal: Actor, agent: AgentInfo, requested: string): Promise<string> {
  const workspace = canonicalWorkspace(requested, false);
  if (workspace === agent.workspace) return workspace;
  await writer.append([
    { actor: principal, workspace, kind: "token.refused", payload: { code: "token_wrong_workspace", agent: agent.name, tokenWorkspace: agent.workspace } },
  ]);
  throw new WardenError("token_wrong_workspace", `this token belongs to workspace ${agent.workspace}, not ${workspace}`);
}

export function requireAgent(agents: AgentStore, id: string): AgentInfo {
  const agent = agents.getById(id);
  if (agent === null) throw new WardenError("internal", `agent ${id} vanished`);
  return agent;
}

export function humanId(principal: Actor): string {
  return `${principal.type}:${principal.id}`;
}
