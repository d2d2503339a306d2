import fs from "node:fs";
import path from "node:path";
import { BROKER_MCP_SERVER, MCP_ROUTE } from "../../../../protocol/src/http-routes";
import { ensureAgentDir } from "../../connect/agent-files";
import { addExclude, removeExclude } from "../../connect/git-exclude";
import { JsonObject, readJsonObject, removeFile, writeJsonObject } from "../../connect/json-file";
import { mcpArgv } from "../../hook/entry-points";
import { sessionEnv, splitCommand } from "../context";
import { AgentContext, AgentPlugin, DisconnectTarget } from "../types";
import { ClaudeWiring, claudeState, connectClaude, disconnectClaude } from "./settings";
import { CLAUDE_MCP_FILE, SHELL_GATE_FILE, writeShellGateScript } from "./shell-gate-script";

/**
 * Claude Code: HTTP hooks posted straight to the daemon (fail closed) when it listens
 * on loopback, else command hooks; the shell gate as CLAUDE_CODE_SHELL_PREFIX; Warden's
 * MCP server passed by `warden run` with `--mcp-config`. Settings go into the
 * workspace's `.claude/settings.local.json`, kept out of git.
 */

export const CLAUDE_SETTINGS_RELATIVE = path.join(".claude", "settings.local.json");
/** The pattern added to .git/info/exclude, anchored at the repository root. */
export const CLAUDE_SETTINGS_EXCLUDE = "/.claude/settings.local.json";

const settingsFile = (workspace: string): string => path.join(workspace, CLAUDE_SETTINGS_RELATIVE);
const mcpFile = (ctx: AgentContext): string => path.join(ctx.dir, CLAUDE_MCP_FILE);
const wiring = (ctx: AgentContext): ClaudeWiring => ({ workspace: ctx.workspace, home: ctx.home, listen: ctx.listen, gate: path.join(ctx.dir, SHELL_GATE_FILE) });

/** Warden's MCP server for Claude Code, in the `--mcp-config` format (HTTP when the daemon listens on TCP). */
export function claudeMcpConfig(ctx: AgentContext): JsonObject {
  if (ctx.listen !== null) {
    return { mcpServers: { [BROKER_MCP_SERVER]: { type: "http", url: `http://${ctx.listen}${MCP_ROUTE}`, headers: { Authorization: "Bearer ${WARDEN_TOKEN}" } } } };
  }
  const [command, ...args] = mcpArgv(ctx);
  return { mcpServers: { [BROKER_MCP_SERVER]: { type: "stdio", command, args, env: { WARDEN_HOME: ctx.home } } } };
}

export const claudeCode: AgentPlugin = {
  kind: "claude-code",
  decidedEvents: ["PreToolUse", "PermissionRequest"],
  recordedEvents: ["PostToolUse", "UserPromptSubmit"],

  allowOutput(event, reason) {
    if (event === "PermissionRequest") return JSON.stringify({ hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "allow" } } });
    return JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow", permissionDecisionReason: reason } });
  },

  connect(ctx) {
    const file = settingsFile(ctx.workspace);
    // Everything that can refuse (an unparsable or conflicting file) is checked before anything is written.
    const settings = connectClaude(readJsonObject(file), wiring(ctx), file);
    ensureAgentDir(ctx.home, ctx.agent.id);
    const gate = writeShellGateScript(ctx.dir, ctx);
    writeJsonObject(mcpFile(ctx), claudeMcpConfig(ctx), 0o600);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeJsonObject(file, settings);
    const files = [file, gate, mcpFile(ctx)];
    const excl = addExclude(ctx.workspace, CLAUDE_SETTINGS_EXCLUDE);
    if (excl !== null) files.push(excl);
    return files;
  },

  disconnect(target: DisconnectTarget) {
    const files: string[] = [];
    let removed = 0;
    const file = settingsFile(target.workspace);
    const settings = readJsonObject(file);
    if (settings !== null) {
      const r = disconnectClaude(settings, file);
      removed += r.removed;
      if (r.removed > 0) {
        if (Object.keys(r.settings).length === 0) removeFile(file);
        else writeJsonObject(file, r.settings);
        files.push(file);
      }
    }
    const excl = removeExclude(target.workspace, CLAUDE_SETTINGS_EXCLUDE);
    if (excl !== null) files.push(excl);
    if (target.agent !== null) {
      for (const f of [path.join(target.agent.dir, SHELL_GATE_FILE), mcpFile(target.agent)]) if (removeFile(f)) files.push(f);
    }
    return { removed, files };
  },

  wiringState(ctx) {
    return claudeState(readJsonObject(settingsFile(ctx.workspace)), wiring(ctx));
  },

  launch(ctx, command, token, env) {
    const { file, args } = splitCommand(command);
    // `--mcp-config=FILE` in its one-word form: the option is variadic and would otherwise swallow the prompt.
    const isClaude = /^claude(\.exe)?$/.test(path.basename(file));
    return { file, args: isClaude ? [`--mcp-config=${mcpFile(ctx)}`, ...args] : args, env: sessionEnv(ctx, token, env) };
  },

  agentHome() {
    return null;
  },
};
