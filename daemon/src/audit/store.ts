import fs from "node:fs";
import Database from "better-sqlite3";
import { Actor, AuditFilter, AuditRecord, GENESIS_HASH, VerifyReport } from "../../../protocol/src/audit";
import { WardenError } from "../../../protocol/src/errors";
import { JsonValue, isBoundedJson } from "../../../protocol/src/json";
import { AuditRow, hashRow } from "./chain";
import { TrustedClock } from "../trusted-clock";
import { readHeadFile } from "./head-file";

/** An event before the log gives it a place in the chain. */
export interface NewEvent {
  actor: Actor;
  workspace: string | null;
  kind: string;
  payload: JsonValue;
}

export interface Head {
  seq: number;
  hash: string;
}

/** A state change and the audit records that describe it, committed together. */
export interface AuditJob {
  /** Runs inside the job's savepoint; throwing fails this job only (nothing of it is kept). */
  mutate?: (db: Database.Database) => void;
  /** The records; a function runs after `mutate`, so it can describe what was done. */
  events: readonly NewEvent[] | (() => readonly NewEvent[]);
}

export type JobOutcome = { ok: true; records: AuditRecord[] } | { ok: false; error: unknown };

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit (
  seq        INTEGER PRIMARY KEY,
  ts         TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id   TEXT NOT NULL,
  workspace  TEXT,
  kind       TEXT NOT NULL,
  payload    TEXT NOT NULL,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_ts ON audit(ts);
-- Defence in depth: Warden itself never updates or deletes audit rows. Someone
-- with the file can drop these triggers; the hash chain is what catches that.
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

const COLUMNS = "seq, ts, actor_type, actor_id, workspace, kind, payload, prev_hash, hash";
type RawRow = [number, string, string, string, string | null, string, string, string, string];

/**
 * The audit log in SQLite (WAL, synchronous=FULL: a committed record survives a
 * crash of the process and of the machine). Writes go through `appendBatch`, one
 * transaction per batch; reads and verification can run from another process.
 */
export class AuditStore {
  private readonly db: Database.Database;
  private headCache: Head;
  private readonly insert: Database.Statement;
  /** Runs a list of jobs in one transaction (one fsync); each job in its own savepoint. */
  private readonly runJobs: Database.Transaction<(jobs: readonly AuditJob[], ts: string) => { outcomes: JobOutcome[]; head: Head }>;
  /** One job: its state change and its chained records, all or nothing (a savepoint). */
  private readonly runJob: Database.Transaction<(job: AuditJob, ts: string, start: Head, records: AuditRecord[]) => Head>;
  /**
   * The daemon's one clock for records and expiry (tokens, grants, approvals): time
   * that never runs backwards, seeded from the latest time the log has seen, so a
   * clock set back, even across a restart, cannot revive what has expired. Records
   * are stamped with it too, which keeps the log's times in order and carries the
   * floor to the next start.
   */
  readonly clock: TrustedClock;

  private constructor(db: Database.Database, readonly path: string) {
    this.db = db;
    this.clock = new TrustedClock(this.latestTime());
    this.insert = db.prepare(`INSERT INTO audit (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.runJob = db.transaction((job: AuditJob, ts: string, start: Head, records: AuditRecord[]): Head => {
      job.mutate?.(db);
      let prev = start;
      for (const event of typeof job.events === "function" ? job.events() : job.events) {
        const row: AuditRow = {
          seq: prev.seq + 1,
          ts,
          actorType: event.actor.type,
          actorId: event.actor.id,
          workspace: event.workspace,
          kind: event.kind,
          payload: JSON.stringify(event.payload),
          prevHash: prev.hash,
        };
        const hash = hashRow(row);
        this.insert.run(row.seq, row.ts, row.actorType, row.actorId, row.workspace, row.kind, row.payload, row.prevHash, hash);
        records.push(toRecord(row, event.payload, hash));
        prev = { seq: row.seq, hash };
      }
      return prev;
    });
    this.runJobs = db.transaction((jobs: readonly AuditJob[], ts: string): { outcomes: JobOutcome[]; head: Head } => {
      let head = this.headCache;
      const outcomes = jobs.map((job): JobOutcome => {
        const records: AuditRecord[] = [];
        try {
          head = this.runJob(job, ts, head, records);
          return { ok: true, records };
        } catch (error) {
          // Only this job's savepoint rolled back; the chain continues from `head`.
          return { ok: false, error };
        }
      });
      return { outcomes, head };
    });
    this.headCache = this.readHead();
  }

  /** The connection, for stores that keep their state beside the log (identities). */
  get connection(): Database.Database {
    return this.db;
  }

  /** Opens (creating if needed) the database the daemon writes. */
  static openForWriting(dbPath: string): AuditStore {
    const db = new Database(dbPath);
    try {
      fs.chmodSync(dbPath, 0o600);
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
      db.pragma("busy_timeout = 5000");
      const version = Number(db.pragma("user_version", { simple: true }));
      if (version > SCHEMA_VERSION) {
        throw new WardenError("bad_config", `${dbPath} was written by a newer Warden (schema ${version}); upgrade Warden`);
      }
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      return new AuditStore(db, dbPath);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** Opens the database for reading only (CLI: export, verify, tail). */
  static openForReading(dbPath: string): AuditStore {
    if (!fs.existsSync(dbPath)) {
      throw new WardenError("not_running", `no audit log at ${dbPath}: the daemon has not run with this WARDEN_HOME`);
    }
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    return new AuditStore(db, dbPath);
  }

  close(): void {
    this.db.close();
  }

  /** How long a write waits for a lock held by another connection before failing. */
  setBusyTimeout(ms: number): void {
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`);
  }

  head(): Head {
    return { ...this.headCache };
  }

  count(): number {
    const row: unknown = this.db.prepare("SELECT count(*) FROM audit").pluck().get();
    return typeof row === "number" ? row : 0;
  }

  /** The latest time any record carries, in ms (not the newest record's: the clock may have been set back since); 0 when empty. */
  latestTime(): number {
    const row: unknown = this.db.prepare("SELECT max(ts) FROM audit").pluck().get();
    return typeof row === "string" ? Date.parse(row) : 0;
  }

  /**
   * Appends events in one transaction and returns them as chained records. If the
   * commit fails nothing is appended and the in-memory head is left as it was.
   */
  appendBatch(events: readonly NewEvent[], now: Date = this.clock.now()): AuditRecord[] {
    const [outcome] = this.commitJobs([{ events }], now);
    if (outcome === undefined) return [];
    if (!outcome.ok) throw outcome.error;
    return outcome.records;
  }

  /**
   * Runs jobs in one transaction: each job's state change and audit records
   * commit together or not at all, and a job that throws fails alone. If the
   * commit itself fails, every job fails and the head is left as it was.
   */
  commitJobs(jobs: readonly AuditJob[], now: Date = this.clock.now()): JobOutcome[] {
    const { outcomes, head } = this.runJobs(jobs, now.toISOString());
    this.headCache = head;
    return outcomes;
  }

  /** Records matching `filter`, at most `limit`, oldest or newest first. */
  query(filter: AuditFilter = {}, limit = 100, order: "asc" | "desc" = "asc"): AuditRecord[] {
    const { where, args } = whereClause(filter);
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM audit ${where} ORDER BY seq ${order === "asc" ? "ASC" : "DESC"} LIMIT ?`)
      .raw(true)
      .all(...args, limit);
    return rows.map((r) => rawToRecord(asRawRow(r)));
  }

  /** Records matching `filter` with `fromSeq <= seq <= toSeq`; `lastSeq` is where the scan ended. */
  scanRange(filter: AuditFilter, fromSeq: number, toSeq: number): { records: AuditRecord[]; lastSeq: number } {
    if (toSeq < fromSeq) return { records: [], lastSeq: fromSeq - 1 };
    const { where, args } = whereClause({ ...filter, fromSeq });
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM audit ${where} AND seq <= ? ORDER BY seq ASC`)
      .raw(true)
      .all(...args, toSeq);
    return { records: rows.map((r) => rawToRecord(asRawRow(r))), lastSeq: toSeq };
  }

  /** Every matching record, oldest first, without holding them all in memory. */
  *iterate(filter: AuditFilter = {}): Generator<AuditRecord> {
    const { where, args } = whereClause(filter);
    const stmt = this.db.prepare(`SELECT ${COLUMNS} FROM audit ${where} ORDER BY seq ASC`).raw(true);
    for (const r of stmt.iterate(...args)) yield rawToRecord(asRawRow(r));
  }

  /**
   * Walks the whole chain: sequence numbers must run 1, 2, 3… with no gap, each
   * record must chain to the previous hash and hash to its stored value, and the
   * log must reach the head recorded in `headFile` (so a cut-off tail shows).
   */
  verify(headFile: string): VerifyReport {
    const started = performance.now();
    // The anchor is read before the rows: it is written after each commit, so it can
    // only be behind what we then read, never ahead (no false alarm while appending).
    const anchor = readHeadFile(headFile);
    const stmt = this.db.prepare(`SELECT ${COLUMNS} FROM audit ORDER BY seq ASC`).raw(true);
    let prev: Head = { seq: 0, hash: GENESIS_HASH };
    let checked = 0;
    const fail = (seq: number, problem: string): VerifyReport => ({
      ok: false,
      checked,
      headSeq: prev.seq,
      headHash: prev.hash,
      firstBadSeq: seq,
      problem,
      durationMs: performance.now() - started,
    });
    for (const r of stmt.iterate()) {
      const [seq, ts, actorType, actorId, workspace, kind, payload, prevHash, hash] = asRawRow(r);
      const expected = prev.seq + 1;
      if (seq !== expected) {
        return fail(expected, `record ${expected} is missing or out of place (next stored record is ${seq})`);
      }
      if (prevHash !== prev.hash) return fail(seq, `record ${seq} does not chain to record ${prev.seq}`);
      if (hashRow({ seq, ts, actorType, actorId, workspace, kind, payload, prevHash }) !== hash) {
        return fail(seq, `record ${seq} was altered: its contents do not match its hash`);
      }
      if (anchor.state === "ok" && anchor.head.seq === seq && anchor.head.hash !== hash) {
        return fail(seq, `record ${seq} differs from the head anchor in ${headFile}`);
      }
      prev = { seq, hash };
      checked++;
    }
    if (anchor.state === "ok" && anchor.head.seq > prev.seq) {
      return fail(prev.seq + 1, `records ${prev.seq + 1}..${anchor.head.seq} are missing: the log ends before its recorded head`);
    }
    if (anchor.state === "corrupt") return fail(prev.seq + 1, `head anchor ${headFile} is unreadable (${anchor.problem})`);
    if (anchor.state === "missing" && checked > 0) {
      return fail(prev.seq + 1, `head anchor ${headFile} is missing, so a cut-off tail could not be detected`);
    }
    return { ok: true, checked, headSeq: prev.seq, headHash: prev.hash, firstBadSeq: null, problem: null, durationMs: performance.now() - started };
  }

  private readHead(): Head {
    const row: unknown = this.db.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").raw(true).get();
    if (row === undefined) return { seq: 0, hash: GENESIS_HASH };
    if (Array.isArray(row) && typeof row[0] === "number" && typeof row[1] === "string") return { seq: row[0], hash: row[1] };
    throw new WardenError("chain_broken", `${this.path}: the last audit row is malformed`);
  }
}

