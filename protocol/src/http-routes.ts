/**
 * The plain-HTTP endpoints on the daemon's loopback listener, for agents that speak
 * HTTP rather than Warden's WebSocket protocol. Both take `Authorization: Bearer
 * <agent token>` and refuse browser Origins.
 */

/** Claude Code's HTTP hooks (PreToolUse, PostToolUse, UserPromptSubmit, PermissionRequest) are POSTed here. */
export const HOOK_ROUTE = "/hooks/claude-code";

/**
 * Optional on the hook route: the workspace the hook was configured for (URI-encoded
 * real path). When sent, it must be the token's own workspace; command hooks send it.
 */
export const WORKSPACE_HEADER = "x-warden-workspace";

/** The broker's MCP server, Streamable HTTP transport. */
export const MCP_ROUTE = "/mcp";

/**
 * The name `warden connect` gives the broker in agents' MCP configuration, so its
 * tools reach the agent as `mcp__warden__<tool>`.
 */
export const BROKER_MCP_SERVER = "warden";
