import Database from "better-sqlite3";
import { LoadedPolicy } from "./load-policy";
import { PolicySet } from "./layers";
import { policyFile } from "./policy-file";

/**
 * The policy last in force for each workspace, kept in the daemon's database, so
 * that a loosening written while the daemon was down (or just before a restart) is
 * still held for a human instead of applying silently at the next start.
 */
export interface PolicyMemory {
  recall(workspace: string): PolicySet | null;
  remember(workspace: string, set: PolicySet): void;
}

export class SqlitePolicyMemory implements PolicyMemory {
  private readonly select: Database.Statement;
  private readonly upsert: Database.Statement;

  constructor(db: Database.Database) {
    db.exec("CREATE TABLE IF NOT EXISTS policy_in_force (workspace TEXT PRIMARY KEY, layers TEXT NOT NULL, updated_at TEXT NOT NULL)");
    this.select = db.prepare("SELECT layers FROM policy_in_force WHERE workspace = ?").pluck();
    this.upsert = db.prepare(
      "INSERT INTO policy_in_force (workspace, layers, updated_at) VALUES (?, ?, ?) ON CONFLICT(workspace) DO UPDATE SET layers = excluded.layers, updated_at = excluded.updated_at",
    );
  }

  recall(workspace: string): PolicySet | null {
    const text: unknown = this.select.get(workspace);
    if (typeof text !== "string") return null;
    try {
      const raw: unknown = JSON.parse(text);
      if (!Array.isArray(raw)) return null;
      const layers = raw.map(toLoaded);
      // A stored set that no longer validates is treated as unknown: the files on disk decide.
      return layers.every((l): l is LoadedPolicy => l !== null) ? { layers } : null;
    } catch {
      return null;
    }
  }

  remember(workspace: string, set: PolicySet): void {
    this.upsert.run(workspace, JSON.stringify(set.layers), new Date().toISOString());
  }
}

function toLoaded(value: unknown): LoadedPolicy | null {
  if (typeof value !== "object" || value === null) return null;
  const v = new Map<string, unknown>(Object.entries(value));
  const file = v.get("file");
  const layer = v.get("layer");
  const lines = v.get("ruleLines");
  const policy = policyFile.safeParse(v.get("policy"));
  if (typeof file !== "string" || (layer !== "managed" && layer !== "workspace" && layer !== "user") || !policy.success) return null;
  const ruleLines = Array.isArray(lines) ? lines.filter((n): n is number => typeof n === "number") : [];
  return { file, layer, policy: policy.data, ruleLines };
}
