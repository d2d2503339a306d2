import path from "node:path";
import { HookAgentKind } from "../../../protocol/src/agent-kinds";

/**
 * Where Warden's compiled programs are, and the exact command lines `warden connect`
 * writes into agent settings. Both the writer (connect) and the shell gate (which
 * lets these, and only these, through without a decision) build them here, so the
 * two cannot disagree. Absolute paths to node and the scripts: PATH does not matter.
 */

/** Compiled to dist/daemon/src/hook/: the entries sit beside this file. */
export const HOOK_ENTRY = path.resolve(__dirname, "main.js");
export const SHELL_GATE_ENTRY = path.resolve(__dirname, "shell-gate-main.js");
export const CLI_ENTRY = path.resolve(__dirname, "..", "cli", "main.js");

export interface CommandContext {
  workspace: string;
  home: string;
  node?: string;
}

export function hookArgv(agent: HookAgentKind, ctx: CommandContext): string[] {
  return [ctx.node ?? process.execPath, HOOK_ENTRY, agent, "--workspace", ctx.workspace, "--home", ctx.home];
}

/** The stdio MCP bridge (`warden mcp`); the token comes from WARDEN_TOKEN in the agent's environment. */
export function mcpArgv(ctx: CommandContext): string[] {
  return [ctx.node ?? process.execPath, CLI_ENTRY, "mcp", "--workspace", ctx.workspace];
}

export function shellGateArgv(ctx: CommandContext): string[] {
  return [ctx.node ?? process.execPath, SHELL_GATE_ENTRY, "--workspace", ctx.workspace, "--home", ctx.home];
}

/** Quotes words for a POSIX shell: plain words stay as they are, anything else is single-quoted. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ");
}

/**
 * Splits a command line that uses only plain words, single quotes and backslash
 * escapes (what shellJoin and Claude Code's own quoting produce) into its words.
 * Anything else (variables, globs, operators, double quotes) is null: such a line is
 * never one of Warden's own commands.
 */
export function splitSimple(line: string): string[] | null {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === " ") {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return null;
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === "\\") {
      if (i + 1 >= line.length) return null;
      word = (word ?? "") + line.charAt(i + 1);
      i++;
    } else if (/[A-Za-z0-9_./:=@%+,-]/.test(c)) {
      word = (word ?? "") + c;
    } else {
      return null;
    }
  }
  if (word !== null) words.push(word);
  return words;
}
