import { AuditRecord } from "../../../../protocol/src/audit";
import { ReportEntry } from "../../../../protocol/src/incident-methods";
import { JsonValue } from "../../../../protocol/src/json";
import { masked, str } from "./entries";

type IdentityEntry = Extract<ReportEntry, { type: "identity" }>;

/**
 * Identity, credential and response events about the agent, one line each:
 * who created, suspended, contained or restored it, which tokens were issued,
 * refused or revoked, what a human restored from the trash. Null for records that
 * are not such an event (prompts, hook events).
 */
export function identityEntry(r: AuditRecord, p: Record<string, JsonValue>): IdentityEntry | null {
  const detail = describe(r.kind, p);
  if (detail === null) return null;
  return { type: "identity", seq: r.seq, ts: r.ts, kind: r.kind, by: `${r.actor.type}:${r.actor.id}`, detail: masked(detail) };
}

function describe(kind: string, p: Record<string, JsonValue>): string | null {
  const reason = str(p["reason"]);
  const why = reason !== null ? `: ${reason}` : "";
  switch (kind) {
    case "agent.created":
      return `created (${str(p["kind"]) ?? "?"}, role ${str(p["role"]) ?? "?"}, owner ${str(p["owner"]) ?? "?"}): ${str(p["purpose"]) ?? ""}`;
    case "agent.suspended":
      return `suspended${why}`;
    case "agent.resumed":
      return "resumed";
    case "agent.revoked":
      return `revoked${why}`;
    case "agent.contained":
      return `contained${why}; ${num(p["tokensRevoked"])} tokens and ${num(p["grantsRevoked"])} grants revoked`;
    case "agent.restored":
      return `returned to service${why}`;
    case "incident.snapshot":
      return `evidence snapshot ${str(p["folder"]) ?? "?"} (head #${num(p["headSeq"])}, ${p["verified"] === true ? "verified" : "NOT verified"}; ${num(p["processesKilled"])} processes killed)`;
    case "token.issued":
      return `token ${str(p["tokenId"]) ?? "?"} issued, expires ${str(p["expiresAt"]) ?? "?"}`;
    case "token.revoked":
      return `token ${str(p["tokenId"]) ?? "?"} revoked`;
    case "token.refused":
      return `token refused (${str(p["code"]) ?? "?"})`;
    case "trash.restored":
      return `${str(p["path"]) ?? "?"} restored from the trash (${str(p["id"]) ?? "?"})`;
    default:
      return kind.startsWith("agent.") ? kind.slice("agent.".length) : null;
  }
}

function num(v: JsonValue | undefined): string {
  return typeof v === "number" ? String(v) : "?";
}
