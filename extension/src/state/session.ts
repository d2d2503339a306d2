import { WardenClient } from "../../../protocol/src/client";
import { AuditRecord } from "../../../protocol/src/audit";
import { AttachSession } from "../connection/connection-manager";
import { Disposable } from "../util/events";
import { ActivityStore, MAX_ACTIVITY_ROWS } from "./activity-store";
import { ApprovalsStore, readApprovalEvent } from "./approvals-store";
import { ChainMonitor } from "./chain-monitor";

/** Something else that follows the log: told when a session attaches, and of every live record. */
export interface SessionObserver {
  /** A connection is ready (read initial state through `client`: it is not yet the manager's current one). */
  attached(client: WardenClient): void;
  recordArrived(record: AuditRecord): void;
}

export interface SessionParts {
  activity: ActivityStore;
  approvals: ApprovalsStore;
  chain: ChainMonitor;
  /** Agents or tokens changed (created, suspended, revoked, issued…): views refresh. */
  agentsChanged(): void;
  log(line: string): void;
  observers?: readonly SessionObserver[];
  /** How long each request of the attach may take before the connection counts as failed (a hung daemon). */
  requestTimeoutMs?: number;
}

/**
 * Records per query page. Small on purpose: the client refuses any frame over
 * MAX_FRAME_BYTES (1 MB), and a record may carry up to 16 KB of tool output, so a
 * page of the daemon's maximum (10,000) can exceed it and be dropped unanswered
 * (seen as a timeout). 50 records stay under it unless most carry maximal,
 * heavily escaped output; the real fix is in the protocol (bound responses by bytes).
 */
const PAGE = 50;

/** Reads records from `fromSeq` on, oldest first, into the log; at most as many as the log keeps. */
async function catchUp(client: WardenClient, fromSeq: number, parts: SessionParts, options: { timeoutMs: number }): Promise<void> {
  let next = fromSeq;
  for (let read = 0; read < MAX_ACTIVITY_ROWS; ) {
    const { records } = await client.request("audit/query", { filter: { fromSeq: next }, order: "asc", limit: PAGE }, options);
    for (const r of records) parts.activity.add(r);
    read += records.length;
    const last = records.at(-1);
    if (records.length < PAGE || last === undefined) return;
    next = last.seq + 1;
  }
}

/** Records after which the agents view is out of date. */
const IDENTITY_CHANGES = new Set(["agent.created", "agent.suspended", "agent.resumed", "agent.revoked", "agent.contained", "agent.restored", "token.issued", "token.revoked"]);

/** How much history the log loads on first connect. */
const HISTORY = 10_000;

/**
 * What happens on every new connection. The subscription takes every record (the
 * log shows everything) and so also makes this window an attached approver: while
 * it is open, an ask waits for a human instead of being denied at once.
 *
 * Order matters for "no gap, no duplicate": history is queried first, then the
 * subscription starts at the seq after it (the daemon sends the backlog from there),
 * then the pending approvals are listed — anything raised in between arrives as an
 * event and is merged by id.
 */
export function sessionAttacher(parts: SessionParts): AttachSession {
  const options = { timeoutMs: parts.requestTimeoutMs ?? 30_000 };
  return async (client: WardenClient): Promise<Disposable> => {
    if (parts.activity.lastSeq === 0) {
      // First connect: the newest HISTORY records, read forward from where they start.
      const { audit } = await client.request("daemon/status", {}, options);
      parts.activity.loadHistory([]);
      await catchUp(client, Math.max(1, audit.headSeq - HISTORY + 1), parts, options);
    } else {
      // Back after a disconnect: what was recorded meanwhile, so the log has no gap
      // even when more happened than one subscription backlog holds.
      await catchUp(client, parts.activity.lastSeq + 1, parts, options);
    }
    const { subscription, backlog } = await client.request("events/subscribe", { filter: { fromSeq: parts.activity.lastSeq + 1 } }, options);
    if (backlog > 0) parts.log(`caught up on ${backlog} records recorded while disconnected`);
    let live = true;
    client.onEvent(subscription, (record) => {
      if (live) route(client, record, parts);
    });
    const { approvals } = await client.request("approvals/list", { status: "pending", limit: 500 }, options);
    parts.approvals.reset(approvals);
    parts.agentsChanged();
    for (const o of parts.observers ?? []) o.attached(client);
    void parts.chain.verify(client);
    return { dispose: () => (live = false) };
  };
}

function route(client: WardenClient, record: AuditRecord, parts: SessionParts): void {
  parts.activity.add(record);
  parts.chain.recordsArrived();
  if (IDENTITY_CHANGES.has(record.kind)) parts.agentsChanged();
  for (const o of parts.observers ?? []) o.recordArrived(record);
  const event = readApprovalEvent(record);
  if (event === null) return;
  if (event.type === "settled") {
    parts.approvals.settle(event.settled);
    return;
  }
  // The record names the request; its whole context (diff, commits, identity) comes from approvals/show.
  client.request("approvals/show", { id: event.id }).then(
    ({ approval }) => parts.approvals.add(approval),
    (err: unknown) => parts.log(`could not load approval ${event.id}: ${err instanceof Error ? err.message : String(err)}`),
  );
}
