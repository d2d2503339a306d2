import fs from "node:fs";
import path from "node:path";
import { WardenError } from "../../../protocol/src/errors";
import { CommandContext, shellGateArgv, shellJoin } from "../hook/entry-points";
import { writeFileAtomic } from "./json-file";

/**
 * What Warden keeps per agent identity, under WARDEN_HOME (out of every agent's
 * reach: built-in protections cover Warden's state):
 *
 *   <home>/agents/<agent-id>/claude-shell-gate   the CLAUDE_CODE_SHELL_PREFIX program
 *   <home>/agents/<agent-id>/claude-mcp.json     Warden's MCP server, passed by `warden run`
 *   <home>/agents/<agent-id>/codex/              the CODEX_HOME `warden run codex` uses
 */
export function agentDir(home: string, agentId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(agentId)) throw new WardenError("invalid_params", `unexpected agent id '${agentId}'`);
  return path.join(home, "agents", agentId);
}

export const SHELL_GATE_FILE = "claude-shell-gate";
export const CLAUDE_MCP_FILE = "claude-mcp.json";
export const CODEX_HOME_DIR = "codex";

export function ensureAgentDir(home: string, agentId: string): string {
  const dir = agentDir(home, agentId);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(path.join(home, "agents"), 0o700);
  fs.chmodSync(dir, 0o700);
  return dir;
}

/**
 * Writes the one-file program CLAUDE_CODE_SHELL_PREFIX names. Claude Code splits the
 * prefix at its last " -" and quotes the part before as one path, so the prefix must
 * be a single path without " -" in it; the script carries the real command line.
 */
export function writeShellGateScript(dir: string, ctx: CommandContext): string {
  const file = path.join(dir, SHELL_GATE_FILE);
  if (file.includes(" -")) {
    throw new WardenError("bad_config", `the shell gate path ${file} contains " -", which Claude Code's CLAUDE_CODE_SHELL_PREFIX cannot carry; set WARDEN_HOME to a path without it`);
  }
  const text = [
    "#!/bin/sh",
    `# Written by 'warden connect claude-code' for ${ctx.workspace}. Claude Code runs every`,
    "# shell command, command hook and stdio MCP server through this (CLAUDE_CODE_SHELL_PREFIX).",
    `exec ${shellJoin(shellGateArgv(ctx))} -- "$@"`,
    "",
  ].join("\n");
  writeFileAtomic(file, text, 0o700);
  fs.chmodSync(file, 0o700);
  return file;
}

/** Removes a directory when nothing is left in it. */
export function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty, or gone
  }
}
