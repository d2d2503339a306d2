import { AgentInfo } from "../../../protocol/src/agents";
import { APPROVAL_EVENT, ApprovalContext, ApprovalInfo, ApprovalScope, GrantInfo } from "../../../protocol/src/approvals";
import { Actor } from "../../../protocol/src/audit";
import { WardenError } from "../../../protocol/src/errors";
import { AuditWriter } from "../audit/writer";
import { ApprovalStore } from "./approval-store";

export type ApprovalOutcome =
  | { approved: true; approvalId: string; by: string; scope: ApprovalScope; grantId: string | null }
  | { approved: false; approvalId: string; by: string | null; reason: string };

export interface ApprovalAsk {
  workspace: string;
  agent: AgentInfo;
  principal: Actor;
  context: ApprovalContext;
  /** Aborted when the agent's request goes away (disconnect): the request is denied. */
  signal?: AbortSignal;
}

export interface ApprovalServiceOptions {
  /** How long a request waits for a human before it is denied. */
  timeoutMs: number;
  /** How long "approve for this session" lasts. */
  sessionGrantMs: number;
  /** True when some human client would see a request by this agent in this workspace now. */
  hasApprover(workspace: string, agent: string): boolean;
}

const DAEMON: Actor = { type: "daemon", id: "warden" };

/**
 * The approval flow. Fails closed: a request nobody can see, one that times out,
 * one whose agent disconnects, and one left pending when the daemon stopped are all
 * denied, each with its reason recorded. Every request and answer is audited, and
 * each state change commits with its record.
 */
export class ApprovalService {
  private readonly waiting = new Map<string, (outcome: ApprovalOutcome) => void>();

  constructor(
    private readonly store: ApprovalStore,
    private readonly writer: AuditWriter,
    private readonly options: ApprovalServiceOptions,
  ) {}

  /** At start-up: requests a previous daemon left pending can never be answered now. */
  async expireLeftovers(): Promise<number> {
    const ids = this.store.pendingIds();
    for (const id of ids) await this.settle(id, { status: "expired", by: null, reason: "the daemon stopped before anyone answered" });
    return ids.length;
  }

  /** A remembered grant covering this action, if one is live (checked before anyone is asked). */
  grantFor(agent: AgentInfo, context: ApprovalContext, now: Date = this.store.clock.now()): GrantInfo | null {
    return this.store.findGrant(agent.id, context.action.kind, context.action.target, context.identity.session, now);
  }

  /** Raises a request and waits for its answer; never rejects for a human's silence, only denies. */
  async ask(ask: ApprovalAsk): Promise<ApprovalOutcome> {
    const now = this.store.clock.now();
    const expiresAt = new Date(now.getTime() + this.options.timeoutMs).toISOString();
    let id = "";
    await this.writer.commit({
      mutate: () => {
        id = this.store.insert({ workspace: ask.workspace, agentId: ask.agent.id, agent: ask.agent.name, createdAt: now.toISOString(), expiresAt, context: ask.context });
      },
      events: () => [
        {
          actor: ask.principal,
          workspace: ask.workspace,
          kind: APPROVAL_EVENT.requested,
          payload: {
            id,
            agent: ask.agent.name,
            summary: ask.context.summary,
            action: ask.context.action.kind,
            target: ask.context.action.target.slice(0, 4096),
            rule: ask.context.rule.rule,
            expiresAt,
          },
        },
      ],
    });
    // Attack: an agent asking while nobody is watching, hoping silence counts as yes.
    if (!this.options.hasApprover(ask.workspace, ask.agent.name)) {
      return this.settle(id, { status: "denied", by: null, reason: "no approver is attached (open VS Code with Warden, or run 'warden approvals watch')" });
    }
    return new Promise<ApprovalOutcome>((resolve) => {
      const timer = setTimeout(() => {
        void this.settle(id, { status: "expired", by: null, reason: `nobody answered within ${Math.round(this.options.timeoutMs / 1000)} s` });
      }, this.options.timeoutMs);
      const onAbort = (): void => {
        void this.settle(id, { status: "denied", by: null, reason: "the agent's request went away before an answer (disconnect)" });
      };
      ask.signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.set(id, (outcome) => {
        clearTimeout(timer);
        ask.signal?.removeEventListener("abort", onAbort);
        resolve(outcome);
      });
      if (ask.signal?.aborted === true) onAbort();
    });
  }

