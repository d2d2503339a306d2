/**
 * What the shell analyser tells the policy engine. The engine never sees the command
 * text, only these records, so every field errs on the side of reporting more.
 */

export interface ShellParser {
  /** Synchronous: the grammar is already loaded. Never throws on any input. */
  analyze(command: string): ShellAnalysis;
}

export interface ShellAnalysis {
  /** True only when every part of the command was statically understood. */
  resolved: boolean;
  /** Why not resolved; empty when `resolved` is true. */
  problems: string[];
  /**
   * Every simple command that would (or could) run, in source order; a command comes
   * before the commands nested in it (its substitutions, the program a wrapper runs).
   */
  commands: SimpleCommand[];
}

export interface Assignment {
  name: string;
  /** Null when the value is not statically known (expansions, tilde, arrays, `+=`). */
  value: string | null;
}

export interface Redirect {
  /** The operator as written: `>`, `>>`, `>|`, `&>`, `&>>`, `<`, `>&`, `<&`, `<<`, `<<-`, `<<<`. */
  op: string;
  /** The descriptor redirected: explicit (`2>`), else the operator's default (0 or 1); null for `&>` (both). */
  fd: number | null;
  /** The file, descriptor or heredoc delimiter after unquoting; null when dynamic. */
  target: string | null;
}

export interface SimpleCommand {
  /** As written after unquoting: "git", "/usr/bin/rm", "./script.sh"; "" for assignment- or redirect-only statements. */
  program: string;
  /** Basename of `program`: "rm". */
  programName: string;
  /** After unquoting; a dynamic part is kept as its source text between DYNAMIC_OPEN and DYNAMIC_CLOSE. */
  args: string[];
  /** Some argument (or, for xargs/find -exec, the whole argument list) is not statically known. */
  dynamicArgs: boolean;
  /** `NAME=value` prefixes (and the names set by `env`, `export`, `declare`…). */
  assignments: Assignment[];
  redirects: Redirect[];
  /** Files this command writes: output redirections, `tee` arguments, `sed -i` files, and a few output options. */
  writes: string[];
  /** How it was reached: "pipeline", "command-substitution", "wrapper:sudo", "bash -c", "find -exec", "function:f"… */
  via: string[];
  /** Reasons this command runs other programs or arbitrary code taken from its arguments or input. */
  runsCode: string[];
}

/** Marks the start of a part of an argument that is only known at run time. */
export const DYNAMIC_OPEN = "\u27e8";
/** Marks the end of a part of an argument that is only known at run time. */
export const DYNAMIC_CLOSE = "\u27e9";
