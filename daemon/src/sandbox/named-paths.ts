import path from "node:path";
import { ShellParser } from "../policy/shell/types";

/**
 * The paths a command line names (operands and redirect targets of every command it
 * runs), absolute. An approval of a command is an approval of what the human saw in
 * it: only these may be un-hidden for it, never everything the sandbox hides.
 */
export function namedPaths(shell: ShellParser, command: string, cwd: string, home: string): string[] {
  const out = new Set<string>();
  const add = (word: string | null): void => {
    if (word === null || word === "" || word.startsWith("-") || word.includes("\u27e8")) return;
    const expanded = word === "~" ? home : word.startsWith("~/") ? path.join(home, word.slice(2)) : word;
    out.add(path.resolve(cwd, expanded));
  };
  for (const cmd of shell.analyze(command).commands) {
    for (const arg of cmd.args) add(arg.startsWith("--") && arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : arg);
    for (const r of cmd.redirects) add(r.target);
  }
  return [...out];
}
