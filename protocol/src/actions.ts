import { z } from "zod";
import { jsonValue } from "./json";
import { MAX_SHORT_STRING } from "./limits";

/**
 * The normalised form of every tool call, whichever agent made it. Policy, the
 * audit log and the extension all speak in these.
 */
export const ACTION_KINDS = [
  "file.read",
  "file.write",
  "file.delete",
  "shell.exec",
  "git.commit",
  "git.push",
  "http.request",
  "web.search",
  "mcp.call",
  "secret.use",
  "policy.change",
  /** A tool Warden does not know: policy can address it, and nothing allows it by default. */
  "tool.unknown",
] as const;
export const actionKind = z.enum(ACTION_KINDS);
export type ActionKind = z.infer<typeof actionKind>;

export const action = z.strictObject({
  kind: actionKind,
  /** What it acts on: a path, a command line, a URL, `server/tool`. */
  target: z.string().max(256 * 1024),
  /** The agent's own tool name (`Bash`, `exec_command`, `mcp__github__create_issue`). */
  tool: z.string().max(MAX_SHORT_STRING),
  details: z.record(z.string(), jsonValue),
});
export type Action = z.infer<typeof action>;

/** allow+log: allowed, and audited as notable. Strictness order: deny > ask > allow+log > allow. */
export const decision = z.enum(["allow", "allow+log", "ask", "deny"]);
export type Decision = z.infer<typeof decision>;

const STRICTNESS: Record<Decision, number> = { allow: 0, "allow+log": 1, ask: 2, deny: 3 };

export function stricter(a: Decision, b: Decision): Decision {
  return STRICTNESS[a] >= STRICTNESS[b] ? a : b;
}

export function isStricterThan(a: Decision, b: Decision): boolean {
  return STRICTNESS[a] > STRICTNESS[b];
}

/** Why a decision was made: the rule, where it is written, and a sentence for humans. */
export const decisionResult = z.strictObject({
  decision,
  rule: z.string().nullable(),
  /** `file:line` of the rule (or `builtin` for built-in protections), null when no rule matched. */
  source: z.string().nullable(),
  reason: z.string(),
});
export type DecisionResult = z.infer<typeof decisionResult>;
