import { emptyReport, joinForShell, type Arg, type Invocation, type ProgramReport } from "./invocation";
import { DYNAMIC_OPEN } from "./types";

/** Shells whose language is bash's (or a subset of it), so their scripts can be parsed as bash. */
const POSIX_SHELLS = new Set(["sh", "bash", "dash", "ash", "ksh", "mksh", "pdksh", "posh", "yash", "zsh", "rbash"]);
/** Shells with a different language: their scripts are never parsed with the bash grammar. */
const OTHER_SHELLS = new Set(["fish", "csh", "tcsh", "pwsh", "powershell", "nu", "xonsh", "elvish", "rc", "es"]);

/** Single-letter options of the POSIX shells that take no value; `o`/`O` take one, `c`/`s` pick the mode. */
const SHELL_FLAGS = "abBCefhHiklmnprtuvxEPTDR";
const SHELL_LONG_FLAGS = new Set([
  "--login", "--norc", "--noprofile", "--posix", "--restricted", "--verbose", "--noediting",
  "--debugger", "--dump-strings", "--dump-po-strings", "--help", "--version", "--pretty-print",
]);
const SHELL_LONG_VALUED = new Set(["--rcfile", "--init-file"]);

export function isShell(name: string): boolean {
  return POSIX_SHELLS.has(name) || OTHER_SHELLS.has(name);
}

/** Shells, eval, source, trap and su: programs whose arguments or stdin are shell code. */
export function inspectShellCode(name: string, inv: Invocation): ProgramReport | null {
  if (POSIX_SHELLS.has(name)) return inspectPosixShell(name, inv);
  if (OTHER_SHELLS.has(name)) return inspectOtherShell(name, inv);
  switch (name) {
    case "eval":
      return inspectEval(inv);
    case "source":
    case ".":
      return withRunsCode("source/.");
    case "trap":
      return inspectTrap(inv);
    case "su":
    case "runuser":
      return inspectSu(name, inv);
  }
  return null;
}

function withRunsCode(reason: string): ProgramReport {
  const report = emptyReport();
  report.runsCode.push(reason);
  return report;
}

interface ShellMode {
  command: boolean;
  stdin: boolean;
  operand: number;
  problem?: string;
}

function scanShellOptions(name: string, args: readonly Arg[]): ShellMode {
  const mode: ShellMode = { command: false, stdin: false, operand: args.length };
  for (let i = 1; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === undefined) break;
    const text = arg.value;
    // After -c the next operand is the command string, whatever it turns out to be.
    if (arg.dynamic && mode.command) return { ...mode, operand: i };
    if (arg.dynamic && (text.startsWith("-") || text.startsWith("+") || text.startsWith(DYNAMIC_OPEN))) {
      return { ...mode, problem: `cannot analyse \`${name}\` argument \`${text}\` (not known until run time)` };
    }
    if (text === "--" || text === "-") return { ...mode, operand: i + 1 };
    if (!(text.startsWith("-") || text.startsWith("+")) || text.length < 2) return { ...mode, operand: i };
    if (text.startsWith("--")) {
      if (SHELL_LONG_VALUED.has(text)) i += 1;
      else if (!SHELL_LONG_FLAGS.has(text)) return { ...mode, problem: `cannot analyse \`${name}\` option \`${text}\` (unknown to Warden)` };
      continue;
    }
    for (const ch of text.slice(1)) {
      if (ch === "c") mode.command = true;
      else if (ch === "s") mode.stdin = true;
      else if (ch === "o" || ch === "O") i += 1;
      else if (!SHELL_FLAGS.includes(ch)) return { ...mode, problem: `cannot analyse \`${name}\` option \`${text[0] ?? "-"}${ch}\` (unknown to Warden)` };
    }
  }
  return mode;
}

function inspectPosixShell(name: string, inv: Invocation): ProgramReport {
  const report = emptyReport();
  const mode = scanShellOptions(name, inv.argv);
  // An option we do not know may take the next word: the command string could be a different word.
  if (mode.problem !== undefined) {
    report.runsCode.push(`${name} (options not understood)`);
    report.problems.push(mode.problem);
    return report;
  }
  const operand = inv.argv[mode.operand];
  if (mode.command) {
    report.runsCode.push(`${name} -c`);
    if (operand === undefined) return report;
    // `sh -c "$X"` runs whatever X holds.
    if (operand.dynamic) report.problems.push(`\`${name} -c\` runs a command string not known until run time`);
    else report.nested.push({ kind: "source", text: operand.value, via: `${name} -c` });
    return report;
  }
  if (operand !== undefined && !mode.stdin) {
    report.runsCode.push("runs script file");
    return report;
  }
  addStdinScript(name, inv, report);
  return report;
}

