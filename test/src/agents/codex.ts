// Runs the real Codex CLI (test/agents, pinned 0.169.0) against the scripted model
// server with its own CODEX_HOME and HOME, so no real user configuration leaks in.
//
// Facts observed with 0.169.0 (see also codex-hook-trust.ts):
// - With a `[model_providers.X]` whose base_url is `http://127.0.0.1:PORT/v1` and
//   `wire_api = "responses"`, Codex POSTs `/v1/responses` (stream, store:false,
//   the whole history in `input`, roles developer/user, `tools` including
//   `exec_command {cmd}`), headers `session-id`, `x-codex-turn-metadata`. It
//   accepts `response.created`, `response.output_item.added/done` with
//   `function_call {call_id, name, arguments: JSON string}` or `message
//   {role: assistant, content: [{type: output_text}]}`, then `response.completed`.
//   It made no other request in these runs.
// - An unknown model slug adds an error item "Model metadata … not found"; `gpt-5.5` is known.
// - `codex exec` defaults to the read-only sandbox, where `echo hi > b.txt` fails
//   with "Read-only file system"; `sandbox_mode = "workspace-write"` and
//   `approval_policy = "never"` let a scripted command write inside the workspace.
//   The command runs as `/bin/bash -lc '<cmd>'` (a `command_execution` item in --json).
// - Hooks: CODEX_HOME/hooks.json in Claude Code's format. Hook stdin is
//   `{session_id, turn_id, transcript_path: null, cwd, hook_event_name, model,
//   permission_mode ("bypassPermissions" under approval never), tool_name: "Bash",
//   tool_input: {command}, tool_use_id: <call_id>}`. The matcher is a regex on that
//   tool_name ("Bash" matches, "exec_command" does not). Blocking: exit 2 with
//   stderr, or exit 0 with `permissionDecision: "deny"` or `{"decision": "block"}`;
//   the model then sees "Command blocked by PreToolUse hook: <reason>. Command: <cmd>"
//   as the function_call_output. allow, ask, non-JSON output and exit 1 all let
//   the command run (fail open).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { codexBinary } from "./install";
import { runProcess, ProcessResult } from "./run-process";
import { asString, field, parseJson } from "./script";
import { tomlString } from "./codex-hook-trust";

export interface CodexOptions {
  /** The agent's working directory. */
  workspace: string;
  prompt: string;
  /** The model server's base URL; `/v1` is appended for the provider's base_url. */
  modelUrl: string;
  /** CODEX_HOME; config.toml is written here (hooks.json may already be there). */
  codexHome: string;
  /** Extra environment, applied last. */
  env?: NodeJS.ProcessEnv;
  /** TOML appended to config.toml, e.g. hook trust or `[mcp_servers.x]`. */
  extraConfig?: string;
  /** Extra `codex exec` arguments before the prompt. */
  args?: readonly string[];
  timeoutMs: number;
}

export interface CodexRun extends ProcessResult {
  /** Every JSON line of `--json` output. */
  events: unknown[];
  /** Texts of `agent_message` items. */
  messages: string[];
  /** Commands of completed `command_execution` items. */
  commands: string[];
}

const INHERITED = ["PATH", "LANG", "LC_ALL", "TZ"];

/**
 * The sandbox the tests run Codex with. Codex 0.169's own sandbox fails on a machine with
 * Debian 12's bubblewrap 0.8 on PATH (installed for Warden's sandbox): it prefers a bwrap on
 * PATH and every command then fails with "bwrap: execvp codex-linux-sandbox". These tests are
 * about Warden's gate, which decides every command either way.
 */
export const CODEX_SANDBOX = "danger-full-access";

export function codexConfig(modelUrl: string, extra = ""): string {
  return [
    `model = "gpt-5.5"`,
    `model_provider = "scripted"`,
    `check_for_update_on_startup = false`,
    `sandbox_mode = ${tomlString(CODEX_SANDBOX)}`,
    `approval_policy = "never"`,
    ``,
    `[model_providers.scripted]`,
    `name = "scripted"`,
    `base_url = ${tomlString(`${modelUrl}/v1`)}`,
    `wire_api = "responses"`,
    ``,
    `[analytics]`,
    `enabled = false`,
    ``,
    `[features]`,
    `plugins = false`,
    `remote_plugin = false`,
    `apps = false`,
    ``,
    extra,
  ].join("\n");
}

export function codexEnv(home: string, codexHome: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of INHERITED) if (process.env[name] !== undefined) env[name] = process.env[name];
  return { ...env, HOME: home, CODEX_HOME: codexHome, XDG_CONFIG_HOME: path.join(home, ".config"), TMPDIR: path.join(home, "tmp"), ...extra };
}

export async function runCodex(options: CodexOptions): Promise<CodexRun> {
  const bin = codexBinary();
  fs.mkdirSync(options.codexHome, { recursive: true });
  fs.writeFileSync(path.join(options.codexHome, "config.toml"), codexConfig(options.modelUrl, options.extraConfig));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "warden-codex-home-"));
  fs.mkdirSync(path.join(home, "tmp"));
  try {
    const args = ["exec", "--json", "--skip-git-repo-check", "--ephemeral", ...(options.args ?? []), options.prompt];
    const run = await runProcess(bin, args, {
      cwd: options.workspace,
      env: codexEnv(home, options.codexHome, options.env),
      timeoutMs: options.timeoutMs,
    });
    const events = parseJsonLines(run.stdout);
    return { ...run, events, messages: itemTexts(events, "agent_message", "text"), commands: itemTexts(events, "command_execution", "command") };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

export function parseJsonLines(text: string): unknown[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("{"))
    .map(parseJson)
    .filter((v) => v !== undefined);
}

function itemTexts(events: readonly unknown[], itemType: string, key: string): string[] {
  return events
    .filter((e) => field(e, "type") === "item.completed" && field(e, "item", "type") === itemType)
    .map((e) => asString(field(e, "item", key)) ?? "");
}
