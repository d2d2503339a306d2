import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { corpusText } from "../../test-corpora";
import { loadShellParser } from "./shell-parser";
import type { ShellParser } from "./types";

/**
 * Real-world commands (NL2Bash, tldr-pages) through the real grammar. A parse error is
 * the grammar failing to read a line; the target is at most 1% of lines per corpus.
 *
 * Both corpora hold lines that are not bash at all (tldr documents key presses such as
 * `<Ctrl c>`, placeholder syntax such as `-eq|ne|gt`, PowerShell and cmd.exe commands),
 * which no parser should accept. So a line counts against the parser only when bash
 * itself accepts it (`bash -n`, which parses without running anything); the raw rate
 * over all lines is printed beside it.
 */

function nl2bash(): string[] {
  return corpusText("shell/nl2bash-all.cm").split("\n").filter((line) => line.trim() !== "");
}

/** tldr-pages' example commands, placeholders filled in, one a line (see test/corpora/MANIFEST.json). */
function tldr(): string[] {
  return corpusText("shell/tldr-commands.txt").split("\n").filter((line) => line.trim() !== "");
}

function bashAccepts(command: string): boolean {
  const result = spawnSync("bash", ["-n", "-c", command], { stdio: "ignore", timeout: 10_000 });
  if (result.error !== undefined) assert.fail(`cannot run \`bash -n\` to check corpus lines: ${result.error.message}`);
  return result.status === 0;
}

interface CorpusResult {
  rawRate: number;
  rate: number;
  meanMicros: number;
}

function measure(parser: ShellParser, name: string, commands: readonly string[]): CorpusResult {
  const failures: string[] = [];
  const crashes: string[] = [];
  const started = process.hrtime.bigint();
  for (const command of commands) {
    const analysis = parser.analyze(command);
    if (analysis.problems.some((problem) => problem.includes("parse error"))) failures.push(command);
    if (analysis.problems.some((problem) => problem.startsWith("internal error"))) crashes.push(command);
  }
  const meanMicros = Number(process.hrtime.bigint() - started) / 1000 / commands.length;
  const bashValid = failures.filter(bashAccepts);
  const bashRejected = failures.length - bashValid.length;
  const rawRate = 1 - failures.length / commands.length;
  const rate = 1 - bashValid.length / (commands.length - bashRejected);
  console.log(`${name}: ${commands.length} commands; parsed without error: ${(rawRate * 100).toFixed(2)}% of all lines`);
  console.log(`${name}: ${bashRejected} failing lines are not valid bash either (bash -n rejects them)`);
  console.log(`${name}: parsed without error: ${(rate * 100).toFixed(2)}% of lines bash accepts (${bashValid.length} failures)`);
  console.log(`${name}: first failing lines:\n  ${failures.slice(0, 20).join("\n  ")}`);
  console.log(`${name}: first failing lines that bash accepts:\n  ${bashValid.slice(0, 20).join("\n  ") || "(none)"}`);
  console.log(`${name}: mean parse+analyse time ${meanMicros.toFixed(1)} µs per command`);
  assert.deepEqual(crashes, [], `${name}: the analyser failed internally on these lines`);
  return { rawRate, rate, meanMicros };
}

describe("real-world command corpora", () => {
  test("NL2Bash: at least 99% of the commands parse without error", async () => {
    const parser = await loadShellParser();
    const commands = nl2bash();
    assert.ok(commands.length > 12_000, `expected the full NL2Bash corpus, found ${commands.length} lines`);
    const result = measure(parser, "NL2Bash", commands);
    assert.ok(result.rate >= 0.99, `NL2Bash parse rate ${result.rate} is below 0.99`);
  });

  test("tldr-pages: at least 99% of the commands parse without error", async () => {
    const parser = await loadShellParser();
    const commands = tldr();
    assert.ok(commands.length > 30_000, `expected the full tldr corpus, found ${commands.length} lines`);
    const result = measure(parser, "tldr", commands);
    assert.ok(result.rate >= 0.99, `tldr parse rate ${result.rate} is below 0.99`);
  });
});
