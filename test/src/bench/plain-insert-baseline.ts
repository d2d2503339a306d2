import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { AppendFigure } from "./append-figure";
import { ownCpuSeconds } from "./process-cpu";

/** One raw row of the daemon's `audit` table, column by column. */
type Row = [number, string, string, string, string | null, string, string, string, string];

/** Rows the daemon stored, and the SQL that creates its table and indexes (triggers left out). */
export interface StoredRows {
  rows: Row[];
  schemaSql: string[];
}

/** Copies rows `firstSeq..lastSeq` and the table's schema out of the daemon's database. */
export function readStoredRows(db: Database.Database, firstSeq: number, lastSeq: number): StoredRows {
  const rows: Row[] = [];
  for (const r of db.prepare("SELECT * FROM audit WHERE seq BETWEEN ? AND ? ORDER BY seq").raw(true).iterate(firstSeq, lastSeq)) {
    if (!isRow(r)) throw new Error("unexpected row shape in the daemon's database");
    rows.push(r);
  }
  const schemaSql: string[] = [];
  for (const s of db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'audit' AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC").pluck().iterate()) {
    if (typeof s === "string") schemaSql.push(s);
  }
  return { rows, schemaSql };
}

/** The same rows, inserted into a fresh database with the same settings and schema, minus triggers and hashing. */
export function baselineAppend(stored: StoredRows, dir: string, name: string, txnRows: number): AppendFigure {
  const { rows, schemaSql } = stored;
  const file = path.join(dir, name);
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    for (const sql of schemaSql) db.exec(sql);
    const insert = db.prepare("INSERT INTO audit (seq, ts, actor_type, actor_id, workspace, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const insertMany = db.transaction((chunk: readonly Row[]) => {
      for (const r of chunk) insert.run(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]);
    });
    const cpu0 = ownCpuSeconds();
    const started = performance.now();
    for (let i = 0; i < rows.length; i += txnRows) insertMany(rows.slice(i, i + txnRows));
    const seconds = (performance.now() - started) / 1000;
    return {
      events: rows.length,
      requests: 0,
      seconds,
      eventsPerSec: rows.length / seconds,
      commitsAtLeast: Math.ceil(rows.length / txnRows),
      daemonCpuSeconds: null,
      clientCpuSeconds: ownCpuSeconds() - cpu0,
    };
  } finally {
    db.close();
  }
}

function isRow(r: unknown): r is Row {
  return (
    Array.isArray(r) &&
    r.length === 9 &&
    typeof r[0] === "number" &&
    typeof r[1] === "string" &&
    typeof r[2] === "string" &&
    typeof r[3] === "string" &&
    (r[4] === null || typeof r[4] === "string") &&
    typeof r[5] === "string" &&
    typeof r[6] === "string" &&
    typeof r[7] === "string" &&
    typeof r[8] === "string"
  );
}
