import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { WardenError } from "../../../protocol/src/errors";
import { errnoCode, withPinnedDir } from "./pinned-dir";
import { TrashKind } from "./trash-store";

/** Entries counted when measuring what a deletion takes; beyond this the totals say "at least". */
const MAX_MEASURED = 20_000;

export interface Trashed {
  id: string;
  kind: TrashKind;
  bytes: number;
  files: number;
  /** Puts it back where it was (used when the deletion could not be recorded). */
  undo(): void;
}

/**
 * The broker's deletions, kept restorable: a deleted path is moved (never
 * unlinked) to `<warden home>/trash/<id>/item`, out of every agent's reach, with
 * a note of where it came from beside it.
 */
export class Trash {
  constructor(private readonly root: string) {}

  /** Moves `real` (the entry itself, a symlink not followed) into the trash. */
  put(real: string, recursive: boolean, now: Date = new Date()): Trashed {
    const parent = path.dirname(real);
    const name = path.basename(real);
    this.ensureRoot();
    return withPinnedDir(parent, (dir) => {
      const st = fs.lstatSync(dir.entry(name), { throwIfNoEntry: false });
      if (st === undefined) throw new WardenError("not_found", `${real} does not exist`);
      if (st.isDirectory() && !recursive) throw new WardenError("conflict", `${real} is a directory; pass recursive: true to delete it with its contents`);
      const kind: TrashKind = st.isSymbolicLink() ? "symlink" : st.isDirectory() ? "directory" : st.isFile() ? "file" : "other";
      const { files, bytes } = measure(dir.entry(name));
      const id = `del_${randomBytes(8).toString("hex")}`;
      const slot = path.join(this.root, id);
      fs.mkdirSync(slot, { mode: 0o700 });
      const item = path.join(slot, "item");
      moveEntry(dir.entry(name), item);
      dir.sync();
      // Beside the item, so the trash can be understood even without the database.
      fs.writeFileSync(path.join(slot, "origin.json"), `${JSON.stringify({ id, original: real, kind, deletedAt: now.toISOString() })}\n`, { mode: 0o600 });
      return { id, kind, bytes, files, undo: () => this.take(id, real) };
    });
  }

  /** Moves a trashed item to `destReal` (checked by the caller, and free). */
  take(id: string, destReal: string): void {
    const slot = path.join(this.root, id);
    const item = path.join(slot, "item");
    if (fs.lstatSync(item, { throwIfNoEntry: false }) === undefined) throw new WardenError("not_found", `the trash holds nothing for ${id} (${item} is missing)`);
    withPinnedDir(path.dirname(destReal), (dir) => {
      const name = path.basename(destReal);
      if (fs.lstatSync(dir.entry(name), { throwIfNoEntry: false }) !== undefined) throw new WardenError("conflict", `${destReal} exists`);
      moveEntry(item, dir.entry(name));
      dir.sync();
    });
    fs.rmSync(slot, { recursive: true, force: true });
  }

  private ensureRoot(): void {
    fs.mkdirSync(this.root, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(this.root);
    // Attack: the trash replaced by a symlink, so deletions land somewhere an agent can read.
    if (!st.isDirectory()) throw new WardenError("insecure_state", `${this.root} is not a directory`);
  }
}

/** rename, or (across file systems) copy as-is then remove. */
function moveEntry(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
    return;
  } catch (err) {
    if (errnoCode(err) !== "EXDEV") throw new WardenError("conflict", `cannot move ${from}: ${errnoCode(err)}`);
  }
  fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true, errorOnExist: true, force: false });
  fs.rmSync(from, { recursive: true, force: true });
}

/** Files and bytes under an entry, symlinks not followed. */
export function measure(p: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const stack = [p];
  while (stack.length > 0 && files < MAX_MEASURED) {
    const at = stack.pop();
    if (at === undefined) break;
    const st = fs.lstatSync(at, { throwIfNoEntry: false });
    if (st === undefined) continue;
    files++;
    if (st.isFile()) bytes += st.size;
    if (st.isDirectory()) {
      try {
        for (const name of fs.readdirSync(at)) stack.push(path.join(at, name));
      } catch {
        // unreadable: counted as the directory alone
      }
    }
  }
  return { files, bytes };
}
