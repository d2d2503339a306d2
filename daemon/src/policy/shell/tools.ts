import { emptyReport, type Arg, type Invocation, type ProgramReport } from "./invocation";

/**
 * Tools that run code the command line does not show: project scripts (make, npm run),
 * packages fetched from a registry (npx), other machines or containers (ssh, docker),
 * and transports or hooks given as options (rsync -e, tar --to-command).
 */
const SCRIPT_RUNNERS = new Set([
  "make", "gmake", "bmake", "ninja", "just", "task", "rake", "gradle", "gradlew", "mvn", "mvnw", "ant", "sbt",
  "tox", "nox", "invoke", "pytest", "py.test", "jest", "vitest", "mocha", "rspec", "phpunit", "ctest", "meson",
]);
const DOWNLOAD_RUNNERS = new Set(["npx", "bunx", "pnpx", "uvx", "pipx"]);
const CONTAINER_TOOLS = new Set(["docker", "podman", "nerdctl"]);
const CONTAINER_RUNS = new Set(["run", "exec", "create", "start", "build", "buildx", "compose", "container", "debug"]);

/** Package-manager subcommands that only read; everything else may run package scripts. */
const READ_ONLY: Readonly<Record<string, ReadonlySet<string>>> = {
  npm: new Set(["view", "info", "show", "v", "ls", "list", "ll", "la", "search", "outdated", "help", "whoami", "ping",
    "prefix", "root", "bin", "fund", "docs", "bugs", "repo", "explain", "why", "query", "--version", "-v", "--help", "-h"]),
  yarn: new Set(["info", "list", "why", "outdated", "help", "--version", "-v", "--help", "licenses", "bin"]),
  pnpm: new Set(["list", "ls", "ll", "why", "outdated", "view", "info", "help", "--version", "-v", "--help", "root", "bin"]),
  bun: new Set(["--version", "-v", "--help", "-h", "pm"]),
  cargo: new Set(["--version", "-V", "--help", "-h", "search", "tree", "metadata", "locate-project", "pkgid", "fmt", "help",
    "verify-project", "version", "--list", "owner", "yank"]),
  go: new Set(["version", "env", "fmt", "list", "doc", "help", "mod", "get", "install", "clean", "vet", "build"]),
  deno: new Set(["fmt", "lint", "check", "info", "doc", "types", "completions", "help", "--version", "-V", "--help"]),
  pip: new Set(["list", "show", "freeze", "check", "help", "--version", "-V", "--help", "search", "config", "cache", "index", "inspect"]),
  uv: new Set(["--version", "--help", "help", "lock", "tree", "version", "cache", "python"]),
  poetry: new Set(["show", "check", "lock", "--version", "--help", "help", "env", "config", "version"]),
};
/** Subcommands that fetch a package and run it. */
const DOWNLOADS: Readonly<Record<string, ReadonlySet<string>>> = {
  npm: new Set(["exec", "x", "init", "create"]),
  yarn: new Set(["dlx", "create"]),
  pnpm: new Set(["dlx", "create"]),
  bun: new Set(["x", "create"]),
  uv: new Set(["tool"]),
};

export function inspectTool(name: string, inv: Invocation): ProgramReport | null {
  const family = /^pip[0-9.]*$/.test(name) ? "pip" : name;
  if (SCRIPT_RUNNERS.has(name)) return reasons("script runner");
  if (DOWNLOAD_RUNNERS.has(name)) return reasons("downloads and runs code");
  if (Object.hasOwn(READ_ONLY, family)) return inspectPackageManager(family, inv.argv.slice(1));
  if (CONTAINER_TOOLS.has(name)) return inspectContainer(name, inv.argv.slice(1));
  switch (name) {
    case "kubectl":
    case "oc":
      return firstOperandIn(inv.argv.slice(1), ["exec", "run", "debug", "attach"]) ? reasons(`${name} exec/run (container command)`) : emptyReport();
    case "ssh":
      return inspectSsh(inv.argv.slice(1));
    case "scp":
    case "sftp":
      return sshOptionRisks(name, inv.argv.slice(1), inv.argv.slice(1).some((a) => /^-[A-Za-z0-9]*S/.test(a.value)));
    case "rsync":
      return inv.argv.some((a) => /^(-[A-Za-z]*e|--rsh(=|$))/.test(a.value)) ? reasons("rsync -e (runs a command as the transport)") : emptyReport();
    case "tar":
    case "gtar":
    case "bsdtar":
      return inv.argv.some((a) => /^--(to-command|checkpoint-action=exec|use-compress-program|info-script|new-volume-script)|^-[A-Za-z]*[IF]/.test(a.value))
        ? reasons("tar runs a command (--to-command, -I, --checkpoint-action=exec)")
        : emptyReport();
    case "zip":
      return inv.argv.some((a) => /^(-TT|--unzip-command)/.test(a.value)) ? reasons("zip -TT (runs a command)") : emptyReport();
    case "nc":
    case "ncat":
    case "netcat":
      return inv.argv.some((a) => /^(-[A-Za-z]*[ec]|--(exec|sh-exec|lua-exec))/.test(a.value)) ? reasons(`${name} -e (runs a command)`) : emptyReport();
    case "socat":
      return inv.argv.some((a) => /(^|[!,])(EXEC|SYSTEM):/i.test(a.value)) ? reasons("socat EXEC/SYSTEM") : emptyReport();
    case "tmux":
      return firstOperandIn(inv.argv.slice(1), ["new", "new-session", "new-window", "neww", "send-keys", "send", "split-window",
        "splitw", "run-shell", "run", "respawn-pane", "respawn-window", "if-shell", "if", "pipe-pane", "source-file", "source"])
        ? reasons("tmux runs commands")
        : emptyReport();
    case "screen":
    case "systemd-run":
    case "crontab":
    case "parallel":
      return inspectOpaqueRunner(name, inv.argv.slice(1));
  }
  return null;
}

