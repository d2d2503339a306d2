import { emptyReport, type Arg, type Invocation, type ProgramReport } from "./invocation";
import { scanOptions, type OptionSpec } from "./option-scan";

const AWK_NAMES = new Set(["awk", "gawk", "mawk", "nawk", "busybox-awk", "original-awk"]);

export function isAwk(name: string): boolean {
  return AWK_NAMES.has(name);
}

const OPTIONS: OptionSpec = {
  flags: "bcCDgghLMNnOPrsStVy",
  valued: "FvfeEil",
  optionalValue: "dop",
  longFlags: [
    "--characters-as-bytes", "--traditional", "--copyright", "--gen-pot", "--help", "--lint", "--bignum",
    "--use-lc-numeric", "--non-decimal-data", "--optimize", "--posix", "--re-interval", "--no-optimize",
    "--sandbox", "--lint-old", "--version", "--csv",
  ],
  longValued: ["--field-separator", "--assign", "--file", "--source", "--exec", "--include", "--load"],
  longOptional: ["--dump-variables", "--debug", "--pretty-print", "--profile"],
};

/** Options whose value is a file of awk code, or a compiled extension. */
const CODE_FILES = new Set(["-f", "--file", "-E", "--exec", "-i", "--include"]);
const EXTENSIONS = new Set(["-l", "--load"]);
/** Options that write a report file (dump, profile, pretty-print). */
const REPORT_FILES = new Set(["-d", "--dump-variables", "-o", "--pretty-print", "-p", "--profile"]);

/** awk programs can run commands (`system()`, pipes) and write files (`print > f`). */
export function inspectAwk(inv: Invocation): ProgramReport {
  const report = emptyReport();
  const scan = scanOptions(inv.argv[0]?.value ?? "awk", inv.argv, 1, OPTIONS);
  if (!scan.ok) {
    // An option we do not know may take the next word, so we could mistake data for the program.
    report.runsCode.push("awk (options not understood)");
    report.problems.push(scan.problem);
    return report;
  }
  const programs: Arg[] = [];
  let programFromFile = false;
  for (const option of scan.options) {
    if (CODE_FILES.has(option.name)) programFromFile = true;
    if (EXTENSIONS.has(option.name)) report.runsCode.push("awk -l (loads an extension)");
    if (REPORT_FILES.has(option.name)) report.runsCode.push(`awk ${option.name} (writes a report file)`);
    if ((option.name === "-e" || option.name === "--source") && option.value !== null) programs.push({ value: option.value, dynamic: false });
  }
  if (programFromFile) report.runsCode.push("awk -f (program from a file)");
  const first = inv.argv[scan.operand];
  if (!programFromFile && programs.length === 0 && first !== undefined) programs.push(first);
  for (const program of programs) addProgramFindings(program, report);
  return report;
}

function addProgramFindings(program: Arg, report: ProgramReport): void {
  if (program.dynamic) {
    // The program text comes from the shell at run time and may call system().
    report.runsCode.push("awk program not known until run time");
    report.problems.push(`\`awk\` program \`${program.value}\` is not known until run time`);
    return;
  }
  for (const reason of awkProgramRisks(program.value)) report.runsCode.push(reason);
}

/** Looks for the ways an awk program reaches outside: commands, coprocesses, files, extensions. */
export function awkProgramRisks(program: string): string[] {
  // String literals cannot run anything; removing them avoids `print "a > b"` false alarms.
  const code = program.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
  const risks: string[] = [];
  if (/\bsystem\s*\(/.test(code)) risks.push("awk system()");
  if (/\|\s*&?\s*getline\b/.test(code) || /\|&/.test(code)) risks.push("awk command | getline");
  for (const statement of code.split(/[;{}\n]/)) {
    const print = /\bprintf?\b([^]*)$/.exec(statement);
    const tail = print?.[1] ?? "";
    if (/(^|[^|])\|(?!\|)/.test(tail)) risks.push("awk print | command");
    else if (/>/.test(tail)) risks.push("awk print > file");
  }
  // gawk: `@f()` calls the function named by f (system included); `@load` loads native code.
  if (/@\s*[A-Za-z_"]/.test(code)) risks.push("awk @ indirect call or @load/@include");
  return [...new Set(risks)];
}
