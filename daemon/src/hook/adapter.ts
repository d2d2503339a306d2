import fs from "node:fs";
import { HookAgentKind } from "../../../protocol/src/agent-kinds";
import { WardenError, toWardenError } from "../../../protocol/src/errors";
import { pluginFor } from "../agents/registry";
import { resolvePaths } from "../config";
import { postHook } from "./daemon-request";
import { readBounded } from "./read-stdin";

/**
 * The command-hook adapter (`warden hook claude-code|codex`). Both agents let a tool
 * run when a command hook fails (exit 1, a crash, a timeout, bad output), so every
 * failure here is answered as a deny: exit 2 with the reason on stderr, which both
 * honour. Only a decision from the daemon can allow.
 */

export interface HookRun {
  agent: HookAgentKind;
  /** `--workspace`; else CLAUDE_PROJECT_DIR; else the input's cwd. */
  workspace?: string;
  /** `--home` (WARDEN_HOME of the daemon to ask); else the environment's. */
  home?: string;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
  /** Absolute time (ms) by which the answer must be given. */
  deadline: number;
}

export interface HookAnswer {
  exitCode: 0 | 2;
  stdout: string;
  stderr: string;
}

export async function answerHook(run: HookRun): Promise<HookAnswer> {
  try {
    return await decideOrRecord(run);
  } catch (err) {
    return deny(failureReason(toWardenError(err), run));
  }
}

async function decideOrRecord(run: HookRun): Promise<HookAnswer> {
  const input = parseInput(await readBounded(run.stdin));
  const event = input["hook_event_name"];
  if (typeof event !== "string" || event === "") throw new WardenError("invalid_params", "the hook input has no hook_event_name");
  const token = run.env["WARDEN_TOKEN"];
  if (token === undefined || token === "") throw new WardenError("unauthenticated", "WARDEN_TOKEN is not set");
  const paths = resolvePaths(run.home !== undefined ? { ...run.env, WARDEN_HOME: run.home } : run.env);
  const target = { socketPath: paths.socket, token, deadline: run.deadline };
  const workspace = resolveWorkspace(run, input);
  const verdict = await postHook(target, workspace, input);
  // The agent's plugin says which events it waits on for a decision; every other event is recorded.
  const plugin = pluginFor(run.agent);
  const decided = plugin.decidedEvents.includes(event);
  // Exit 2 blocks a prompt in both agents, as it blocks a tool call.
  if (verdict.kind === "blocked") return deny(verdict.reason);
  if (verdict.kind === "recorded") {
    if (decided) throw new WardenError("internal", `the daemon recorded a ${event} instead of deciding it`);
    return { exitCode: 0, stdout: "", stderr: "" };
  }
  if (!decided) throw new WardenError("internal", `the daemon decided a ${event} instead of recording it`);
  return verdict.allowed ? { exitCode: 0, stdout: plugin.allowOutput(event, verdict.reason), stderr: "" } : deny(verdict.reason);
}

export function deny(reason: string): HookAnswer {
  return { exitCode: 2, stdout: "", stderr: `${reason}\n` };
}

function parseInput(raw: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch (err) {
    throw new WardenError("invalid_params", `the hook input on stdin is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new WardenError("invalid_params", "the hook input on stdin is not a JSON object");
  return Object.fromEntries(Object.entries(value));
}

function resolveWorkspace(run: HookRun, input: Record<string, unknown>): string {
  const cwd = input["cwd"];
  const [value, from] =
    run.workspace !== undefined
      ? [run.workspace, "--workspace"]
      : run.env["CLAUDE_PROJECT_DIR"] !== undefined && run.env["CLAUDE_PROJECT_DIR"] !== ""
        ? [run.env["CLAUDE_PROJECT_DIR"], "CLAUDE_PROJECT_DIR"]
        : typeof cwd === "string" && cwd !== ""
          ? [cwd, "the input's cwd"]
          : [null, "anywhere"];
  if (value === null) throw new WardenError("bad_config", "no workspace: pass --workspace DIR (or run under Claude Code, which sets CLAUDE_PROJECT_DIR)");
  try {
    return fs.realpathSync(value);
  } catch {
    throw new WardenError("bad_config", `the workspace '${value}' (from ${from}) does not exist`);
  }
}

/** Names what failed and the fix; the tool call is blocked either way. */
export function failureReason(err: WardenError, run: { agent: HookAgentKind }): string {
  const start = `warden run ${run.agent} -- <agent command>`;
  const blocked = "Warden blocked this tool call:";
  switch (err.code) {
    case "unauthenticated":
    case "token_unknown":
    case "token_expired":
    case "token_revoked":
    case "agent_suspended":
    case "agent_contained":
    case "agent_revoked":
    case "agent_expired":
    case "token_wrong_workspace":
      return `${blocked} the agent token was not accepted (${err.message}). Fix: start the agent with '${start}', which issues a fresh token; a suspended or revoked agent must first be returned to service by a person.`;
    case "not_running":
      return `${blocked} the Warden daemon is not running (${err.message}). Fix: 'warden daemon start', then retry.`;
    case "timeout":
      return `${blocked} no decision from the Warden daemon in time (${err.message}). Fix: check 'warden daemon status' and its log.`;
    case "frame_too_large":
    case "invalid_params":
      return `${blocked} ${err.message}. This hook reads the agent's hook JSON on stdin; it must be run by the agent.`;
    case "bad_config":
      return `${blocked} ${err.message}.`;
    default:
      return `${blocked} ${err.message} (${err.code}). Fix: check 'warden daemon status' and its log.`;
  }
}
