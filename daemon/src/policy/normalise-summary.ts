import { JsonValue } from "../../../protocol/src/json";
import { normaliseToolCall } from "./normalise";

/**
 * What an audit record keeps of a tool call: the tool, the session, and each
 * action's kind and target (cut to `maxTarget` characters). Never file contents.
 */
export function normaliseSummary(input: Record<string, unknown>, maxTarget: number): Record<string, JsonValue> {
  const tool = typeof input["tool_name"] === "string" ? input["tool_name"] : "?";
  const toolInput = input["tool_input"];
  let actions: JsonValue = null;
  try {
    if (typeof toolInput === "object" && toolInput !== null && !Array.isArray(toolInput)) {
      actions = normaliseToolCall(tool, Object.fromEntries(Object.entries(toolInput))).map((a) => ({
        kind: a.kind,
        target: a.target.length > maxTarget ? `${a.target.slice(0, maxTarget)}… (${a.target.length} characters)` : a.target,
      }));
    }
  } catch {
    actions = null; // malformed input: the decision (a deny) says why
  }
  const text = (k: string): string | null => (typeof input[k] === "string" ? String(input[k]).slice(0, 256) : null);
  return { tool, actions, sessionId: text("session_id"), toolUseId: text("tool_use_id"), event: text("hook_event_name") };
}
