import { WardenError } from "../../../protocol/src/errors";
import { AuditWriter } from "../audit/writer";
import { GateContext, gateToolCall, recordHookEvent } from "../mediation/gate";
import { AgentCaller } from "../mediation/types";
import { PolicyManager } from "../policy/policy-manager";
import { canonicalWorkspace, requireOwnWorkspace } from "./agent-handlers";
import { Handlers, RequestContext } from "./connection";

export interface PolicyHandlerContext extends GateContext {
  writer: AuditWriter;
  policies: PolicyManager;
}

/**
 * Deciding agent actions, and the policy lifecycle. A decision is answered only
 * after its audit record is durable, naming the agent, its owner and the human who
 * issued its token.
 */
export function createPolicyHandlers(ctx: PolicyHandlerContext): Pick<Handlers, "actions/decide" | "actions/record" | "policy/status" | "policy/accept"> {
  return {
    "actions/decide": async (p, req) => {
      const { caller, workspace } = await agentCaller(ctx, req, p.workspace, "actions/decide");
      const outcome = await gateToolCall(ctx, caller, workspace, p.input, req.conn.closed);
      return { decision: outcome.decision, seq: outcome.seq, asked: outcome.asked, approval: outcome.approvalId };
    },

    "actions/record": async (p, req) => {
      const { caller, workspace } = await agentCaller(ctx, req, p.workspace, "actions/record");
      return { seq: await recordHookEvent(ctx, caller, workspace, p.input) };
    },

    "policy/status": (p) => {
      const wp = ctx.policies.get(canonicalWorkspace(p.workspace, true));
      return {
        layers: wp.current.layers.map((l) => ({ layer: l.layer, file: l.file, rules: l.policy.rules.length })),
        pending: wp.pending === null ? null : { changes: wp.pending.changes, detectedAt: wp.pending.detectedAt },
        problems: wp.problems,
      };
    },

    "policy/accept": async (p, req) => {
      const workspace = canonicalWorkspace(p.workspace, true);
      const changes = ctx.policies.get(workspace).accept();
      if (changes === null) return { accepted: false, changes: [] };
      await ctx.writer.append([{ actor: req.conn.principal, workspace, kind: "policy.loosening_accepted", payload: { changes } }]);
      return { accepted: true, changes };
    },
  };
}

/** The agent making this request, in its own workspace; refused for a human connection. */
async function agentCaller(ctx: PolicyHandlerContext, req: RequestContext, requested: string, method: string): Promise<{ caller: AgentCaller; workspace: string }> {
  const authority = req.conn.authorityNow;
  if (authority.kind !== "agent") throw new WardenError("forbidden", `${method} is for agent tokens: decisions are always made for an agent identity`);
  const workspace = await requireOwnWorkspace(ctx.writer, req.conn.principal, authority.agent, requested);
  return { caller: { agent: authority.agent, principal: authority.principal, requester: authority.requester, session: null }, workspace };
}
