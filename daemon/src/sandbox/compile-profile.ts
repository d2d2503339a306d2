import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SandboxProfile } from "../../../protocol/src/sandbox";
import { MatchOptions, PolicySet, decideSubject } from "../policy/layers";
import { ENTRY_PATHS, HOME_RULES, HOOK_MANAGER_FILES } from "../policy/paths/protected-names";
import { pathGlobMatches } from "../policy/rule-match";
import { isWithin } from "../policy/paths/within";
import { SandboxSettings } from "./sandbox-settings";
import { WorkspaceScan } from "./workspace-scan";

export interface ProfileInput {
  /** Canonical (real) workspace root. */
  workspace: string;
  wardenHome: string;
  home: string;
  set: PolicySet;
  match: MatchOptions;
  settings: SandboxSettings;
  scan: WorkspaceScan;
  /**
   * A human approved this very call: the paths it names (absolute) may be read, and a hidden
   * directory one of them lies in. Warden's state never.
   */
  approvedReads: readonly string[];
  /** Extra paths to hide, from the daemon's own environment (agent sockets, the session bus). */
  extraHidden?: readonly string[];
  /** "address:port" of Warden's own listener, which no proxied connection may reach. */
  refuse?: readonly string[];
}

/**
 * Inside a repository's .git, what makes the user's next git command run code or
 * trust something else: the rest (objects, refs, index) stays writable so commits work.
 */
const GIT_CONTROL = ["hooks", "config", "config.worktree", "info", "worktrees", "modules"];

/** Credentials in the home directory that no command needs to read unasked. */
const HOME_SECRETS = [
  ".ssh", ".aws", ".azure", ".config/gcloud", ".kube", ".gnupg", ".docker", ".config/gh", ".password-store",
  ".local/share/keyrings", ".netrc", ".git-credentials", ".npmrc", ".pypirc", ".cargo/credentials", ".cargo/credentials.toml",
  ".config/hub", ".terraform.d", ".claude/.credentials.json", ".codex/auth.json", ".config/op",
];

/** Sockets that hand out power outside the sandbox: the container engines. */
const HOST_SOCKETS = ["/var/run/docker.sock", "/run/docker.sock", "/run/containerd", "/run/podman", "/var/run/podman"];

/**
 * Compiles the sandbox for one allowed command from the policy that allowed it, so
 * the kernel holds the command to what the analysis decided even where the
 * analysis was wrong: writes only where the policy allows writing (the workspace
 * and temp dirs, minus every protected entry), no reads of Warden's state or of
 * credentials and the files the policy asks or denies reading, no network unless
 * the policy names hosts.
 */
