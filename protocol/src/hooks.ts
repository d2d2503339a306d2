import { z } from "zod";

/**
 * What agents send their hooks (Claude Code's format, also used by Codex and by
 * VS Code's agent). Unknown extra fields are kept: agents add fields over time, and
 * only the ones below are relied on.
 */
export const hookInput = z.looseObject({
  hook_event_name: z.string().max(64).optional(),
  session_id: z.string().max(256).optional(),
  cwd: z.string().max(4096).optional(),
  tool_name: z.string().min(1).max(256),
  tool_input: z.record(z.string(), z.unknown()),
  tool_use_id: z.string().max(256).optional(),
  permission_mode: z.string().max(64).optional(),
});
export type HookInput = z.infer<typeof hookInput>;

/**
 * The events that carry no tool call (UserPromptSubmit) or a finished one
 * (PostToolUse): recorded, never decided. Loose for the same reason.
 */
export const hookEventInput = z.looseObject({
  hook_event_name: z.string().min(1).max(64),
  session_id: z.string().max(256).optional(),
  cwd: z.string().max(4096).optional(),
  tool_name: z.string().max(256).optional(),
  tool_input: z.record(z.string(), z.unknown()).optional(),
  tool_response: z.unknown().optional(),
  tool_use_id: z.string().max(256).optional(),
  prompt: z.string().optional(),
});
export type HookEventInput = z.infer<typeof hookEventInput>;
