import Database from "better-sqlite3";
import { columns, nullableText, text } from "../state/sql-row";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS broker_trash (
  id          TEXT PRIMARY KEY,
  workspace   TEXT NOT NULL,
  original    TEXT NOT NULL,
  relative    TEXT NOT NULL,
  kind        TEXT NOT NULL,
  bytes       INTEGER NOT NULL,
  agent       TEXT NOT NULL,
  deleted_at  TEXT NOT NULL,
  restored_at TEXT,
  restored_by TEXT
);
CREATE INDEX IF NOT EXISTS broker_trash_workspace ON broker_trash(workspace);
`;

export type TrashKind = "file" | "directory" | "symlink" | "other";

export interface TrashEntry {
  /** del_ and 16 hex digits: what `warden restore` takes. */
  id: string;
  workspace: string;
  /** The real path it was deleted from. */
  original: string;
  /** The same, below the workspace: where a restore puts it back. */
  relative: string;
  kind: TrashKind;
  bytes: number;
  /** Who deleted it (the agent's name, or `human:…` for what a restore displaced). */
  agent: string;
  deletedAt: string;
  restoredAt: string | null;
  restoredBy: string | null;
}

const COLUMNS = "id, workspace, original, relative, kind, bytes, agent, deleted_at, restored_at, restored_by";

/**
 * What the broker moved to the trash, in the daemon's database. Inserts run inside
 * an audit writer job, so a deletion and the record of it commit together.
 */
export class TrashStore {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  /** Mutation. */
  insert(e: Omit<TrashEntry, "restoredAt" | "restoredBy">): void {
    this.db
      .prepare(`INSERT INTO broker_trash (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`)
      .run(e.id, e.workspace, e.original, e.relative, e.kind, e.bytes, e.agent, e.deletedAt);
  }

  get(id: string): TrashEntry | null {
    const row: unknown = this.db.prepare(`SELECT ${COLUMNS} FROM broker_trash WHERE id = ?`).get(id);
    if (row === undefined) return null;
    const c = columns(row);
    const kind = text(c, "kind");
    const bytes = c["bytes"];
    return {
      id: text(c, "id"),
      workspace: text(c, "workspace"),
      original: text(c, "original"),
      relative: text(c, "relative"),
      kind: kind === "file" || kind === "directory" || kind === "symlink" ? kind : "other",
      bytes: typeof bytes === "number" ? bytes : 0,
      agent: text(c, "agent"),
      deletedAt: text(c, "deleted_at"),
      restoredAt: nullableText(c, "restored_at"),
      restoredBy: nullableText(c, "restored_by"),
    };
  }

  /** Mutation: true when it was still in the trash (a second restore finds it gone). */
  markRestored(id: string, at: string, by: string): boolean {
    return this.db.prepare("UPDATE broker_trash SET restored_at = ?, restored_by = ? WHERE id = ? AND restored_at IS NULL").run(at, by, id).changes === 1;
  }
}
