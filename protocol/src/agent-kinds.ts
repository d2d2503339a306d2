/**
 * The one list of agent kinds. The protocol's `agentKind` enum, the CLI (`warden
 * connect|disconnect|run|agent add`), `doctor` and the extension's connect picker
 * all read it; the daemon's plugin registry (daemon/src/agents/registry.ts) is
 * checked against it by a test, so a kind cannot exist without its plugin or the
 * other way round. Adding an agent: docs/architecture.md, "Adding an agent".
 */

export interface AgentKindInfo {
  readonly kind: string;
  readonly displayName: string;
  /**
   * Gated through its own hooks by a daemon plugin, connected by `warden connect`.
   * False for kinds that only reach Warden through its MCP broker.
   */
  readonly hooks: boolean;
  /** The agent's program, for the start command Warden suggests (`warden run KIND -- PROGRAM`). */
  readonly program: string | null;
  /** One line for the connect picker: what `warden connect` writes, and where. */
  readonly connects: string | null;
}

export const AGENT_KINDS = [
  {
    kind: "claude-code",
    displayName: "Claude Code",
    hooks: true,
    program: "claude",
    connects: "Writes HTTP hooks (fail closed), the shell gate and Warden's MCP server into .claude/settings.local.json (kept out of git).",
  },
  {
    kind: "codex",
    displayName: "Codex",
    hooks: true,
    program: "codex",
    connects: "Writes hooks, the shell gate and Warden's MCP server into a CODEX_HOME kept in Warden's state.",
  },
  { kind: "mcp", displayName: "MCP client", hooks: false, program: null, connects: null },
  { kind: "custom", displayName: "Custom agent", hooks: false, program: null, connects: null },
] as const satisfies readonly AgentKindInfo[];

type Listed = (typeof AGENT_KINDS)[number];
export type AgentKindName = Listed["kind"];
/** The kinds a daemon plugin gates through hooks. */
export type HookAgentKind = Extract<Listed, { hooks: true }>["kind"];

export const AGENT_KIND_NAMES: readonly AgentKindName[] = AGENT_KINDS.map((k) => k.kind);
export const HOOK_AGENT_KINDS: readonly HookAgentKind[] = AGENT_KINDS.filter((k): k is Extract<Listed, { hooks: true }> => k.hooks).map((k) => k.kind);

export function isHookAgentKind(value: unknown): value is HookAgentKind {
  return HOOK_AGENT_KINDS.some((k) => k === value);
}

export function agentKindInfo(kind: string): AgentKindInfo | undefined {
  return AGENT_KINDS.find((k) => k.kind === kind);
}
