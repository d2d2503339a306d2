import http from "node:http";
import { WardenError } from "../../../protocol/src/errors";
import { HOOK_ROUTE, WORKSPACE_HEADER } from "../../../protocol/src/http-routes";
import { MAX_FRAME_BYTES } from "../../../protocol/src/limits";
import { SHELL_GATE_EVENT } from "../../../protocol/src/hook-events";
import { SandboxDirective, parseSandboxDirective } from "../../../protocol/src/sandbox";

/**
 * One hook input to the daemon for a short-lived process (a command hook, the shell
 * gate): POSTed to the same endpoint Claude Code's HTTP hooks use, over the daemon's
 * Unix socket, so both kinds of hook are decided by one code path.
 *
 * Why plain HTTP and no client library: agents start a hook on every tool call and
 * start-up is most of its cost. Measured against `node -e 0` (50 ms): zod and the
 * method schemas +60 ms, the `ws` library +10–16 ms; node:http is built in. The
 * answer is checked by hand, never trusted for its shape.
 */

export interface RequestTarget {
  socketPath: string;
  token: string;
  /** Absolute time (ms since epoch) after which the request fails with `timeout`. */
  deadline: number;
}

/** The daemon's verdict on a decided event (PreToolUse, PermissionRequest, ShellGate), or a recorded one. */
export type HookVerdict = { kind: "decided"; allowed: boolean; reason: string; sandbox?: SandboxDirective } | { kind: "recorded" } | { kind: "blocked"; reason: string };

export async function postHook(target: RequestTarget, workspace: string, input: Record<string, unknown>): Promise<HookVerdict> {
  const body = JSON.stringify(input);
  if (Buffer.byteLength(body, "utf8") > MAX_FRAME_BYTES * 8) {
    throw new WardenError("frame_too_large", `the hook input is larger than the daemon accepts (${MAX_FRAME_BYTES * 8} bytes)`);
  }
  const answer = await exchange(target, workspace, body);
  return verdictOf(input["hook_event_name"], answer);
}

function exchange(target: RequestTarget, workspace: string, body: string): Promise<{ status: number; body: unknown }> {
  const where = target.socketPath;
  const remaining = Math.max(1, target.deadline - Date.now());
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: WardenError | null, value?: { status: number; body: unknown }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      if (err !== null) reject(err);
      else if (value !== undefined) resolve(value);
    };
    const req = http.request({
      socketPath: target.socketPath,
      path: HOOK_ROUTE,
      method: "POST",
      headers: { Authorization: `Bearer ${target.token}`, [WORKSPACE_HEADER]: encodeURIComponent(workspace), "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
    });
    // A daemon that accepts and never answers (or a peer impersonating one) must
    // not hold the agent's tool call past our own deadline.
    const timer = setTimeout(() => finish(new WardenError("timeout", `no answer from the daemon within ${remaining} ms`)), remaining);
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT" || err.code === "ECONNREFUSED") finish(new WardenError("not_running", `no daemon is listening at ${where}`));
      else finish(new WardenError("daemon_unreachable", `cannot talk to the daemon at ${where}: ${err.message}`));
    });
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (text.length <= 64 * 1024) text += chunk;
      });
      res.on("end", () => finish(null, { status: res.statusCode ?? 0, body: parseJson(text) }));
      res.on("error", () => finish(new WardenError("disconnected", "the daemon closed the connection before answering")));
    });
    req.end(body);
  });
}

function verdictOf(event: unknown, answer: { status: number; body: unknown }): HookVerdict {
  const error = field(answer.body, "error");
  const message = typeof error === "string" ? error : `HTTP ${answer.status}`;
  if (answer.status === 401 || answer.status === 403) throw new WardenError("unauthenticated", message);
  if (answer.status === 400) throw new WardenError("invalid_params", message);
  if (answer.status === 413) throw new WardenError("frame_too_large", message);
  if (answer.status !== 200) throw new WardenError("internal", message);
  // A prompt holding a secret: recorded (masked) and refused, in Claude Code's block format.
  if (field(answer.body, "decision") === "block") {
    const reason = field(answer.body, "reason");
    return { kind: "blocked", reason: typeof reason === "string" ? reason : "Warden blocked this" };
  }
  const out = field(answer.body, "hookSpecificOutput");
  if (out === undefined) {
    if (event === "PreToolUse" || event === "PermissionRequest" || event === "ShellGate") throw unexpected("no decision for a decided event");
    return { kind: "recorded" };
  }
  if (field(out, "hookEventName") === "PermissionRequest") {
    const behavior = field(out, "decision", "behavior");
    if (behavior !== "allow" && behavior !== "deny") throw unexpected("no behavior in the PermissionRequest answer");
    const reason = field(out, "decision", "message");
    return { kind: "decided", allowed: behavior === "allow", reason: typeof reason === "string" ? reason : "Warden allowed this" };
  }
  const decision = field(out, "permissionDecision");
  const reason = field(out, "permissionDecisionReason");
  if ((decision !== "allow" && decision !== "deny") || typeof reason !== "string") throw unexpected("no permissionDecision and reason");
  // The shell gate runs what is allowed in the sandbox the daemon planned with the decision.
  if (event === SHELL_GATE_EVENT && decision === "allow") {
    try {
      return { kind: "decided", allowed: true, reason, sandbox: parseSandboxDirective(field(answer.body, "warden", "sandbox")) };
    } catch (err) {
      throw unexpected(err instanceof Error ? err.message : String(err));
    }
  }
  return { kind: "decided", allowed: decision === "allow", reason };
}

function unexpected(what: string): WardenError {
  return new WardenError("internal", `unexpected answer from the daemon (${what})`);
}

function parseJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    return undefined;
  }
}

function field(value: unknown, ...keys: string[]): unknown {
  let v = value;
  for (const k of keys) v = typeof v === "object" && v !== null && !Array.isArray(v) ? Object.getOwnPropertyDescriptor(v, k)?.value : undefined;
  return v;
}
