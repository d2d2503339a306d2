import path from "node:path";
import { CommandMatcher, PolicyRule } from "./policy-file";
import { anyGlob, globMatch } from "./glob";
import { Actor, Subject } from "./subject";

/**
 * Does `rule` cover `subject` for `actor`? Every field a rule sets must match
 * (fields narrow, never widen); a field a rule leaves out matches anything. For
 * rules that allow, some things must be named explicitly, because a broad allow
 * reaching them would be a hole: force pushes, internal hosts, commands that run
 * code or take run-time arguments. Rules that ask or deny match them as written.
 */
export function ruleMatches(rule: PolicyRule, subject: Subject, actor: Actor | null, options: { home: string; caseInsensitive: boolean }): boolean {
  const permissive = rule.decision === "allow" || rule.decision === "allow+log";
  const kinds = Array.isArray(rule.action) ? rule.action : [rule.action];
  if (!kinds.includes(subject.kind)) return false;
  if (rule.roles !== undefined && (actor === null || !rule.roles.includes(actor.role))) return false;
  if (rule.agents !== undefined && (actor === null || !rule.agents.includes(actor.name))) return false;
  switch (subject.kind) {
    case "file.read":
    case "file.write":
    case "file.delete":
      return rule.paths === undefined || rule.paths.some((glob) => pathGlobMatches(glob, subject, options));
    case "shell.exec":
      return rule.commands === undefined ? false : rule.commands.some((m) => commandMatches(m, subject, permissive));
    case "git.push":
      // An allow without `force: true` never covers a force push; an ask or deny with `force: true`
      // is about force pushes only (so "deny force pushes" can be said without denying every push).
      if (subject.force && rule.force !== true && permissive) return false;
      if (!subject.force && rule.force === true && !permissive) return false;
      return (rule.remotes === undefined || anyGlob(rule.remotes, subject.remote)) && (rule.branches === undefined || anyGlob(rule.branches, subject.branch));
    case "http.request":
      if (rule.schemes !== undefined && !rule.schemes.some((s) => s === subject.scheme)) return false;
      if (rule.ports !== undefined && !rule.ports.includes(subject.port)) return false;
      if (rule.methods !== undefined && !rule.methods.includes(subject.method)) return false;
      if (rule.urlPaths !== undefined && !anyGlob(rule.urlPaths, subject.path)) return false;
      if (rule.hosts === undefined) return !(subject.explicitOnly && permissive);
      return rule.hosts.some((h) => hostMatches(h, subject.host, subject.explicitOnly && permissive));
    case "mcp.call":
      return (rule.servers === undefined || anyGlob(rule.servers, subject.server)) && (rule.tools === undefined || anyGlob(rule.tools, subject.tool));
    case "tool.unknown":
      return rule.tools === undefined || anyGlob(rule.tools, subject.tool);
    case "git.commit":
    case "web.search":
    case "secret.use":
    case "policy.change":
      return true;
  }
}

export function pathGlobMatches(glob: string, subject: { relative: string | null; real: string }, options: { home: string; caseInsensitive: boolean }): boolean {
  if (glob.startsWith("~/")) return globMatch(path.join(options.home, glob.slice(2)), subject.real, options.caseInsensitive);
  if (glob.startsWith("/")) return globMatch(glob, subject.real, options.caseInsensitive);
  // Relative globs speak of the workspace only: a target outside it never matches them.
  if (subject.relative === null) return false;
  // The workspace root itself (a search or listing of "."): only "**" or "." names it.
  if (subject.relative === ".") return glob === "**" || glob === ".";
  return globMatch(glob, subject.relative, options.caseInsensitive);
}

/**
 * Internal hosts (loopback, private, metadata) match only a rule naming them
 * exactly; `*` and `*.example.com` never reach them.
 */
function hostMatches(pattern: string, host: string, explicitOnly: boolean): boolean {
  const p = pattern.toLowerCase();
  if (p === host) return true;
  if (explicitOnly) return false;
  if (p === "*") return true;
  return p.startsWith("*.") && host.endsWith(p.slice(1)) && host.length > p.length - 1;
}

function commandMatches(
  m: CommandMatcher,
  c: { program: string; args: readonly string[]; dynamicArgs: boolean; runsCode: readonly string[]; scriptHash?: () => string | null },
  permissive: boolean,
): boolean {
  if (m.program !== "*" && m.program !== c.program) return false;
  // Attack: a harmless-looking program made to run code (find -exec, git -c, awk system()).
  // A script runner is the one exception, and only under a pin of the exact script it runs.
  const pinnedRunner = m.scriptSha256 !== undefined && c.runsCode.every((r) => r === "script runner");
  if (permissive && c.runsCode.length > 0 && !pinnedRunner) return false;
  // Attack: arguments only known at run time (`cat $F` where F=.env).
  if (permissive && c.dynamicArgs && m.dynamicArgs !== true) return false;
  if (m.subcommand !== undefined) {
    const sub = c.args.find((a) => !a.startsWith("-"));
    if (sub === undefined || !m.subcommand.includes(sub)) return false;
  }
  if (m.forbidFlags !== undefined && c.args.some((a) => flagPresent(a, m.forbidFlags ?? []))) return false;
  // Attack: an agent edits the npm script or Makefile an allowed runner would run.
  if (m.scriptSha256 !== undefined && (c.scriptHash === undefined || c.scriptHash() !== m.scriptSha256)) return false;
  return true;
}

/** `-exec`, `--delete`, `--delete=x`, and single-letter flags bundled (`-rf` holds `-f`). */
function flagPresent(arg: string, flags: readonly string[]): boolean {
  if (flags.includes(arg)) return true;
  const eq = arg.indexOf("=");
  if (arg.startsWith("--") && eq > 0 && flags.includes(arg.slice(0, eq))) return true;
  if (/^-[A-Za-z]{2,}$/.test(arg)) return [...arg.slice(1)].some((ch) => flags.includes(`-${ch}`));
  return false;
}
