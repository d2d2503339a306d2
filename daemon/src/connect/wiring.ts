import path from "node:path";
import { AgentInfo } from "../../../protocol/src/agents";
import { WardenError } from "../../../protocol/src/errors";
import { HookAgent, mcpArgv } from "../hook/entry-points";
import { CLAUDE_MCP_FILE, CODEX_HOME_DIR, SHELL_GATE_FILE, agentDir } from "./agent-files";
import { ClaudeWiring } from "../agents/claude-code/settings";
import { CodexWiring } from "../agents/codex/home";
import { JsonObject } from "./json-file";
import { MCP_ROUTE } from "../../../protocol/src/http-routes";
import { BROKER_MCP_SERVER } from "../../../protocol/src/http-routes";

/** Everything `connect`, `disconnect` and `run` derive from one agent in one workspace. */
export interface Wiring {
  kind: HookAgent;
  agent: AgentInfo;
  workspace: string;
  home: string;
  listen: string | null;
  dir: string;
  claude: ClaudeWiring;
  codex: CodexWiring;
  claudeSettings: string;
  claudeMcp: string;
}

export const CLAUDE_SETTINGS_RELATIVE = path.join(".claude", "settings.local.json");
/** The pattern added to .git/info/exclude, anchored at the repository root. */
export const CLAUDE_SETTINGS_EXCLUDE = "/.claude/settings.local.json";

export function wiringFor(kind: HookAgent, agent: AgentInfo, home: string, listen: string | null): Wiring {
  const dir = agentDir(home, agent.id);
  const base = { workspace: agent.workspace, home };
  return {
    kind,
    agent,
    workspace: agent.workspace,
    home,
    listen,
    dir,
    claude: { ...base, listen, gate: path.join(dir, SHELL_GATE_FILE) },
    codex: { ...base, listen, codexHome: path.join(dir, CODEX_HOME_DIR) },
    claudeSettings: path.join(agent.workspace, CLAUDE_SETTINGS_RELATIVE),
    claudeMcp: path.join(dir, CLAUDE_MCP_FILE),
  };
}

/** Warden's MCP server for Claude Code, in the `--mcp-config` format (HTTP when the daemon listens on TCP). */
export function claudeMcpConfig(w: Wiring): JsonObject {
  if (w.listen !== null) {
    return { mcpServers: { [BROKER_MCP_SERVER]: { type: "http", url: `http://${w.listen}${MCP_ROUTE}`, headers: { Authorization: "Bearer ${WARDEN_TOKEN}" } } } };
  }
  const [command, ...args] = mcpArgv(w.claude);
  return { mcpServers: { [BROKER_MCP_SERVER]: { type: "stdio", command, args, env: { WARDEN_HOME: w.home } } } };
}

export function parseKind(value: unknown): HookAgent {
  if (value === "claude-code" || value === "codex") return value;
  throw new WardenError("bad_config", `agent '${String(value)}' is not one Warden connects; expected claude-code or codex`);
}
