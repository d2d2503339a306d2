// Values assigned to names in code, .env, JSON, YAML, TOML, INI and .npmrc
// (`password = "…"`, `"token": "…"`, `API_KEY=…`, `secret: …`, `:_authToken=…`).
// The key's wording sets how random the value must be (value-judge.ts); a name
// with no credential wording is never enough on its own.
//
// For speed the scan starts at separators, not at identifiers: a regex that had to
// try every identifier start (with a lookbehind at every position) ran at a third
// of the speed on ordinary source.
import { hasProviderPrefix } from "./provider-shape";
import { judgeValue, keyStrength } from "./value-judge";
import type { RawMatch, Rule } from "./types";

// Assignment operators across languages and config formats: = : := => ?= .= +=
// and the ::= / :::= of Makefiles; "," only between a quoted name and a quoted
// value (`setProperty("API_TOKEN", "…")`).
const SEPARATOR = /:{1,3}=|[?.+]=|=>|==|=|:|->|,/g;
// After the separator: blanks, an optional (prefixed) opening quote, the value.
const VALUE = /[ \t]{0,4}(?:[rbuf]?(["'\x60]))?([^\s"'\x60,;<>(){}[\]\\]{6,1000})/y;
const TRAILING = /[.:]+$/;
const AUTH_SCHEME = /^(?:Bearer|Basic|Token)$/i;
const SCHEME_VALUE = /[^\s"'\x60,;<>(){}[\]\\]{6,1000}/y;
// Every word value-judge.ts treats as credential wording contains one of these.
const CREDENTIAL_HINT = /pas|pwd|psw|secret|token|cred|auth|key|bearer|webhook/i;
const MAX_KEY = 80;

export const assignmentRule: Rule = {
  id: "generic-credential",
  kind: "generic-credential",
  keywords: ["=", ":", ","],
  find(text: string): RawMatch[] {
    const out: RawMatch[] = [];
    const sep = new RegExp(SEPARATOR.source, "g");
    const valueRe = new RegExp(VALUE.source, "y");
    for (let m = sep.exec(text); m !== null; m = sep.exec(text)) {
      const comma = m[0] === ",";
      const found = keyBefore(text, m.index, comma);
      if (found === undefined) continue;
      let key = found;
      if (found === "value") key = pairedName(text, m.index) ?? found;
      else if (found.length === 3 && found.toLowerCase() === "key") key = qualifiedKey(text, m.index, found);
      // Most separators in ordinary code have a plain name on the left; one cheap
      // test skips them before the value is parsed or the name classified.
      if (!CREDENTIAL_HINT.test(key)) continue;
      valueRe.lastIndex = m.index + m[0].length;
      const v = valueRe.exec(text);
      if (v === null) continue;
      const quote = v[1];
      if (comma && quote === undefined) continue;
      let value = v[2] ?? "";
      let valueStart = valueRe.lastIndex - value.length;
      // `auth_token: "Bearer <token>"`: the credential is the word after the scheme.
      if (AUTH_SCHEME.test(value) && text.charAt(valueStart + value.length) === " ") {
        SCHEME_VALUE.lastIndex = valueStart + value.length + 1;
        const t = SCHEME_VALUE.exec(text);
        if (t === null) continue;
        value = t[0];
        valueStart = SCHEME_VALUE.lastIndex - value.length;
      }
      // A value followed by "(" is a call, not data.
      if (text.charAt(valueStart + value.length) === "(") continue;
      if (quote === undefined) value = value.replace(TRAILING, "");
      if (quote !== undefined && text.charAt(valueStart + value.length) !== quote) continue;
      // "abc..." or "abc…" is an elided value in docs and logs.
      const after = text.slice(valueStart + value.length, valueStart + value.length + 3);
      if (after.startsWith("..") || after.startsWith("…")) continue;
      if (/^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(value)) continue;
      // The provider's own rule validates (and reports) values in its format.
      if (hasProviderPrefix(value)) continue;
      const confidence = judgeValue(value, keyStrength(key), quote !== undefined);
      if (confidence === undefined) continue;
      out.push({ start: valueStart, end: valueStart + value.length, confidence });
      sep.lastIndex = valueStart + value.length;
    }
    return out;
  },
};

/**
 * The name left of a separator at `at`: skips blanks and up to two closing
 * quotes/brackets (`"key": `, `['key'] = `), then reads [A-Za-z0-9_.$-] back to a
 * word start. Undefined when there is no name.
 */
function keyBefore(text: string, at: number, quotedOnly: boolean): string | undefined {
  let end = at;
  let blanks = 0;
  while (end > 0 && blanks < 4 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) {
    end--;
    blanks++;
  }
  let quotes = 0;
  while (quotes < 2 && end > 0 && `"']`.includes(text.charAt(end - 1))) {
    end--;
    quotes++;
  }
  if (quotedOnly && quotes === 0) return undefined;
  let start = end;
  while (start > 0 && end - start < MAX_KEY && isKeyChar(text.charCodeAt(start - 1))) start--;
  if (start === end) return undefined;
  const first = text.charCodeAt(start);
  // Keys start with a letter, "_" or "$" (not a digit: "8080:80" is not a key).
  if ((first >= 48 && first <= 57) || first === 46) return undefined;
  // Before ",", the name must be a whole quoted string (`("API_TOKEN", …)`), not
  // the tail of a value such as "https://…/token".
  if (quotedOnly && !`"'`.includes(text.charAt(start - 1))) return undefined;
  // "--api-key=…": the flag dashes are not part of the name.
  while (start < end && text.charCodeAt(start) === 45) start++;
  if (start === end) return undefined;
  const key = text.slice(start, end);
  // Typed declarations put a type between name and "=": `var apiToken string = "…"`.
  if (TYPE_NAMES.has(key) && start > 1) return keyBefore(text, start - 1, false) ?? key;
  return key;
}

const TYPE_NAMES = new Set(["string", "String", "str", "var", "let", "const", "val", "char", "byte", "bytes", "[]byte", "final", "static"]);

/**
 * For `value` keys, the name they pair with: k8s/GitHub env lists put it on the
 * line before (`- name: API_TOKEN` / `value: …`), NuGet and .NET settings in an
 * attribute on the same element (`<add key="ClearTextPassword" value="…"/>`).
 */
function pairedName(text: string, at: number): string | undefined {
  const before = text.slice(Math.max(0, at - 160), at);
  const m = /(?:name|key)["']?\s{0,3}[:=]\s{0,3}["']?([A-Za-z_][A-Za-z0-9_.-]{0,80})["']?[^:=]{0,60}$/.exec(before);
  return m?.[1];
}

/**
 * A bare "key" says nothing about what it keys (maps, caches, sort and licence
 * keys); prose such as `# API KEY: …` names it with the word before. Returns
 * "<word>_key" when that is credential wording, else "key", which value-judge.ts
 * does not treat as credential wording.
 */
function qualifiedKey(text: string, at: number, key: string): string {
  const before = text.slice(Math.max(0, at - 40), at);
  const m = /([A-Za-z][A-Za-z0-9]{1,30})[ \t]+key["']?[ \t]*$/i.exec(before);
  if (m?.[1] === undefined) return key;
  const qualified = `${m[1]}_${key}`;
  // Only wording that itself names a credential counts ("API key", "secret key");
  // "user key" or "using key" stay as unspecific as the bare word.
  const strength = keyStrength(qualified);
  return strength === "secret" || strength === "password" ? qualified : key;
}

function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 36 || c === 45;
}
