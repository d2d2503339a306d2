import { Action, DecisionResult } from "../../../protocol/src/actions";
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
  return decideHookInputWithActions(raw, set, ctx).decision;
}

/** The same, also returning the actions the call amounted to (for the audit record). */
export function decideHookInputWithActions(raw: unknown, set: PolicySet, ctx: EngineContext): { decision: DecisionResult; actions: Action[] } {
  const parsed = hookInput.safeParse(raw);
  if (!parsed.success) throw new WardenError("invalid_params", `not a hook input: ${describeIssues(parsed.error)}`);
  let actions: Action[];
  try {
    actions = normaliseToolCall(parsed.data.tool_name, parsed.data.tool_input);
  } catch (err) {
    return { decision: builtin("deny", "malformed-tool-input", err instanceof Error ? err.message : String(err)), actions: [] };
  }
  const cwd = parsed.data.cwd ?? ctx.cwd;
  const results = actions.map((a) => decideAction(set, a, { ...ctx, ...(cwd !== undefined ? { cwd } : {}) }));
  return { decision: strictest(results) ?? builtin("deny", "no-action", "the tool call amounts to no action"), actions };
}
