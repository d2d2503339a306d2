// Runs the real Claude Code CLI (test/agents, pinned 2.1.332) against the scripted
// model server, in an isolated HOME so no real user configuration leaks in.
//
// Facts observed with 2.1.332 (each one asserted in harness.test.ts unless marked *):
//
// Model traffic. With CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 it sends only
// `POST /v1/messages?beta=true` (stream:true, `x-api-key: dummy`,
// `x-claude-code-session-id`), every one with `tools` (Agent, Bash, Edit, Read,
// Write, …); no count_tokens, title or haiku calls were seen. History: messages[0]
// is the user's text (reminders + prompt); a `system` role message follows it;
// several tool_use blocks of one turn arrive merged in one assistant message.
// Project `.claude/settings.json` hooks run under `-p` with no trust prompt.
//
// Hook input (command hooks on stdin, HTTP hooks as the POST body, the same JSON):
//   {session_id, transcript_path, cwd, prompt_id, permission_mode, effort: {level},
//    hook_event_name, tool_name, tool_input, tool_use_id}
// PostToolUse adds `tool_response` ({stdout, stderr, interrupted, …}) and
// `duration_ms`*; PermissionRequest has no tool_use_id but `permission_suggestions`.
// Command hooks also get CLAUDE_PROJECT_DIR and CLAUDE_CODE_SESSION_ID in env*.
// HTTP hook POST: `content-type: application/json`, `user-agent: axios/…`, plus
// the configured `headers`, where `$VAR` is replaced by the variable's value if
// VAR is in `allowedEnvVars`, and by "" otherwise.
//
// PreToolUse answers (HTTP 200 body, or a command hook's stdout with exit 0):
//   {"hookSpecificOutput": {"hookEventName": "PreToolUse",
//     "permissionDecision": "allow" | "deny" | "ask" | "defer",
//     "permissionDecisionReason": "…", "updatedInput": {…}?}}
//   - deny: not run; the model gets tool_result is_error with
//     "PreToolUse:Bash hook error: <reason>" (also for `{"decision": "block", "reason"}`*).
//   - allow: runs (skips the permission check); `updatedInput` replaces the input*.
//   - ask under `-p`: refused with the bare reason as the tool_result; the
//     PermissionRequest hook is NOT consulted*.
//   - defer under `-p`: the run ends at once with an empty result, tool not run*.
//   - `{}` or an empty 200 body: no decision, normal permission flow*.
//   - `{"continue": false}`: stops the session but the tool still RAN* — never use it to deny.
//   - With onFailure "block", each of these blocks, with "[URL]: failed; blocking
//     because onFailure is \"block\"" and the cause: connection refused, non-2xx
//     status, non-JSON body, a timeout ("timed out"), an unknown
//     permissionDecision, a missing or wrong hookEventName*.
// PermissionRequest answers (fires where Claude Code would ask; under `-p` e.g.
// `touch` in the default mode):
//   {"hookSpecificOutput": {"hookEventName": "PermissionRequest",
//     "decision": {"behavior": "allow"} | {"behavior": "deny", "message": "…"}}}
//   deny: the tool_result is the bare message, is_error; allow: runs; `{}`: the
//   usual `-p` refusal ("… needs approval …").
// Command hooks: exit 2 blocks with stderr as the reason
// ("PreToolUse:Bash hook error: [<command>]: <stderr>").
//
// CLAUDE_CODE_SHELL_PREFIX: Claude Code runs `$SHELL -c "<PREFIX> '<wrapped>'"`,
// so the prefix is itself parsed by the shell (words split; extra arguments
// allowed) and receives exactly ONE more argument, the whole wrapped string:
//   source <CLAUDE_CONFIG_DIR>/shell-snapshots/snapshot-bash-<…>.sh 2>/dev/null || true
//   && { \builtin shopt -u extglob || \builtin setopt …; } >/dev/null 2>&1 || true
//   && { \builtin unalias -- 'which'; … } … && eval '<command, POSIX single-quoted>'
//   < /dev/null && pwd -P >| $TMPDIR/claude-<hex>-cwd
// The prefix must run it itself (e.g. `exec bash -c "$last"`); its exit status is
// the tool's. Command HOOKS go through the prefix too, with the hook's command
// string as the single argument: a shell gate must let its own hook through.
// Claude Code's own start-up shells (`$SHELL -c -l 'SNAPSHOT_FILE=…'`, `$SHELL -c env`)
// do not go through the prefix*.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { claudeBinary } from "./install";
import { runProcess, ProcessResult } from "./run-process";
import { parseJson } from "./script";

export interface ClaudeOptions {
  /** The agent's working directory (its project; `.claude/settings.json` there is read). */
  workspace: string;
  prompt: string;
  /** The model server's base URL (ANTHROPIC_BASE_URL). */
  modelUrl: string;
  /** Extra environment, applied last (e.g. CLAUDE_CODE_SHELL_PREFIX). */
  env?: NodeJS.ProcessEnv;
  /** Passed as `--settings FILE` (settings on top of the project's). */
  settingsFile?: string;
  /** Passed as `--mcp-config FILE --strict-mcp-config`. */
  mcpConfig?: string;
  /** Passed as `--permission-mode`; acceptEdits by default. */
  permissionMode?: string;
  timeoutMs: number;
}

export interface ClaudeRun extends ProcessResult {
  /** The `--output-format json` result object; undefined if stdout was not JSON. */
  result: unknown;
}

/** The variables a Claude Code run gets from this process; everything else is set here. */
const INHERITED = ["PATH", "LANG", "LC_ALL", "TZ"];

export function claudeEnv(home: string, modelUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of INHERITED) if (process.env[name] !== undefined) env[name] = process.env[name];
  return {
    ...env,
    HOME: home,
    CLAUDE_CONFIG_DIR: path.join(home, ".claude"),
    XDG_CONFIG_HOME: path.join(home, ".config"),
    // Claude Code keeps per-session files (cwd markers, sockets, task notes) under TMPDIR.
    TMPDIR: path.join(home, "tmp"),
    SHELL: "/bin/bash",
    ANTHROPIC_BASE_URL: modelUrl,
    ANTHROPIC_API_KEY: "dummy",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_AUTOUPDATER: "1",
    ...extra,
  };
}

export async function runClaude(options: ClaudeOptions): Promise<ClaudeRun> {
  const bin = claudeBinary();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "warden-claude-home-"));
  fs.mkdirSync(path.join(home, "tmp"));
  try {
    const args = ["-p", options.prompt, "--output-format", "json", "--permission-mode", options.permissionMode ?? "acceptEdits"];
    if (options.settingsFile !== undefined) args.push("--settings", options.settingsFile);
    if (options.mcpConfig !== undefined) args.push("--mcp-config", options.mcpConfig, "--strict-mcp-config");
    const run = await runProcess(bin, args, {
      cwd: options.workspace,
      env: claudeEnv(home, options.modelUrl, options.env),
      timeoutMs: options.timeoutMs,
    });
    return { ...run, result: parseJson(run.stdout.trim()) };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
