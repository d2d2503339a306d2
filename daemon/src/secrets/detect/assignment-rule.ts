// Values assigned to names in code, .env, JSON, YAML, TOML, INI and .npmrc
// (`password = "…"`, `"token": "…"`, `API_KEY=…`, `secret: …`, `:_authToken=…`).
// The key's wording sets how random the value must be (value-judge.ts); a name
// with no credential wording is never enough on its own. keyed-rule.ts calls
// these with each name found around a credential word.
import type { KeySpan } from "./key-span";
import { charClasses } from "./entropy";
import { isWordy } from "./not-secret";
import { hasProviderPrefix } from "./provider-shape";
import { judgeValue, keyStrength } from "./value-judge";
import type { RawMatch } from "./types";

// Assignment operators across languages and config formats: = : := => ?= .= +=
// and the ::= / :::= of Makefiles; "," only between a quoted name and a quoted
// value (`setProperty("API_TOKEN", "…")`).
// " - " and " | " only before a quoted value (`API token - 'abc…'` in notes,
// `| apiKey | abc… |` in Markdown tables).
const SEPARATOR = /:{1,3}=|[?.+]=|=>|==|=|:|->|,|-(?=[ \t]{1,3}["'\x60])|\|/y;
// After the separator: blanks, an optional (prefixed) opening quote and the blanks
// a hand-written value may carry inside its quotes, then the value.
// Bounded, so text dense with credential words ("key=key=key=…", each parsing a
// value) stays linear: ~1 s per MiB at worst, measured.
const VALUE = /[ \t]{0,4}(?:[rbuf]?(["'\x60])[ \t]{0,2})?([^\s"'\x60,;<>(){}[\]\\|]{6,1000})/y;
const TRAILING = /[.:]+$/;
const AUTH_SCHEME = /^(?:Bearer|Basic|Token)$/i;
const SCHEME_VALUE = /[^\s"'\x60,;<>(){}[\]\\]{6,1000}/y;
// Typed declarations put a type between name and "=": `var apiToken string = "…"`.
const TYPE_AFTER = /[ \t]{1,4}(?:string|String|str|char|byte|bytes|\[\]byte|&str|&'static str)[ \t]{0,4}(?==)/y;
// `- name: API_TOKEN` / `value: …` (k8s, GitHub env lists) and `<add key="X" value="…"/>`
// (NuGet, .NET): the name is the value of a name/key field, the secret follows "value".
const NAME_FIELD = /(?:^|[^A-Za-z])(?:name|key)["']?[ \t]{0,3}[:=][ \t]{0,3}["']?$/i;
const VALUE_FIELD = /["']?[^:=]{0,60}?(?<![A-Za-z])value["']?[ \t]{0,3}(?=[:=])/iy;
const TABLE_ROW = /^[ \t]*\|/;
const WORD_BEFORE = /([A-Za-z][A-Za-z0-9]{1,30})[ \t]+$/;

/** The value assigned to `key`, if it is one and value-judge.ts calls it a credential. */
export function assignmentAt(text: string, key: KeySpan): RawMatch | undefined {
  let at = key.end;
  let quotes = 0;
  while (quotes < 2 && at < text.length && `"']`.includes(text.charAt(at))) {
    at++;
    quotes++;
  }
  const afterQuotes = at;
  let blanks = 0;
  while (blanks < 4 && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9)) {
    at++;
    blanks++;
  }
  if (quotes === 0) {
    TYPE_AFTER.lastIndex = afterQuotes;
    if (TYPE_AFTER.test(text)) at = TYPE_AFTER.lastIndex;
  }
  // test(), not exec(): this runs at every credential word, and the separator's
  // first character says all that is needed about it.
  SEPARATOR.lastIndex = at;
  if (!SEPARATOR.test(text)) return pairedValueAt(text, key);
  const comma = text.charCodeAt(at) === 44;
  if (text.charCodeAt(at) === 124 && !TABLE_ROW.test(text.slice(text.lastIndexOf("\n", key.start) + 1, key.start))) return undefined;
  // Before ",", the name must be a whole quoted string (`("API_TOKEN", …)`), not
  // the tail of a value such as "https://…/token".
  if (comma && (quotes === 0 || !`"'`.includes(text.charAt(key.start - 1)))) return undefined;
  const found = valueAfter(text, SEPARATOR.lastIndex, qualifiedName(text, key), comma);
  // `"name": "API_TOKEN", "value": "…"` in JSON env lists.
  return found ?? (comma ? pairedValueAt(text, key) : undefined);
}

/** `name: API_TOKEN` … `value: "…"`: the value field that follows a name field. */
function pairedValueAt(text: string, key: KeySpan): RawMatch | undefined {
  // Most names are not a field's value: no ":" or "=" just before them.
  if (!hasSeparatorBefore(text, key.start)) return undefined;
  if (!NAME_FIELD.test(text.slice(Math.max(0, key.start - 12), key.start))) return undefined;
  VALUE_FIELD.lastIndex = key.end;
  if (!VALUE_FIELD.test(text)) return undefined;
  const at = VALUE_FIELD.lastIndex;
  const c = text.charAt(at);
  return c === "=" || c === ":" ? valueAfter(text, at + 1, key.name, false) : undefined;
}

/**
 * A bare "key" says nothing about what it keys (maps, caches, sort and licence
 * keys); prose such as `# API KEY: …` names it with the word before. Returns
 * "<word>_key" when that is credential wording, else the name as written.
 */
function qualifiedName(text: string, key: KeySpan): string {
  if (key.name.toLowerCase() !== "key") return key.name;
  const m = WORD_BEFORE.exec(text.slice(Math.max(0, key.start - 40), key.start));
  if (m?.[1] === undefined) return key.name;
  const qualified = `${m[1]}_${key.name}`;
  // Only wording that itself names a credential counts ("API key", "secret key");
  // "user key" or "using key" stay as unspecific as the bare word.
  const strength = keyStrength(qualified);
  return strength === "secret" || strength === "password" ? qualified : key.name;
}

function valueAfter(text: string, from: number, name: string, comma: boolean): RawMatch | undefined {
  VALUE.lastIndex = from;
  const v = VALUE.exec(text);
  if (v === null) return undefined;
  const quote = v[1];
  if (comma && quote === undefined) return undefined;
  let value = v[2] ?? "";
  let valueStart = VALUE.lastIndex - value.length;
  // `auth_token: "Bearer <token>"`: the credential is the word after the scheme.
  if (AUTH_SCHEME.test(value) && text.charAt(valueStart + value.length) === " ") {
    SCHEME_VALUE.lastIndex = valueStart + value.length + 1;
    const t = SCHEME_VALUE.exec(text);
    if (t === null) return undefined;
    value = t[0];
    valueStart = SCHEME_VALUE.lastIndex - value.length;
  }
  // A value followed by "(" or "[" is a call or an index (`os.environ["X"]`), not data.
  const next = text.charCodeAt(valueStart + value.length);
  if (next === 40 || next === 91) return undefined;
  if (quote === undefined) value = value.replace(TRAILING, "");
  if (quote !== undefined && !closesQuote(text, valueStart + value.length, quote)) return undefined;
  // "abc..." or "abc…" is an elided value in docs and logs.
  const after = text.slice(valueStart + value.length, valueStart + value.length + 3);
  if (after.startsWith("..") || after.startsWith("…")) return undefined;
  if (/^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(value)) return undefined;
  // The provider's own rule validates (and reports) values in its format.
  if (hasProviderPrefix(value)) return undefined;
  // Between two quoted strings a comma is as often a list of names or words
  // (`"pass", "password"`) as a name and its value: the value must look generated.
  if (comma && (isWordy(value) || charClasses(value) < 2)) return undefined;
  const confidence = judgeValue(value, keyStrength(name), quote !== undefined);
  if (confidence === undefined) return undefined;
  return { start: valueStart, end: valueStart + value.length, confidence };
}

/** The value ends at its closing quote, allowing the blanks a hand-written value may carry. */
function closesQuote(text: string, at: number, quote: string): boolean {
  let i = at;
  while (i < at + 2 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return text.charAt(i) === quote;
}

function hasSeparatorBefore(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0 && i >= at - 6; i--) {
    const c = text.charCodeAt(i);
    if (c === 58 || c === 61) return true;
  }
  return false;
}
