// Lists the files a scan reads under one root, the way git would see the tree:
// .gitignore files at every level (and those of the enclosing repository above
// the root), .git/info/exclude, and never the .git directory itself. Symbolic
// links are not followed (a link can point outside the tree or into a loop); they
// are reported as skipped like unreadable entries.
import fs from "node:fs/promises";
import path from "node:path";
import { isIgnored, parseGitignore, type IgnoreFile } from "./gitignore";

export interface WalkedFile {
  /** Absolute path. */
  path: string;
  /** Relative to the scan root, "/"-separated. */
  rel: string;
  size: number;
}

export interface Skipped {
  path: string;
  reason: string;
}

export interface WalkResult {
  files: WalkedFile[];
  skipped: Skipped[];
  /** Entries left out by ignore rules (files and whole directories). */
  ignored: number;
}

export interface WalkOptions {
  /** Apply .gitignore and .git/info/exclude (default true). */
  gitignore?: boolean;
  /** Called every few hundred entries, for a progress display. */
  onProgress?: (filesSoFar: number) => void;
}

export async function walkTree(root: string, options: WalkOptions = {}): Promise<WalkResult> {
  const result: WalkResult = { files: [], skipped: [], ignored: 0 };
  const stat = await fs.lstat(root);
  if (stat.isFile()) {
    result.files.push({ path: root, rel: path.basename(root), size: stat.size });
    return result;
  }
  if (!stat.isDirectory()) {
    result.skipped.push({ path: root, reason: stat.isSymbolicLink() ? "symbolic link, not followed" : "not a regular file or directory" });
    return result;
  }
  const useIgnore = options.gitignore !== false;
  const inherited = useIgnore ? await enclosingIgnoreFiles(root) : [];
  await walkDirectory(root, "", inherited, useIgnore, result, options);
  return result;
}

async function walkDirectory(dir: string, rel: string, ignoreFiles: readonly IgnoreFile[], useIgnore: boolean, result: WalkResult, options: WalkOptions): Promise<void> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    result.skipped.push({ path: dir, reason: `unreadable directory (${errorCode(err)})` });
    return;
  }
  let files = ignoreFiles;
  if (useIgnore) {
    const own = await readIgnoreFile(path.join(dir, ".gitignore"), rel);
    if (own !== undefined) files = [...files, own];
    if (entries.some((e) => e.name === ".git" && e.isDirectory())) {
      const exclude = await readIgnoreFile(path.join(dir, ".git", "info", "exclude"), rel);
      if (exclude !== undefined) files = [...files, exclude];
    }
  }
  // Sorted, so output and SARIF are stable from run to run.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name === ".git") continue;
    const childRel = rel === "" ? entry.name : `${rel}/${entry.name}`;
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) {
      result.skipped.push({ path: full, reason: "symbolic link, not followed" });
      continue;
    }
    const isDir = entry.isDirectory();
    if (useIgnore && isIgnored(childRel, isDir, files)) {
      result.ignored++;
      continue;
    }
    if (isDir) {
      await walkDirectory(full, childRel, files, useIgnore, result, options);
    } else if (entry.isFile()) {
      try {
        const st = await fs.stat(full);
        result.files.push({ path: full, rel: childRel, size: st.size });
        if (options.onProgress !== undefined && result.files.length % 256 === 0) options.onProgress(result.files.length);
      } catch (err) {
        result.skipped.push({ path: full, reason: `unreadable (${errorCode(err)})` });
      }
    } else {
      result.skipped.push({ path: full, reason: "not a regular file (device, socket or FIFO)" });
    }
  }
}

/**
 * The ignore files of the repository enclosing `root` that apply above it: from
 * the repository's top (the nearest ancestor holding .git) down to `root`'s
 * parent, with bases expressed relative to `root` so their patterns are matched
 * against the right suffix.
 */
async function enclosingIgnoreFiles(root: string): Promise<IgnoreFile[]> {
  const chain: string[] = [];
  let dir = root;
  for (;;) {
    chain.unshift(dir);
    if (await exists(path.join(dir, ".git"))) break;
    const parent = path.dirname(dir);
    if (parent === dir) return [];
    dir = parent;
  }
  const top = chain[0] ?? root;
  const out: IgnoreFile[] = [];
  // An ancestor's patterns are relative to the ancestor: paths below root are
  // matched with root's own path below the ancestor put in front.
  for (const ancestor of chain.slice(0, -1)) {
    const prefix = `${path.relative(ancestor, root).split(path.sep).join("/")}/`;
    for (const file of [path.join(ancestor, ".gitignore"), ...(ancestor === top ? [path.join(ancestor, ".git", "info", "exclude")] : [])]) {
      const parsed = await readIgnoreFile(file, "");
      if (parsed !== undefined) out.push({ ...parsed, prefix });
    }
  }
  return out;
}

async function readIgnoreFile(file: string, base: string): Promise<IgnoreFile | undefined> {
  try {
    return { base, rules: parseGitignore(await fs.readFile(file, "utf8")) };
  } catch {
    return undefined;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

function errorCode(err: unknown): string {
  return err instanceof Error && "code" in err && typeof err.code === "string" ? err.code : "error";
}
