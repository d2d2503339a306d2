import fs from "node:fs";

/**
 * The command hook the proving ground installs for every event: VS Code runs it as
 * `node recording-hook.js <record-file> <rules-file> <event>`. It appends one JSON
 * line per run to the record file (its argv, parsed stdin, cwd and the names of its
 * environment variables, never their values, and which of them hold a probe
 * string) and then answers as the first matching rule says, or allows. The rules
 * file is read on every run, so an experiment can change the answer between turns.
 */

/** What a run answers: exit code, stdout and stderr, optionally after sleeping. */
export interface HookAnswer {
  exitCode: number;
  stdout?: string;
  stderr?: string;
  /** Sleep first (for timeout experiments). */
  sleepSeconds?: number;
}

/** A rule applies when every given field matches; `inputContains` searches the JSON of `tool_input`. */
export interface HookRule {
  event?: string;
  tool?: string;
  inputContains?: string;
  answer: HookAnswer;
}

/** The rules file: answers by rule, and strings to look for in the hook's environment (say, an API key). */
export interface HookRules {
  rules: HookRule[];
  envProbes: string[];
}

export interface HookRecord {
  argv: string[];
  cwd: string;
  envNames: string[];
  /** The names of the environment variables whose value contains one of the probes. */
  envProbeHits: string[];
  /** The parsed stdin, or the raw text when it was not JSON. */
  input: unknown;
  /** The rule that answered (index), or null for the default allow. */
  rule: number | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function matches(rule: unknown, event: string, input: unknown): rule is HookRule {
  if (!isRecord(rule) || !isRecord(rule["answer"])) return false;
  const fields = isRecord(input) ? input : {};
  if (typeof rule["event"] === "string" && rule["event"] !== event) return false;
  if (typeof rule["tool"] === "string" && rule["tool"] !== fields["tool_name"]) return false;
  if (typeof rule["inputContains"] === "string" && !JSON.stringify(fields["tool_input"] ?? null).includes(rule["inputContains"])) return false;
  return true;
}

function readRules(file: string): { rules: unknown[]; envProbes: string[] } {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    if (!isRecord(value)) return { rules: [], envProbes: [] };
    const probes = Array.isArray(value["envProbes"]) ? value["envProbes"] : [];
    return { rules: Array.isArray(value["rules"]) ? value["rules"] : [], envProbes: probes.filter((p: unknown): p is string => typeof p === "string" && p !== "") };
  } catch {
    return { rules: [], envProbes: [] };
  }
}

function parseInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** PreToolUse gets an explicit allow, so VS Code's own confirmation never waits for a click; other events need no answer. */
function defaultAnswer(event: string): HookAnswer {
  if (event !== "PreToolUse") return { exitCode: 0 };
  return { exitCode: 0, stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow", permissionDecisionReason: "recording hook" } }) };
}

function main(): void {
  const [recordFile, rulesFile, event] = process.argv.slice(2);
  if (recordFile === undefined || rulesFile === undefined || event === undefined) {
    process.stderr.write("usage: recording-hook.js <record-file> <rules-file> <event>\n");
    process.exit(1);
  }
  const input = parseInput(fs.readFileSync(0, "utf8"));
  const { rules, envProbes } = readRules(rulesFile);
  const index = rules.findIndex((r) => matches(r, event, input));
  const rule = rules[index];
  const answer = matches(rule, event, input) ? rule.answer : defaultAnswer(event);
  const record: HookRecord = { argv: process.argv.slice(2), cwd: process.cwd(), envNames: Object.keys(process.env).sort(), envProbeHits: Object.keys(process.env).filter((k) => envProbes.some((p) => (process.env[k] ?? "").includes(p))), input, rule: index >= 0 ? index : null };
  fs.appendFileSync(recordFile, JSON.stringify(record) + "\n");
  if (answer.sleepSeconds !== undefined) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, answer.sleepSeconds * 1000);
  if (answer.stdout !== undefined) process.stdout.write(answer.stdout);
  if (answer.stderr !== undefined) process.stderr.write(answer.stderr);
  process.exitCode = answer.exitCode;
}

main();
