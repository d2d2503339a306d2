import { SandboxAvailability } from "../sandbox/availability";
import { AuditStore } from "../audit/store";
import { AuditWriter } from "../audit/writer";
import { WardenPaths } from "../config";
import { WardenError } from "../../../protocol/src/errors";
import { MAX_PAGE_BYTES, MAX_QUERY_LIMIT } from "../../../protocol/src/limits";
import { AuditRecord, auditRecord } from "../../../protocol/src/audit";
import { AgentHandlerContext, createAgentHandlers } from "./agent-handlers";
import { ApprovalHandlerContext, createApprovalHandlers } from "./approval-handlers";
import { ContainmentHandlerContext, createContainmentHandlers } from "./containment-handlers";
import { BrokerHandlerContext, createBrokerHandlers } from "./broker-handlers";
import { ClientConnection, Handlers } from "./connection";
import { PolicyHandlerContext, createPolicyHandlers } from "./policy-handlers";
import { ReportHandlerContext, createReportHandlers } from "./report-handlers";
import { NotifyHandlerContext, createNotifyHandlers } from "./notify-handlers";
import { SecretsHandlerContext, createSecretsHandlers } from "./secrets-handlers";
import { createScanHandlers } from "./scan-handlers";

/** What request handlers may use of the running daemon. */
export interface DaemonContext extends AgentHandlerContext, PolicyHandlerContext, ApprovalHandlerContext, ContainmentHandlerContext, BrokerHandlerContext, ReportHandlerContext, NotifyHandlerContext, SecretsHandlerContext {
  paths: WardenPaths;
  version: string;
  startedAt: Date;
  store: AuditStore;
  writer: AuditWriter;
  listenAddress(): string | null;
  connections(): readonly ClientConnection[];
  requestShutdown(reason: string): void;
  /** Whether commands can be held in an OS sandbox on this machine. */
  sandbox: { availability(): SandboxAvailability };
}

/** Records sent per turn of the event loop while a subscription catches up. */
const BACKLOG_CHUNK = 500;

function sandboxStatus(a: SandboxAvailability): { available: boolean; detail: string } {
  return a.available ? { available: true, detail: `bubblewrap ${a.version.replace(/^bubblewrap\s*/, "")}${a.launcher.userns ? "" : " (no user namespaces: run as root)"}` } : { available: false, detail: a.reason };
}

export function createHandlers(ctx: DaemonContext): Handlers {
  return {
    ...createAgentHandlers(ctx),
    ...createPolicyHandlers(ctx),
    ...createApprovalHandlers(ctx),
    ...createContainmentHandlers(ctx),
    ...createBrokerHandlers(ctx),
    ...createReportHandlers(ctx),
    ...createNotifyHandlers(ctx),
    ...createSecretsHandlers(ctx),
    ...createScanHandlers(),
    "daemon/ping": () => ({ pong: true }),

    "daemon/status": () => {
      const conns = ctx.connections();
      return {
        pid: process.pid,
        version: ctx.version,
        nodeVersion: process.version,
        startedAt: ctx.startedAt.toISOString(),
        // Never negative: the wall clock may have been set back since the start.
        uptimeMs: Math.max(0, Date.now() - ctx.startedAt.getTime()),
        home: ctx.paths.home,
        socket: ctx.paths.socket,
        listen: ctx.listenAddress(),
        connections: conns.length,
        subscriptions: conns.reduce((n, c) => n + c.subscriptionCount, 0),
        audit: { headSeq: ctx.store.head().seq, headHash: ctx.store.head().hash },
        notify: ctx.notify.totals(),
        sandbox: sandboxStatus(ctx.sandbox.availability()),
      };
    },

    "daemon/shutdown": (params, req) => {
      const reason = params.reason ?? `requested by ${req.conn.principal.type} ${req.conn.principal.id}`;
      req.afterResponse(() => ctx.requestShutdown(reason));
      return { stopping: true };
    },

    "audit/append": async (params, req) => {
      const records = await ctx.writer.append(
        params.events.map((e) => ({ actor: req.conn.principal, workspace: e.workspace ?? null, kind: e.kind, payload: e.payload })),
      );
      const first = records[0];
      const last = records[records.length - 1];
      if (first === undefined || last === undefined) throw new WardenError("internal", "the audit writer returned no records");
      return { firstSeq: first.seq, lastSeq: last.seq, lastHash: last.hash };
    },

    "audit/query": (params) => ({
      records: withinPageBudget(ctx.store.query(params.filter ?? {}, params.limit ?? 100, params.order ?? "asc")),
    }),

    "audit/verify": () => ctx.store.verify(ctx.paths.headFile),

    "events/subscribe": (params, req) => {
      const filter = params.filter ?? {};
      const head = ctx.store.head().seq;
      const fromSeq = filter.fromSeq ?? head + 1;
      const subscription = req.conn.addSubscription(filter, fromSeq);
      const backlog = Math.max(0, head + 1 - fromSeq);
      req.afterResponse(() => sendBacklog(ctx, req.conn, subscription, fromSeq));
      return { subscription, backlog: Math.min(backlog, MAX_QUERY_LIMIT) };
    },

    "events/unsubscribe": (params, req) => ({ removed: req.conn.removeSubscription(params.subscription) }),
  };
}

/**
 * Streams stored records from `fromSeq` in chunks, yielding to the event loop
 * between chunks, until it reaches the head; then the subscription goes live. New
 * records committed meanwhile are in the database, so the reader picks them up and
 * nothing falls in a gap between backlog and live.
 */
function sendBacklog(ctx: DaemonContext, conn: ClientConnection, subscription: string, fromSeq: number): void {
  let next = fromSeq;
  const step = (): void => {
    if (!conn.isSubscribed(subscription)) return;
    const head = ctx.store.head().seq;
    const chunk = ctx.store.scanRange(conn.filterOf(subscription) ?? {}, next, Math.min(head, next + BACKLOG_CHUNK - 1));
    for (const record of chunk.records) {
      if (!conn.sendRecord(subscription, scrubbed(ctx, record))) return;
    }
    next = chunk.lastSeq + 1;
    if (next > ctx.store.head().seq) conn.goLive(subscription, next);
    else setImmediate(step);
  };
  step();
}

/**
 * A stored record as a client may see it: records written before a value was stored
 * as a secret still hold it in the database (the log is never edited), so the
 * backlog is scrubbed on the way out, as every answer is (redactingHandlers).
 */
function scrubbed(ctx: DaemonContext, record: AuditRecord): AuditRecord {
  const clean = ctx.secrets.redactor.scrubDeep(record);
  return clean === record ? record : auditRecord.parse(clean);
}

/** The leading records whose JSON fits in one page (always at least one), so an answer fits in a frame. */
function withinPageBudget(records: AuditRecord[]): AuditRecord[] {
  let bytes = 0;
  for (let i = 0; i < records.length; i++) {
    bytes += Buffer.byteLength(JSON.stringify(records[i])) + 1;
    if (bytes > MAX_PAGE_BYTES && i > 0) return records.slice(0, i);
  }
  return records;
}
