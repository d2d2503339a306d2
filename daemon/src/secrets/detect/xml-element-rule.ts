// Credentials as XML element text: `<password>…</password>`, `<apiToken>…</apiToken>`
// (Maven settings.xml, Jenkins credentials, .NET configs, SOAP bodies). The element
// name plays the role of the key; value-judge.ts decides on the value.
import type { KeySpan } from "./key-span";
import { judgeValue, keyStrength } from "./value-judge";
import type { RawMatch } from "./types";

// From the "<"; the closing tag must repeat the name. The text may be several
// words: credential stores wrap the value with labels or braces
// (`<secret>{AQAAAB…}</secret>`, `<password>{label value}</password>`).
const ELEMENT = /<([A-Za-z_][\w.:-]{0,60})>\s{0,40}([^<>]{6,300}?)\s{0,40}<\/\1>/y;
const WORD = /[^\s{}]{6,300}/g;
// Longest namespace prefix looked through ("<ns:password>").
const MAX_PREFIX = 30;

/** The text of the element named `key`, when `key` is an opening tag's name. */
export function xmlElementAt(text: string, key: KeySpan): RawMatch | undefined {
  if (text.charAt(key.end) !== ">") return undefined;
  const open = text.charAt(key.start - 1) === "<" ? key.start - 1 : text.lastIndexOf("<", key.start);
  if (open === -1 || key.start - open > MAX_PREFIX) return undefined;
  ELEMENT.lastIndex = open;
  const m = ELEMENT.exec(text);
  if (m === null) return undefined;
  const name = m[1] ?? "";
  const body = m[2] ?? "";
  const strength = keyStrength(name.replace(/^.*:/, ""));
  const bodyStart = m.index + m[0].indexOf(body, name.length + 2);
  // The value is the word of the text that value-judge.ts rates highest (the last on a tie).
  let best: RawMatch | undefined;
  for (const w of body.matchAll(WORD)) {
    const confidence = judgeValue(w[0], strength, true);
    if (confidence === undefined || (best?.confidence === "high" && confidence === "medium")) continue;
    best = { start: bodyStart + w.index, end: bodyStart + w.index + w[0].length, confidence };
  }
  return best;
}
