// What the scripted model says, turn by turn, and the small JSON helpers the
// model server and the harness use to read what the real CLIs send without casts.

/** One tool call the model makes: the agent's own tool name and its input. */
export interface ToolCall {
  tool: string;
  input: Record<string, unknown>;
  /** Codex groups MCP tools in namespaces (`mcp__warden`); a call names the namespace beside the tool. */
  namespace?: string;
}

/**
 * One model turn: either tool calls (the agent runs them and comes back) or the
 * final text. `before` runs before the turn is answered (e.g. a test stopping the
 * daemon between two tool calls of one session).
 */
export type Turn = ({ type: "tools"; calls: ToolCall[] } | { type: "text"; text: string }) & { before?: () => Promise<void> };

/** Shorthand for a turn of tool calls. */
export function tools(...calls: ToolCall[]): Turn {
  return { type: "tools", calls };
}

/** The same turn, answered only after `fn` has run. */
export function after(fn: () => Promise<void>, turn: Turn): Turn {
  return { ...turn, before: fn };
}

/** Shorthand for the closing text turn. */
export function say(text: string): Turn {
  return { type: "text", text };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows keys through nested objects; undefined as soon as one is missing. */
export function field(value: unknown, ...keys: string[]): unknown {
  let v = value;
  for (const k of keys) v = isRecord(v) ? v[k] : undefined;
  return v;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** JSON.parse that never throws: undefined for text that is not JSON. */
export function parseJson(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch {
    return undefined;
  }
}
