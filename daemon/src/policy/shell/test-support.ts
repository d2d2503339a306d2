import assert from "node:assert/strict";
import { loadShellParser } from "./shell-parser";
import type { ShellAnalysis, SimpleCommand } from "./types";

/**
 * Helpers for the analyser's tests (kept beside them; nothing else imports this).
 * The real grammar is loaded once per test file.
 */
export async function analyze(command: string): Promise<ShellAnalysis> {
  const parser = await loadShellParser();
  return parser.analyze(command);
}

export function programs(analysis: ShellAnalysis): string[] {
  return analysis.commands.map((command) => command.programName);
}

/** The one command with this program name; fails the test when there is none or several. */
export function only(analysis: ShellAnalysis, programName: string): SimpleCommand {
  const found = analysis.commands.filter((command) => command.programName === programName);
  assert.equal(found.length, 1, `expected one \`${programName}\` in ${JSON.stringify(programs(analysis))}`);
  const [command] = found;
  assert.ok(command !== undefined);
  return command;
}

export function assertResolved(analysis: ShellAnalysis): void {
  assert.equal(analysis.resolved, true, `expected resolved, problems: ${JSON.stringify(analysis.problems)}`);
  assert.deepEqual(analysis.problems, []);
}

export function assertUnresolved(analysis: ShellAnalysis, problem: RegExp): void {
  assert.equal(analysis.resolved, false, "expected unresolved");
  assert.ok(
    analysis.problems.some((text) => problem.test(text)),
    `expected a problem matching ${String(problem)}, got ${JSON.stringify(analysis.problems)}`,
  );
}
