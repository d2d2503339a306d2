import Database from "better-sqlite3";
import { AuditJob, AuditStore } from "../audit/store";
import { ApprovedAction, CANDIDATE_KINDS, classify } from "./classify";
import { buildNotification } from "./notification";
import { QueueStore } from "./queue-store";
import { Routes, wants } from "./routes";

export interface ScanContext {
  store: AuditStore;
  queue: QueueStore;
  /** The merged notify settings of a workspace's policy in force. */
  routes(workspace: string): Routes;
  ownerOf(workspace: string, agent: string): string | null;
  approvedAction(id: string): ApprovedAction | null;
  /** A record that could not be processed: it is skipped (and logged) rather than stopping every later one. */
  skipped(seq: number, err: unknown): void;
}

/** Records looked at per job, so one job never holds the writer for long. */
const CHUNK = 2000;
/** A scan that queued nothing stores its cursor only this far behind (a restart rescans at most this much). */
const STORE_EVERY = 1000;

export interface ScanOutcome {
  queued: number;
  /** More records wait past this chunk. */
  more: boolean;
  /** Scanned this far without storing the cursor: the caller notes it once the job has committed. */
  scannedTo: number | null;
}

/**
 * The audit log is the outbox. A scan reads the records after its cursor,
 * queues a delivery for each high-risk one, and moves the cursor — all in one
 * writer job, so queued rows and cursor commit together or not at all. A crash
 * between an event's commit and its scan loses nothing: the next scan starts at
 * the cursor, which never passes a record whose deliveries were not queued.
 * (The records are read inside the same transaction, so a scan that shares a
 * commit with the records it reads commits with them.)
 *
 * A scan that queues nothing writes nothing, so it adds no fsync to the audit
 * writer's: its progress is kept in memory, and a restart rescans from the stored
 * cursor — records that queued nothing then, and queue nothing now.
 */
export function scanJob(ctx: ScanContext, outcome: ScanOutcome): AuditJob {
  return {
    mutate: (db) => {
      outcome.queued = 0;
      outcome.more = false;
      outcome.scannedTo = null;
      const head = maxSeq(db);
      const cursor = ctx.queue.cursor();
      if (cursor === null) {
        // First start with notifications: history is not news; from here on, everything is.
        ctx.queue.setCursor(head);
        return;
      }
      if (head <= cursor) return;
      const until = Math.min(head, cursor + CHUNK);
      const now = new Date().toISOString();
      const { records } = ctx.store.scanRange({ kinds: [...CANDIDATE_KINDS] }, cursor + 1, until);
      for (const record of records) {
        const workspace = record.workspace;
        if (workspace === null) continue;
        try {
          const c = classify(record, (id) => ctx.approvedAction(id));
          if (c === null) continue;
          const routes = ctx.routes(workspace);
          const owner = c.owner ?? (c.agent !== null ? ctx.ownerOf(workspace, c.agent) : null);
          const recipients = { owner: routes.owner ? owner : null, channels: routes.channels };
          for (const { key, spec } of routes.destinations) {
            if (!wants(spec, c.category)) continue;
            if (ctx.queue.enqueue(buildNotification(record, { ...c, owner }, key, recipients), key, spec, routes.retry, now)) outcome.queued++;
          }
        } catch (err) {
          ctx.skipped(record.seq, err);
        }
      }
      if (outcome.queued > 0 || until - (ctx.queue.storedCursor() ?? 0) >= STORE_EVERY) ctx.queue.setCursor(until);
      else outcome.scannedTo = until;
      outcome.more = until < head;
    },
    events: [],
  };
}

function maxSeq(db: Database.Database): number {
  const v: unknown = db.prepare("SELECT coalesce(max(seq), 0) FROM audit").pluck().get();
  return typeof v === "number" ? v : 0;
}
