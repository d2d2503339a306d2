/**
 * Hook event names Warden adds to the agents' own (PreToolUse, PostToolUse, …).
 * Dependency-free, so the lean hook and shell-gate entry points can load it.
 */

/** Sent by the shell gate (Claude Code's CLAUDE_CODE_SHELL_PREFIX) for the command about to run. */
export const SHELL_GATE_EVENT = "ShellGate";
