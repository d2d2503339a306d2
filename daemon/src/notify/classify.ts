import { AuditRecord } from "../../../protocol/src/audit";
import { JsonValue } from "../../../protocol/src/json";
import { NotifyCategory } from "../../../protocol/src/notify-methods";
import { maskSecrets } from "../mediation/mask-secrets";

/** How loud: maps to syslog severities and OpenTelemetry severity numbers. */
export type Severity = "critical" | "warning" | "notice";

export interface Classified {
  category: NotifyCategory;
  severity: Severity;
  /** One line for a person; secrets found in targets are masked (it leaves the machine). */
  summary: string;
  agent: string | null;
  owner: string | null;
}

/** The approval an answer settles, as its request recorded it (looked up by id). */
export interface ApprovedAction {
  kind: string;
  target: string;
  summary: string;
}

/** The only record kinds that can be high-risk: the scan reads nothing else. */
export const CANDIDATE_KINDS = [
  "action.decided",
  "agent.contained",
  "agent.restored",
  "policy.loosening_held",
  "policy.loosening_accepted",
  "secret.use",
  "approval.answered",
  "notify.test",
] as const;

/** Approvals that change what others see or cannot be taken back: pushes, deletions, calls out. */
const RISKY_APPROVALS = new Set(["git.push", "file.delete", "http.request", "web.search", "mcp.call"]);

const MAX_TARGET = 300;

/**
 * Decides whether one audit record is high-risk, and says why in a line. The
 * defaults: denials by a built-in protection (something went for Warden's state,
 * policy or agent settings), containment, policy loosening, secret use, and a
 * human approving a push, a deletion or an external call.
 */
export function classify(record: AuditRecord, approvedAction: (id: string) => ApprovedAction | null): Classified | null {
  const p = fields(record.payload);
  const agent = str(p["agent"]);
  const owner = str(p["owner"]);
  const by = `${record.actor.type}:${record.actor.id}`;
  const base = { agent, owner };
  switch (record.kind) {
    case "action.decided": {
      const rule = str(p["rule"]);
      if (p["decision"] !== "deny" || rule === null || !rule.startsWith("builtin:")) return null;
      const first = fields(Array.isArray(p["actions"]) ? p["actions"][0] : null);
      const what = `${str(first["kind"]) ?? "action"} ${masked(str(first["target"]) ?? "")}`;
      return { ...base, category: "protected-denial", severity: "warning", summary: `agent '${agent ?? "?"}' was denied ${what} by ${rule}` };
    }
    case "agent.contained":
      return { ...base, category: "containment", severity: "critical", summary: `agent '${agent ?? "?"}' was contained by ${by}: ${masked(str(p["reason"]) ?? "no reason given")}` };
    case "agent.restored":
      return { ...base, category: "containment", severity: "warning", summary: `agent '${agent ?? "?"}' was returned to service by ${by}: ${masked(str(p["reason"]) ?? "no reason given")}` };
    case "policy.loosening_held":
    case "policy.loosening_accepted": {
      const changes = Array.isArray(p["changes"]) ? p["changes"].filter((c) => typeof c === "string") : [];
      const state = record.kind === "policy.loosening_held" ? "is waiting for a human to accept it" : `was accepted by ${by}`;
      return { ...base, category: "policy-loosening", severity: "warning", summary: `a policy change that loosens ${record.workspace ?? "?"} ${state}: ${masked(changes.join("; "))}` };
    }
    case "secret.use": {
      const name = str(p["name"]) ?? str(p["secret"]) ?? "?";
      const where = str(p["host"]) ?? str(p["remote"]) ?? str(p["target"]);
      return { ...base, category: "secret-use", severity: "warning", summary: `secret '${name}' was used for agent '${agent ?? "?"}'${where !== null ? ` (sent to ${masked(where)})` : ""}` };
    }
    case "approval.answered": {
      const id = str(p["id"]);
      if (p["status"] !== "approved" || id === null) return null;
      const action = approvedAction(id);
      if (action === null || !RISKY_APPROVALS.has(action.kind)) return null;
      return { ...base, category: "risky-approval", severity: "warning", summary: `${by} approved ${masked(action.summary)} for agent '${agent ?? "?"}' (${id})` };
    }
    case "notify.test":
      return { ...base, category: "test", severity: "notice", summary: `test notification from ${by}${str(p["message"]) !== null ? `: ${masked(str(p["message"]) ?? "")}` : ""}` };
    default:
      return null;
  }
}

function masked(text: string): string {
  return maskSecrets(text, MAX_TARGET).text;
}

export function fields(v: JsonValue | undefined): Record<string, JsonValue> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v : {};
}

function str(v: JsonValue | undefined): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}
