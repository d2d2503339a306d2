import path from "node:path";
import { enclosingGitDir } from "./git-dir";
import { configuredHooksPaths } from "./hooks-path";
import { canonicalName, ENTRY_PATHS, HOME_RULES, nameReason } from "./protected-names";
import { resolveAgentPath, type ResolvedPath } from "./resolve";

export { isWithin } from "./within";

/**
 * Built-in protections: paths no agent may write, create, rename or delete, whatever
 * any policy layer says. The policy engine asks here before it looks at rules.
 */

export interface ProtectionContext {
  /** The workspace's real path. */
  workspace: string;
  /** Warden's state directory (database, audit log, token). */
  wardenHome: string;
  /** The user's home directory. */
  home: string;
  /**
   * Accepted for symmetry with the comparison helpers; it changes nothing here, because
   * protections always compare names case-insensitively (the safe side on any volume).
   */
  caseInsensitive?: boolean;
}

/** A location anchored at a known directory, as canonical names from the root. */
export interface Anchor {
  /** The location as spelled for this anchor. */
  at: string;
  names: string[];
  reason: string;
}

/**
 * Why `target` is protected, or null when it is not. Both the real path and the
 * lexical one are checked and either suffices: the real path catches a symlink into
 * a protected directory, the lexical one catches a protected name that a symlink
 * redirects elsewhere (writing "~/.bashrc" that links into the workspace still
 * changes what the shell runs).
 */
export function protectedReason(target: ResolvedPath, ctx: ProtectionContext): string | null {
  const anchors = protectionAnchors(ctx);
  const workspaces = spellings(ctx.workspace).map(canonicalNames);
  for (const candidate of [target.real, target.absolute]) {
    const names = canonicalNames(candidate);
    const reason = nameReason(names) ?? anchors.find((anchor) => startsWith(names, anchor.names))?.reason;
    if (reason !== undefined) return reason;
    // Renaming or deleting the workspace itself carries its policy away with it.
    if (workspaces.some((ws) => ws.length === names.length && startsWith(names, ws))) return "the workspace root itself";
  }
  // A git directory under any name (a .git file's gitdir: target, a bare repository).
  const gitDir = enclosingGitDir(target.real);
  return gitDir === null ? null : `git internals (a git directory at ${gitDir})`;
}

/**
 * Locations protected by where they are rather than by name: Warden's home, the
 * protected paths in the user's home, and whatever a protected entry at the workspace
 * root or in the home is a symlink to. Each is taken as spelled and as it resolves,
 * so "~/.bashrc -> ~/dotfiles/bashrc" protects ~/dotfiles/bashrc as well.
 */
export function protectionAnchors(ctx: ProtectionContext, now: number = Date.now()): Anchor[] {
  // Resolving ~65 locations costs ~0.5 ms of system calls; every write check needs
  // them. They are protected entries an agent cannot change through Warden, so a
  // short-lived cache is safe; the TTL bounds how long a user's own relinking of
  // their dotfiles takes to be seen.
  const key = `${ctx.workspace}\0${ctx.home}\0${ctx.wardenHome}`;
  const cached = anchorCache.get(key);
  if (cached !== undefined && now - cached.at < ANCHOR_TTL_MS) return cached.anchors;
  const anchors = computeAnchors(ctx);
  if (anchorCache.size > 256) anchorCache.clear();
  anchorCache.set(key, { at: now, anchors });
  return anchors;
}

const ANCHOR_TTL_MS = 1000;
const anchorCache = new Map<string, { at: number; anchors: Anchor[] }>();

function computeAnchors(ctx: ProtectionContext): Anchor[] {
  const anchors: Anchor[] = [];
  const add = (location: string, reason: string): void => {
    for (const spelling of spellings(location)) anchors.push({ at: spelling, names: canonicalNames(spelling), reason });
  };
  add(ctx.wardenHome, `Warden's own state (${ctx.wardenHome})`);
  for (const rule of HOME_RULES) add(path.join(ctx.home, rule.path), rule.reason);
  // Attack: with core.hooksPath = .husky, `.husky/pre-commit` runs on the human's next commit like .git/hooks would.
  for (const hooks of configuredHooksPaths(ctx.workspace, ctx.home)) add(hooks, `git hooks (core.hooksPath ${hooks})`);
  for (const base of [ctx.workspace, ctx.home]) {
    for (const entry of ENTRY_PATHS) {
      const location = path.join(base, entry);
      const reason = nameReason(canonicalNames(location).slice(-2));
      if (reason !== null) add(location, reason);
    }
  }
  return anchors;
}

/**
 * An absolute path as its root followed by canonical names. Both separators split
 * on every platform: on Linux ".vscode\settings.json" is one odd name, but the same
 * bytes on a Windows share or in WSL open .vscode/settings.json.
 */
export function canonicalNames(absolute: string): string[] {
  const resolved = path.resolve(absolute);
  const root = path.parse(resolved).root;
  const names = resolved
    .slice(root.length)
    .split(/[\\/]+/)
    .filter((name) => name !== "")
    .map(canonicalName);
  return [root.toLowerCase(), ...names];
}

export function startsWith(names: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= names.length && prefix.every((name, i) => names[i] === name);
}

/**
 * A location as given and as the system resolves it (through symlinks, dangling ones
 * included). One that cannot be resolved (a loop) keeps its given spelling only: the
 * name checks still cover it.
 */
export function spellings(location: string): string[] {
  const lexical = path.resolve(location);
  const resolved = resolveAgentPath(lexical, { workspace: path.parse(lexical).root });
  return "error" in resolved || resolved.real === lexical ? [lexical] : [lexical, resolved.real];
}
