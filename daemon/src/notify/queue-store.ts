import Database from "better-sqlite3";
import { NotifyDestinationStatus, NotifyTotals } from "../../../protocol/src/notify-methods";
import { columns, nullableText, text } from "../state/sql-row";
import { Notification } from "./notification";
import { NotifyDestination, notifyDestination } from "./notify-policy";
import { Retry, describeTarget } from "./routes";

/**
 * The delivery queue, in the daemon's database (so in Warden's state directory,
 * which no agent may read or write). Rows are added by the scan job and updated
 * by the dispatcher, both inside audit writer jobs: one writer for the database.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS notify_cursor (
  id  INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS notify_queue (
  id              INTEGER PRIMARY KEY,
  seq             INTEGER NOT NULL,
  dest_key        TEXT NOT NULL,
  dest_name       TEXT NOT NULL,
  dest            TEXT NOT NULL,
  retry           TEXT NOT NULL,
  message         TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  last_error_at   TEXT,
  delivered_at    TEXT,
  UNIQUE (seq, dest_key)
);
CREATE INDEX IF NOT EXISTS notify_queue_due ON notify_queue(delivered_at, next_attempt_at);
`;

export interface QueuedRow {
  id: number;
  seq: number;
  destKey: string;
  spec: NotifyDestination;
  retry: Retry;
  message: Notification;
  attempts: number;
}

export class QueueStore {
  /** Scanned past the stored cursor with nothing to queue (kept in memory; see scan.ts). */
  private scannedTo = 0;

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  /** Where the scan stopped; null before the first scan ever. */
  cursor(): number | null {
    const stored = this.storedCursor();
    return stored === null ? null : Math.max(stored, this.scannedTo);
  }

  /** The cursor as committed to the database: where a restarted daemon scans from. */
  storedCursor(): number | null {
    const v: unknown = this.db.prepare("SELECT seq FROM notify_cursor WHERE id = 1").pluck().get();
    return typeof v === "number" ? v : null;
  }

  setCursor(seq: number): void {
    this.db.prepare("INSERT INTO notify_cursor (id, seq) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq").run(seq);
  }

  /** Called only after the scan that got this far has committed. */
  scannedPast(seq: number): void {
    this.scannedTo = Math.max(this.scannedTo, seq);
  }

  /** Queues one delivery; a second insert for the same event and destination is ignored. */
  enqueue(n: Notification, destKey: string, spec: NotifyDestination, retry: Retry, now: string): boolean {
    const r = this.db
      .prepare("INSERT OR IGNORE INTO notify_queue (seq, dest_key, dest_name, dest, retry, message, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(n.seq, destKey, spec.id, JSON.stringify(spec), JSON.stringify(retry), JSON.stringify(n), now, now);
    return r.changes > 0;
  }

  /**
   * Pending rows due by `now`, oldest first, at most `limit`. A row that no longer
   * reads back (a damaged database, settings a newer Warden wrote) is returned
   * apart, to be marked failed where status shows it, not to stop the others.
   */
  due(now: string, limit: number): { rows: QueuedRow[]; unreadable: Array<{ id: number; error: string }> } {
    const raw: unknown[] = this.db
      .prepare("SELECT id, seq, dest_key, dest, retry, message, attempts FROM notify_queue WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?")
      .all(now, limit);
    const rows: QueuedRow[] = [];
    const unreadable: Array<{ id: number; error: string }> = [];
    for (const r of raw) {
      try {
        rows.push(toRow(r));
      } catch (err) {
        unreadable.push({ id: int(columns(r)["id"]), error: `cannot be sent: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    return { rows, unreadable };
  }

  /** When the next pending row falls due, leaving out destinations being sent to now (null: nothing pending). */
  nextDue(busy: readonly string[]): string | null {
    const others = busy.length === 0 ? "" : ` AND dest_key NOT IN (${busy.map(() => "?").join(", ")})`;
    const v: unknown = this.db.prepare(`SELECT min(next_attempt_at) FROM notify_queue WHERE delivered_at IS NULL${others}`).pluck().get(...busy);
    return typeof v === "string" ? v : null;
  }

  markDelivered(ids: readonly number[], at: string): void {
    const stmt = this.db.prepare("UPDATE notify_queue SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?");
    for (const id of ids) stmt.run(at, id);
  }

  markFailed(id: number, error: string, at: string, nextAttemptAt: string): void {
    this.db
      .prepare("UPDATE notify_queue SET attempts = attempts + 1, last_error = ?, last_error_at = ?, next_attempt_at = ? WHERE id = ?")
      .run(error.slice(0, 1024), at, nextAttemptAt, id);
  }

  /** Delivered rows older than `before` go; pending ones stay however old. */
  prune(before: string): number {
    return this.db.prepare("DELETE FROM notify_queue WHERE delivered_at IS NOT NULL AND delivered_at < ?").run(before).changes;
  }

  countFor(seq: number): number {
    const v: unknown = this.db.prepare("SELECT count(*) FROM notify_queue WHERE seq = ?").pluck().get(seq);
    return typeof v === "number" ? v : 0;
  }

  totals(): NotifyTotals {
    const c = columns(
      this.db
        .prepare(
          `SELECT count(*) FILTER (WHERE delivered_at IS NULL) AS pending,
                  count(*) FILTER (WHERE delivered_at IS NULL AND attempts > 0) AS failing,
                  count(*) FILTER (WHERE delivered_at IS NOT NULL) AS delivered,
                  min(created_at) FILTER (WHERE delivered_at IS NULL) AS oldest,
                  max(last_error_at) FILTER (WHERE delivered_at IS NULL) AS last_error_at
           FROM notify_queue`,
        )
        .get(),
    );
    const lastErrorAt = nullableText(c, "last_error_at");
    const lastError: unknown =
      lastErrorAt === null ? null : this.db.prepare("SELECT last_error FROM notify_queue WHERE delivered_at IS NULL AND last_error_at = ? LIMIT 1").pluck().get(lastErrorAt);
    return {
      pending: int(c["pending"]),
      failing: int(c["failing"]),
      delivered: int(c["delivered"]),
      oldestPendingAt: nullableText(c, "oldest"),
      lastError: typeof lastError === "string" ? lastError : null,
      lastErrorAt,
    };
  }

  /** One line per destination that has anything queued or delivered, failing ones first. */
  destinations(): NotifyDestinationStatus[] {
    const rows: unknown[] = this.db
      .prepare(
        `SELECT q.dest_key, max(q.dest_name) AS name, max(q.dest) AS dest,
                count(*) FILTER (WHERE q.delivered_at IS NULL) AS pending,
                count(*) FILTER (WHERE q.delivered_at IS NULL AND q.attempts > 0) AS failing,
                count(*) FILTER (WHERE q.delivered_at IS NOT NULL) AS delivered,
                coalesce(max(q.attempts) FILTER (WHERE q.delivered_at IS NULL), 0) AS attempts,
                max(q.last_error_at) AS last_error_at,
                max(q.delivered_at) AS last_delivered_at,
                min(q.next_attempt_at) FILTER (WHERE q.delivered_at IS NULL) AS next_attempt_at,
                min(q.created_at) FILTER (WHERE q.delivered_at IS NULL) AS oldest
         FROM notify_queue q GROUP BY q.dest_key ORDER BY failing DESC, pending DESC, q.dest_key`,
      )
      .all();
    return rows.map((raw) => {
      const c = columns(raw);
      const spec = parseSpec(text(c, "dest"));
      const lastErrorAt = nullableText(c, "last_error_at");
      const lastError: unknown =
        lastErrorAt === null ? null : this.db.prepare("SELECT last_error FROM notify_queue WHERE dest_key = ? AND last_error_at = ? LIMIT 1").pluck().get(text(c, "dest_key"), lastErrorAt);
      return {
        key: text(c, "dest_key"),
        name: text(c, "name"),
        type: spec.type,
        target: describeTarget(spec),
        pending: int(c["pending"]),
        failing: int(c["failing"]),
        delivered: int(c["delivered"]),
        attempts: int(c["attempts"]),
        lastError: typeof lastError === "string" ? lastError : null,
        lastErrorAt,
        lastDeliveredAt: nullableText(c, "last_delivered_at"),
        nextAttemptAt: nullableText(c, "next_attempt_at"),
        oldestPendingAt: nullableText(c, "oldest"),
      };
    });
  }
}

function toRow(raw: unknown): QueuedRow {
  const c = columns(raw);
  const retry: unknown = JSON.parse(text(c, "retry"));
  const r = columns(retry);
  const message: unknown = JSON.parse(text(c, "message"));
  if (!isNotification(message)) throw new Error(`notify_queue row ${String(c["id"])} holds a malformed message`);
  return {
    id: int(c["id"]),
    seq: int(c["seq"]),
    destKey: text(c, "dest_key"),
    spec: parseSpec(text(c, "dest")),
    retry: { initialMs: int(r["initialMs"]), maxMs: int(r["maxMs"]) },
    message,
    attempts: int(c["attempts"]),
  };
}

/** The stored settings are re-validated: a damaged row fails loudly rather than sending somewhere odd. */
function parseSpec(json: string): NotifyDestination {
  const parsed = notifyDestination.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`notify_queue holds a destination that no longer validates: ${parsed.error.message}`);
  return parsed.data;
}

/** Written by this daemon from a Notification; checked for shape, not trusted blindly. */
function isNotification(v: unknown): v is Notification {
  const c = columns(v);
  return typeof c["id"] === "string" && typeof c["seq"] === "number" && typeof c["summary"] === "string" && typeof c["category"] === "string";
}

function int(v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new Error("database column is not an integer");
  return v;
}
