// The generic rules, driven by where credential words occur: for each name
// around one (key-span.ts), the value it is given as an assignment, an XML
// element's text or a command-line flag's argument. One rule object, so each
// name is found once however many rules look at it.
import { assignmentAt } from "./assignment-rule";
import { flagAt, loginPasswordAfter } from "./cli-flag-rule";
import { CREDENTIAL_WORDS, keyAround } from "./key-span";
import { isWordChar } from "./regex-rule";
import type { RawMatch, Rule } from "./types";
import { xmlElementAt } from "./xml-element-rule";

const LOGIN = "login";

export const keyedRule: Rule = {
  id: "generic-credential",
  kind: "generic-credential",
  keywords: [...CREDENTIAL_WORDS, LOGIN],
  find(text: string, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    let lastKey = -1;
    let reported = 0;
    for (const hit of hits) {
      // A credential word inside a value just reported is part of that value.
      if (hit < reported) continue;
      if (text.charCodeAt(hit) === 108 || text.charCodeAt(hit) === 76) {
        // "login" (no credential word starts with "l"): `docker login … -p VALUE`.
        if (isLoginWord(text, hit)) push(out, loginPasswordAfter(text, hit), "cli-flag-credential");
        continue;
      }
      const key = keyAround(text, hit, wordLength(text, hit));
      // Several credential words in one name ("SECRET_TOKEN") name it once.
      if (key === undefined || key.start === lastKey) continue;
      lastKey = key.start;
      const found = push(out, assignmentAt(text, key), "generic-credential") || push(out, xmlElementAt(text, key), "xml-credential");
      if (!found) push(out, flagAt(text, key), "cli-flag-credential");
      reported = Math.max(reported, out[out.length - 1]?.end ?? 0);
    }
    return out;
  },
};

function push(out: RawMatch[], match: RawMatch | undefined, ruleId: string): boolean {
  if (match === undefined) return false;
  match.ruleId = ruleId;
  out.push(match);
  return true;
}

function isLoginWord(text: string, at: number): boolean {
  return !isWordChar(text.charCodeAt(at - 1)) && !isWordChar(text.charCodeAt(at + LOGIN.length));
}

/** Length of the credential word at `at` (the longest that matches there, in any case). */
function wordLength(text: string, at: number): number {
  // Only "pass", "pwd" and "psw" share a first letter; test the longest first.
  const first = text.charCodeAt(at) | 32;
  for (const w of CREDENTIAL_WORDS) {
    if (w.charCodeAt(0) !== first) continue;
    let j = 1;
    while (j < w.length && (text.charCodeAt(at + j) | 32) === w.charCodeAt(j)) j++;
    if (j === w.length) return w.length;
  }
  return 1;
}
