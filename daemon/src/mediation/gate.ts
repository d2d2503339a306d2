import { WardenError } from "../../../protocol/src/errors";
import { describeIssues } from "../../../protocol/src/frames";
import { hookEventInput } from "../../../protocol/src/hooks";
import { JsonValue } from "../../../protocol/src/json";
import { describeGateAction } from "../approvals/describe-gate";
import { AuditWriter } from "../audit/writer";
import { toolCallOf } from "../policy/decide-hook";
import { normaliseSummary } from "../policy/normalise-summary";
import { ShellParser } from "../policy/shell/types";
import { screenPrompt, type PromptSecretAction } from "../secrets/scan/prompt-screen";
import { maskSecrets } from "./mask-secrets";
import { RecentApprovals } from "./recent-approvals";
import { AgentCaller, MediationOutcome, Mediator } from "./types";
import { SHELL_GATE_EVENT } from "../../../protocol/src/hook-events";
import { SANDBOX_BLOCKED_EVENT } from "../../../protocol/src/sandbox";
import { sandboxBlocks } from "../sandbox/blocks-record";

export interface GateContext {
  mediator: Mediator;
  writer: AuditWriter;
  shell: ShellParser;
  recent: RecentApprovals;
  /** What a prompt holding a high-confidence secret gets in this workspace; absent: block. */
  promptSecrets?: (workspace: string) => PromptSecretAction;
}

/** Longest target kept in an audit record summary. */
const MAX_AUDITED_TARGET = 4096;
/** Longest prompt or tool output kept in the log (after masking secrets). */
const MAX_RECORDED_TEXT = 16 * 1024;

/**
 * Decides one of the agent's own tool calls, given as its hook input (Claude
 * Code's format, also Codex's and VS Code's). Used by `actions/decide` (command
 * hooks, the shell gate) and the HTTP hook endpoint, so every gate path decides
 * alike. Malformed input for a known tool is refused, never guessed at.
 */
export async function gateToolCall(ctx: GateContext, caller: AgentCaller, workspace: string, raw: unknown, signal?: AbortSignal): Promise<MediationOutcome> {
  // Read exactly as `warden policy explain` reads it (decide-hook.ts), so both name the same rule.
  const { input, actions, refusal, cwd } = toolCallOf(raw, workspace);
  const session = input.session_id ?? null;
  const command = input.tool_name === "Bash" && typeof input.tool_input["command"] === "string" ? input.tool_input["command"] : null;
  const outcome = await ctx.mediator.mediate({
    caller: { ...caller, session },
    workspace,
    actions,
    cwd,
    via: "gate",
    audit: normaliseSummary(input, actions, MAX_AUDITED_TARGET),
    describe: (action) => describeGateAction(action, input.tool_input, { workspace, cwd, shell: ctx.shell }),
    ...(refusal !== null ? { refusal } : {}),
    ...(signal !== undefined ? { signal } : {}),
    // The shell gate sees the command the PreToolUse hook just had approved: no second question.
    ...(command !== null && input.hook_event_name === SHELL_GATE_EVENT ? { alreadyApproved: () => ctx.recent.take(caller.agent.id, command) } : {}),
    // The shell gate runs the command it asks about: it is held in the sandbox this decision plans.
    ...(input.hook_event_name === SHELL_GATE_EVENT ? { sandboxed: true } : {}),
  });
  if (command !== null && input.hook_event_name === "PreToolUse" && outcome.approvalId !== null && outcome.decision.decision !== "deny") {
    ctx.recent.remember(caller.agent.id, command, outcome.approvalId);
  }
  return outcome;
}

/**
 * Records a hook event that decides nothing: a tool's result (PostToolUse) or a
 * prompt (UserPromptSubmit). Secret values found in the text are masked first:
 * the audit log can never be edited, so a secret written there would stay.
 */
export async function recordHookEvent(ctx: GateContext, caller: AgentCaller, workspace: string, raw: unknown): Promise<number> {
  return (await record(ctx, caller, workspace, raw, false)).seq;
}

/**
 * recordHookEvent for a caller that can refuse the event (the HTTP hook endpoint):
 * a prompt holding a high-confidence secret comes back with the reason to block it,
 * and its record says it was blocked.
 */
export async function screenHookEvent(ctx: GateContext, caller: AgentCaller, workspace: string, raw: unknown): Promise<{ seq: number; block: string | null }> {
  return record(ctx, caller, workspace, raw, true);
}

async function record(ctx: GateContext, caller: AgentCaller, workspace: string, raw: unknown, screen: boolean): Promise<{ seq: number; block: string | null }> {
  const parsed = hookEventInput.safeParse(raw);
  if (!parsed.success) throw new WardenError("invalid_params", `not a hook input: ${describeIssues(parsed.error)}`);
  const input = parsed.data;
  const event = input.hook_event_name;
  const payload: Record<string, JsonValue> = {
    agent: caller.agent.name,
    owner: caller.agent.owner,
    requester: caller.requester,
    event,
    sessionId: input.session_id ?? null,
  };
  let kind: string;
  let block: string | null = null;
  if (event === "UserPromptSubmit") {
    kind = "prompt.submitted";
    const prompt = maskSecrets(input.prompt ?? "", MAX_RECORDED_TEXT);
    payload["prompt"] = prompt.text;
    payload["promptChars"] = (input.prompt ?? "").length;
    payload["secretsMasked"] = prompt.findings;
    if (screen) {
      const verdict = screenPrompt(input.prompt ?? "", ctx.promptSecrets?.(workspace) ?? "block");
      block = verdict.block;
      payload["blocked"] = block !== null;
      payload["secretKinds"] = verdict.kinds;
    }
  } else if (event === "PostToolUse") {
    kind = "action.result";
    const response = typeof input.tool_response === "string" ? input.tool_response : JSON.stringify(input.tool_response ?? null);
    const output = maskSecrets(response, MAX_RECORDED_TEXT);
    payload["tool"] = input.tool_name ?? null;
    payload["toolUseId"] = input.tool_use_id ?? null;
    payload["output"] = output.text;
    payload["outputChars"] = response.length;
    payload["secretsMasked"] = output.findings;
  } else if (event === SANDBOX_BLOCKED_EVENT) {
    kind = "sandbox.blocked";
    payload["tool"] = input.tool_name ?? null;
    payload["command"] = maskSecrets(typeof input.tool_input?.["command"] === "string" ? input.tool_input["command"] : "", MAX_AUDITED_TARGET).text;
    payload["blocked"] = sandboxBlocks(input["blocked"]);
  } else {
    kind = "agent.hook_event";
  }
  const [record] = await ctx.writer.append([{ actor: caller.principal, workspace, kind, payload }]);
  if (record === undefined) throw new WardenError("internal", "the event was not recorded");
  return { seq: record.seq, block };
}
