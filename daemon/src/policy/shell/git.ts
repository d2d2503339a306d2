import { GIT_SUBCOMMANDS } from "./git-commands";
import { emptyReport, joinForShell, literal, type Arg, type Invocation, type ProgramReport } from "./invocation";

/** Global options taking a value in the next word (or after `=` for the long ones). */
const GLOBAL_VALUED = new Set(["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--super-prefix", "--attr-source", "--config-env", "--list-cmds"]);
const GLOBAL_FLAGS = new Set([
  "-p", "--paginate", "-P", "--no-pager", "--bare", "--no-replace-objects", "--no-lazy-fetch", "--literal-pathspecs",
  "--glob-pathspecs", "--noglob-pathspecs", "--icase-pathspecs", "--no-optional-locks", "--no-advice", "--html-path",
  "--man-path", "--info-path", "--version", "--help", "-v", "-h", "--exec-path",
]);

/** Options (on any subcommand) that name a program git runs for the transport. */
const TRANSPORT_COMMANDS = /^--(upload-pack|receive-pack|exec)(=|$)/;

/**
 * git runs code from configuration, so anything that changes configuration on the
 * command line (`-c`, `--config-env`), or calls something that is not a git built-in
 * (an alias or `git-foo` on PATH), is reported.
 */
export function inspectGit(inv: Invocation): ProgramReport {
  const report = emptyReport();
  const args = inv.argv;
  let i = 1;
  for (; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === undefined) break;
    const text = arg.value;
    if (!text.startsWith("-")) break;
    // `git $OPT x`: an unknown option could be `-c alias.x=!cmd`.
    if (arg.dynamic) {
      report.problems.push(`cannot analyse \`git\` option \`${text}\` (not known until run time)`);
      return report;
    }
    const eq = text.indexOf("=");
    const name = eq === -1 ? text : text.slice(0, eq);
    // `-c core.pager=…`, `-c alias.x=!cmd`, `-c core.sshCommand=…` all run commands.
    if (name === "-c" || (name.startsWith("-c") && name.length > 2)) report.runsCode.push("git -c (config override)");
    if (name === "--config-env") report.runsCode.push("git --config-env (config override)");
    if (name === "--exec-path" && eq !== -1) report.runsCode.push("git --exec-path (runs git programs from a chosen directory)");
    if (GLOBAL_VALUED.has(name)) {
      if (eq === -1) i += 1;
    } else if (!GLOBAL_FLAGS.has(name) && !(name.startsWith("-C") || name.startsWith("-c"))) {
      // An option we do not know may take a value: the subcommand we then pick could be wrong.
      report.problems.push(`cannot analyse \`git\` option \`${text}\` (unknown to Warden)`);
      return report;
    }
  }
  const sub = args[i];
  if (sub === undefined) return report;
  // `git $SUB`: the subcommand could be an alias that runs anything.
  if (sub.dynamic) {
    report.problems.push(`\`git\` subcommand \`${sub.value}\` is not known until run time`);
    return report;
  }
  const rest = args.slice(i + 1);
  if (!GIT_SUBCOMMANDS.has(sub.value)) report.runsCode.push("git alias or external subcommand");
  for (const arg of rest) {
    // `ext::sh -c …` makes git run an arbitrary command as the remote transport.
    if (arg.value.includes("ext::")) report.runsCode.push("git ext:: transport");
    if (TRANSPORT_COMMANDS.test(arg.value)) report.runsCode.push("git --upload-pack/--receive-pack/--exec (runs a command)");
  }
  inspectSubcommand(sub.value, rest, report);
  report.runsCode = [...new Set(report.runsCode)];
  return report;
}

