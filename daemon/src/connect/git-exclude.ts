import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "./json-file";

const MARK = "# warden connect: Claude Code's local settings stay out of commits";

/**
 * The repository's `info/exclude` for a workspace, or null when it is not a git
 * work tree. Follows a `.git` file (worktrees, submodules) to its git dir, and a
 * worktree's `commondir` to where `info/` is shared.
 */
export function excludeFile(workspace: string): string | null {
  const dotGit = path.join(workspace, ".git");
  let gitDir: string;
  try {
    const st = fs.statSync(dotGit);
    if (st.isDirectory()) gitDir = dotGit;
    else {
      const m = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, "utf8"));
      if (m === null || m[1] === undefined) return null;
      gitDir = path.resolve(workspace, m[1].trim());
      const common = path.join(gitDir, "commondir");
      if (fs.existsSync(common)) gitDir = path.resolve(gitDir, fs.readFileSync(common, "utf8").trim());
    }
  } catch {
    return null;
  }
  return path.join(gitDir, "info", "exclude");
}

/** Adds `pattern` (with Warden's mark line above it) unless the file already has it. Returns the file changed, or null. */
export function addExclude(workspace: string, pattern: string): string | null {
  const file = excludeFile(workspace);
  if (file === null) return null;
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  if (text.split("\n").some((l) => l.trim() === pattern)) return null;
  writeFileAtomic(file, `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}${MARK}\n${pattern}\n`);
  return file;
}

/** Removes the two lines addExclude wrote (and nothing the user wrote). */
export function removeExclude(workspace: string, pattern: string): string | null {
  const file = excludeFile(workspace);
  if (file === null || !fs.existsSync(file)) return null;
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const at = lines.findIndex((l, i) => l === MARK && lines[i + 1] === pattern);
  if (at < 0) return null;
  lines.splice(at, 2);
  writeFileAtomic(file, lines.join("\n"));
  return file;
}
