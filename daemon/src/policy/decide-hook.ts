import { DecisionResult } from "../../../protocol/src/actions";
import { WardenError } from "../../../protocol/src/errors";
import { hookInput } from "../../../protocol/src/hooks";
import { describeIssues } from "../../../protocol/src/frames";
import { builtin } from "./file-subject";
import { EngineContext, decideAction } from "./engine";
import { PolicySet, strictest } from "./layers";
import { normaliseToolCall } from "./normalise";

/**
 * One agent hook input (Claude Code's PreToolUse shape) → one decision: the
 * strictest over every action the tool call amounts to. Used by the daemon, by
 * `warden policy explain` and by `warden policy test`, so all three agree.
 */
export function decideHookInput(raw: unknown, set: PolicySet, ctx: EngineContext): DecisionResult {
  const parsed = hookInput.safeParse(raw);
  if (!parsed.success) throw new WardenError("invalid_params", `not a hook input: ${describeIssues(parsed.error)}`);
  let actions;
  try {
    actions = normaliseToolCall(parsed.data.tool_name, parsed.data.tool_input);
  } catch (err) {
    return builtin("deny", "malformed-tool-input", err instanceof Error ? err.message : String(err));
  }
  const cwd = parsed.data.cwd ?? ctx.cwd;
  const results = actions.map((a) => decideAction(set, a, { ...ctx, ...(cwd !== undefined ? { cwd } : {}) }));
  return strictest(results) ?? builtin("deny", "no-action", "the tool call amounts to no action");
}