function inspectSubcommand(sub: string, rest: Arg[], report: ProgramReport): void {
  const values = rest.map((arg) => arg.value);
  switch (sub) {
    case "grep":
      if (values.some((v) => v === "-O" || v.startsWith("-O") || v.startsWith("--open-files-in-pager"))) {
        report.runsCode.push("git grep -O/--open-files-in-pager");
      }
      break;
    case "clone":
    case "ls-remote":
      if (values.some((v) => v === "-u" || /^-u./.test(v))) report.runsCode.push("git --upload-pack/--receive-pack/--exec (runs a command)");
      break;
    case "config":
      if (isConfigWrite(values)) report.runsCode.push("git config write (can install aliases, hooks and pagers)");
      break;
    case "rebase":
      addRebaseExec(rest, report);
      break;
    case "bisect":
      if (values[0] === "run" && rest.length > 1) {
        report.runsCode.push("git bisect run");
        report.nested.push({ kind: "argv", argv: rest.slice(1), via: "git bisect run" });
      }
      break;
    case "submodule":
      addSubmoduleForeach(rest, report);
      break;
    case "difftool":
    case "mergetool":
      report.runsCode.push(`git ${sub} (runs configured tools)`);
      break;
    case "filter-branch":
      report.runsCode.push("git filter-branch (runs shell filters)");
      break;
    case "hook":
      if (values[0] === "run") report.runsCode.push("git hook run");
      break;
    case "send-email":
      report.runsCode.push("git send-email (runs configured commands)");
      break;
    case "remote-ext":
    case "remote-fd":
    case "shell":
    case "instaweb":
      report.runsCode.push(`git ${sub} (runs commands)`);
      break;
  }
  addOutputFiles(sub, rest, report);
}

const CONFIG_READS = ["--get", "--get-all", "--get-regexp", "--get-urlmatch", "--get-color", "--get-colorbool", "-l", "--list"];
const CONFIG_WRITES = ["--add", "--replace-all", "--unset", "--unset-all", "--rename-section", "--remove-section", "-e", "--edit"];

function isConfigWrite(values: string[]): boolean {
  if (values.some((v) => CONFIG_WRITES.includes(v))) return true;
  if (values.some((v) => CONFIG_READS.includes(v))) return false;
  const operands = values.filter((v) => !v.startsWith("-"));
  const verb = operands[0];
  if (verb === "get" || verb === "list") return false;
  if (verb === "set" || verb === "unset" || verb === "edit" || verb === "rename-section" || verb === "remove-section") return true;
  // `git config key value` sets; `git config key` reads. Option values (`--file f`) count as operands: err towards write.
  return operands.length >= 2;
}

/** `git rebase -x CMD` / `--exec CMD` runs CMD through the shell after each commit. */
function addRebaseExec(rest: Arg[], report: ProgramReport): void {
  for (let k = 0; k < rest.length; k += 1) {
    const text = rest[k]?.value ?? "";
    let command: Arg | undefined;
    if (text === "-x" || text === "--exec") command = rest[k + 1];
    else if (text.startsWith("--exec=")) command = { value: text.slice("--exec=".length), dynamic: rest[k]?.dynamic ?? true };
    else if (/^-x./.test(text)) command = { value: text.slice(2), dynamic: rest[k]?.dynamic ?? true };
    else continue;
    report.runsCode.push("git rebase --exec");
    if (command === undefined) continue;
    // The exec string runs in a shell: unknown text is unknown code.
    if (command.dynamic) report.problems.push("`git rebase --exec` runs a command string not known until run time");
    else report.nested.push({ kind: "source", text: command.value, via: "git rebase --exec" });
  }
}

/** `git submodule foreach [--recursive] CMD…` joins CMD into a shell string. */
function addSubmoduleForeach(rest: Arg[], report: ProgramReport): void {
  let k = 0;
  while (k < rest.length && rest[k]?.value.startsWith("-") === true) k += 1;
  if (rest[k]?.value !== "foreach") return;
  k += 1;
  while (k < rest.length && (rest[k]?.value === "--recursive" || rest[k]?.value === "-q" || rest[k]?.value === "--quiet")) k += 1;
  report.runsCode.push("git submodule foreach");
  const text = joinForShell(rest.slice(k));
  // foreach runs its joined words in a shell: unknown words are unknown code.
  if (text === null) report.problems.push("`git submodule foreach` runs a command string not known until run time");
  else if (text !== "") report.nested.push({ kind: "source", text, via: "git submodule foreach" });
}

/** diff/log/show `--output=FILE` and archive/format-patch `-o` write where they are told. */
function addOutputFiles(sub: string, rest: Arg[], report: ProgramReport): void {
  const shortOutput = sub === "archive" || sub === "format-patch";
  for (let k = 0; k < rest.length; k += 1) {
    const arg = rest[k];
    if (arg === undefined) continue;
    if (arg.value.startsWith("--output=")) report.writes.push({ ...arg, value: arg.value.slice("--output=".length) });
    else if (arg.value === "--output" || arg.value === "--output-directory" || (shortOutput && arg.value === "-o")) {
      const file = rest[k + 1];
      if (file !== undefined) report.writes.push(file);
    } else if (arg.value.startsWith("--output-directory=")) report.writes.push(literal(arg.value.slice("--output-directory=".length)));
  }
}
