import Database from "better-sqlite3";
import { SecretInfo } from "../../../protocol/src/secrets-methods";
import { columns, nullableText, text } from "../state/sql-row";

/** Names, history and last use of each secret. Never a value: values live in the OS keychain only. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS secrets (
  name             TEXT PRIMARY KEY,
  created_at       TEXT NOT NULL,
  created_by       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  rotations        INTEGER NOT NULL DEFAULT 0,
  last_used_at     TEXT,
  last_used_by     TEXT,
  last_used_target TEXT,
  uses             INTEGER NOT NULL DEFAULT 0
);
`;

const COLUMNS = "name, created_at, created_by, updated_at, rotations, last_used_at, last_used_by, last_used_target, uses";

/**
 * The secrets table in the daemon's database. Mutations run inside audit writer
 * jobs, so a change and the record of it commit together.
 */
export class SecretStore {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  get(name: string): SecretInfo | null {
    const row: unknown = this.db.prepare(`SELECT ${COLUMNS} FROM secrets WHERE name = ?`).get(name);
    return row === undefined ? null : toInfo(row);
  }

  list(): SecretInfo[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM secrets ORDER BY name`).all().map(toInfo);
  }

  names(): string[] {
    return this.list().map((s) => s.name);
  }

  /** Mutation. */
  insert(name: string, at: string, by: string): void {
    this.db.prepare("INSERT INTO secrets (name, created_at, created_by, updated_at) VALUES (?, ?, ?, ?)").run(name, at, by, at);
  }

  /** Mutation. */
  rotated(name: string, at: string): void {
    this.db.prepare("UPDATE secrets SET updated_at = ?, rotations = rotations + 1 WHERE name = ?").run(at, name);
  }

  /** Mutation: true when the name was known. */
  remove(name: string): boolean {
    return this.db.prepare("DELETE FROM secrets WHERE name = ?").run(name).changes === 1;
  }

  /** Mutation. */
  used(name: string, at: string, by: string, target: string): void {
    this.db.prepare("UPDATE secrets SET last_used_at = ?, last_used_by = ?, last_used_target = ?, uses = uses + 1 WHERE name = ?").run(at, by, target, name);
  }
}

function toInfo(row: unknown): SecretInfo {
  const c = columns(row);
  return {
    name: text(c, "name"),
    createdAt: text(c, "created_at"),
    createdBy: text(c, "created_by"),
    updatedAt: text(c, "updated_at"),
    rotations: count(c["rotations"]),
    lastUsedAt: nullableText(c, "last_used_at"),
    lastUsedBy: nullableText(c, "last_used_by"),
    lastUsedTarget: nullableText(c, "last_used_target"),
    uses: count(c["uses"]),
  };
}

function count(v: unknown): number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : 0;
}
