import fs from "node:fs";
import path from "node:path";

/** Every file under `dir` (the database, its WAL, the log, the head file…) as one text, latin1: the bytes as they are. */
export function everythingIn(dir: string): string {
  let all = "";
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) all += fs.readFileSync(path.join(entry.parentPath, entry.name)).toString("latin1");
  }
  return all;
}
