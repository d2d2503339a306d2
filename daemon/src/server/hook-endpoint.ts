import type { IncomingMessage, ServerResponse } from "node:http";
import { DecisionResult } from "../../../protocol/src/actions";
import { toWardenError } from "../../../protocol/src/errors";
import { GateContext, gateToolCall, screenHookEvent } from "../mediation/gate";
import { AgentCaller } from "../mediation/types";
import { SHELL_GATE_EVENT } from "../../../protocol/src/hook-events";
import { readJsonBody, sendJson } from "./http-body";

/** Hook inputs carry a tool's whole input (a file's content for Write): generous, but bounded. */
const MAX_HOOK_BODY = 8 * 1024 * 1024;

/**
 * Claude Code's HTTP hook (`POST /hooks/claude-code`): the same JSON a command hook
 * gets, answered in the same format, with no process started per call. Configured
 * with `onFailure: "block"`, so any non-2xx answer, a timeout or the daemon being
 * down blocks the tool call: every error here is an error status, never an allow.
 * Warden's own command hooks and shell gate post here too, over the Unix socket.
 */
export async function serveClaudeHook(ctx: GateContext, req: IncomingMessage, res: ServerResponse, caller: AgentCaller, workspace: string): Promise<void> {
  if (req.method !== "POST") {
    sendJson(res, 405, { error: "POST the hook input here" });
    return;
  }
  // The agent hanging up while a human is asked denies the request.
  const gone = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) gone.abort();
  });
  try {
    const input = await readJsonBody(req, MAX_HOOK_BODY);
    const event = typeof input === "object" && input !== null && "hook_event_name" in input ? input.hook_event_name : undefined;
    if (event === "PreToolUse" || event === SHELL_GATE_EVENT) {
      const outcome = await gateToolCall(ctx, caller, workspace, input, gone.signal);
      sendJson(res, 200, {
        hookSpecificOutput: { hookEventName: event, permissionDecision: isAllowed(outcome.decision) ? "allow" : "deny", permissionDecisionReason: explain(outcome.decision) },
        // Warden's own shell gate runs an allowed command in the sandbox planned with the decision.
        ...(event === SHELL_GATE_EVENT && outcome.sandbox !== null ? { warden: { sandbox: outcome.sandbox } } : {}),
      });
    } else if (event === "PermissionRequest") {
      // Where Claude Code would ask the user, Warden's approval flow answers.
      const outcome = await gateToolCall(ctx, caller, workspace, input, gone.signal);
      sendJson(res, 200, {
        hookSpecificOutput: {
          hookEventName: "PermissionRequest",
          decision: isAllowed(outcome.decision) ? { behavior: "allow" } : { behavior: "deny", message: explain(outcome.decision) },
        },
      });
    } else {
      // UserPromptSubmit: Claude Code's block format stops the prompt and shows the reason to the user.
      const { block } = await screenHookEvent(ctx, caller, workspace, input);
      sendJson(res, 200, block === null ? {} : { decision: "block", reason: block });
    }
  } catch (err) {
    const e = toWardenError(err);
    sendJson(res, e.code === "frame_too_large" ? 413 : e.code === "invalid_params" ? 400 : 500, { error: `Warden could not decide this call, so it is blocked: ${e.message}` });
  }
}

function isAllowed(d: DecisionResult): boolean {
  return d.decision === "allow" || d.decision === "allow+log";
}

/** What the model reads: the verdict, the rule and where it is written. */
export function explain(d: DecisionResult): string {
  const where = d.rule === null ? "" : ` (rule ${d.rule}${d.source !== null ? `, ${d.source}` : ""})`;
  return `Warden ${isAllowed(d) ? "allowed" : "denied"} this${where}: ${d.reason}`;
}
