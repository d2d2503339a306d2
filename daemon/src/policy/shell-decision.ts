import path from "node:path";
import { DecisionResult } from "../../../protocol/src/actions";
import { builtin, FileContext, fileSubject, walkedReadSubject } from "./file-subject";
import { decideSubject, MatchOptions, PolicySet, strictest } from "./layers";
import { gitContextRisk } from "./git-context";
import { scriptHash } from "./script-hash";
import { emptiedTargets, nonEmptyNow } from "./shell-emptying";
import { decideCommandReads } from "./shell-read-decision";
import { isFileMutator, mutationTargets } from "./shell-mutations";
import { ShellParser, SimpleCommand } from "./shell/types";

/**
 * Environment variables that change what programs run or load. Setting them
 * silently would let an allowed command run anything.
 */
const DANGEROUS_ENV = /^(PATH|LD_[A-Z_]+|DYLD_[A-Z_]+|BASH_ENV|ENV|SHELLOPTS|BASHOPTS|IFS|PROMPT_COMMAND|PS4|PAGER|GIT_[A-Z_]+|MANPAGER|EDITOR|VISUAL|LESSOPEN|LESSCLOSE|NODE_OPTIONS|NODE_PATH|NPM_CONFIG_[A-Z_]+|PYTHON[A-Z_]*|PERL5?[A-Z_]*|RUBY[A-Z_]*|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|SSH_ASKPASS|HOME|XDG_CONFIG_HOME|ZDOTDIR|TMPDIR)$/i;

/** Programs that only count as themselves when run from a system directory: `./ls` is not ls. */
const SYSTEM_DIRS = new Set(["/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin", "/usr/local/sbin"]);

