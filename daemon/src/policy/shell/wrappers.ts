import { emptyReport, joinForShell, literal, type Arg, type Invocation, type ProgramReport } from "./invocation";
import { hasOption, optionValues, scanOptions, type OptionSpec } from "./option-scan";
import type { Assignment } from "./types";
import { WRAPPERS } from "./wrapper-table";

const ASSIGNMENT = /^([^=]+)=([^]*)$/;

/** Unwraps `sudo`, `env`, `timeout`… so the program they run is analysed too. Null when not a wrapper. */
export function inspectWrapper(name: string, inv: Invocation): ProgramReport | null {
  if (name === "xargs") return inspectXargs(inv);
  if (name === "watch") return inspectWatch(inv);
  if (name === "flock") return inspectFlock(inv);
  const spec = Object.hasOwn(WRAPPERS, name) ? WRAPPERS[name] : undefined;
  if (spec === undefined) return null;
  const report = emptyReport();
  const args = inv.argv;
  const scan = scanOptions(name, args, 1, spec.options);
  // `sudo --weird x rm`: we cannot know whether x or rm is the program, so we do not guess.
  if (!scan.ok) {
    report.problems.push(scan.problem);
    return report;
  }
  for (const option of scan.options) {
    const reason = spec.unanalysed?.[option.name];
    if (reason !== undefined) {
      report.runsCode.push(reason);
      report.problems.push(`\`${name} ${option.name}\` is not analysed`);
      return report;
    }
  }
  if (spec.noRun !== undefined && hasOption(scan.options, ...spec.noRun)) return report;
  for (const file of optionValues(scan.options, ...(spec.writesTo ?? []))) report.writes.push(literal(file));
  const assignments: Assignment[] = [...inv.assignments];
  for (const pair of optionValues(scan.options, ...(spec.envOption ?? []))) assignments.push(toAssignment(pair, false));
  let i = scan.operand + (spec.leadingOperands ?? 0);
  while (spec.assignments === true && i < args.length) {
    const arg = args[i];
    if (arg === undefined) break;
    // `env $X cmd`: $X may be NAME=value or the program itself; we cannot tell which.
    if (arg.dynamic && !isLiteralAssignment(arg)) {
      report.problems.push(`cannot analyse \`${name}\` argument \`${arg.value}\` (assignment or program, not known until run time)`);
      return report;
    }
    if (!ASSIGNMENT.test(arg.value)) break;
    assignments.push(toAssignment(arg.value, arg.dynamic));
    i += 1;
  }
  if (i >= args.length) {
    if (spec.withoutCommand !== undefined && spec.withoutCommand !== null) report.runsCode.push(spec.withoutCommand);
    return report;
  }
  report.nested.push({ kind: "argv", argv: args.slice(i), via: `wrapper:${name}`, assignments });
  return report;
}

function isLiteralAssignment(arg: Arg): boolean {
  const eq = arg.value.indexOf("=");
  return eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(arg.value.slice(0, eq));
}

function toAssignment(pair: string, dynamic: boolean): Assignment {
  const match = ASSIGNMENT.exec(pair);
  const name = match?.[1] ?? pair;
  return { name, value: dynamic || match === null ? null : (match[2] ?? "") };
}

const XARGS: OptionSpec = {
  flags: "0prtxo",
  valued: "aEdILnPs",
  optionalValue: "eil",
  longFlags: ["--null", "--interactive", "--no-run-if-empty", "--verbose", "--exit", "--show-limits", "--open-tty", "--help", "--version"],
  longValued: ["--arg-file", "--delimiter", "--max-args", "--max-procs", "--max-chars", "--process-slot-var"],
  longOptional: ["--replace", "--eof", "--max-lines"],
};

/** xargs appends (or substitutes) words read from stdin: the command's arguments are unknown. */
function inspectXargs(inv: Invocation): ProgramReport {
  const report = emptyReport();
  report.runsCode.push("xargs");
  const scan = scanOptions("xargs", inv.argv, 1, XARGS);
  if (!scan.ok) {
    report.problems.push(scan.problem);
    return report;
  }
  if (hasOption(scan.options, "--help", "--version")) return report;
  const replace = scan.options
    .filter((option) => ["-I", "-i", "--replace"].includes(option.name))
    .map((option) => option.value ?? "{}");
  const operands = inv.argv.slice(scan.operand);
  const argv = operands.length > 0 ? operands : [literal("echo")];
  // With -I, every word containing the replace string becomes input text: `sh -c 'rm {}'` is unknown code.
  const marked = argv.map((arg) => (replace.some((r) => r !== "" && arg.value.includes(r)) ? { ...arg, dynamic: true } : arg));
  report.nested.push({ kind: "argv", argv: marked, via: "xargs", argsUnknown: true, assignments: inv.assignments });
  return report;
}

const WATCH: OptionSpec = {
  flags: "bcCegprtwx",
  valued: "nqs",
  optionalValue: "d",
  longFlags: ["--beep", "--color", "--no-color", "--errexit", "--chgexit", "--precise", "--no-rerun", "--no-title", "--no-wrap", "--exec", "--help", "--version"],
  longValued: ["--interval", "--equexit", "--shotsdir"],
  longOptional: ["--differences"],
};

/** watch joins its arguments and hands them to `sh -c`, unless -x runs them directly. */
function inspectWatch(inv: Invocation): ProgramReport {
  const report = emptyReport();
  const scan = scanOptions("watch", inv.argv, 1, WATCH);
  if (!scan.ok) {
    report.problems.push(scan.problem);
    return report;
  }
  const operands = inv.argv.slice(scan.operand);
  if (operands.length === 0 || hasOption(scan.options, "--help", "--version")) return report;
  if (hasOption(scan.options, "-x", "--exec")) {
    report.nested.push({ kind: "argv", argv: operands, via: "wrapper:watch", assignments: inv.assignments });
    return report;
  }
  const text = joinForShell(operands);
  if (text === null) report.problems.push("`watch` runs a command string not known until run time");
  else report.nested.push({ kind: "source", text, via: "watch" });
  return report;
}

const FLOCK: OptionSpec = {
  flags: "sxeunoF",
  valued: "Ew",
  longFlags: ["--shared", "--exclusive", "--unlock", "--nonblock", "--nb", "--close", "--no-fork", "--verbose", "--help", "--version"],
  longValued: ["--timeout", "--wait", "--conflict-exit-code"],
};

/** `flock FILE cmd args`, `flock FILE -c 'string'`, or `flock FD` (runs nothing). */
function inspectFlock(inv: Invocation): ProgramReport {
  const report = emptyReport();
  const scan = scanOptions("flock", inv.argv, 1, FLOCK);
  if (!scan.ok) {
    report.problems.push(scan.problem);
    return report;
  }
  const rest = inv.argv.slice(scan.operand + 1);
  const first = rest[0];
  if (first === undefined || hasOption(scan.options, "--help", "--version")) return report;
  if (first.value === "-c" || first.value === "--command" || first.value.startsWith("--command=")) {
    const inline = first.value.startsWith("--command=") ? literal(first.value.slice("--command=".length)) : rest[1];
    if (inline === undefined) return report;
    report.runsCode.push("flock -c");
    if (inline.dynamic || first.dynamic) report.problems.push("`flock -c` runs a command string not known until run time");
    else report.nested.push({ kind: "source", text: inline.value, via: "flock -c" });
    return report;
  }
  report.nested.push({ kind: "argv", argv: rest, via: "wrapper:flock", assignments: inv.assignments });
  return report;
}
