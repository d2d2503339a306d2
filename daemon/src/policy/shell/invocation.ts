import type { Assignment, Redirect } from "./types";

/**
 * The program-level view of one simple command: argv after expansion as far as it is
 * known. The program inspectors (wrappers, shells, git, awk…) work on this alone, so
 * they are plain functions that tests can call without a parser.
 */
export interface Arg {
  value: string;
  /** Not one fixed string (expansion, glob, brace, tilde). */
  dynamic: boolean;
  /** The only unknown is a leading `~` or `~/`, which a path check can still resolve. */
  homeRelative?: boolean;
}

/** Literal text a shell reads on stdin, from a heredoc or here-string. */
export interface StdinText {
  kind: "heredoc" | "here-string";
  /** Null when the text has expansions, so what the program reads is not known. */
  text: string | null;
}

export interface Invocation {
  argv: Arg[];
  /** More arguments are appended at run time (xargs, find -exec … +). */
  argsUnknown: boolean;
  assignments: Assignment[];
  redirects: Redirect[];
  /** Files opened for writing by the redirections. */
  writes: string[];
  stdin: StdinText | null;
  /** Where stdin comes from when not a heredoc: a pipe or file redirect, so a script may arrive there. */
  stdinRedirected: boolean;
  via: string[];
}

/** Something a program runs that must be analysed in turn. */
export type Nested =
  | { kind: "argv"; argv: Arg[]; via: string; argsUnknown?: boolean; assignments?: Assignment[] }
  | { kind: "source"; text: string; via: string };

export interface ProgramReport {
  runsCode: string[];
  /** Files written because of the arguments (tee, sed -i…); dynamic ones make the analysis unresolved. */
  writes: Arg[];
  problems: string[];
  nested: Nested[];
}

export function emptyReport(): ProgramReport {
  return { runsCode: [], writes: [], problems: [], nested: [] };
}

export function literal(value: string): Arg {
  return { value, dynamic: false };
}

export function basename(program: string): string {
  const trimmed = program.replace(/\/+$/, "");
  const slash = trimmed.lastIndexOf("/");
  return slash === -1 ? trimmed : trimmed.slice(slash + 1);
}

/** Shell string that runs argv, for programs that pass their arguments to `sh -c` joined by spaces. */
export function joinForShell(args: readonly Arg[]): string | null {
  if (args.some((arg) => arg.dynamic)) return null;
  return args.map((arg) => arg.value).join(" ");
}