/**
 * The record for a stored row. Built as one literal (not a spread of partial
 * objects, which costs more than the insert on the append path); the key order is
 * the wire order: seq, ts, actor, workspace, kind, prevHash, payload, hash.
 */
function toRecord(row: AuditRow, payload: JsonValue, hash: string): AuditRecord {
  const actorType = row.actorType === "human" || row.actorType === "agent" || row.actorType === "daemon" ? row.actorType : null;
  if (actorType === null) throw new WardenError("chain_broken", `record ${row.seq} has an unknown actor type '${row.actorType}'`);
  return { seq: row.seq, ts: row.ts, actor: { type: actorType, id: row.actorId }, workspace: row.workspace, kind: row.kind, prevHash: row.prevHash, payload, hash };
}

function rawToRecord(r: RawRow): AuditRecord {
  const [seq, ts, actorType, actorId, workspace, kind, payload, prevHash, hash] = r;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    parsed = undefined;
  }
  if (!isBoundedJson(parsed)) {
    throw new WardenError("chain_broken", `record ${seq} has a payload that is not JSON; run 'warden audit verify'`);
  }
  return toRecord({ seq, ts, actorType, actorId, workspace, kind, payload, prevHash }, parsed, hash);
}

function asRawRow(r: unknown): RawRow {
  const row: unknown[] = Array.isArray(r) ? r : [];
  if (row.length === 9) {
    const [seq, ts, actorType, actorId, workspace, kind, payload, prevHash, hash] = row;
    if (
      typeof seq === "number" &&
      typeof ts === "string" &&
      typeof actorType === "string" &&
      typeof actorId === "string" &&
      (workspace === null || typeof workspace === "string") &&
      typeof kind === "string" &&
      typeof payload === "string" &&
      typeof prevHash === "string" &&
      typeof hash === "string"
    ) {
      return [seq, ts, actorType, actorId, workspace, kind, payload, prevHash, hash];
    }
  }
  throw new WardenError("chain_broken", "an audit row has columns of the wrong type; run 'warden audit verify'");
}

