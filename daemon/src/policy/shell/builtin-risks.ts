import { emptyReport, type Invocation, type ProgramReport } from "./invocation";

/**
 * Bash builtins that change what a later command name runs, or load code: an alias
 * body runs wherever the alias is used (with `shopt -s expand_aliases`), `hash -p`
 * points a name at any file, `enable -f` loads a shared object as a builtin.
 */
const ALIAS_NAME = /^[^\s=/$`'"\\|&;()<>-][^\s=/$`'"\\|&;()<>]*$/;

export function inspectBuiltin(name: string, inv: Invocation): ProgramReport | null {
  const args = inv.argv.slice(1);
  switch (name) {
    case "alias": {
      const report = emptyReport();
      for (const arg of args) {
        const eq = arg.value.indexOf("=");
        // Only NAME=VALUE words define aliases; bash rejects names with quotes, `$`, `/` or blanks.
        if (eq <= 0 || !ALIAS_NAME.test(arg.value.slice(0, eq))) continue;
        report.runsCode.push("alias (defines a command)");
        const body = arg.value.slice(eq + 1);
        // Report the body as if it ran here, as function bodies are.
        if (arg.dynamic) report.problems.push(`\`alias\` body \`${arg.value}\` is not known until run time`);
        else if (body.trim() !== "") report.nested.push({ kind: "source", text: body, via: `alias:${arg.value.slice(0, eq)}` });
      }
      report.runsCode = [...new Set(report.runsCode)];
      return report;
    }
    case "hash":
      return args.some((arg) => /^-[a-z]*p/.test(arg.value)) ? withReason("hash -p (changes which file a command name runs)") : emptyReport();
    case "enable":
      return args.some((arg) => /^-[a-z]*f/.test(arg.value)) ? withReason("enable -f (loads a shared library as a builtin)") : emptyReport();
    case "mapfile":
    case "readarray":
      return args.some((arg) => /^-[a-z]*C/.test(arg.value)) ? withProblem("mapfile -C (runs a callback)", "`mapfile -C` callbacks are not analysed") : emptyReport();
    case "coproc":
      // `coproc NAME { …; }` is read by the grammar as a command named NAME; the body would be lost.
      return args.some((arg) => arg.value === "{" || arg.value === "(") ? withProblem("coproc", "`coproc` with a compound command is not analysed") : null;
  }
  return null;
}

function withReason(reason: string): ProgramReport {
  const report = emptyReport();
  report.runsCode.push(reason);
  return report;
}

function withProblem(reason: string, problem: string): ProgramReport {
  const report = withReason(reason);
  report.problems.push(problem);
  return report;
}
