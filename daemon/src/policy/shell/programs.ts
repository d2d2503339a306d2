import { inspectAwk, isAwk } from "./awk";
import { inspectBuiltin } from "./builtin-risks";
import { inspectEditor } from "./editors";
import { environmentRisks } from "./environment-risks";
import { inspectFileWriter } from "./file-writers";
import { inspectFind } from "./find";
import { inspectGit } from "./git";
import { inspectInterpreter } from "./interpreters";
import { basename, emptyReport, type Invocation, type ProgramReport } from "./invocation";
import { inspectSed } from "./sed";
import { inspectShellCode } from "./shells";
import { subscriptProblems } from "./subscript-builtins";
import { inspectTool } from "./tools";
import { inspectWrapper } from "./wrappers";

/** Everything the program-specific inspectors know about one invocation, merged. */
export function inspectProgram(inv: Invocation): ProgramReport {
  const report = emptyReport();
  report.runsCode.push(...environmentRisks(inv.assignments));
  const program = inv.argv[0];
  if (program === undefined || program.dynamic) return report;
  const name = basename(program.value);
  report.problems.push(...subscriptProblems(name, inv.argv.slice(1)));
  const specific = inspectSpecific(name, inv);
  if (specific !== null) {
    report.runsCode.push(...specific.runsCode);
    report.writes.push(...specific.writes);
    report.problems.push(...specific.problems);
    report.nested.push(...specific.nested);
  }
  report.runsCode = [...new Set(report.runsCode)];
  return report;
}

function inspectSpecific(name: string, inv: Invocation): ProgramReport | null {
  if (isAwk(name)) return inspectAwk(inv);
  switch (name) {
    case "sed":
    case "gsed":
      return inspectSed(inv);
    case "git":
      return inspectGit(inv);
    case "find":
    case "gfind":
      return inspectFind(inv);
  }
  return inspectBuiltin(name, inv) ?? inspectWrapper(name, inv) ?? inspectShellCode(name, inv) ?? inspectInterpreter(name, inv) ?? inspectFileWriter(name, inv) ?? inspectEditor(name, inv) ?? inspectTool(name, inv);
}
