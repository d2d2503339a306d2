import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { columns, nullableText, text } from "../state/sql-row";
import { TrustedClock } from "../trusted-clock";
import { StatementCache } from "../state/statement-cache";
import { ActionKind } from "../../../protocol/src/actions";
import { ApprovalContext, ApprovalInfo, ApprovalScope, ApprovalStatus, GrantInfo, approvalContext, approvalScope, approvalStatus } from "../../../protocol/src/approvals";
import { actionKind } from "../../../protocol/src/actions";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS approvals (
  id           TEXT PRIMARY KEY,
  workspace    TEXT NOT NULL,
  agent_id     TEXT NOT NULL,
  agent        TEXT NOT NULL,
  status       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  answered_at  TEXT,
  answered_by  TEXT,
  scope        TEXT,
  reason       TEXT,
  context      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS approvals_status ON approvals(status, created_at);
CREATE TABLE IF NOT EXISTS approval_grants (
  id          TEXT PRIMARY KEY,
  workspace   TEXT NOT NULL,
  agent_id    TEXT NOT NULL,
  agent       TEXT NOT NULL,
  action_kind TEXT NOT NULL,
  target      TEXT NOT NULL,
  session     TEXT,
  approval_id TEXT NOT NULL,
  granted_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  revoked_at  TEXT
);
CREATE INDEX IF NOT EXISTS approval_grants_match ON approval_grants(agent_id, action_kind, target);
`;

export interface NewApproval {
  workspace: string;
  agentId: string;
  agent: string;
  createdAt: string;
  expiresAt: string;
  context: ApprovalContext;
}

export interface NewGrant {
  workspace: string;
  agentId: string;
  agent: string;
  actionKind: ActionKind;
  target: string;
  session: string | null;
  approvalId: string;
  grantedBy: string;
  createdAt: string;
  expiresAt: string;
}

const APPROVAL_COLUMNS = "id, workspace, agent, status, created_at, expires_at, answered_at, answered_by, scope, reason, context";
const GRANT_COLUMNS = "id, workspace, agent, action_kind, target, session, approval_id, granted_by, created_at, expires_at, revoked_at";

/**
 * Approval requests and remembered grants, beside the audit log in the daemon's
 * database. Mutations run inside audit writer jobs, so each change commits with
 * the record describing it.
 */
export class ApprovalStore {
  private readonly statements: StatementCache;

  /** `clock`: requests and grants expire against time that never runs backwards (see TrustedClock). */
  constructor(
    private readonly db: Database.Database,
    readonly clock: TrustedClock,
  ) {
    db.exec(SCHEMA);
    this.statements = new StatementCache(db);
  }

  private stmt(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  /** Mutation: a new pending request; returns its id. */
  insert(a: NewApproval): string {
    const id = `apr_${randomBytes(8).toString("hex")}`;
    this.stmt(`INSERT INTO approvals (id, workspace, agent_id, agent, status, created_at, expires_at, context) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)`)
      .run(id, a.workspace, a.agentId, a.agent, a.createdAt, a.expiresAt, JSON.stringify(a.context));
    return id;
  }

  /** Mutation: settles a pending request; false when it was no longer pending (answered elsewhere first). */
  settle(id: string, status: Exclude<ApprovalStatus, "pending">, by: string | null, scope: ApprovalScope | null, reason: string | null, at: string): boolean {
    return (
      this.stmt("UPDATE approvals SET status = ?, answered_by = ?, scope = ?, reason = ?, answered_at = ? WHERE id = ? AND status = 'pending'")
        .run(status, by, scope, reason, at, id).changes === 1
    );
  }

  get(id: string): ApprovalInfo | null {
    const row: unknown = this.stmt(`SELECT ${APPROVAL_COLUMNS} FROM approvals WHERE id = ?`).get(id);
    return row === undefined ? null : toApproval(row);
  }

  agentIdOf(id: string): string | null {
    const row: unknown = this.stmt("SELECT agent_id FROM approvals WHERE id = ?").pluck().get(id);
    return typeof row === "string" ? row : null;
  }

  list(filter: { workspace?: string; status?: ApprovalStatus; limit: number }): ApprovalInfo[] {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.workspace !== undefined) {
      where.push("workspace = ?");
      args.push(filter.workspace);
    }
    if (filter.status !== undefined) {
      where.push("status = ?");
      args.push(filter.status);
    }
    const sql = `SELECT ${APPROVAL_COLUMNS} FROM approvals ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY status = 'pending' DESC, created_at DESC, rowid DESC LIMIT ${Math.max(1, Math.floor(filter.limit))}`;
    const rows: unknown[] = this.db.prepare(sql).all(...args);
    return rows.map(toApproval);
  }

  /** Ids of requests still pending (at start-up: left over from a daemon that stopped). */
  pendingIds(agentId?: string): string[] {
    const rows: unknown[] =
      agentId === undefined
        ? this.stmt("SELECT id FROM approvals WHERE status = 'pending'").pluck().all()
        : this.stmt("SELECT id FROM approvals WHERE status = 'pending' AND agent_id = ?").pluck().all(agentId);
    return rows.filter((r): r is string => typeof r === "string");
  }

  /** Mutation. */
  insertGrant(g: NewGrant): string {
    const id = `grt_${randomBytes(8).toString("hex")}`;
    this.stmt(`INSERT INTO approval_grants (id, workspace, agent_id, agent, action_kind, target, session, approval_id, granted_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, g.workspace, g.agentId, g.agent, g.actionKind, g.target, g.session, g.approvalId, g.grantedBy, g.createdAt, g.expiresAt);
    return id;
  }

  /**
   * The live grant covering this exact action, if any. A grant names one agent, one
   * action kind and one exact target; a grant bound to a session covers only it.
   */
  findGrant(agentId: string, kind: ActionKind, target: string, session: string | null, now: Date): GrantInfo | null {
    const row: unknown = this.stmt(
      `SELECT ${GRANT_COLUMNS} FROM approval_grants WHERE agent_id = ? AND action_kind = ? AND target = ? AND revoked_at IS NULL AND expires_at > ?
        AND (session IS NULL OR session = ?) ORDER BY created_at DESC LIMIT 1`,
    ).get(agentId, kind, target, now.toISOString(), session);
    return row === undefined ? null : toGrant(row, now);
  }

  getGrant(id: string, now: Date = this.clock.now()): GrantInfo | null {
    const row: unknown = this.stmt(`SELECT ${GRANT_COLUMNS} FROM approval_grants WHERE id = ?`).get(id);
    return row === undefined ? null : toGrant(row, now);
  }

  grants(filter: { workspace?: string; all: boolean }, now: Date = this.clock.now()): GrantInfo[] {
    const rows: unknown[] = this.stmt(`SELECT ${GRANT_COLUMNS} FROM approval_grants ORDER BY created_at DESC`).all();
    return rows
      .map((r) => toGrant(r, now))
      .filter((g) => (filter.workspace === undefined || g.workspace === filter.workspace) && (filter.all || g.state === "active"));
  }

  /** Mutation: false when unknown or already revoked. */
  revokeGrant(id: string, at: string): boolean {
    return this.stmt("UPDATE approval_grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(at, id).changes === 1;
  }

  /** Mutation: withdraws every live grant of an agent (containment); returns how many. */
  revokeGrantsOf(agentId: string, at: string): number {
    return this.stmt("UPDATE approval_grants SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL").run(at, agentId).changes;
  }
}

