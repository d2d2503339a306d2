import { z } from "zod";
import { APPROVAL_EVENT, ApprovalInfo, ApprovalStatus, approvalId, approvalStatus } from "../../../protocol/src/approvals";
import { AuditRecord } from "../../../protocol/src/audit";
import { Disposable, Emitter } from "../util/events";

/** A request that is no longer pending; `status` is null when it vanished while we were away. */
export interface SettledApproval {
  id: string;
  status: ApprovalStatus | null;
  by: string | null;
  reason: string | null;
}

const requestedPayload = z.looseObject({ id: approvalId });
const settledPayload = z.looseObject({ id: approvalId, status: approvalStatus, reason: z.string().nullable().optional() });

/** What an `approval.*` audit record says about the queue, if anything. */
export type ApprovalEvent = { type: "requested"; id: string } | { type: "settled"; settled: SettledApproval } | null;

export function readApprovalEvent(record: AuditRecord): ApprovalEvent {
  if (record.kind === APPROVAL_EVENT.requested) {
    const p = requestedPayload.safeParse(record.payload);
    return p.success ? { type: "requested", id: p.data.id } : null;
  }
  if (record.kind === APPROVAL_EVENT.answered || record.kind === APPROVAL_EVENT.expired) {
    const p = settledPayload.safeParse(record.payload);
    if (!p.success) return null;
    return { type: "settled", settled: { id: p.data.id, status: p.data.status, by: record.actor.type === "human" ? record.actor.id : null, reason: p.data.reason ?? null } };
  }
  return null;
}

/**
 * The requests waiting for a human, in the order they were raised. The tree shows
 * them newest first; the panel works through them oldest first (the oldest is
 * closest to being denied by its timeout).
 */
export class ApprovalsStore implements Disposable {
  private readonly pending = new Map<string, ApprovalInfo>();
  private readonly addEmitter = new Emitter<ApprovalInfo>();
  private readonly settleEmitter = new Emitter<SettledApproval>();
  private readonly changeEmitter = new Emitter<void>();
  readonly onDidAdd = this.addEmitter.event;
  readonly onDidSettle = this.settleEmitter.event;
  readonly onDidChange = this.changeEmitter.event;

  get size(): number {
    return this.pending.size;
  }

  get(id: string): ApprovalInfo | undefined {
    return this.pending.get(id);
  }

  newestFirst(): ApprovalInfo[] {
    return [...this.pending.values()].reverse();
  }

  /** The next request to put in front of the human, skipping `except` (those already on screen). */
  oldest(except: ReadonlySet<string> = new Set()): ApprovalInfo | undefined {
    for (const approval of this.pending.values()) if (!except.has(approval.id)) return approval;
    return undefined;
  }

  add(approval: ApprovalInfo): void {
    if (approval.status !== "pending" || this.pending.has(approval.id)) return;
    this.pending.set(approval.id, approval);
    this.addEmitter.fire(approval);
    this.changeEmitter.fire();
  }

  settle(settled: SettledApproval): void {
    if (!this.pending.delete(settled.id)) return;
    this.settleEmitter.fire(settled);
    this.changeEmitter.fire();
  }

  /** The daemon's list after a (re)connect: whatever is gone was settled while we were away. */
  reset(pending: readonly ApprovalInfo[]): void {
    const fresh = new Map(pending.filter((a) => a.status === "pending").map((a) => [a.id, a]));
    for (const id of [...this.pending.keys()]) if (!fresh.has(id)) this.settle({ id, status: null, by: null, reason: null });
    const sorted = [...fresh.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    for (const approval of sorted) this.add(approval);
  }

  dispose(): void {
    this.addEmitter.dispose();
    this.settleEmitter.dispose();
    this.changeEmitter.dispose();
  }
}
