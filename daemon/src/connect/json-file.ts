import fs from "node:fs";
import path from "node:path";
import { WardenError } from "../../../protocol/src/errors";

export type JsonObject = Record<string, unknown>;

/**
 * Reads a settings file as a JSON object, or null when it does not exist. A file
 * that is not a JSON object is refused, never overwritten: it is the user's, and
 * guessing at it could lose their settings.
 */
export function readJsonObject(file: string): JsonObject | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if (err instanceof Error && "code" in err && err.code === "ENOENT") return null;
    throw err;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new WardenError("conflict", `${file} is not valid JSON (${err instanceof Error ? err.message : String(err)}); Warden will not overwrite it. Fix the file (or move it away) and run the command again.`, { path: file });
  }
  if (!isObject(value)) throw new WardenError("conflict", `${file} does not hold a JSON object; Warden will not overwrite it. Fix the file (or move it away) and run the command again.`, { path: file });
  return value;
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
export function writeFileAtomic(file: string, text: string, mode = 0o644): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let finalMode = mode;
  try {
    finalMode = fs.statSync(file).mode & 0o777;
  } catch {
    // new file
  }
  const tmp = `${file}.warden-${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: finalMode });
  fs.renameSync(tmp, file);
}

export function writeJsonObject(file: string, value: JsonObject, mode?: number): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, mode);
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Removes a file when it exists. */
export function removeFile(file: string): boolean {
  try {
    fs.unlinkSync(file);
    return true;
  } catch (err) {
    if (err instanceof Error && "code" in err && err.code === "ENOENT") return false;
    throw err;
  }
}
