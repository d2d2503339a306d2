import fs from "node:fs";
import path from "node:path";

/**
 * Git directories recognised by their shape rather than their name. A ".git" file's
 * "gitdir:" line (worktrees, submodules, --separate-git-dir) and bare repositories put
 * hooks and config in directories with any name; git itself decides by contents.
 */

/** The nearest directory at or above `real` that git would take for a git directory, or null. */
export function enclosingGitDir(real: string): string | null {
  for (let dir = real; ; dir = path.dirname(dir)) {
    if (looksLikeGitDir(dir)) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * git's own test (setup.c, is_git_directory): a HEAD file plus objects/ and refs/, or
 * plus a commondir file (a linked worktree's git directory keeps those in the common one).
 */
export function looksLikeGitDir(dir: string): boolean {
  if (!isKind(path.join(dir, "HEAD"), "file")) return false;
  if (isKind(path.join(dir, "commondir"), "file")) return true;
  return isKind(path.join(dir, "objects"), "dir") && isKind(path.join(dir, "refs"), "dir");
}

function isKind(p: string, kind: "file" | "dir"): boolean {
  try {
    // stat, not lstat: git follows links to these entries, so a linked HEAD still counts.
    const st = fs.statSync(p, { throwIfNoEntry: false });
    return st !== undefined && (kind === "file" ? st.isFile() : st.isDirectory());
  } catch {
    // ENOTDIR and the like: a path through a file holds no git directory.
    return false;
  }
}
