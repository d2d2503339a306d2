import Database from "better-sqlite3";

/**
 * Prepared statements kept by their SQL text, so a store prepares each query once
 * rather than on every call (some run on every agent request). The statement is
 * shared: a mode set on it (`pluck()`, `raw()`) stays set for the next caller.
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
