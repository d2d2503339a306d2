import { HOOK_AGENT_KINDS, HookAgentKind, agentKindInfo } from "../../../protocol/src/agent-kinds";
import { WardenError } from "../../../protocol/src/errors";
import { claudeCode } from "./claude-code/plugin";
import { codex } from "./codex/plugin";
import { AgentPlugin } from "./types";

/**
 * The agents Warden gates through their own hooks, one plugin each. Its kinds are
 * exactly the hook kinds of protocol/src/agent-kinds.ts (registry.test.ts checks both
 * ways). Adding an agent: its folder, one line here, one entry there.
 */
export const AGENT_PLUGINS: readonly AgentPlugin[] = [claudeCode, codex];

export function pluginFor(kind: HookAgentKind): AgentPlugin {
  const plugin = AGENT_PLUGINS.find((p) => p.kind === kind);
  if (plugin === undefined) throw new WardenError("internal", `no plugin for agent kind '${kind}'`);
  return plugin;
}

/** The plugin for a kind a user typed (`warden connect KIND`), or an error naming the kinds there are. */
export function parseHookAgent(value: unknown): AgentPlugin {
  const plugin = AGENT_PLUGINS.find((p) => p.kind === value);
  if (plugin !== undefined) return plugin;
  const known = HOOK_AGENT_KINDS.join(" or ");
  const what = typeof value === "string" ? agentKindInfo(value) : undefined;
  const why = what !== undefined ? `${what.displayName} reaches Warden only through its MCP server` : "it is not an agent kind Warden knows";
  throw new WardenError("bad_config", `agent '${String(value)}' is not one Warden connects (${why}); expected ${known}`);
}

export function displayName(kind: HookAgentKind): string {
  return agentKindInfo(kind)?.displayName ?? kind;
}

export function programOf(kind: HookAgentKind): string {
  return agentKindInfo(kind)?.program ?? kind;
}
