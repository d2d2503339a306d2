import fs from "node:fs";
import path from "node:path";

/**
 * The hooks directories git would run from for this workspace: every `core.hooksPath`
 * set in the repository's own config and the user's global ones (all of them, not just
 * the one that wins: a later edit of one config must not unprotect a directory the
 * agent wrote into meanwhile). Resolved as git does: `~/` from the home, a relative
 * path from the top of the work tree (where hooks run). husky sets it to `.husky/_`.
 */
export function configuredHooksPaths(workspace: string, home: string): string[] {
  const configs = [...repositoryConfigs(workspace), path.join(home, ".gitconfig"), path.join(home, ".config", "git", "config")];
  const out: string[] = [];
  for (const file of configs) {
    for (const value of hooksPathValues(readText(file))) {
      if (value === "") continue;
      const expanded = value === "~" ? home : value.startsWith("~/") ? path.join(home, value.slice(2)) : value;
      out.push(path.resolve(workspace, expanded));
    }
  }
  return [...new Set(out)];
}

/** `.git/config`, or the config of the git directory a `.git` file points to (worktrees: also the common one). */
function repositoryConfigs(workspace: string): string[] {
  const dotGit = path.join(workspace, ".git");
  const gitFile = readText(dotGit);
  if (gitFile === "") return [path.join(dotGit, "config"), path.join(dotGit, "config.worktree")];
  const m = /^gitdir: *(.+?)\s*$/m.exec(gitFile);
  if (m === null) return [];
  const gitDir = path.resolve(workspace, m[1] ?? "");
  const common = readText(path.join(gitDir, "commondir")).trim();
  const dirs = common === "" ? [gitDir] : [gitDir, path.resolve(gitDir, common)];
  return dirs.flatMap((d) => [path.join(d, "config"), path.join(d, "config.worktree")]);
}

function readText(file: string): string {
  try {
    const st = fs.statSync(file);
    // A config is small; anything else (a directory, a huge file) is not read.
    return st.isFile() && st.size < 1024 * 1024 ? fs.readFileSync(file, "utf8") : "";
  } catch {
    return "";
  }
}

/**
 * Values of `hooksPath` in `[core]` sections. git's syntax: section and key names are
 * case-insensitive, values may be quoted, `#`/`;` start comments outside quotes.
 */
export function hooksPathValues(text: string): string[] {
  const values: string[] = [];
  let inCore = false;
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    const section = /^\[\s*([A-Za-z0-9.-]+)(\s+"[^"]*")?\s*\](.*)$/.exec(line);
    if (section !== null) {
      inCore = (section[1] ?? "").toLowerCase() === "core" && section[2] === undefined;
      line = (section[3] ?? "").trim();
      if (line === "") continue;
    }
    if (!inCore) continue;
    const kv = /^hookspath\s*=\s*(.*)$/i.exec(line);
    if (kv !== null) values.push(unquote(kv[1] ?? ""));
  }
  return values;
}

function unquote(value: string): string {
  let out = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === '"') quoted = !quoted;
    else if (c === "\\" && i + 1 < value.length) out += value.charAt(++i);
    else if (!quoted && (c === "#" || c === ";")) break;
    else out += c;
  }
  return out.trim();
}
