import fs from "node:fs";
import { z } from "zod";
import { sha256Hex } from "../../../protocol/src/audit";

/**
 * The last committed record's seq and hash, kept in a file beside the database.
 * A hash chain alone cannot show that records were cut off its end; this anchor
 * can, as long as it is not rewritten together with the database. (Forwarding the
 * head to monitoring outside the machine closes that gap.)
 */
export const headAnchor = z.strictObject({ seq: z.int().nonnegative(), hash: sha256Hex, ts: z.iso.datetime() });
export type HeadAnchor = z.infer<typeof headAnchor>;

export type HeadRead = { state: "missing" } | { state: "ok"; head: HeadAnchor } | { state: "corrupt"; problem: string };

export function readHeadFile(file: string): HeadRead {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return { state: "missing" };
  }
  try {
    const parsed = headAnchor.safeParse(JSON.parse(text));
    return parsed.success ? { state: "ok", head: parsed.data } : { state: "corrupt", problem: "unexpected contents" };
  } catch {
    return { state: "corrupt", problem: "not JSON" };
  }
}

/** Atomic replace: a crash leaves the old anchor or the new one, never half of one. */
export function writeHeadFile(file: string, head: HeadAnchor): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(head), { mode: 0o600 });
  fs.renameSync(tmp, file);
}