const HARMLESS_WRITES = new Set(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"]);

/**
 * Decides a whole command line: every command it would run and every file it
 * would write is decided on its own, and the strictest answer stands. What the
 * analyser could not resolve is asked, never allowed.
 */
export function decideShell(command: string, set: PolicySet, shell: ShellParser, files: FileContext, match: MatchOptions): DecisionResult {
  const analysis = shell.analyze(command);
  const parts: DecisionResult[] = [];
  if (!analysis.resolved) {
    parts.push(builtin("ask", "unresolved-shell", `Warden cannot fully resolve this command (${analysis.problems.slice(0, 3).join("; ")}), so it is not allowed without asking`));
  }
  if (analysis.commands.length === 0 && analysis.resolved) {
    parts.push(builtin("ask", "empty-command", "the command runs nothing Warden can see"));
  }
  const cwds = possibleCwds(analysis.commands, files.cwd ?? files.workspace, files.home);
  if (cwds === null) parts.push(builtin("ask", "unknown-cwd", "the command changes directory to a place only known at run time"));
  for (const cmd of analysis.commands) parts.push(...decideCommand(cmd, set, files, match, cwds ?? [files.cwd ?? files.workspace]));
  return strictest(parts) ?? builtin("ask", "empty-command", "nothing to decide");
}

/**
 * Every directory a command in the line might run in. `cd .git && echo x > config`
 * writes .git/config: relative paths are decided against the starting directory and
 * every `cd` target (in any order, branches and subshells included — a superset),
 * and the strictest answer stands. Null when a target is only known at run time.
 */
function possibleCwds(commands: readonly SimpleCommand[], start: string, home: string): string[] | null {
  const cwds = [start];
  for (const cmd of commands) {
    if (!["cd", "pushd", "popd", "chdir"].includes(cmd.programName)) continue;
    const operands = cmd.args.filter((a) => !a.startsWith("-"));
    if (cmd.programName === "popd" || cmd.dynamicArgs || operands.length > 1 || operands[0] === "-") return null;
    const target = operands[0] ?? home;
    const expanded = target === "~" ? home : target.startsWith("~/") ? path.join(home, target.slice(2)) : target;
    for (const from of [...cwds]) cwds.push(path.resolve(from, expanded));
    if (cwds.length > 16) return null;
  }
  return [...new Set(cwds)];
}

function decideCommand(cmd: SimpleCommand, set: PolicySet, files: FileContext, match: MatchOptions, cwds: readonly string[]): DecisionResult[] {
  const out: DecisionResult[] = [];
  const cwd = cwds[0] ?? files.workspace;
  /** A file subject decided from every possible working directory. */
  const decideFileInto = (into: DecisionResult[], op: "file.read" | "file.write" | "file.delete", target: string): void => {
    for (const dir of path.isAbsolute(target) || target.startsWith("~") ? [cwd] : cwds) {
      const f = fileSubject(op, target, { ...files, cwd: dir });
      into.push("builtin" in f ? f.builtin : decideSubject(set, f.subject, match));
    }
  };
  const decideFile = (op: "file.read" | "file.write" | "file.delete", target: string): void => decideFileInto(out, op, target);
  for (const a of cmd.assignments) {
    // Attack: PATH=/tmp/evil ls, LD_PRELOAD=x.so git status, GIT_SSH_COMMAND=… git fetch.
    if (DANGEROUS_ENV.test(a.name)) out.push(builtin("ask", "env-override", `setting ${a.name} changes what programs run or load`));
  }
  for (const r of cmd.redirects) {
    const writes = r.op.includes(">") && !r.op.includes("&") ? true : r.op === "&>" || r.op === "&>>";
    if (writes && r.target === null) out.push(builtin("ask", "dynamic-redirect", "the command writes to a file only known at run time"));
  }
  for (const target of cmd.writes) {
    if (!HARMLESS_WRITES.has(target)) decideFile("file.write", target);
  }
  // Attack: `sed -i d src/app.ts`, `: > README.md` under a rule that allows edits while deletions ask.
  for (const target of new Set(cwds.flatMap((dir) => nonEmptyNow(emptiedTargets(cmd), dir, files.home)))) decideFile("file.delete", target);
  // Attack: `cat < .env`, `$(< ~/.ssh/id_rsa)`, `date -f .env`, `grep -r KEY .`: reads the program's rule does not see.
  // Only what is stricter than a plain allow is kept, so the command's own rule still names an allowed decision.
  const reads: DecisionResult[] = [];
  const readWalked = (real: string): void => {
    const f = walkedReadSubject(real, files);
    reads.push("builtin" in f ? f.builtin : decideSubject(set, f.subject, match));
  };
  decideCommandReads(cmd, { read: (target) => decideFileInto(reads, "file.read", target), readWalked, cwds, home: files.home, push: (result) => reads.push(result) });
  out.push(...reads.filter((r) => r.decision !== "allow"));
  if (cmd.program === "") return out;
  // On case-insensitive file systems (macOS) `RM` runs rm.
  const program = files.caseInsensitive ? programIdentity(cmd.program).toLowerCase() : programIdentity(cmd.program);
  const decided = decideSubject(
    set,
    { kind: "shell.exec", program, args: cmd.args, dynamicArgs: cmd.dynamicArgs, runsCode: cmd.runsCode, scriptHash: () => scriptHash(program, cmd.args, cwd) },
    match,
  );
  out.push(cmd.runsCode.length > 0 && decided.decision !== "deny" ? { ...decided, reason: `${decided.reason} (it runs code: ${cmd.runsCode.join(", ")})` } : decided);
  // `git push` run as a command is also decided as a push, so remote and branch rules
  // (protected branches, no force) hold whichever way the agent pushes.
  if (program === "git") {
    const risk = gitContextRisk(cmd.args, cwds, files.workspace, files.caseInsensitive);
    if (risk !== null) out.push(builtin("ask", "git-context", risk));
    // `git commit` run as a command is also decided as a commit, so the commit rule holds whichever way the agent commits.
    if (cmd.args.find((a) => !a.startsWith("-")) === "commit") out.push(decideSubject(set, { kind: "git.commit" }, match));
    const push = gitPushTargets(cmd.args);
    if (push === "unknown") out.push(builtin("ask", "push-unknown-target", "the push does not name its remote and branch explicitly; asking"));
    else for (const target of push) out.push(decideSubject(set, { kind: "git.push", ...target }, match));
  }
  // Attack: `rm .warden/policy.json`, `mv ~/.bashrc x`, `chmod 777 .git/hooks/pre-commit` under a rule that
  // allows the program: every file it changes is decided as the write or deletion it is.
  if (isFileMutator(program)) {
    if (cmd.dynamicArgs) out.push(builtin("ask", "dynamic-file-target", `${program} acts on files known only at run time`));
    for (const t of mutationTargets(program, cmd.args)) decideFile(t.op, t.target);
  }
  if ((decided.decision === "allow" || decided.decision === "allow+log") && readsArgs(set, program)) {
    // Attack: `cat .env` under a rule that allows cat: the files it reads are decided as reads
    // (and the directory it runs in, for `cd ~/.ssh && ls`).
    for (const arg of [...readTargets(cmd.args), "."]) decideFile("file.read", arg);
  }
  return out;
}

/**
 * The arguments a file-reading command may read: every operand, and the value of
 * every `--option=value` (`grep --file=.env`), since options can name files too.
 */
function readTargets(args: readonly string[]): string[] {
  const targets: string[] = [];
  for (const arg of args) {
    if (!arg.startsWith("-")) targets.push(arg);
    else if (arg.startsWith("--") && arg.includes("=")) targets.push(arg.slice(arg.indexOf("=") + 1));
  }
  return targets.filter((t) => t !== "" && t !== "-");
}

/** Options that make a push rewrite or remove what is on the remote. */
const FORCING = new Set(["-f", "--force", "--force-with-lease", "--force-if-includes", "--mirror", "-d", "--delete", "--prune", "--all", "--tags"]);

/**
 * The remote and branches a `git … push` names: [] when it is not a push,
 * "unknown" when it relies on configuration (no remote or refspec given).
 */
export function gitPushTargets(args: readonly string[]): Array<{ remote: string; branch: string; force: boolean }> | "unknown" {
  const at = args.indexOf("push");
  if (at < 0) return [];
  const rest = args.slice(at + 1);
  const force = rest.some((a) => FORCING.has(a) || a.startsWith("--force-with-lease="));
  const positional = rest.filter((a) => !a.startsWith("-"));
  const [remote, ...refspecs] = positional;
  if (remote === undefined || refspecs.length === 0) return "unknown";
  return refspecs.map((spec) => {
    const plus = spec.startsWith("+");
    const body = plus ? spec.slice(1) : spec;
    const dst = body.includes(":") ? body.slice(body.indexOf(":") + 1) : body;
    // ":branch" (empty source) deletes the remote branch.
    const deletes = body.startsWith(":");
    return { remote, branch: dst.replace(/^refs\/heads\//, ""), force: force || plus || deletes };
  });
}

function programIdentity(program: string): string {
  if (!program.includes("/")) return program;
  return SYSTEM_DIRS.has(path.posix.dirname(program)) ? path.posix.basename(program) : program;
}

function readsArgs(set: PolicySet, program: string): boolean {
  return set.layers.some((l) => l.policy.rules.some((r) => r.commands?.some((m) => m.program === program && m.readsArgs === true) === true));
}
