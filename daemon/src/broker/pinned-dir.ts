import fs from "node:fs";
import path from "node:path";
import { WardenError } from "../../../protocol/src/errors";

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;

/** Linux names every open descriptor in /proc; through it a path can start at a directory we hold open. */
const HAS_PROC_FD = process.platform === "linux" && fs.existsSync("/proc/self/fd");

/**
 * Where the kernel says an open descriptor is, or null where it cannot say. This
 * is the answer no later rename of a parent can falsify: the file we hold.
 */
export function openedPath(fd: number): string | null {
  if (!HAS_PROC_FD) return null;
  try {
    return fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return null;
  }
}

/**
 * Checks that an open descriptor is the file at `expected` (a symlink-free path).
 * Where /proc cannot say, the descriptor's inode must be the one at that path.
 */
export function verifyOpened(fd: number, expected: string): void {
  const actual = openedPath(fd);
  if (actual !== null) {
    // Attack: a parent directory swapped for a symlink between resolving and opening.
    if (actual !== expected) throw new WardenError("forbidden", `${expected} changed while it was opened (it is now ${actual}); refusing`);
    return;
  }
  const held = fs.fstatSync(fd);
  const there = fs.lstatSync(expected, { throwIfNoEntry: false });
  if (there === undefined || there.dev !== held.dev || there.ino !== held.ino) {
    throw new WardenError("forbidden", `${expected} changed while it was opened; refusing`);
  }
}

/**
 * A directory held open, so that names inside it mean that directory and no
 * other, whatever happens to its path afterwards (Linux: through /proc/self/fd,
 * the nearest Node has to openat). Elsewhere the path is re-verified before each use.
 */
export class PinnedDir {
  private constructor(
    readonly real: string,
    private readonly fd: number,
  ) {}

  static open(real: string): PinnedDir {
    let fd: number;
    try {
      // O_NONBLOCK: opening a FIFO planted under this name must not hang the daemon.
      fd = fs.openSync(real, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK);
    } catch (err) {
      const code = errnoCode(err);
      // Attack: the name became a symlink after it was resolved (O_NOFOLLOW refused it).
      if (fs.lstatSync(real, { throwIfNoEntry: false })?.isSymbolicLink() === true) throw new WardenError("forbidden", `${real} became a symlink; refusing`);
      if (code === "ENOTDIR" || code === "ENOENT") throw new WardenError(code === "ENOENT" ? "not_found" : "conflict", `${real} is not a directory (${code})`);
      throw new WardenError("forbidden", `cannot open directory ${real}: ${code}`);
    }
    try {
      verifyOpened(fd, real);
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
    return new PinnedDir(real, fd);
  }

  /** A path naming `name` inside this very directory. */
  entry(name: string): string {
    if (name === "" || name === "." || name === ".." || name.includes("/")) throw new WardenError("internal", `not a plain name: '${name}'`);
    if (HAS_PROC_FD) return `/proc/self/fd/${this.fd}/${name}`;
    verifyOpened(this.fd, this.real);
    return path.join(this.real, name);
  }

  /** The directory itself, for reading its entries. */
  self(): string {
    if (HAS_PROC_FD) return `/proc/self/fd/${this.fd}`;
    verifyOpened(this.fd, this.real);
    return this.real;
  }

  /** Makes a rename or a new entry durable. */
  sync(): void {
    try {
      fs.fsyncSync(this.fd);
    } catch {
      // Some file systems refuse fsync on directories; the data itself was synced.
    }
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** Runs `fn` with the directory pinned, and always lets it go. */
export function withPinnedDir<T>(real: string, fn: (dir: PinnedDir) => T): T {
  const dir = PinnedDir.open(real);
  try {
    return fn(dir);
  } finally {
    dir.close();
  }
}

/**
 * Creates the missing directories down to `dirReal` (a symlink-free path), each
 * inside a directory held open, so a symlink swapped into the chain cannot carry
 * the creation elsewhere.
 */
export function ensureDirectory(dirReal: string): void {
  const missing: string[] = [];
  let at = dirReal;
  while (!fs.existsSync(at)) {
    missing.unshift(path.basename(at));
    const up = path.dirname(at);
    if (up === at) throw new WardenError("internal", `no existing directory above ${dirReal}`);
    at = up;
  }
  for (const name of missing) {
    withPinnedDir(at, (dir) => {
      try {
        fs.mkdirSync(dir.entry(name), { mode: 0o777 });
      } catch (err) {
        if (errnoCode(err) !== "EEXIST") throw new WardenError("conflict", `cannot create directory ${path.join(at, name)}: ${errnoCode(err)}`);
      }
    });
    at = path.join(at, name);
  }
}

export function errnoCode(err: unknown): string {
  if (err instanceof Error && "code" in err && typeof err.code === "string") return err.code;
  return err instanceof Error ? err.message : String(err);
}
