import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { before, describe, test } from "node:test";
import fc from "fast-check";
import { loadShellParser, type ShellParser } from "../../../../daemon/src/policy/shell";
import { corpusDirLines, corpusLines } from "../../bench/policy/corpus";
import { seededRandom, shuffle } from "../../bench/policy/prng";
import { sandboxUnavailable, traceLines } from "./bash-sandbox";
import { addFigures, compareLines, describeDisagreement, describeFigures, type Compared, type SourcedLine } from "./differential";
import { quotedLine, shellLine } from "./shell-words";

/**
 * Differential test of the shell analyser against real bash (issue 9): for real-world
 * commands (test/corpora/shell), attack payloads (test/corpora/payloads/
 * command-injection) and generated lines, every command bash runs must be one Warden
 * reports, or Warden must call the line unresolved (which the policy asks about).
 *
 * Bounded for CI: a fixed-seed sample of the corpus (WARDEN_SHELL_DIFF_CORPUS lines,
 * default 3000; "all" for every line) and WARDEN_SHELL_DIFF_GENERATED generated lines
 * (default 1500), each line with a 3-second limit in the sandbox. No budget for the whole
 * run (its length follows the machine's load): the sandbox is stopped only when it makes
 * no progress for longer than one step can take (stallLimitMs). WARDEN_SHELL_DIFF_REPORT=FILE
 * writes every disagreement (refused ones too) to FILE as JSON lines.
 */
const SEED = 9;

function sizeFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (raw === "all") return Number.POSITIVE_INFINITY;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer or "all", got '${raw}'`);
  return n;
}

function uniqueLines(source: string, lines: readonly string[]): SourcedLine[] {
  return [...new Set(lines)].filter((line) => !line.includes("\0")).map((line) => ({ source, line }));
}

describe("the analyser agrees with real bash on what runs (differential)", () => {
  let parser: ShellParser;

  before(async () => {
    const unavailable = sandboxUnavailable();
    if (unavailable !== null) assert.fail(`cannot run the differential test: ${unavailable}`);
    parser = await loadShellParser();
  });

  test("the sandbox records every command, runs none, and reaches no network", async () => {
    // Attack on the harness itself: a line that would delete a host file or phone home.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-victim-"));
    const victim = path.join(dir, "keep-me");
    fs.writeFileSync(victim, "x");
    const connections: string[] = [];
    const server = net.createServer((socket) => {
      connections.push("connected");
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const traces = await traceLines([
        `rm -f ${victim}; /bin/rm -f ${victim}; /usr/bin/rm -f ${victim}`,
        `echo $(ls -l) | grep "a b" > out; printf '%s' x`,
        `exec 3>&-; echo pwned > /dev/tcp/127.0.0.1/${port}; kill -9 -1; enable echo; [ -f x ]`,
        "while [[ 1 ]]; do :; done",
      ]);
      assert.deepEqual(traces[0]?.argvs, [["rm", "-f", victim], ["/bin/rm", "-f", victim], ["/usr/bin/rm", "-f", victim]]);
      // Pipeline members run concurrently: their order in the trace is not fixed.
      assert.deepEqual(new Set(traces[1]?.argvs.map((a) => JSON.stringify(a))), new Set(['["ls","-l"]', '["echo"]', '["grep","a b"]', '["printf","%s","x"]']));
      // `exec 3>&-` closes the record descriptor for itself only; the /dev/tcp redirect fails, so echo never starts.
      assert.deepEqual(traces[2]?.argvs, [["kill", "-9", "-1"], ["enable", "echo"], ["[", "-f", "x", "]"]]);
      assert.equal(traces[3]?.timedOut, true, "an endless loop is cut off by the per-line limit");
      assert.ok(fs.existsSync(victim), "no real rm ran");
      assert.deepEqual(connections, [], "no connection left the sandbox");
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("every disagreement with bash over corpus and generated lines is refused", async () => {
    const corpusSize = sizeFromEnv("WARDEN_SHELL_DIFF_CORPUS", 3000);
    const generatedSize = sizeFromEnv("WARDEN_SHELL_DIFF_GENERATED", 1500);
    const rnd = seededRandom(SEED);
    const corpus = shuffle(
      [...uniqueLines("nl2bash", corpusLines("shell/nl2bash-all.cm")), ...uniqueLines("tldr", corpusLines("shell/tldr-commands.txt"))],
      rnd,
    );
    const sampled = corpus.slice(0, Math.min(corpus.length, corpusSize));
    const payloads = uniqueLines("injection", corpusDirLines("payloads/command-injection"));
    const runs = Math.ceil((Number.isFinite(generatedSize) ? generatedSize : 20_000) / 2);
    const adversarial = uniqueLines("generated", fc.sample(shellLine, { seed: SEED, numRuns: runs }));
    const quoted = uniqueLines("generated-quoted", fc.sample(quotedLine, { seed: SEED, numRuns: runs }));
    const groups: Array<[string, SourcedLine[]]> = [
      [`corpus sample (${sampled.length} of ${corpus.length} distinct lines, seed ${SEED})`, sampled],
      [`command-injection payloads (${payloads.length})`, payloads],
      [`generated, everything at once (${adversarial.length} distinct of ${runs}, seed ${SEED})`, adversarial],
      [`generated, quoting as people write it (${quoted.length} distinct of ${runs}, seed ${SEED})`, quoted],
    ];
    const all = groups.flatMap(([, lines]) => lines);
    const started = Date.now();
    const traces = await traceLines(all.map((l) => l.line));
    const results: Array<[string, Compared]> = [];
    let offset = 0;
    for (const [label, lines] of groups) {
      results.push([label, compareLines(parser, lines, traces.slice(offset, offset + lines.length))]);
      offset += lines.length;
    }
    const total = results.reduce((sum, [, r]) => addFigures(sum, r.figures), {
      compared: 0, agreed: 0, disagreedRefused: 0, disagreedResolved: 0, resolved: 0, withCommands: 0, commandsCompared: 0, timedOut: 0,
    });
    for (const [label, r] of results) console.log(describeFigures(label, r.figures));
    console.log(describeFigures("total", total));
    console.log(`(bash sandbox and comparison took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const refused = results.flatMap(([, r]) => r.disagreements.filter((d) => !d.resolved));
    for (const d of refused.slice(0, 5)) console.log(`refused (example): ${describeDisagreement(d)}`);
    const report = process.env["WARDEN_SHELL_DIFF_REPORT"];
    if (report !== undefined && report !== "") {
      // Every disagreement, one JSON object a line, for working through them.
      fs.writeFileSync(report, results.flatMap(([, r]) => r.disagreements.map((d) => `${JSON.stringify(d)}\n`)).join(""));
    }
    const bypasses = results.flatMap(([, r]) => r.disagreements.filter((d) => d.resolved));
    assert.deepEqual(bypasses.map(describeDisagreement), [], `${bypasses.length} lines where bash ran a command Warden did not report, and Warden called the line resolved`);
    // The comparison must bite: most lines run something, most are resolved.
    assert.ok(total.withCommands >= total.compared * 0.8, `bash ran commands in only ${total.withCommands} of ${total.compared} lines`);
    assert.ok(total.resolved >= sampled.length * 0.5, `Warden resolved only ${total.resolved} lines`);
  });
});
