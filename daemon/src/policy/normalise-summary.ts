import { Action } from "../../../protocol/src/actions";
import { JsonValue } from "../../../protocol/src/json";

/**
 * What an audit record keeps of a tool call: the tool, the session, and each
 * action's kind and target (cut to `maxTarget` characters). Never file contents.
 */
export function normaliseSummary(input: Record<string, unknown>, actions: readonly Action[], maxTarget: number): Record<string, JsonValue> {
  const text = (k: string): string | null => (typeof input[k] === "string" ? String(input[k]).slice(0, 256) : null);
  return {
    tool: text("tool_name") ?? "?",
    actions: actions.map((a) => ({
      kind: a.kind,
      target: a.target.length > maxTarget ? `${a.target.slice(0, maxTarget)}… (${a.target.length} characters)` : a.target,
    })),
    sessionId: text("session_id"),
    toolUseId: text("tool_use_id"),
    event: text("hook_event_name"),
  };
}
