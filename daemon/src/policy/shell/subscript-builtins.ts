import type { Arg } from "./invocation";
import { DYNAMIC_OPEN } from "./types";

/**
 * Bash builtins that take variable names evaluate an array subscript in a name as
 * arithmetic, and arithmetic runs command substitutions: `read 'a[$(rm -rf ~)]'` runs rm
 * although every word is quoted. (Checked against bash 5.2: read, printf -v, declare,
 * test -v, let and unset on an existing array all execute it.)
 */
const NAME_BUILTINS = new Set(["read", "declare", "typeset", "local", "readonly", "export", "unset", "mapfile", "readarray", "getopts"]);

/** A subscript that is not a plain number (or `@`/`*`) is evaluated as an expression. */
const RISKY_SUBSCRIPT = /\[(?![0-9]*\]|[@*]\])[^]*\]/;

export function subscriptProblems(name: string, args: readonly Arg[]): string[] {
  if (name === "let") return ["`let` evaluates arithmetic (can run commands through array subscripts)"];
  return candidateNames(name, args)
    .filter((word) => RISKY_SUBSCRIPT.test(word) || word.includes(DYNAMIC_OPEN))
    .map((word) => `\`${name}\` argument \`${word}\` has an array subscript that bash evaluates (can run commands)`);
}

/** Option values of `read` that are not names (a prompt, a delimiter, a count). */
const READ_VALUED = new Set(["-d", "-i", "-n", "-N", "-p", "-t", "-u"]);

/** The words the builtin treats as variable names, each cut at `=`. */
function candidateNames(name: string, args: readonly Arg[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const text = args[i]?.value ?? "";
    const next = args[i + 1]?.value;
    if (NAME_BUILTINS.has(name)) {
      if (name === "read" && READ_VALUED.has(text)) i += 1;
      else if (!text.startsWith("-")) out.push(text.split("=", 1)[0] ?? "");
      continue;
    }
    if (next === undefined) continue;
    const namesNext =
      (name === "printf" && text === "-v") || (name === "wait" && text === "-p") || ((name === "test" || name === "[") && (text === "-v" || text === "-R"));
    if (namesNext) out.push(next);
  }
  return out;
}
