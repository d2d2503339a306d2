import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { WardenError } from "../../../protocol/src/errors";
import { ensureDirectory, openedPath, verifyOpened, withPinnedDir } from "./pinned-dir";

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;

export interface WriteOutcome {
  bytes: number;
  created: boolean;
}

/**
 * Replaces `real` (a symlink-free path the caller has checked) with `content`, so
 * that a reader sees the old file or the new one and never half of either: the
 * text goes to a new file in the same directory, is synced, and renamed over the
 * old one. An existing file keeps its permissions. Missing parent directories are
 * created, one pinned directory at a time.
 */
export function atomicWrite(real: string, content: string | Buffer): WriteOutcome {
  const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const name = path.basename(real);
  ensureDirectory(path.dirname(real));
  return withPinnedDir(path.dirname(real), (dir) => {
    const existing = fs.lstatSync(dir.entry(name), { throwIfNoEntry: false });
    if (existing !== undefined && !existing.isFile()) {
      throw new WardenError("conflict", `${real} is ${existing.isDirectory() ? "a directory" : "not a regular file"}; refusing to replace it`);
    }
    const mode = existing === undefined ? undefined : existing.mode & 0o7777;
    const temp = `.${name.slice(0, 200)}.warden-${randomBytes(6).toString("hex")}.tmp`;
    const fd = fs.openSync(dir.entry(temp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666);
    let renamed = false;
    try {
      verifyOpened(fd, path.join(dir.real, temp));
      // The process umask would otherwise narrow an existing file's mode.
      if (mode !== undefined) fs.fchmodSync(fd, mode);
      for (let off = 0; off < data.length; ) off += fs.writeSync(fd, data, off, data.length - off);
      fs.fsyncSync(fd);
      fs.renameSync(dir.entry(temp), dir.entry(name));
      renamed = true;
      dir.sync();
      const landed = openedPath(fd);
      // Attack: on systems without a pinned directory, a parent swapped between check and rename.
      if (landed !== null && landed !== real) throw new WardenError("forbidden", `the directory of ${real} changed during the write; the file went to ${landed}`);
    } finally {
      fs.closeSync(fd);
      if (!renamed) fs.rmSync(dir.entry(temp), { force: true });
    }
    return { bytes: data.length, created: existing === undefined };
  });
}
