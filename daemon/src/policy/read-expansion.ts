import fs from "node:fs";
import path from "node:path";
import picomatch from "picomatch";

/**
 * Turns the words a command may read into the files on disk they reach: `~` and
 * pathname patterns expanded as bash would (`cat .e*` reads .env), and a directory
 * read recursively listed down to its files, so each file is decided on its own.
 */

/** Beyond this many entries a recursive read is asked rather than listed: each file is decided (~0.2 ms), and the check must stay bounded. */
export const MAX_RECURSIVE_ENTRIES = 5_000;
/** Beyond this many matches a pattern is asked rather than listed. */
const MAX_GLOB_MATCHES = 2_000;

const GLOB_CHARS = /[*?[]/;

/** Absolute paths of existing files or directories the word names from `cwd` (after `~` and pattern expansion). */
export function existingPaths(word: string, cwd: string, home: string, expandPatterns: boolean): string[] | "too-many" {
  const expanded = word === "~" ? home : word.startsWith("~/") ? path.join(home, word.slice(2)) : word;
  const absolute = path.resolve(cwd, expanded);
  if (!expandPatterns || !GLOB_CHARS.test(expanded)) return exists(absolute) ? [absolute] : [];
  return expandPattern(absolute);
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * bash's pathname expansion, one segment at a time: a leading dot must be matched
 * explicitly (`*` skips .env, `.e*` does not). A quoted `*` is expanded too: that
 * only adds reads to decide, never removes one.
 */
function expandPattern(absolute: string): string[] | "too-many" {
  const root = path.parse(absolute).root;
  let current = [root];
  for (const segment of absolute.slice(root.length).split("/").filter((s) => s !== "")) {
    const next: string[] = [];
    if (!GLOB_CHARS.test(segment)) {
      for (const dir of current) if (exists(path.join(dir, segment))) next.push(path.join(dir, segment));
    } else {
      const match = picomatch(segment, { dot: false });
      for (const dir of current) {
        for (const name of readNames(dir)) if (match(name)) next.push(path.join(dir, name));
        if (next.length > MAX_GLOB_MATCHES) return "too-many";
      }
    }
    current = next;
    if (current.length === 0) return [];
  }
  return current;
}

function readNames(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Every entry below `dir` (not following symlinks: grep -r and rg do not; the link
 * itself is returned and decided where it points). Hidden entries are skipped when
 * the reader skips them. "too-many" past MAX_RECURSIVE_ENTRIES.
 */
export function entriesBelow(dir: string, visibleOnly: boolean): Array<{ path: string; link: boolean }> | "too-many" {
  const out: Array<{ path: string; link: boolean }> = [];
  const queue = [dir];
  let seen = 0;
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === undefined) break;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (visibleOnly && entry.name.startsWith(".")) continue;
      const full = path.join(current, entry.name);
      if (++seen > MAX_RECURSIVE_ENTRIES) return "too-many";
      if (entry.isDirectory()) queue.push(full);
      else out.push({ path: full, link: entry.isSymbolicLink() });
    }
  }
  return out;
}