  /** A human's answer. A request answered elsewhere first is a conflict, not a second answer. */
  async answer(id: string, answer: "approve" | "deny", by: Actor, scope: ApprovalScope, reason: string | null): Promise<{ approval: ApprovalInfo; grant: GrantInfo | null }> {
    const current = this.store.get(id);
    if (current === null) throw new WardenError("not_found", `no approval request ${id}`);
    if (current.status !== "pending") throw new WardenError("conflict", `approval ${id} is already ${current.status}${current.answeredBy !== null ? ` (by ${current.answeredBy})` : ""}`);
    const outcome =
      answer === "approve"
        ? await this.settle(id, { status: "approved", by, scope, reason })
        : await this.settle(id, { status: "denied", by, reason: reason ?? "denied by a human" });
    const approval = this.store.get(id);
    if (approval === null) throw new WardenError("internal", `approval ${id} vanished`);
    const grant = outcome.approved && outcome.grantId !== null ? this.store.getGrant(outcome.grantId) : null;
    return { approval, grant };
  }

  /** Denies every pending request (of one agent, or all): containment, or the last approver leaving. */
  async denyPending(reason: string, agentId?: string): Promise<number> {
    const ids = this.store.pendingIds(agentId);
    for (const id of ids) await this.settle(id, { status: "denied", by: null, reason });
    return ids.length;
  }

  /** A human client went away: requests nobody can see any more are denied now, not at their timeout. */
  async approverLeft(): Promise<void> {
    for (const id of [...this.waiting.keys()]) {
      const approval = this.store.get(id);
      if (approval !== null && approval.status === "pending" && !this.options.hasApprover(approval.workspace, approval.agent)) {
        await this.settle(id, { status: "denied", by: null, reason: "the last approver disconnected" });
      }
    }
  }

  async revokeGrant(id: string, by: Actor): Promise<boolean> {
    let revoked = false;
    await this.writer.commit({
      mutate: () => {
        revoked = this.store.revokeGrant(id, this.store.clock.now().toISOString());
      },
      events: () => (revoked ? [{ actor: by, workspace: this.store.getGrant(id)?.workspace ?? null, kind: APPROVAL_EVENT.grantRevoked, payload: { grant: id } }] : []),
    });
    return revoked;
  }

  /**
   * Moves a pending request to its final state with its audit record, once: the
   * first of answer, timeout, disconnect or containment wins, and the waiting
   * agent request is released with that outcome.
   */
  private async settle(
    id: string,
    how: { status: "approved"; by: Actor; scope: ApprovalScope; reason: string | null } | { status: "denied" | "expired"; by: Actor | null; reason: string },
  ): Promise<ApprovalOutcome> {
    const at = this.store.clock.now();
    let settled = false;
    let grantId: string | null = null;
    await this.writer.commit({
      mutate: () => {
        settled = this.store.settle(id, how.status, how.by === null ? null : humanId(how.by), how.status === "approved" ? how.scope : null, how.reason, at.toISOString());
        if (!settled || how.status !== "approved" || how.scope !== "session") return;
        const approval = this.store.get(id);
        const agentId = this.store.agentIdOf(id);
        if (approval === null || agentId === null) return;
        grantId = this.store.insertGrant({
          workspace: approval.workspace,
          agentId,
          agent: approval.agent,
          actionKind: approval.context.action.kind,
          target: approval.context.action.target,
          session: approval.context.identity.session,
          approvalId: id,
          grantedBy: humanId(how.by),
          createdAt: at.toISOString(),
          expiresAt: new Date(at.getTime() + this.options.sessionGrantMs).toISOString(),
        });
      },
      events: () => {
        if (!settled) return [];
        const approval = this.store.get(id);
        return [
          {
            actor: how.by ?? DAEMON,
            workspace: approval?.workspace ?? null,
            kind: how.status === "expired" ? APPROVAL_EVENT.expired : APPROVAL_EVENT.answered,
            payload: { id, agent: approval?.agent ?? null, status: how.status, scope: how.status === "approved" ? how.scope : null, reason: how.reason, grant: grantId },
          },
        ];
      },
    });
    const final = this.store.get(id);
    const outcome: ApprovalOutcome =
      final?.status === "approved"
        ? { approved: true, approvalId: id, by: final.answeredBy ?? "?", scope: final.scope ?? "once", grantId }
        : { approved: false, approvalId: id, by: final?.answeredBy ?? null, reason: final?.reason ?? "denied" };
    const release = this.waiting.get(id);
    if (release !== undefined) {
      this.waiting.delete(id);
      release(outcome);
    }
    return outcome;
  }
}

function humanId(actor: Actor): string {
  return `${actor.type}:${actor.id}`;
}
