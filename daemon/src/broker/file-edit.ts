import { WardenError } from "../../../protocol/src/errors";

/**
 * Applies one exact string replacement. Without `replaceAll` the old text must
 * occur exactly once: an edit that could land in two places is refused rather
 * than applied to whichever comes first.
 */
export function applyEdit(text: string, oldString: string, newString: string, replaceAll: boolean): { text: string; replacements: number } {
  if (oldString === "") throw new WardenError("invalid_params", "old_string is empty; use write_file to create or replace a whole file");
  if (oldString === newString) throw new WardenError("invalid_params", "old_string and new_string are the same; nothing would change");
  const count = occurrences(text, oldString);
  if (count === 0) throw new WardenError("not_found", "old_string was not found in the file (it must match exactly, whitespace included)");
  if (count > 1 && !replaceAll) {
    throw new WardenError("conflict", `old_string occurs ${count} times; include more surrounding text to make it unique, or pass replace_all`);
  }
  // split/join: no replacement patterns ($&, $1) are interpreted in new_string.
  return { text: text.split(oldString).join(newString), replacements: count };
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}
