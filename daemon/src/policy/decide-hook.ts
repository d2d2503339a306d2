import path from "node:path";
import { Action, DecisionResult } from "../../../protocol/src/actions";
import { WardenError } from "../../../protocol/src/errors";
import { HookInput, hookInput } from "../../../protocol/src/hooks";
import { describeIssues } from "../../../protocol/src/frames";
import { builtin } from "./file-subject";
import { EngineContext, decideAction } from "./engine";
import { PolicySet, strictest } from "./layers";
import { normaliseToolCall } from "./normalise";

/**
 * The one place a tool call is decided by policy. The daemon's mediator (every
 * gate and broker call), `warden policy explain` and `warden policy test` all come
 * through `decideActions`, and every hook input is read by `toolCallOf`, so the rule
 * `explain` names is the rule the audit log records for the same input: tie-breaks
 * and the resolution of a relative `cwd` exist once, here.
 */

/** One hook input read as Warden sees it: the actions it amounts to and where relative paths start. */
export interface ToolCall {
  input: HookInput;
  actions: Action[];
  /** Malformed input for a known tool: decided before policy looks, never guessed at. */
  refusal: DecisionResult | null;
  /** Absolute: the input's own cwd when absolute, else the workspace. */
  cwd: string;
}

export interface Decided {
  result: DecisionResult;
  /** The action that decided (the strictest), null when none did (a refusal, or no action). */
  action: Action | null;
}

export function toolCallOf(raw: unknown, workspace: string): ToolCall {
  const parsed = hookInput.safeParse(raw);
  if (!parsed.success) throw new WardenError("invalid_params", `not a hook input: ${describeIssues(parsed.error)}`);
  const input = parsed.data;
  let actions: Action[];
  let refusal: DecisionResult | null = null;
  try {
    actions = normaliseToolCall(input.tool_name, input.tool_input);
  } catch (err) {
    actions = [];
    refusal = builtin("deny", "malformed-tool-input", err instanceof Error ? err.message : String(err));
  }
  // A cwd outside the workspace is still used for relative paths, so they resolve where
  // the agent would act (and are refused there), not where Warden would like them to.
  // A relative cwd names no place (it would resolve against the daemon's own cwd): the workspace stands in.
  const cwd = input.cwd !== undefined && path.isAbsolute(input.cwd) ? input.cwd : workspace;
  return { input, actions, refusal, cwd };
}

/**
 * The strictest decision over every action a call amounts to. Ties go to the first
 * action, except that a named rule explains better than a layer default
 * (`bash -c "rm -rf src"` shows the rule that asks about rm, not the default).
 */
export function decideActions(set: PolicySet, actions: readonly Action[], refusal: DecisionResult | null, ctx: EngineContext): Decided {
  if (refusal !== null) return { result: refusal, action: null };
  const decided = actions.map((action) => ({ action, result: decideAction(set, action, ctx) }));
  const best = strictest(decided.map((d) => d.result));
  const winner = decided.find((d) => d.result === best);
  return winner ?? { result: builtin("deny", "no-action", "the call amounts to no action"), action: null };
}

/**
 * One hook input → one decision, as `warden policy explain` and `warden policy test`
 * show it: read and decided exactly as the daemon's gate does (see gate.ts).
 */
export function decideHookInput(raw: unknown, set: PolicySet, ctx: EngineContext): DecisionResult {
  const call = toolCallOf(raw, ctx.workspace);
  return decideActions(set, call.actions, call.refusal, { ...ctx, cwd: call.cwd }).result;
}
