import { emptyReport, literal, type Arg, type Invocation, type ProgramReport } from "./invocation";
import { analyseSedScript } from "./sed-script";

const FLAGS = new Set(["-n", "--quiet", "--silent", "-E", "-r", "--regexp-extended", "-s", "--separate", "-u", "--unbuffered",
  "-z", "--null-data", "--posix", "--debug", "--sandbox", "--follow-symlinks", "-b", "--binary"]);
const SHORT_FLAGS = "nErsuzb";

/** sed: `-i` rewrites its files, and the script may run commands (`e`) or write files (`w`). */
export function inspectSed(inv: Invocation): ProgramReport {
  const report = emptyReport();
  const scripts: Arg[] = [];
  const operands: Arg[] = [];
  let inPlace = false;
  let optionsDone = false;
  const args = inv.argv.slice(1);
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === undefined) break;
    const text = arg.value;
    if (optionsDone || !text.startsWith("-") || text === "-") {
      operands.push(arg);
      continue;
    }
    // `sed $OPTS …` could be `-e 'e id'` or `-i`; we cannot tell which.
    if (arg.dynamic) {
      report.runsCode.push("sed (options not known until run time)");
      report.problems.push(`cannot analyse \`sed\` argument \`${text}\` (not known until run time)`);
      return report;
    }
    if (text === "--") optionsDone = true;
    else if (text === "-i" || text.startsWith("--in-place")) {
      inPlace = true;
      // BSD sed takes the backup suffix as the next word: `sed -i '' 's/a/b/' f`.
      if (text === "-i" && args[i + 1]?.value === "" && args[i + 1]?.dynamic === false) i += 1;
    } else if (text === "-e" || text === "--expression" || text === "-f" || text === "--file" || text === "-l" || text === "--line-length") {
      const value = args[i + 1];
      i += 1;
      if (value === undefined) break;
      addScriptSource(text, value, scripts, report);
    } else if (/^--(expression|file|line-length)=/.test(text)) {
      const eq = text.indexOf("=");
      addScriptSource(text.slice(0, eq), { ...arg, value: text.slice(eq + 1) }, scripts, report);
    } else if (FLAGS.has(text)) {
      continue;
    } else {
      const cluster = readCluster(text, args[i + 1], scripts, report);
      if (cluster === null) {
        // An unknown option may take the script as its value: do not guess which word is the script.
        report.runsCode.push("sed (options not understood)");
        report.problems.push(`cannot analyse \`sed\` option \`${text}\` (unknown to Warden)`);
        return report;
      }
      inPlace ||= cluster.inPlace;
      i += cluster.consumedNext ? 1 : 0;
    }
  }
  const files = scripts.length > 0 || report.runsCode.includes("sed -f (script from a file)") ? operands : operands.slice(1);
  if (scripts.length === 0 && !report.runsCode.includes("sed -f (script from a file)") && operands[0] !== undefined) scripts.push(operands[0]);
  for (const script of scripts) addScriptFindings(script, report);
  if (inPlace) report.writes.push(...files);
  return report;
}

function addScriptSource(option: string, value: Arg, scripts: Arg[], report: ProgramReport): void {
  if (option === "-e" || option === "--expression") scripts.push(value);
  else if (option === "-f" || option === "--file") report.runsCode.push("sed -f (script from a file)");
}

/** Short clusters such as `-ne 's/x/y/'`, `-i.bak`, `-Ei`: flags, then -i[SUFFIX], -e or -f taking the rest. */
function readCluster(text: string, next: Arg | undefined, scripts: Arg[], report: ProgramReport): { inPlace: boolean; consumedNext: boolean } | null {
  for (let k = 1; k < text.length; k += 1) {
    const ch = text[k] ?? "";
    const rest = text.slice(k + 1);
    if (SHORT_FLAGS.includes(ch)) continue;
    if (ch === "i") return { inPlace: true, consumedNext: false };
    if (ch === "e" || ch === "f" || ch === "l") {
      const value = rest !== "" ? literal(rest) : next;
      if (value !== undefined) addScriptSource(`-${ch}`, value, scripts, report);
      return { inPlace: false, consumedNext: rest === "" };
    }
    return null;
  }
  return { inPlace: false, consumedNext: false };
}

function addScriptFindings(script: Arg, report: ProgramReport): void {
  if (script.dynamic) {
    // A script assembled at run time may contain `e` or `w` commands we cannot see.
    report.runsCode.push("sed script not known until run time");
    report.problems.push(`\`sed\` script \`${script.value}\` is not known until run time`);
    return;
  }
  const findings = analyseSedScript(script.value);
  if (findings.runsCommand) report.runsCode.push("sed e command");
  if (findings.writes.length > 0) report.runsCode.push("sed w/W file");
  report.writes.push(...findings.writes.map(literal));
  if (!findings.understood) report.runsCode.push("sed script not understood");
}
