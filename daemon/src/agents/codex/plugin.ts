import path from "node:path";
import { ensureAgentDir } from "../../connect/agent-files";
import { sessionEnv, splitCommand } from "../context";
import { AgentContext, AgentPlugin } from "../types";
import { CodexWiring, codexState, connectCodex, disconnectCodex } from "./home";

/**
 * Codex CLI: command hooks (Claude Code's format) and Warden's MCP server in a
 * CODEX_HOME Warden keeps per agent identity under WARDEN_HOME (Codex reads both per
 * user, not per workspace), with the trust Codex requires before it runs a hook.
 * `warden run codex` points CODEX_HOME there.
 */

/** `<home>/agents/<agent-id>/codex/`: the CODEX_HOME `warden run codex` uses. */
const CODEX_HOME_DIR = "codex";
const codexHome = (ctx: AgentContext): string => path.join(ctx.dir, CODEX_HOME_DIR);
const wiring = (ctx: AgentContext): CodexWiring => ({ workspace: ctx.workspace, home: ctx.home, listen: ctx.listen, codexHome: codexHome(ctx) });

export const codex: AgentPlugin = {
  kind: "codex",
  decidedEvents: ["PreToolUse", "PermissionRequest"],
  recordedEvents: ["PostToolUse", "UserPromptSubmit"],

  // Codex treats permissionDecision "allow" as unsupported output: silence is its allow.
  allowOutput() {
    return "";
  },

  connect(ctx) {
    ensureAgentDir(ctx.home, ctx.agent.id);
    return connectCodex(wiring(ctx));
  },

  disconnect(target) {
    if (target.agent === null) return { removed: 0, files: [] };
    const home = codexHome(target.agent);
    const removed = disconnectCodex(home);
    return { removed, files: removed > 0 ? [home] : [] };
  },

  wiringState(ctx) {
    return codexState(wiring(ctx));
  },

  launch(ctx, command, token, env) {
    const { file, args } = splitCommand(command);
    return { file, args, env: { ...sessionEnv(ctx, token, env), CODEX_HOME: codexHome(ctx) } };
  },

  agentHome(ctx) {
    return codexHome(ctx);
  },
};
