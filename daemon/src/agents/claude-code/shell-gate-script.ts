import fs from "node:fs";
import path from "node:path";
import { WardenError } from "../../../../protocol/src/errors";
import { writeFileAtomic } from "../../connect/json-file";
import { CommandContext, shellGateArgv, shellJoin } from "../../hook/entry-points";

/**
 * What Claude Code's plugin keeps in the agent's folder under WARDEN_HOME:
 *
 *   <home>/agents/<agent-id>/claude-shell-gate   the CLAUDE_CODE_SHELL_PREFIX program
 *   <home>/agents/<agent-id>/claude-mcp.json     Warden's MCP server, passed by `warden run`
 */
export const SHELL_GATE_FILE = "claude-shell-gate";
export const CLAUDE_MCP_FILE = "claude-mcp.json";

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

