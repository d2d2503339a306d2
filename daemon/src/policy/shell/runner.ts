import type { AnalysisState, WalkContext } from "./analysis-state";
import { basename, type Invocation } from "./invocation";
import { excerpt } from "./positions";
import { inspectProgram } from "./programs";
import type { SimpleCommand } from "./types";

const RESERVED = new Set(["{", "}", "[[", "]]", "then", "fi", "do", "done", "esac", "elif", "else", "in", "function"]);

/**
 * Emits one simple command, then whatever it runs in turn: the program a wrapper
 * starts, or the shell string `bash -c` or `eval` is given, parsed afresh.
 */
export function runInvocation(state: AnalysisState, partial: Omit<Invocation, "via">, ctx: WalkContext): void {
  const inv: Invocation = { ...partial, via: [...ctx.via] };
  const report = inspectProgram(inv);
  const program = inv.argv[0];
  if (program !== undefined && program.dynamic && program.homeRelative !== true) {
    // `$CMD args`, `"$(echo rm)" -rf /`: the program is chosen at run time.
    state.problem(ctx, `dynamic command name \`${excerpt(program.value)}\``);
  }
  if (program !== undefined && RESERVED.has(program.value)) {
    // `coproc x { rm -rf /; }` comes back from the grammar with `}` as a command: a misparse.
    state.problem(ctx, `reserved word \`${program.value}\` read as a command name (the grammar misread the line)`);
  }
  for (const problem of report.problems) state.problem(ctx, problem);
  const redirects = [...inv.redirects];
  const writes = [...inv.writes];
  if (ctx.inherited !== null) {
    redirects.push(...ctx.inherited.redirects);
    writes.push(...ctx.inherited.writes);
    ctx.inherited.absorbed = true;
  }
  for (const write of report.writes) {
    writes.push(write.value);
    // `tee "$F"`, `sed -i … $F`: an unknown file could be ~/.bashrc or .git/hooks/pre-commit.
    if (write.dynamic && write.homeRelative !== true) {
      state.problem(ctx, `write target \`${excerpt(write.value)}\` of \`${program?.value ?? ""}\` is not known until run time`);
    }
  }
  const args = inv.argv.slice(1);
  const command: SimpleCommand = {
    program: program?.value ?? "",
    programName: basename(program?.value ?? ""),
    args: args.map((arg) => arg.value),
    dynamicArgs: inv.argsUnknown || args.some((arg) => arg.dynamic),
    assignments: inv.assignments,
    redirects,
    writes: [...new Set(writes)],
    via: inv.via,
    runsCode: report.runsCode,
  };
  state.addCommand(command);
  for (const nested of report.nested) {
    const next = state.deeper(ctx, { via: [...ctx.via, nested.via], inherited: null });
    if (next === null) return;
    if (nested.kind === "argv") {
      runInvocation(
        state,
        {
          argv: nested.argv,
          argsUnknown: nested.argsUnknown ?? false,
          assignments: nested.assignments ?? [],
          redirects: [],
          writes: [],
          stdin: inv.stdin,
          stdinRedirected: inv.stdinRedirected,
        },
        next,
      );
    } else {
      state.reparse(nested.text, { ...next, label: `${ctx.label}in \`${nested.via}\` string: ` });
    }
  }
}