export function compileProfile(input: ProfileInput): SandboxProfile {
  const { workspace } = input;
  const writable = unique([workspace, "/tmp", "/var/tmp", os.tmpdir(), ...input.settings.allowWrite].filter(isDir));
  const readOnly: string[] = [];
  const absent: string[] = [];
  const absentFiles: string[] = [];
  for (const entry of input.scan.protectedEntries) {
    if (path.basename(entry) === ".git" && isDir(entry)) {
      for (const name of GIT_CONTROL) {
        const p = path.join(entry, name);
        if (fs.existsSync(p)) readOnly.push(p);
        else if (entry === path.join(workspace, ".git") && name === "hooks") absent.push(p);
        else if (entry === path.join(workspace, ".git") && name === "config") absentFiles.push(p); // inside .git: git status never lists it
      }
    } else {
      readOnly.push(entry);
    }
  }
  // Attack: creating .vscode/settings.json or .mcp.json where none was: a placeholder holds the name.
  // Only dot-named ones: a placeholder named mcp.json would show in every `ls` (a root mcp.json is
  // read by no agent we know of; it stays protected from the agent's own tools by the analysis).
  // Nor for hook managers' config files: one that did not exist runs nothing until its manager is
  // installed into .git/hooks, which is held; and a placeholder .huskyrc.js would show in every find.
  for (const rel of ENTRY_PATHS.filter((r) => r.startsWith(".") && !HOOK_MANAGER_FILES.includes(r))) {
    const p = path.join(workspace, rel);
    // A directory even for .mcp.json: an empty file would show in `git status` while the command runs.
    if (!exists(p)) absent.push(p);
    // Made since the (cached) scan: held all the same. .git keeps its own finer treatment above.
    else if (rel !== ".git" && !input.scan.protectedEntries.includes(p)) readOnly.push(p);
  }
  const held = heldHomePaths(input.home, writable);
  readOnly.push(...held.readOnly);
  absent.push(...held.absent);
  absentFiles.push(...held.absentFiles);
  const hidden: { hiddenDirs: string[]; hiddenFiles: string[] } = { hiddenDirs: [input.wardenHome], hiddenFiles: [] };
  const hide = (p: string): void => hideExisting(p, hidden);
  for (const p of [...HOST_SOCKETS, ...(input.extraHidden ?? [])]) hide(p);
  const approved = (p: string): boolean => input.approvedReads.some((r) => isWithin(r, p, false));
  for (const p of [...HOME_SECRETS.map((rel) => path.join(input.home, rel)), ...secretFiles(input).map((rel) => path.join(workspace, rel))]) {
    if (!approved(p)) hide(p);
  }
  return {
    writable,
    readOnly: unique(readOnly),
    absent: unique(absent),
    absentFiles: unique(absentFiles),
    hiddenDirs: unique(hidden.hiddenDirs),
    hiddenFiles: unique(hidden.hiddenFiles),
    network: input.settings.allowHosts.length > 0 ? { mode: "proxy", hosts: input.settings.allowHosts, refuse: [...(input.refuse ?? [])] } : { mode: "none" },
  };
}

/** Adds `p` to the hidden directories or files, as it is; nothing when it does not exist. */
export function hideExisting(p: string, into: { hiddenDirs: string[]; hiddenFiles: string[] }): void {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (st?.isDirectory() === true) into.hiddenDirs.push(p);
  else if (st !== undefined) into.hiddenFiles.push(p);
}

/**
 * The home's protected files (shell startup, git and npm config, editor settings) are
 * read-only anyway, unless the home lies in a writable area (a temp dir, an allowWrite
 * entry): then they are held here. The runner applies this to its own HOME too.
 */
export function heldHomePaths(home: string, writable: readonly string[]): { readOnly: string[]; absent: string[]; absentFiles: string[] } {
  const out: { readOnly: string[]; absent: string[]; absentFiles: string[] } = { readOnly: [], absent: [], absentFiles: [] };
  for (const rule of HOME_RULES) {
    const p = path.join(home, rule.path);
    if (!writable.some((w) => isWithin(p, w, false))) continue;
    if (exists(p)) out.readOnly.push(p);
    else if (exists(path.dirname(p))) (rule.path.endsWith("/") ? out.absent : out.absentFiles).push(p);
  }
  return out;
}

/**
 * The workspace files the policy treats as secret-bearing: those a rule that asks
 * or denies reading names (`**\/.env`, `**\/*.pem` …) and that the policy, decided
 * in full, does not allow this agent to read.
 */
function secretFiles(input: ProfileInput): string[] {
  const candidates = input.set.layers.flatMap((l) =>
    l.policy.rules.filter((r) => (r.decision === "ask" || r.decision === "deny") && (Array.isArray(r.action) ? r.action : [r.action]).includes("file.read") && r.paths !== undefined),
  );
  if (candidates.length === 0) return [];
  const out: string[] = [];
  for (const rel of input.scan.files) {
    const subject = { kind: "file.read" as const, relative: rel, real: path.join(input.workspace, rel) };
    if (!candidates.some((r) => (r.paths ?? []).some((g) => pathGlobMatches(g, subject, input.match)))) continue;
    const decided = decideSubject(input.set, subject, input.match);
    if (decided.decision !== "allow" && decided.decision !== "allow+log") out.push(rel);
  }
  return out;
}

function isDir(p: string): boolean {
  return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
}

function exists(p: string): boolean {
  return fs.lstatSync(p, { throwIfNoEntry: false }) !== undefined;
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list.map((p) => path.resolve(p)))];
}
