import os from "node:os";
import { Action, DecisionResult } from "../../../protocol/src/actions";
import { ApprovalContext, ApprovalData } from "../../../protocol/src/approvals";
import { WardenError } from "../../../protocol/src/errors";
import { AuditWriter } from "../audit/writer";
import { decideActions } from "../policy/decide-hook";
import { EngineContext } from "../policy/engine";
import { PolicySet } from "../policy/layers";
import { defaultCaseInsensitive } from "../policy/paths/within";
import { ShellParser } from "../policy/shell/types";
import { SandboxPlanner } from "../sandbox/sandbox-planner";
import { Approver, MediationOutcome, MediationRequest, Mediator } from "./types";
import { planSandbox } from "./sandbox-step";
import { namedPaths } from "../sandbox/named-paths";

export interface MediatorContext {
  /** The policy in force for a workspace (the daemon's PolicyManager keeps it current). */
  policies: { get(workspace: string): { current: PolicySet } };
  approvals: Approver;
  writer: AuditWriter;
  shell: ShellParser;
  wardenHome: string;
  /** Plans the OS sandbox of commands Warden runs; without one, such commands are refused. */
  sandbox?: SandboxPlanner;
  /** Whether paths compare case-insensitively; default: the platform's. */
  caseInsensitive?: boolean;
}

/** Longest target kept in an audit record; the rest is cut with a note. */
const MAX_AUDITED_TARGET = 4096;

/**
 * The one path every agent action takes: policy (decideActions, the function
 * `warden policy explain` uses too), then for `ask` a remembered grant or a human,
 * then the audit record, written before the answer leaves.
 */
export function createMediator(ctx: MediatorContext): Mediator {
  return {
    async mediate(req: MediationRequest): Promise<MediationOutcome> {
      const { caller, workspace } = req;
      const policy = ctx.policies.get(workspace).current;
      const engine: EngineContext = {
        workspace,
        actor: { name: caller.agent.name, role: caller.agent.role },
        wardenHome: ctx.wardenHome,
        home: os.homedir(),
        caseInsensitive: ctx.caseInsensitive ?? defaultCaseInsensitive(),
        shell: ctx.shell,
        ...(req.cwd !== undefined ? { cwd: req.cwd } : {}),
      };
      const decided = decideActions(policy, req.actions, req.refusal ?? null, engine);
      let final = decided.result;
      let approvalId: string | null = null;
      let grantId: string | null = null;
      if (final.decision === "ask" && decided.action !== null) {
        const context = await approvalContext(req, decided.action, decided.result);
        const grant = ctx.approvals.grantFor(caller.agent, context);
        const earlier = grant === null ? (req.alreadyApproved?.() ?? null) : null;
        if (earlier !== null) {
          approvalId = earlier;
          final = { ...final, decision: "allow", reason: `approved at the agent's PreToolUse hook (${earlier}): ${final.reason}` };
        } else if (grant !== null) {
          grantId = grant.id;
          final = { ...final, decision: "allow", reason: `approved for this session by ${grant.grantedBy} (grant ${grant.id}): ${final.reason}` };
        } else {
          const outcome = await ctx.approvals.ask({ workspace, agent: caller.agent, principal: caller.principal, context, ...(req.signal !== undefined ? { signal: req.signal } : {}) });
          approvalId = outcome.approvalId;
          final = outcome.approved
            ? { ...final, decision: "allow", reason: `approved ${outcome.scope === "session" ? "for this session" : "once"} by ${outcome.by}: ${final.reason}` }
            : { ...final, decision: "deny", reason: `not approved (${outcome.reason}); policy asked because: ${final.reason}` };
        }
      }
      // A command Warden will run is held in an OS sandbox compiled from this same policy.
      // The approved command's paths are read only for a command that will run sandboxed: no second analysis otherwise.
      const approved = approvalId !== null || grantId !== null;
      const sandbox = req.sandboxed === true ? planSandbox(ctx.sandbox, { workspace, set: policy, engine, final, approvedReads: approved ? approvedPaths(req, ctx.shell, engine) : [] }) : null;
      if (sandbox?.refusal != null) final = sandbox.refusal;
      const [record] = await ctx.writer.append([
        {
          actor: caller.principal,
          workspace,
          kind: "action.decided",
          payload: {
            agent: caller.agent.name,
            owner: caller.agent.owner,
            requester: caller.requester,
            via: req.via,
            ...(req.audit ?? {}),
            actions: req.actions.map((a) => ({ kind: a.kind, target: cut(a.target) })),
            decision: final.decision,
            rule: final.rule,
            source: final.source,
            reason: final.reason,
            asked: decided.result.decision === "ask",
            approval: approvalId,
            grant: grantId,
            ...(sandbox?.audit ?? {}),
          },
        },
      ]);
      if (record === undefined) throw new WardenError("internal", "the decision was not recorded");
      return { decision: final, seq: record.seq, asked: decided.result.decision === "ask", approvalId, action: decided.action, sandbox: sandbox?.directive ?? null };
    },
  };
}

/** What an approved command names: the reads its approval covers inside the sandbox. */
function approvedPaths(req: MediationRequest, shell: ShellParser, engine: { home: string; workspace: string }): string[] {
  return req.actions.flatMap((a) => (a.kind === "shell.exec" ? namedPaths(shell, a.target, req.cwd ?? engine.workspace, engine.home) : []));
}

async function approvalContext(req: MediationRequest, action: Action, rule: DecisionResult): Promise<ApprovalContext> {
  let data: ApprovalData = { type: "none" };
  let rollback = "cannot be undone";
  try {
    if (req.describe !== undefined) ({ data, rollback } = await req.describe(action));
  } catch {
    // Context is for the human; failing to build it must not turn into an allow, only into less to see.
    data = { type: "none" };
  }
  const { agent } = req.caller;
  return {
    action: { ...action, target: cut(action.target) },
    summary: summarise(action, data),
    data,
    identity: { agent: agent.name, kind: agent.kind, owner: agent.owner, purpose: agent.purpose, role: agent.role, requester: req.caller.requester, session: req.caller.session },
    rule,
    rollback,
  };
}

function summarise(action: Action, data: ApprovalData): string {
  switch (data.type) {
    case "commits":
      return `push ${data.totalCommits} commit${data.totalCommits === 1 ? "" : "s"} to ${data.remote} ${data.branch}${data.force ? " (force)" : ""}`;
    case "files":
      return `delete ${data.totalFiles} item${data.totalFiles === 1 ? "" : "s"} (${data.totalBytes} bytes)`;
    case "diff":
      return `${data.before === null ? "create" : "change"} ${data.path}`;
    case "http":
      return `${data.method} ${data.host}${data.path}`;
    default:
      return `${action.kind} ${cut(action.target).slice(0, 200)}`;
  }
}

function cut(target: string): string {
  return target.length > MAX_AUDITED_TARGET ? `${target.slice(0, MAX_AUDITED_TARGET)}… (${target.length} characters)` : target;
}
