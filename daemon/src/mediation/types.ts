import { Action, DecisionResult } from "../../../protocol/src/actions";
import { AgentInfo } from "../../../protocol/src/agents";
import { ApprovalContext, ApprovalData, GrantInfo } from "../../../protocol/src/approvals";
import { Actor } from "../../../protocol/src/audit";
import { JsonValue } from "../../../protocol/src/json";
import { SandboxDirective } from "../../../protocol/src/sandbox";
import type { ApprovalAsk, ApprovalOutcome } from "../approvals/approval-service";

/** The agent on whose behalf something is decided: its identity, and the human who issued its token. */
export interface AgentCaller {
  agent: AgentInfo;
  principal: Actor;
  /** The human who issued the token (recorded beside everything the agent does). */
  requester: string;
  /** The agent's own session id when it sends one (Claude Code's session_id); scopes session grants. */
  session: string | null;
}

/** One thing an agent wants to do, as the gate or the broker sees it. */
export interface MediationRequest {
  caller: AgentCaller;
  /** Canonical workspace, already checked to be the agent's own. */
  workspace: string;
  /** What the call amounts to; the strictest decision over all of them wins. */
  actions: Action[];
  /** Where relative paths and `cd` start (the agent's cwd), when known. */
  cwd?: string;
  /** Which path asked: the agent's own tool (gate) or Warden's (broker). Recorded. */
  via: "gate" | "broker";
  /** Extra fields for the audit record (the tool's input summary). */
  audit?: Record<string, JsonValue>;
  /**
   * Builds what an approval panel shows for the action that asked (the data it
   * touches, and how it could be undone); called only when a human is asked.
   */
  describe?: (action: Action) => Promise<ApprovalDescription> | ApprovalDescription;
  /**
   * Where policy asks: an approval already given for this very action (the same
   * command approved at the agent's PreToolUse hook), consumed if present.
   */
  alreadyApproved?: () => string | null;
  /** Decided before policy could look (malformed input): recorded and answered as is. */
  refusal?: DecisionResult;
  /** Aborted when the agent's request goes away: a pending approval is then denied. */
  signal?: AbortSignal;
  /** Warden itself will run this command (the shell gate, the broker): plan its OS sandbox. */
  sandboxed?: boolean;
}

export interface ApprovalDescription {
  data: ApprovalData;
  /** How the action could be undone, or "cannot be undone …". */
  rollback: string;
}

export interface MediationOutcome {
  /** The final word: allow (or allow+log) or deny, after any human was asked. Never `ask`. */
  decision: DecisionResult;
  /** Audit seq of the `action.decided` record. */
  seq: number;
  /** Policy said ask: the decision is a grant's, a human's, or the denial for want of one. */
  asked: boolean;
  /** The approval request raised, if a human was asked. */
  approvalId: string | null;
  /** The action that decided (the strictest), when there was one. */
  action: Action | null;
  /** For a sandboxed request that was allowed: how to run it. Null otherwise. */
  sandbox: SandboxDirective | null;
}

/**
 * Decides an agent's action: policy first, then (for `ask`) a remembered grant or
 * a human, and audits the outcome before it is returned. The gate and the broker
 * both go through this one path, so they cannot disagree.
 */
export interface Mediator {
  mediate(request: MediationRequest): Promise<MediationOutcome>;
}

/**
 * Who answers where policy says `ask`: the daemon's ApprovalService (remembered
 * grants, then a human), or a scripted one in unit tests, which then run the real
 * mediator. It must fail closed: no human, a timeout or a disconnect is a denial.
 */
export interface Approver {
  /** A live remembered grant covering this action, checked before anyone is asked. */
  grantFor(agent: AgentInfo, context: ApprovalContext): GrantInfo | null;
  /** Asks and waits; resolves with a denial (never rejects) when nobody approves. */
  ask(ask: ApprovalAsk): Promise<ApprovalOutcome>;
}
