import { WardenError } from "../../../protocol/src/errors";
import { AgentStore } from "../identity/agent-store";
import { mintToken } from "../identity/tokens";
import { ContainmentContext, containAgent, containAgents } from "../incident/containment";
import { AuditWriter } from "../audit/writer";
import { canonicalWorkspace, humanId, requireAgent, tokenExpiry } from "./agent-handlers";
import { Handlers } from "./connection";

export interface ContainmentHandlerContext {
  containment: ContainmentContext;
  agents: AgentStore;
  writer: AuditWriter;
  maxTokenTtlMs(workspace: string): number;
}

const DEFAULT_REASON = "contained by a human (no reason given)";

/** Incident response over the protocol: contain one agent, all of them, and restore one on a human's word. */
export function createContainmentHandlers(ctx: ContainmentHandlerContext): Pick<Handlers, "agents/contain" | "agents/contain-all" | "agents/restore"> {
  const find = (workspace: string, name: string) => {
    const agent = ctx.agents.get(canonicalWorkspace(workspace, false), name);
    if (agent === null) throw new WardenError("not_found", `no agent '${name}' in workspace ${workspace}`);
    return agent;
  };
  return {
    "agents/contain": (p, req) => containAgent(ctx.containment, find(p.workspace, p.name), req.conn.principal, p.reason ?? DEFAULT_REASON),

    "agents/contain-all": async (p, req) => {
      const targets = ctx.agents.list(undefined).filter((a) => a.status === "active" || a.status === "suspended");
      if (targets.length === 0) return { contained: [] };
      // All at once: one commit refuses every agent's credentials, then every process goes.
      return { contained: await containAgents(ctx.containment, targets, req.conn.principal, p.reason ?? "kill switch: every agent contained") };
    },

    "agents/restore": async (p, req) => {
      const agent = find(p.workspace, p.name);
      // Attack: a restore scripted or fat-fingered against the wrong agent; the name is typed twice.
      if (p.confirm !== agent.name) throw new WardenError("invalid_params", `confirm must repeat the agent's name ('${agent.name}') to return it to service`);
      if (agent.status !== "contained") throw new WardenError("conflict", `agent '${agent.name}' is ${agent.status}, not contained; restore is for contained agents`);
      // The clock expiry is judged against (see TrustedClock): a wall clock set back must not cut the new token short.
      const now = ctx.agents.clock.now();
      const expiresAt = tokenExpiry(agent, p.ttl, ctx.maxTokenTtlMs(agent.workspace), now);
      const token = mintToken();
      await ctx.writer.commit({
        mutate: () => {
          ctx.agents.setStatus(agent.id, "active", null);
          ctx.agents.insertToken({ id: token.id, agentId: agent.id, secretHash: token.secretHash, issuedAt: now.toISOString(), issuedBy: humanId(req.conn.principal), expiresAt });
        },
        events: [{ actor: req.conn.principal, workspace: agent.workspace, kind: "agent.restored", payload: { agent: agent.name, reason: p.reason, tokenId: token.id, expiresAt } }],
      });
      const restored = requireAgent(ctx.agents, agent.id);
      const info = ctx.agents.tokensOf(restored).find((t) => t.id === token.id);
      if (info === undefined) throw new WardenError("internal", "the new token was not stored");
      return { agent: restored, token: token.value, info };
    },
  };
}