function reasons(...why: string[]): ProgramReport {
  const report = emptyReport();
  report.runsCode.push(...why);
  return report;
}

function firstOperandIn(args: readonly Arg[], names: readonly string[]): boolean {
  const first = args.find((arg) => !arg.value.startsWith("-"));
  return first !== undefined && (first.dynamic || names.includes(first.value));
}

function inspectPackageManager(family: string, args: readonly Arg[]): ProgramReport {
  const sub = args.find((arg) => !arg.value.startsWith("-") || (READ_ONLY[family]?.has(arg.value) ?? false));
  // Bare `yarn` / `npm` style invocations install (and run lifecycle scripts) or print usage; assume the worse.
  if (sub === undefined) return family === "yarn" || family === "bun" ? reasons("script runner") : emptyReport();
  if (sub.dynamic) return reasons("script runner");
  if (DOWNLOADS[family]?.has(sub.value) === true) return reasons("downloads and runs code");
  if (family === "pip" && sub.value === "install") return reasons("script runner (installs run package build code)");
  if (READ_ONLY[family]?.has(sub.value) === true) return emptyReport();
  return reasons("script runner");
}

function inspectContainer(name: string, args: readonly Arg[]): ProgramReport {
  let i = 0;
  while (i < args.length && args[i]?.value.startsWith("-") === true) {
    // Global options with a separate value: -H/--host, -c/--context, --config, -l/--log-level.
    if (/^(-H|--host|-c|--context|--config|-l|--log-level)$/.test(args[i]?.value ?? "")) i += 1;
    i += 1;
  }
  const sub = args[i];
  if (sub === undefined) return emptyReport();
  return sub.dynamic || CONTAINER_RUNS.has(sub.value) ? reasons(`${name} run/exec (container command)`) : emptyReport();
}

/** ssh: the words after the host are a remote command; -o …Command options run local ones. */
function inspectSsh(args: readonly Arg[]): ProgramReport {
  const report = sshOptionRisks("ssh", args, false);
  let i = 0;
  for (; i < args.length; i += 1) {
    const text = args[i]?.value ?? "";
    if (text === "--") {
      i += 1;
      break;
    }
    if (!text.startsWith("-")) break;
    // Options with a value in the next word (unless attached: `-p22`).
    if (/^-[46AaCfGgKkMNnqsTtVvXxYy]*[BbcDEeFIiJLlmOoPpQRSWw]$/.test(text)) i += 1;
  }
  if (args.length > i + 1) report.runsCode.push("ssh remote command");
  // With no command the remote shell runs whatever arrives on stdin (`ssh host <<EOF`).
  else if (args.length === i + 1) report.runsCode.push("ssh remote shell (commands from stdin)");
  return report;
}

/** `-o ProxyCommand=…`, `-o LocalCommand=…`, `-F config`, `scp -S prog` run programs locally. */
function sshOptionRisks(name: string, args: readonly Arg[], programOption: boolean): ProgramReport {
  const report = emptyReport();
  const joined = args.map((arg) => arg.value).join("\n");
  if (/(ProxyCommand|LocalCommand|KnownHostsCommand|PermitLocalCommand|Match\s+exec)/i.test(joined)) {
    report.runsCode.push(`${name} -o …Command (runs a local command)`);
  }
  if (args.some((arg) => /^-[A-Za-z0-9]*F/.test(arg.value))) report.runsCode.push(`${name} -F (config may run local commands)`);
  if (programOption) report.runsCode.push(`${name} -S (runs a program as the transport)`);
  return report;
}

/** Runners whose command syntax we do not analyse; their commands are unknown to us. */
function inspectOpaqueRunner(name: string, args: readonly Arg[]): ProgramReport {
  if (name === "crontab") {
    const listing = args.some((arg) => /^-[lre]*[lr][lre]*$/.test(arg.value)) && !args.some((arg) => arg.value === "-" || !arg.value.startsWith("-"));
    return listing ? emptyReport() : reasons("crontab (installs scheduled commands)");
  }
  const report = reasons(`${name} (runs commands Warden does not analyse)`);
  // `parallel rm ::: x` and `screen rm x` run commands whose syntax we do not parse.
  if (args.length > 0) report.problems.push(`\`${name}\` runs commands that are not analysed`);
  return report;
}
