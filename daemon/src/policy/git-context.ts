import fs from "node:fs";
import path from "node:path";
import { looksLikeGitDir } from "./paths/git-dir";
import { isWithin } from "./paths/within";

/** Global options that point git at another repository, config or program directory. */
const REDIRECTING = /^(--git-dir|--work-tree|--exec-path|--namespace|--super-prefix|--config-env|--bare|-C|-c)(=|$)/;

/**
 * Why a git command is not just "git in this workspace", or null. git runs programs
 * named in the repository's config (core.fsmonitor, core.pager, gpg.program, diff
 * drivers), so a read-only subcommand is only read-only in a repository whose
 * config the agent cannot have written: the workspace's own (its .git is protected).
 */
export function gitContextRisk(args: readonly string[], cwds: readonly string[], workspace: string, caseInsensitive: boolean): string | null {
  for (const arg of args) {
    if (!arg.startsWith("-")) break; // global options come before the subcommand
    // Attack: git --git-dir=planted status, git -C elsewhere log.
    if (REDIRECTING.test(arg)) return `git ${arg.split("=")[0] ?? arg} points git at another repository or configuration`;
  }
  for (const cwd of cwds) {
    const repo = repositoryOf(cwd);
    // Attack: a repository planted inside the workspace (its config written before its HEAD made it one).
    if (repo !== null && !sameDir(repo, workspace, caseInsensitive) && isWithin(repo, workspace, caseInsensitive)) {
      return `git would use the repository at ${repo}, not the workspace's own`;
    }
  }
  return null;
}

/** The directory git would discover from `cwd`: the first with a .git entry, or that is itself a git directory. */
function repositoryOf(cwd: string): string | null {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, ".git")) || looksLikeGitDir(dir)) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

function sameDir(a: string, b: string, caseInsensitive: boolean): boolean {
  return isWithin(a, b, caseInsensitive) && isWithin(b, a, caseInsensitive);
}