/** A shell with no script or -c reads its script from stdin: a heredoc we can parse, or unknown input. */
function addStdinScript(name: string, inv: Invocation, report: ProgramReport): void {
  report.runsCode.push("script on stdin");
  if (inv.stdin !== null && inv.stdin.text !== null) {
    report.nested.push({ kind: "source", text: inv.stdin.text, via: inv.stdin.kind === "heredoc" ? `${name} <<heredoc` : `${name} <<<` });
    return;
  }
  // `curl … | sh`: the script is whatever arrives on stdin.
  report.problems.push(`\`${name}\` runs a script from stdin that is not known statically`);
}

function inspectOtherShell(name: string, inv: Invocation): ProgramReport {
  const report = emptyReport();
  const usesCommand = inv.argv.slice(1).some((arg) => /^-[A-Za-z]*c/.test(arg.value) || arg.value === "--command" || arg.value === "-Command");
  report.runsCode.push(usesCommand ? `${name} -c` : "runs a non-bash shell");
  // Its language is not bash: parsing its script with the bash grammar would mislead.
  report.problems.push(`\`${name}\` code is not analysed (not a bash-compatible shell)`);
  return report;
}

function inspectEval(inv: Invocation): ProgramReport {
  const report = withRunsCode("eval");
  const args = inv.argv.slice(1);
  if (args.length === 0) return report;
  const text = joinForShell(args);
  // eval re-parses its arguments: `eval "$X"` is whatever X holds.
  if (text === null) report.problems.push("`eval` of arguments not known until run time");
  else report.nested.push({ kind: "source", text, via: "eval" });
  return report;
}

/** `trap 'cmd' SIG…` runs cmd later; `trap -l`, `trap -p`, `trap - SIG` and `trap SIG` run nothing. */
function inspectTrap(inv: Invocation): ProgramReport {
  const report = emptyReport();
  let args = inv.argv.slice(1);
  if (args[0]?.value === "--") args = args.slice(1);
  const first = args[0];
  if (first === undefined || args.length < 2 || first.value === "-" || first.value === "-l" || first.value === "-p") return report;
  report.runsCode.push("trap");
  // The trap string runs in this shell later: unknown text is unknown code.
  if (first.dynamic) report.problems.push("`trap` with a command string not known until run time");
  else if (first.value !== "") report.nested.push({ kind: "source", text: first.value, via: "trap" });
  return report;
}

/**
 * su and runuser hand `-c STRING` (anywhere: GNU getopt permutes) to the target user's
 * shell; `runuser -u USER [--] cmd args` runs cmd directly.
 */
function inspectSu(name: string, inv: Invocation): ProgramReport {
  const report = emptyReport();
  const args = inv.argv.slice(1);
  const userOption = args.findIndex((arg) => arg.value === "-u" || arg.value === "--user");
  if (name === "runuser" && userOption !== -1 && !args.some((arg) => /^(-c|--command|--session-command)/.test(arg.value))) {
    let start = userOption + 2;
    if (args[start]?.value === "--") start += 1;
    if (start < args.length) report.nested.push({ kind: "argv", argv: args.slice(start), via: "wrapper:runuser", assignments: inv.assignments });
    else report.runsCode.push("interactive shell");
    return report;
  }
  let command: Arg | null | undefined = null;
  for (const [i, arg] of args.entries()) {
    const text = arg.value;
    if (text === "-c" || text === "--command" || text === "--session-command") command = args[i + 1];
    else if (text.startsWith("--command=")) command = { value: text.slice("--command=".length), dynamic: arg.dynamic };
    else if (/^-[flmpP]*c./.test(text)) command = { value: text.slice(text.indexOf("c") + 1), dynamic: arg.dynamic };
  }
  if (command === null) {
    report.runsCode.push("interactive shell");
    return report;
  }
  report.runsCode.push(`${name} -c`);
  if (command === undefined) return report;
  // `su -c "$X"` runs whatever X holds, as another user.
  if (command.dynamic) report.problems.push(`\`${name} -c\` runs a command string not known until run time`);
  else report.nested.push({ kind: "source", text: command.value, via: `${name} -c` });
  return report;
}
