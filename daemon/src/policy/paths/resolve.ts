import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { relativeParts, SEPARATORS, splitAbsolute, type SplitPath } from "./within";

/**
 * Turns a path an agent gave into what the operating system would act on. Policy
 * decisions are made on `real`, so this must agree with the kernel: symlinks are
 * followed one name at a time and `..` is applied after them, exactly as a POSIX
 * lookup does, never by normalising the string first.
 */

export interface ResolvedPath {
  /** As the agent gave it. */
  input: string;
  /** Lexical absolute path: the input joined to cwd and normalised (`..` applied to the text). */
  absolute: string;
  /**
   * What the system acts on: symlinks resolved name by name; below the nearest
   * existing directory, the remaining names appended unchanged.
   */
  real: string;
  exists: boolean;
  /** `real` is the workspace or below it, compared name by name. */
  inWorkspace: boolean;
  /** `real` below the workspace with "/" separators ("." for the workspace itself), or null when outside. */
  relative: string | null;
  /** Some name along the way (the cwd included) was a symlink. */
  viaSymlink: boolean;
}

export interface ResolveOptions {
  /** The workspace's real path. */
  workspace: string;
  /** The agent's working directory; relative to the workspace when relative. Defaults to the workspace. */
  cwd?: string;
  /** Where `~` points; defaults to os.homedir(). */
  home?: string;
  /**
   * Whether a symlink in the last position is followed (default true: open, read and
   * write follow it). Pass false for delete and rename, which act on the link itself.
   */
  followFinal?: boolean;
}

/** PATH_MAX on Linux; anything longer the kernel refuses anyway. */
export const MAX_INPUT_BYTES = 4096;
/** NAME_MAX on every common file system. */
export const MAX_NAME_BYTES = 255;
/** MAXSYMLINKS on Linux: the kernel gives ELOOP after this many. */
export const MAX_SYMLINK_HOPS = 40;

export function resolveAgentPath(input: string, options: ResolveOptions): ResolvedPath | { error: string } {
  const bad = checkInput(input);
  if (bad !== null) return { error: bad };
  if (!path.isAbsolute(options.workspace)) return { error: `workspace '${options.workspace}' is not an absolute path` };
  const expanded = expandHome(input, options.home ?? os.homedir());
  if (typeof expanded !== "string") return expanded;

  // The workspace is documented as a real path; resolving it again costs one call and
  // keeps a caller's mistake from turning every comparison below into "outside".
  const workspaceReal = osRealpath(options.workspace);
  if (workspaceReal === null) return { error: `workspace '${options.workspace}' does not exist` };
  const cwd = path.resolve(options.workspace, options.cwd ?? ".");

  let start: SplitPath;
  let names: string[];
  let cwdViaSymlink = false;
  if (path.isAbsolute(expanded)) {
    const root = path.parse(expanded).root;
    start = { root, parts: [] };
    names = splitNames(expanded.slice(root.length));
  } else {
    // The kernel holds the cwd as a directory, not a string: `..` from it reaches the
    // parent of its real path, so the walk starts there.
    const cwdReal = osRealpath(cwd);
    if (cwdReal === null) return { error: `working directory '${cwd}' does not exist` };
    cwdViaSymlink = cwdReal !== cwd;
    start = splitAbsolute(cwdReal);
    names = splitNames(expanded);
  }
  if (process.platform === "win32") {
    // Win32 applies `..` to the text before any file system sees the path, so there
    // the lexical form is what the system acts on (untested here: CI is Linux).
    const lexical = splitAbsolute(path.resolve(path.join(start.root, ...start.parts), expanded));
    start = { root: lexical.root, parts: [] };
    names = lexical.parts;
  }
  // Oversized names in the part that does not exist yet are never lstat'ed; refuse them here.
  const long = names.find((name) => Buffer.byteLength(name) > MAX_NAME_BYTES);
  if (long !== undefined) return { error: `a name in '${shown(input)}' is longer than ${MAX_NAME_BYTES} bytes` };

  const walked = walk(start, names, options.followFinal ?? true);
  if ("error" in walked) return walked;
  const real = canonical(walked);
  if (typeof real !== "string") return real;

  // Exact comparison, deliberately: the existing part of `real` is spelled by the OS and
  // the workspace exists in full, so a case-insensitive volume already agrees; folding
  // would place a case-variant sibling (/Projects/App next to /projects/app on a case-sensitive
  // APFS volume) inside. Where the OS does not canonicalise, this errs towards "outside".
  const below = relativeParts(real, workspaceReal, false);
  return {
    input,
    absolute: path.resolve(cwd, expanded),
    real,
    exists: walked.kind !== "missing",
    inWorkspace: below !== null,
    relative: below === null ? null : below.length === 0 ? "." : below.join("/"),
    viaSymlink: walked.viaSymlink || (cwdViaSymlink && !path.isAbsolute(expanded)),
  };
}

function checkInput(input: unknown): string | null {
  if (typeof input !== "string") return "the path is not a string";
  if (input === "") return "the path is empty";
  // A NUL ends the string in C: the system would act on a prefix of what we checked.
  if (input.includes("\0")) return `the path contains a NUL byte: '${shown(input)}'`;
  const bytes = Buffer.byteLength(input);
  if (bytes > MAX_INPUT_BYTES) return `the path is ${bytes} bytes long; the limit is ${MAX_INPUT_BYTES}`;
  return null;
}

