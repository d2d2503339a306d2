import fs from "node:fs";
import path from "node:path";
import { WardenError } from "../../../protocol/src/errors";
import { errnoCode, verifyOpened, withPinnedDir } from "./pinned-dir";

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;

/** Larger files are refused whole; an agent reads them in slices of lines. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;
/** What one read_file answer carries at most. */
export const MAX_ANSWER_BYTES = 256 * 1024;
export const DEFAULT_LINE_LIMIT = 2000;
export const MAX_LISTED = 2000;

/**
 * Reads a regular file at `real` (symlink-free, checked by the caller). The open
 * does not follow a final symlink and does not block on a FIFO, and the descriptor
 * must be the file at `real`, so a swap after the decision reads nothing else.
 */
export function readRegularFile(real: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (err) {
    throw new WardenError(errnoCode(err) === "ENOENT" ? "not_found" : "forbidden", `cannot open ${real}: ${errnoCode(err)}`);
  }
  try {
    verifyOpened(fd, real);
    const st = fs.fstatSync(fd);
    // Attack: a device or FIFO planted under the name, to hang or flood the daemon.
    if (!st.isFile()) throw new WardenError("conflict", `${real} is not a regular file`);
    if (st.size > MAX_READ_BYTES) throw new WardenError("conflict", `${real} is ${st.size} bytes; files over ${MAX_READ_BYTES} bytes are not read whole`);
    const buf = Buffer.alloc(st.size);
    let n = 0;
    while (n < buf.length) {
      const got = fs.readSync(fd, buf, n, buf.length - n, n);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** True for content an agent should not be handed as text (a NUL in the first 8 KiB, as git decides). */
export function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}

/**
 * A slice of lines, 1-based from `offset`, at most `limit` lines and
 * MAX_ANSWER_BYTES; a note says what was left out.
 */
export function sliceLines(text: string, offset = 1, limit = DEFAULT_LINE_LIMIT): string {
  const lines = text.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const start = Math.max(0, offset - 1);
  if (start >= lines.length && lines.length > 0) return `[offset ${offset} is past the end: the file has ${lines.length} lines]`;
  const chosen: string[] = [];
  let bytes = 0;
  for (let i = start; i < Math.min(lines.length, start + limit); i++) {
    const line = lines[i] ?? "";
    bytes += Buffer.byteLength(line) + 1;
    if (bytes > MAX_ANSWER_BYTES) break;
    chosen.push(line);
  }
  const end = start + chosen.length;
  const partial = start > 0 || end < lines.length;
  return partial ? `${chosen.join("\n")}\n[lines ${start + 1}-${end} of ${lines.length}; pass offset and limit for more]` : chosen.join("\n");
}

/** One line per entry: directories end in "/", symlinks show their target, files their size. */
export function listDirectory(real: string): string {
  return withPinnedDir(real, (dir) => {
    const names = fs.readdirSync(dir.self()).sort();
    const lines: string[] = [];
    for (const name of names.slice(0, MAX_LISTED)) {
      const st = fs.lstatSync(dir.entry(name), { throwIfNoEntry: false });
      if (st === undefined) continue;
      if (st.isDirectory()) lines.push(`${name}/`);
      else if (st.isSymbolicLink()) lines.push(`${name} -> ${safeReadlink(dir.entry(name))}`);
      else if (st.isFile()) lines.push(`${name} (${st.size} bytes)`);
      else lines.push(`${name} (special)`);
    }
    if (names.length > MAX_LISTED) lines.push(`[${names.length - MAX_LISTED} more entries not shown]`);
    return lines.length === 0 ? `(${path.basename(real) || real} is empty)` : lines.join("\n");
  });
}

function safeReadlink(p: string): string {
  try {
    return fs.readlinkSync(p);
  } catch {
    return "?";
  }
}
