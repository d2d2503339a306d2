import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { columns, nullableText, text } from "../state/sql-row";
import { StatementCache } from "../state/statement-cache";
import { AgentInfo, AgentKind, AgentRole, AgentStatus, TokenRefusal, agentKind, agentRole, agentStatus } from "../../../protocol/src/agents";
import { TokenInfo } from "../../../protocol/src/methods";
import { parseToken, secretMatches } from "./tokens";
import { TrustedClock } from "../trusted-clock";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS agents (
  id            TEXT PRIMARY KEY,
  workspace     TEXT NOT NULL,
  name          TEXT NOT NULL,
  kind          TEXT NOT NULL,
  owner         TEXT NOT NULL,
  purpose       TEXT NOT NULL,
  role          TEXT NOT NULL,
  status        TEXT NOT NULL,
  status_reason TEXT,
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  expires_at    TEXT,
  -- Names stay taken after revocation, so a name in the audit log means one identity.
  UNIQUE (workspace, name)
);
CREATE TABLE IF NOT EXISTS agent_tokens (
  id          TEXT PRIMARY KEY,
  agent_id    TEXT NOT NULL REFERENCES agents(id),
  secret_hash TEXT NOT NULL,
  issued_at   TEXT NOT NULL,
  issued_by   TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  revoked_at  TEXT
);
CREATE INDEX IF NOT EXISTS agent_tokens_agent ON agent_tokens(agent_id);
`;

export interface NewAgent {
  workspace: string;
  name: string;
  kind: AgentKind;
  owner: string;
  purpose: string;
  role: AgentRole;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
}

export type TokenCheck =
  | { ok: true; agent: AgentInfo; tokenId: string; /** The human who issued it: the requester of all done with it. */ issuedBy: string }
  | { ok: false; code: TokenRefusal; tokenId: string | null; agent: AgentInfo | null };

const AGENT_COLUMNS = "id, workspace, name, kind, owner, purpose, role, status, status_reason, created_at, created_by, expires_at";

/**
 * Agent identities and their tokens, kept in the daemon's database beside the
 * audit log. Mutations are meant to run inside an audit writer job, so each change
 * and the record describing it commit together.
 */
export class AgentStore {
  /** Statements are prepared once: a token is re-checked on every agent request. */
  private readonly statements: StatementCache;

  /** `clock`: expiry is judged against time that never runs backwards (see TrustedClock). */
  constructor(
    db: Database.Database,
    readonly clock: TrustedClock,
  ) {
    db.exec(SCHEMA);
    this.statements = new StatementCache(db);
  }

  private stmt(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  get(workspace: string, name: string, now: Date = this.clock.now()): AgentInfo | null {
    const row: unknown = this.stmt(`SELECT ${AGENT_COLUMNS} FROM agents WHERE workspace = ? AND name = ?`).get(workspace, name);
    return row === undefined ? null : this.toInfo(row, now);
  }

  getById(id: string, now: Date = this.clock.now()): AgentInfo | null {
    const row: unknown = this.stmt(`SELECT ${AGENT_COLUMNS} FROM agents WHERE id = ?`).get(id);
    return row === undefined ? null : this.toInfo(row, now);
  }

  list(workspace: string | undefined, now: Date = this.clock.now()): AgentInfo[] {
    const rows: unknown[] =
      workspace === undefined
        ? this.stmt(`SELECT ${AGENT_COLUMNS} FROM agents ORDER BY workspace, name`).all()
        : this.stmt(`SELECT ${AGENT_COLUMNS} FROM agents WHERE workspace = ? ORDER BY name`).all(workspace);
    return rows.map((r) => this.toInfo(r, now));
  }

  tokensOf(agent: AgentInfo, now: Date = this.clock.now()): TokenInfo[] {
    const rows: unknown[] = this.stmt("SELECT id, issued_at, issued_by, expires_at, revoked_at FROM agent_tokens WHERE agent_id = ? ORDER BY issued_at")
      .all(agent.id);
    return rows.map((r) => {
      const t = columns(r);
      const revokedAt = nullableText(t, "revoked_at");
      const expiresAt = text(t, "expires_at");
      return {
        id: text(t, "id"),
        agent: agent.name,
        issuedAt: text(t, "issued_at"),
        issuedBy: text(t, "issued_by"),
        expiresAt,
        revokedAt,
        state: revokedAt !== null ? "revoked" : Date.parse(expiresAt) <= now.getTime() ? "expired" : "active",
      };
    });
  }

  /** Mutation: creates the identity and returns its id. */
  insert(agent: NewAgent): string {
    const id = `agt_${randomBytes(6).toString("hex")}`;
    this.stmt(`INSERT INTO agents (${AGENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 'active', NULL, ?, ?, ?)`)
      .run(id, agent.workspace, agent.name, agent.kind, agent.owner, agent.purpose, agent.role, agent.createdAt, agent.createdBy, agent.expiresAt);
    return id;
  }

  /** Mutation. */
  setStatus(agentId: string, status: AgentStatus, reason: string | null): void {
    this.stmt("UPDATE agents SET status = ?, status_reason = ? WHERE id = ?").run(status, reason, agentId);
  }

  /** Mutation. */
  insertToken(token: { id: string; agentId: string; secretHash: string; issuedAt: string; issuedBy: string; expiresAt: string }): void {
    this.stmt("INSERT INTO agent_tokens (id, agent_id, secret_hash, issued_at, issued_by, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(token.id, token.agentId, token.secretHash, token.issuedAt, token.issuedBy, token.expiresAt);
  }

  /** Mutation: revokes every live token of the agent; returns how many. */
  revokeTokensOf(agentId: string, at: string): number {
    return this.stmt("UPDATE agent_tokens SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL").run(at, agentId).changes;
  }

  /** Mutation: revokes one token; returns the agent it belonged to, or null if unknown or already revoked. */
  revokeToken(tokenId: string, at: string): string | null {
    const row: unknown = this.stmt("SELECT agent_id FROM agent_tokens WHERE id = ? AND revoked_at IS NULL").get(tokenId);
    if (row === undefined) return null;
    this.stmt("UPDATE agent_tokens SET revoked_at = ? WHERE id = ?").run(at, tokenId);
    return text(columns(row), "agent_id");
  }

  /**
   * Checks a presented token. Every way a token can be no good has its own code,
   * checked in an order that never reveals more than the holder already knows:
   * a token whose secret does not match is just "unknown".
   */
  check(value: string, now: Date = this.clock.now()): TokenCheck {
    const parsed = parseToken(value);
    if (parsed === null) return { ok: false, code: "token_unknown", tokenId: null, agent: null };
    const row: unknown = this.stmt("SELECT agent_id, secret_hash, expires_at, revoked_at, issued_by FROM agent_tokens WHERE id = ?").get(parsed.id);
    if (row === undefined) return { ok: false, code: "token_unknown", tokenId: null, agent: null };
    const t = columns(row);
    // Attack: a guessed or forged secret for a real token id.
    if (!secretMatches(parsed.secret, text(t, "secret_hash"))) return { ok: false, code: "token_unknown", tokenId: null, agent: null };
    const agent = this.getById(text(t, "agent_id"), now);
    const refuse = (code: TokenRefusal): TokenCheck => ({ ok: false, code, tokenId: parsed.id, agent });
    if (agent === null) return refuse("token_unknown");
    // Containment revokes the tokens too; the refusal names the containment, which is what a responder looks for.
    if (agent.status === "contained") return refuse("agent_contained");
    if (nullableText(t, "revoked_at") !== null) return refuse("token_revoked");
    if (agent.status === "revoked") return refuse("agent_revoked");
    if (agent.status === "suspended") return refuse("agent_suspended");
    if (agent.expiresAt !== null && Date.parse(agent.expiresAt) <= now.getTime()) return refuse("agent_expired");
    if (Date.parse(text(t, "expires_at")) <= now.getTime()) return refuse("token_expired");
    return { ok: true, agent, tokenId: parsed.id, issuedBy: text(t, "issued_by") };
  }

  private toInfo(row: unknown, now: Date): AgentInfo {
    const c = columns(row);
    const id = text(c, "id");
    const active: unknown = this.stmt("SELECT count(*) FROM agent_tokens WHERE agent_id = ? AND revoked_at IS NULL AND expires_at > ?")
      .pluck()
      .get(id, now.toISOString());
    return {
      id,
      workspace: text(c, "workspace"),
      name: text(c, "name"),
      kind: agentKind.parse(c["kind"]),
      owner: text(c, "owner"),
      purpose: text(c, "purpose"),
      role: agentRole.parse(c["role"]),
      status: agentStatus.parse(c["status"]),
      statusReason: nullableText(c, "status_reason"),
      createdAt: text(c, "created_at"),
      createdBy: text(c, "created_by"),
      expiresAt: nullableText(c, "expires_at"),
      activeTokens: typeof active === "number" ? active : 0,
    };
  }
}