/**
 * `~` and `~/…` as the agent's shell expands them. `~user`, `~+` and `~-` name other
 * homes or shell state we cannot know, so they are refused rather than guessed.
 */
function expandHome(input: string, home: string): string | { error: string } {
  if (!input.startsWith("~")) return input;
  if (!path.isAbsolute(home)) return { error: `home directory '${home}' is not an absolute path` };
  if (input === "~") return home;
  const slash = process.platform === "win32" ? /^~[\\/]/ : /^~\//;
  if (!slash.test(input)) {
    return { error: `'${shown(input)}': only '~' and '~/…' are expanded; give the full path instead of the ~user form` };
  }
  // Concatenate rather than path.join: joining would apply `..` to the text.
  return home.replace(/[\\/]+$/, "") + input.slice(1);
}

/** Names in lookup order; a trailing separator becomes "." so "link/" still follows the link. */
function splitNames(rest: string): string[] {
  const names = rest.split(SEPARATORS).filter((name) => name !== "");
  if (names.length > 0 && /[\\/]$/.test(rest)) names.push(".");
  return names;
}

type Kind = "dir" | "other" | "missing";

interface Walked {
  root: string;
  /** Symlink-free names from the root; from missingAt on they do not exist. */
  parts: string[];
  kind: Kind;
  missingAt: number;
  viaSymlink: boolean;
  /** The last name is a symlink that followFinal:false left unfollowed. */
  unfollowedLink: boolean;
}

/** A POSIX path lookup, name by name, as the kernel does it. */
function walk(start: SplitPath, names: string[], followFinal: boolean): Walked | { error: string } {
  const at: Walked = { root: start.root, parts: [...start.parts], kind: "dir", missingAt: -1, viaSymlink: false, unfollowedLink: false };
  const pending = [...names].reverse();
  let hops = 0;
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const here = (): string => join(at.root, at.parts);
    // "file.txt/../x" is ENOTDIR to the kernel; normalising it away would invent a path.
    if (at.kind === "other") return { error: `'${here()}' is not a directory, so nothing can follow it in a path` };
    if (name === ".") continue;
    if (name === "..") {
      // "missing/../x" is ENOENT to the kernel; treating it as "x" would check a path
      // the system never resolves (and a later mkdir of "missing" as a link would differ).
      if (at.kind === "missing") return { error: `'..' follows '${here()}', which does not exist; the system would refuse this path` };
      at.parts.pop();
      continue;
    }
    if (at.kind === "missing") {
      at.parts.push(name);
      continue;
    }
    const candidate = join(at.root, [...at.parts, name]);
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(candidate, { throwIfNoEntry: false });
    } catch (err) {
      // EACCES and the like: we cannot see what the system would act on, so we refuse.
      return { error: `cannot inspect '${candidate}': ${errorCode(err)}` };
    }
    if (st === undefined) {
      at.missingAt = at.parts.length;
      at.parts.push(name);
      at.kind = "missing";
      continue;
    }
    if (!st.isSymbolicLink()) {
      at.parts.push(name);
      at.kind = st.isDirectory() ? "dir" : "other";
      continue;
    }
    at.viaSymlink = true;
    if (!followFinal && pending.length === 0) {
      at.parts.push(name);
      at.kind = "other";
      at.unfollowedLink = true;
      continue;
    }
    // Symlink loops (a -> b -> a) would otherwise never end.
    if (++hops > MAX_SYMLINK_HOPS) return { error: `too many symlinks (more than ${MAX_SYMLINK_HOPS}) resolving '${candidate}'` };
    let target: string;
    try {
      target = fs.readlinkSync(candidate);
    } catch (err) {
      return { error: `cannot read symlink '${candidate}': ${errorCode(err)}` };
    }
    // A dangling link is followed all the same: writing through it creates its target.
    if (path.isAbsolute(target)) {
      at.root = path.parse(target).root;
      at.parts = [];
      target = target.slice(at.root.length);
    }
    pending.push(...splitNames(target).reverse());
  }
  return at;
}

/**
 * Has the system spell the existing part of the walked path. On a case-insensitive
 * volume that gives the on-disk case, so comparisons need no folding; anything else
 * that differs means a link changed under us, and we refuse rather than guess.
 */
function canonical(walked: Walked): string | { error: string } {
  const existing =
    walked.missingAt !== -1 ? walked.missingAt : walked.unfollowedLink ? walked.parts.length - 1 : walked.parts.length;
  const prefix = join(walked.root, walked.parts.slice(0, existing));
  const osPrefix = osRealpath(prefix);
  const sameName = osPrefix !== null && (osPrefix === prefix || relativeParts(osPrefix, prefix, true)?.length === 0);
  // A symlink swapped in between our lstat and now (a race) shows up here.
  if (!sameName) return { error: `'${prefix}' changed while it was being resolved; try again` };
  return join(osPrefix, walked.parts.slice(existing));
}

function join(root: string, parts: string[]): string {
  return parts.length === 0 ? root : path.join(root, ...parts);
}

function osRealpath(p: string): string | null {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return null;
  }
}

/** The input as error messages show it: NULs visible, long payloads cut. */
function shown(input: string): string {
  const visible = input.replace(/\0/g, "\\0");
  return visible.length > 200 ? `${visible.slice(0, 200)}…` : visible;
}

function errorCode(err: unknown): string {
  if (err instanceof Error && "code" in err && typeof err.code === "string") return err.code;
  return String(err);
}
