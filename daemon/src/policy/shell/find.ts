import { emptyReport, type Arg, type Invocation, type ProgramReport } from "./invocation";

const EXEC_ACTIONS = new Set(["-exec", "-execdir", "-ok", "-okdir"]);
/** Actions that write their output to a file named in the next argument. */
const FILE_ACTIONS = new Set(["-fprint", "-fprint0", "-fprintf", "-fls"]);

/** find runs `-exec cmd {} ;` per file (or `+` batched) and writes `-fprint` files. */
export function inspectFind(inv: Invocation): ProgramReport {
  const report = emptyReport();
  const args = inv.argv;
  for (let i = 1; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === undefined) break;
    if (FILE_ACTIONS.has(arg.value)) {
      const file = args[i + 1];
      if (file !== undefined) report.writes.push(file);
      i += 1;
      continue;
    }
    if (!EXEC_ACTIONS.has(arg.value)) continue;
    const end = findTerminator(args, i + 1);
    const label = `find ${arg.value}`;
    report.runsCode.push(label);
    if (end === -1) {
      // find itself rejects this; we cannot tell where the command ends.
      report.problems.push(`\`${label}\` without a terminating \`;\` or \`+\``);
      return report;
    }
    const batched = args[end]?.value === "+";
    // `{}` becomes a file name: text chosen by whoever names the files.
    const argv = args.slice(i + 1, end).map((a) => (a.value.includes("{}") ? { ...a, dynamic: true } : a));
    if (argv.length > 0) report.nested.push({ kind: "argv", argv, via: label, argsUnknown: batched });
    i = end;
  }
  report.runsCode = [...new Set(report.runsCode)];
  return report;
}

/** `;` ends a command anywhere; `+` only right after `{}`. */
function findTerminator(args: readonly Arg[], from: number): number {
  for (let k = from; k < args.length; k += 1) {
    const arg = args[k];
    if (arg === undefined || arg.dynamic) continue;
    if (arg.value === ";") return k;
    if (arg.value === "+" && args[k - 1]?.value === "{}") return k;
  }
  return -1;
}
