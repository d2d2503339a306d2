import { AgentInfo } from "../../../protocol/src/agents";
import { HookAgentKind } from "../../../protocol/src/agent-kinds";

/**
 * What Warden knows about one coding agent it gates through the agent's own hooks.
 * One folder per agent (daemon/src/agents/<kind>/) implements this, and
 * registry.ts lists them; nothing outside that folder branches on the kind.
 * What every agent shares stays outside: the policy engine reads Warden's
 * canonical hook input (Claude Code's PreToolUse shape, which Codex and VS Code's
 * agent also send) and the daemon's hook endpoint answers in that format.
 */
export interface AgentPlugin {
  /** Its entry in protocol/src/agent-kinds.ts (display name, program, picker text). */
  readonly kind: HookAgentKind;
  /** Hook events the agent waits on for a decision: the command hook answers allow or deny. */
  readonly decidedEvents: readonly string[];
  /** Hook events only recorded (a prompt may still be blocked): the command hook exits 0 unless blocked. */
  readonly recordedEvents: readonly string[];
  /**
   * The command hook's output when the daemon allowed a decided event, on stdout with
   * exit 0. A deny is the same for every agent Warden gates with command hooks: exit 2
   * with the reason on stderr (adapter.ts), the one answer these agents never read as
   * "let the tool run". An agent that does not block on exit 2 cannot use command hooks.
   */
  allowOutput(event: string, reason: string): string;
  /** Writes the agent's settings (hooks, shell gate, MCP server); returns the files written. Refuses before writing anything. */
  connect(ctx: AgentContext): string[];
  /** Removes exactly what `connect` wrote; `agent` is null when the identity is already gone. */
  disconnect(target: DisconnectTarget): { removed: number; files: string[] };
  /** Whether the agent's settings are what `connect` would write now (doctor, and `run` refuses otherwise). */
  wiringState(ctx: AgentContext): WiringState;
  /**
   * The agent's command line and environment for one `warden run` session. This is how
   * the session token reaches the hook and not the model: WARDEN_TOKEN in the agent's
   * environment (never a file), which its hooks read and its tools are not shown.
   */
  launch(ctx: AgentContext, command: readonly string[], token: string, env: NodeJS.ProcessEnv): AgentLaunch;
  /** A home folder Warden keeps for the agent (Codex's CODEX_HOME), reported by `connect`; null if none. */
  agentHome(ctx: AgentContext): string | null;
}

/** Everything connect, disconnect, run and doctor derive from one agent identity in one workspace. */
export interface AgentContext {
  agent: AgentInfo;
  workspace: string;
  /** WARDEN_HOME of the daemon the agent's hooks ask. */
  home: string;
  /** The daemon's loopback TCP listener (host:port), or null: then command hooks and the stdio MCP bridge. */
  listen: string | null;
  /** Warden's folder for this identity under WARDEN_HOME (out of every agent's reach). */
  dir: string;
}

export interface DisconnectTarget {
  workspace: string;
  home: string;
  agent: AgentContext | null;
}

export type WiringState = "current" | "stale" | "absent";

export interface AgentLaunch {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}
