/**
 * Decodes bash's ANSI-C quoting (`$'…'`) the way bash does, so `$'\x72\x6d'` is seen as
 * `rm`. Escapes produce bytes, and the bytes are decoded as UTF-8 at the end: bash
 * builds the word from bytes, and `$'\xc3\xa9'` is one character, not two.
 */

export interface DecodedAnsiC {
  value: string;
  /** False when the result cannot be represented faithfully (invalid UTF-8, odd escapes). */
  exact: boolean;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 0x07,
  b: 0x08,
  e: 0x1b,
  E: 0x1b,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  "\\": 0x5c,
  "'": 0x27,
  '"': 0x22,
  "?": 0x3f,
};

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });

/** `body` is the text between `$'` and the closing `'`. */
export function decodeAnsiC(body: string): DecodedAnsiC {
  const bytes: number[] = [];
  let exact = true;
  let i = 0;
  const pushText = (text: string) => bytes.push(...encoder.encode(text));
  while (i < body.length) {
    const ch = body[i] ?? "";
    if (ch !== "\\" || i + 1 >= body.length) {
      const cp = body.codePointAt(i) ?? 0;
      const text = String.fromCodePoint(cp);
      pushText(text);
      i += text.length;
      continue;
    }
    const next = body[i + 1] ?? "";
    i += 2;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      bytes.push(simple);
    } else if (next >= "0" && next <= "7") {
      const digits = takeWhile(body, i - 1, 3, /[0-7]/);
      bytes.push(parseInt(digits, 8) & 0xff);
      i += digits.length - 1;
    } else if (next === "x" || next === "u" || next === "U") {
      const max = next === "x" ? 2 : next === "u" ? 4 : 8;
      const digits = takeWhile(body, i, max, /[0-9a-fA-F]/);
      if (digits.length === 0) {
        pushText(`\\${next}`);
        continue;
      }
      i += digits.length;
      const code = parseInt(digits, 16);
      if (next === "x") {
        bytes.push(code);
      } else if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        exact = false;
      } else {
        pushText(String.fromCodePoint(code));
      }
    } else if (next === "c" && i < body.length && body[i] !== "\\") {
      // Control characters: `\cA` is 0x01 and `\c?` is DEL (bash's TOCTRL); bash's handling
      // of `\c\` and of a non-ASCII character after `\c` is odd, so those are inexact.
      const code = body.charCodeAt(i);
      if (code > 0x7f) exact = false;
      bytes.push(code === 0x3f ? 0x7f : code & 0x1f);
      i += 1;
    } else if (next === "c") {
      exact = false;
    } else {
      pushText(`\\${next}`);
    }
  }
  // Bash builds a C string: a NUL byte ends the word there.
  const nul = bytes.indexOf(0);
  const kept = nul === -1 ? bytes : bytes.slice(0, nul);
  try {
    return { value: strictDecoder.decode(new Uint8Array(kept)), exact };
  } catch {
    return { value: new TextDecoder("utf-8").decode(new Uint8Array(kept)), exact: false };
  }
}

function takeWhile(text: string, from: number, max: number, pattern: RegExp): string {
  let end = from;
  while (end < text.length && end - from < max && pattern.test(text[end] ?? "")) end += 1;
  return text.slice(from, end);
}