function toApproval(row: unknown): ApprovalInfo {
  const c = columns(row);
  const scope = nullableText(c, "scope");
  return {
    id: text(c, "id"),
    workspace: text(c, "workspace"),
    agent: text(c, "agent"),
    status: approvalStatus.parse(c["status"]),
    createdAt: text(c, "created_at"),
    expiresAt: text(c, "expires_at"),
    answeredAt: nullableText(c, "answered_at"),
    answeredBy: nullableText(c, "answered_by"),
    scope: scope === null ? null : approvalScope.parse(scope),
    reason: nullableText(c, "reason"),
    context: approvalContext.parse(JSON.parse(text(c, "context"))),
  };
}

function toGrant(row: unknown, now: Date): GrantInfo {
  const c = columns(row);
  const revokedAt = nullableText(c, "revoked_at");
  const expiresAt = text(c, "expires_at");
  return {
    id: text(c, "id"),
    workspace: text(c, "workspace"),
    agent: text(c, "agent"),
    actionKind: actionKind.parse(c["action_kind"]),
    target: text(c, "target"),
    session: nullableText(c, "session"),
    approvalId: text(c, "approval_id"),
    grantedBy: text(c, "granted_by"),
    createdAt: text(c, "created_at"),
    expiresAt,
    revokedAt,
    state: revokedAt !== null ? "revoked" : Date.parse(expiresAt) <= now.getTime() ? "expired" : "active",
  };
}
