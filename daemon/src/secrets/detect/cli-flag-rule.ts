// Credentials passed as command-line flags with a space: `--api-key abc…`,
// `--password "…"`, `-token …` (the `--flag=value` form is an assignment and
// handled by assignment-rule.ts). The flag name is judged like a key.
import type { KeySpan } from "./key-span";
import { judgeValue, keyStrength, type KeyStrength } from "./value-judge";
import type { RawMatch } from "./types";

// From the first dash; the flag must follow a blank (checked in code).
const FLAG = /--?([A-Za-z][A-Za-z0-9_-]{0,60})[ \t]{1,4}(["']?)([^\s"'=-][^\s"']{5,300})\2(?=\s|$)/y;
// `docker login -p …`, `podman login -p …`, `helm registry login -p …`: in a
// login command "-p" is documented as --password.
const LOGIN_P = /[ \t]-p[ \t]/g;
const TRAILING_PUNCTUATION = /[`.,;:)\]}]+$/;

/** The value of the flag named `key`, when `key` is a flag followed by a blank. */
export function flagAt(text: string, key: KeySpan): RawMatch | undefined {
  if (key.dashes === 0 || key.dashes > 2) return undefined;
  return flagValue(text, key.start - key.dashes, keyStrength(key.name));
}

/** `-p VALUE` later on the line of a `login` command word at `at`. */
export function loginPasswordAfter(text: string, at: number): RawMatch | undefined {
  const eol = text.indexOf("\n", at);
  const line = text.slice(at, eol === -1 ? text.length : eol);
  LOGIN_P.lastIndex = 0;
  const m = LOGIN_P.exec(line);
  return m === null ? undefined : flagValue(text, at + m.index + 1, "password");
}

function flagValue(text: string, dash: number, strength: KeyStrength): RawMatch | undefined {
  if (dash > 0 && !/\s/.test(text.charAt(dash - 1))) return undefined;
  FLAG.lastIndex = dash;
  const m = FLAG.exec(text);
  if (m === null) return undefined;
  const quote = m[2] ?? "";
  // Unquoted in prose, a flag's value can run into closing punctuation ("-p VALUE`.").
  const value = quote === "" ? (m[3] ?? "").replace(TRAILING_PUNCTUATION, "") : (m[3] ?? "");
  const confidence = judgeValue(value, strength, quote !== "");
  if (confidence === undefined) return undefined;
  const start = m.index + m[0].length - (m[3] ?? "").length - quote.length;
  return { start, end: start + value.length, confidence };
}
