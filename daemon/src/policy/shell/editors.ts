import { emptyReport, type Invocation, type ProgramReport } from "./invocation";

/**
 * Editors and pagers run shell commands given on their command line: `vim -c '!rm -rf ~'`,
 * `vim +'!id'`, `less '+!id'`, `man -P 'sh -c id'`, `emacs --eval '(shell-command "id")'`.
 */
export function inspectEditor(name: string, inv: Invocation): ProgramReport | null {
  const args = inv.argv.slice(1).map((arg) => arg.value);
  const risky = riskyArguments(name, args);
  if (risky === null) return null;
  const report = emptyReport();
  if (risky) report.runsCode.push(`${name} command-line commands (can run shell commands)`);
  return report;
}

/** Null when the program is not an editor or pager we know. */
function riskyArguments(name: string, args: readonly string[]): boolean | null {
  if (/^(vim?|nvim|gvim|ex|view|vimdiff|rvim)$/.test(name)) return args.some((arg) => /^(\+|-c$|-S$|-s$|-u$|-U$|--cmd$)/.test(arg));
  if (name === "less" || name === "more" || name === "most") return args.some((arg) => arg.startsWith("+"));
  if (name === "man") return args.some((arg) => /^(-[A-Za-z]*[PH]|--pager|--html|--preprocessor|-p)/.test(arg));
  if (name === "emacs" || name === "emacsclient") return args.some((arg) => /^(--eval|-e$|-l$|--load|-f$|--funcall|--script|-x$)/.test(arg));
  return null;
}
