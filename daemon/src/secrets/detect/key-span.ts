// The name around an occurrence of a credential word: `DB_PASSWORD` around
// "pass", `--api-key` around "key", `apiToken` around "token". The generic rules
// start from these words (found by anchor-scan.ts) rather than from every "=" or
// ":" in the text: separators are ~20 times more frequent in source code.

/** Every credential wording value-judge.ts recognises contains one of these. */
export const CREDENTIAL_WORDS = ["pass", "pwd", "psw", "secret", "token", "cred", "auth", "key", "bearer", "webhook"] as const;

const MAX_KEY = 80;

export interface KeySpan {
  /** Offsets of the name in the text, leading dashes excluded (end exclusive). */
  start: number;
  end: number;
  name: string;
  /** Dashes before the name: 1 or 2 for a command-line flag. */
  dashes: number;
}

/** The name containing the word at `at` (length `length`), or undefined when it is not one. */
export function keyAround(text: string, at: number, length: number): KeySpan | undefined {
  let start = at;
  while (start > 0 && at - start < MAX_KEY && isKeyChar(text.charCodeAt(start - 1))) start--;
  let end = at + length;
  while (end < text.length && end - start < MAX_KEY && isKeyChar(text.charCodeAt(end))) end++;
  // "--api-key=…": the flag dashes are not part of the name.
  let dashes = 0;
  while (start < end && text.charCodeAt(start) === 45) {
    start++;
    dashes++;
  }
  // Trailing dots end a sentence or a member chain, not a name.
  while (end > start && text.charCodeAt(end - 1) === 46) end--;
  if (start >= end) return undefined;
  const first = text.charCodeAt(start);
  // Keys start with a letter, "_" or "$" (not a digit: "8080:80" is not a key).
  if ((first >= 48 && first <= 57) || first === 46) return undefined;
  return { start, end, name: text.slice(start, end), dashes };
}

export function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 36 || c === 45;
}
