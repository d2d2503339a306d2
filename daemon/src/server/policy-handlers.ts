import os from "node:os";
import { WardenError } from "../../../protocol/src/errors";
import { AuditWriter } from "../audit/writer";
import { decideHookInputWithActions } from "../policy/decide-hook";
import { normaliseSummary } from "../policy/normalise-summary";
import { PolicyManager } from "../policy/policy-manager";
import { ShellParser } from "../policy/shell/types";
import { defaultCaseInsensitive } from "../policy/paths/within";
import { canonicalWorkspace, requireOwnWorkspace } from "./agent-handlers";
import { Handlers } from "./connection";

export interface PolicyHandlerContext {
  writer: AuditWriter;
  policies: PolicyManager;
  shell: ShellParser;
  wardenHome: string;
}

/** Longest command or target kept in an audit record; the rest is cut with a note. */
const MAX_AUDITED_TARGET = 4096;

/**
 * Deciding agent actions, and the policy lifecycle. A decision is answered only
 * after its audit record is durable, naming the agent, its owner and the human who
 * issued its token.
 */
export function createPolicyHandlers(ctx: PolicyHandlerContext): Pick<Handlers, "actions/decide" | "policy/status" | "policy/accept"> {
  return {
    "actions/decide": async (p, req) => {
      const authority = req.conn.authorityNow;
      if (authority.kind !== "agent") throw new WardenError("forbidden", "actions/decide is for agent tokens: decisions are always made for an agent identity");
      const { agent } = authority;
      const workspace = await requireOwnWorkspace(ctx.writer, req, agent, p.workspace);
      const policy = ctx.policies.get(workspace);
      const { decision, actions } = decideHookInputWithActions(p.input, policy.current, {
        workspace,
        actor: { name: agent.name, role: agent.role },
        wardenHome: ctx.wardenHome,
        home: os.homedir(),
        caseInsensitive: defaultCaseInsensitive(),
        shell: ctx.shell,
      });
      const [record] = await ctx.writer.append([
        {
          actor: authority.principal,
          workspace,
          kind: "action.decided",
          payload: {
            agent: agent.name,
            owner: agent.owner,
            requester: authority.requester,
            ...normaliseSummary(p.input, actions, MAX_AUDITED_TARGET),
            decision: decision.decision,
            rule: decision.rule,
            source: decision.source,
            reason: decision.reason,
          },
        },
      ]);
      if (record === undefined) throw new WardenError("internal", "the decision was not recorded");
      return { decision, seq: record.seq };
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
