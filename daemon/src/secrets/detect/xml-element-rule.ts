// Credentials as XML element text: `<password>…</password>`, `<apiToken>…</apiToken>`
// (Maven settings.xml, Jenkins credentials, .NET configs, SOAP bodies). The element
// name plays the role of the key; value-judge.ts decides on the value.
import { judgeValue, keyStrength } from "./value-judge";
import type { RawMatch, Rule } from "./types";

// Starts with the literal "<"; the closing tag must repeat the name.
const ELEMENT = /<([A-Za-z_][\w.:-]{0,60})>\s{0,40}([^<>\s]{6,300})\s{0,40}<\/\1>/g;

export const xmlElementRule: Rule = {
  id: "xml-credential",
  kind: "generic-credential",
  keywords: ["</"],
  find(text: string): RawMatch[] {
    const out: RawMatch[] = [];
    for (const m of text.matchAll(ELEMENT)) {
      const name = m[1] ?? "";
      const value = m[2] ?? "";
      const confidence = judgeValue(value, keyStrength(name.replace(/^.*:/, "")), true);
      if (confidence === undefined) continue;
      const start = m.index + m[0].indexOf(value, name.length + 2);
      out.push({ start, end: start + value.length, confidence });
    }
    return out;
  },
};