function whereClause(filter: AuditFilter): { where: string; args: Array<string | number> } {
  const parts: string[] = [];
  const args: Array<string | number> = [];
  if (filter.fromSeq !== undefined) {
    parts.push("seq >= ?");
    args.push(filter.fromSeq);
  }
  if (filter.since !== undefined) {
    parts.push("ts >= ?");
    args.push(new Date(filter.since).toISOString());
  }
  if (filter.actorType !== undefined) {
    parts.push("actor_type = ?");
    args.push(filter.actorType);
  }
  if (filter.actorId !== undefined) {
    parts.push("actor_id = ?");
    args.push(filter.actorId);
  }
  if (filter.workspace !== undefined) {
    parts.push("workspace = ?");
    args.push(filter.workspace);
  }
  if (filter.kinds !== undefined && filter.kinds.length > 0) {
    const alternatives = filter.kinds.map((k) => {
      if (k.endsWith(".*")) {
        // substr rather than LIKE: '_' in kinds would be a LIKE wildcard.
        const prefix = k.slice(0, -1);
        args.push(prefix.length, prefix);
        return "substr(kind, 1, ?) = ?";
      }
      args.push(k);
      return "kind = ?";
    });
    parts.push(`(${alternatives.join(" OR ")})`);
  }
  return { where: parts.length > 0 ? `WHERE ${parts.join(" AND ")}` : "", args };
}
