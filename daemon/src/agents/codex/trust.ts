import { createHash } from "node:crypto";
import { isObject } from "../../connect/json-file";

/**
 * Codex (0.169) runs a hook from CODEX_HOME/hooks.json only when config.toml trusts
 * it: `[hooks.state."<hooks.json path>:<event>:<group>:<handler>"] trusted_hash = …`.
 * The hash is SHA-256 over the hook's normalised identity, as compact JSON with keys
 * sorted: `{event_name, matcher?, hooks: [{type, command, timeout, async}]}` (absent
 * optional fields omitted). Checked against the real binary's `hooks/list` in
 * test/src/gate-codex.test.ts, which fails when a Codex update changes it.
 */

export const CODEX_EVENT_LABELS: Record<string, string> = {
  PreToolUse: "pre_tool_use",
  PermissionRequest: "permission_request",
  PostToolUse: "post_tool_use",
  UserPromptSubmit: "user_prompt_submit",
};

export interface CodexCommandHook {
  command: string;
  timeout: number;
}

export function codexHookHash(event: string, matcher: string | null, hook: CodexCommandHook): string {
  const label = CODEX_EVENT_LABELS[event];
  if (label === undefined) throw new Error(`no Codex label for hook event ${event}`);
  const identity = {
    event_name: label,
    ...(matcher !== null ? { matcher } : {}),
    hooks: [{ type: "command", command: hook.command, timeout: hook.timeout, async: false }],
  };
  return `sha256:${createHash("sha256").update(canonical(identity)).digest("hex")}`;
}

export function codexHookKey(hooksFile: string, event: string, group: number, handler: number): string {
  return `${hooksFile}:${CODEX_EVENT_LABELS[event] ?? event}:${group}:${handler}`;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "null";
}
