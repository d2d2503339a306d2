import { decision } from "../../../protocol/src/actions";
import { AuditRecord } from "../../../protocol/src/audit";
import { JsonValue } from "../../../protocol/src/json";
import { ActivityRow } from "../../../protocol/src/webview";

const MAX_TARGET = 1024;
const MAX_DETAIL = 1024;

type JsonObject = { [key: string]: JsonValue };

function asObject(value: JsonValue): JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
}

function text(value: JsonValue | undefined): string | null {
  return typeof value === "string" ? value : null;
}

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** The first `{kind, target}` of an `actions` array, as the daemon records tool calls. */
function firstAction(payload: JsonObject): { kind: string | null; target: string; more: number } {
  const actions = payload["actions"];
  if (!Array.isArray(actions) || actions.length === 0) return { kind: null, target: "", more: 0 };
  const first = asObject(actions[0] ?? null);
  // The broker's records carry plain target strings instead of {kind, target}.
  if (typeof actions[0] === "string") return { kind: null, target: actions[0], more: actions.length - 1 };
  return { kind: text(first["kind"]), target: text(first["target"]) ?? "", more: actions.length - 1 };
}

/**
 * One audit record as one row of the activity log. Records of kinds this does not
 * know still get a row (kind, actor, a compact payload) — the log shows everything.
 */
export function toActivityRow(record: AuditRecord): ActivityRow {
  const payload = asObject(record.payload);
  const agent = text(payload["agent"]) ?? (record.actor.type === "agent" ? record.actor.id : null);
  const row: ActivityRow = { seq: record.seq, ts: record.ts, kind: record.kind, agent, decision: null, action: null, target: "", detail: "", ok: null };
  switch (record.kind) {
    case "action.decided": {
      const first = firstAction(payload);
      const parsed = decision.safeParse(payload["decision"]);
      row.decision = parsed.success ? parsed.data : null;
      row.action = first.kind;
      row.target = first.target + (first.more > 0 ? ` (+${first.more} more)` : "");
      const rule = text(payload["rule"]);
      row.detail = `${text(payload["tool"]) ?? text(payload["via"]) ?? ""}${rule !== null ? ` · ${rule}` : ""} · ${text(payload["reason"]) ?? ""}`;
      break;
    }
    case "action.result": {
      row.ok = typeof payload["ok"] === "boolean" ? payload["ok"] : null;
      row.target = text(payload["summary"]) ?? text(payload["tool"]) ?? "";
      row.detail = text(payload["error"]) ?? text(payload["output"]) ?? "";
      break;
    }
    case "approval.requested":
      row.decision = "ask";
      row.action = text(payload["action"]);
      row.target = text(payload["target"]) ?? "";
      row.detail = `${text(payload["summary"]) ?? ""} · ${text(payload["id"]) ?? ""}`;
      break;
    case "approval.answered":
    case "approval.expired":
      row.target = text(payload["id"]) ?? "";
      row.detail = `${text(payload["status"]) ?? record.kind.slice("approval.".length)} by ${record.actor.id}${text(payload["reason"]) !== null ? `: ${text(payload["reason"])}` : ""}`;
      break;
    default:
      row.target = agent !== null ? agent : record.actor.id;
      row.detail = JSON.stringify(record.payload);
  }
  row.target = clip(row.target, MAX_TARGET);
  row.detail = clip(row.detail, MAX_DETAIL);
  return row;
}
