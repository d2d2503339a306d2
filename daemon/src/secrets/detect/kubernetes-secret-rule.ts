// Kubernetes Secret manifests (kind: Secret): every entry under `data:` is a
// base64-encoded secret value and every entry under `stringData:` a plain one,
// whatever its key is called, so the key wording is not consulted here.
import { isPlaceholder } from "./not-secret";
import type { RawMatch, Rule } from "./types";

// Only the YAML document ("---"-separated) that declares the Secret holds its data.
const KIND_SECRET = /^\s*kind:\s*["']?Secret["']?\s*$/im;
const DOCUMENT_BREAK = /^---[ \t]*$/gm;
const SECTION = /^([ \t]*)(data|stringData):[ \t]*$/gm;
const ENTRY = /^([ \t]+)[A-Za-z0-9_.-]{1,253}:[ \t]*["']?([^\s"'#]{4,4096})["']?[ \t]*$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// A Secret holds at most a few dozen keys; stop looking after this many lines.
const MAX_LINES = 200;

export const kubernetesSecretRule: Rule = {
  id: "kubernetes-secret",
  kind: "kubernetes-secret",
  keywords: ["kind:"],
  find(text: string): RawMatch[] {
    if (!KIND_SECRET.test(text)) return [];
    const out: RawMatch[] = [];
    for (const [from, to] of documents(text)) {
      if (KIND_SECRET.test(text.slice(from, to))) out.push(...secretEntries(text, from, to));
    }
    return out;
  },
};

/** [start, end) offsets of the YAML documents in `text`, split at "---" lines. */
function documents(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = new RegExp(DOCUMENT_BREAK.source, "gm");
  let from = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push([from, m.index]);
    from = m.index + m[0].length;
  }
  out.push([from, text.length]);
  return out;
}

function secretEntries(text: string, from: number, to: number): RawMatch[] {
  const out: RawMatch[] = [];
  const section = new RegExp(SECTION.source, "gm");
  section.lastIndex = from;
  for (let s = section.exec(text); s !== null && s.index < to; s = section.exec(text)) {
    const parentIndent = width(s[1] ?? "");
    const plain = s[2] === "stringData";
    let at = s.index + s[0].length + 1;
    for (let n = 0; n < MAX_LINES && at < to; n++) {
      const eol = text.indexOf("\n", at);
      const lineEnd = eol === -1 || eol > to ? to : eol;
      const line = text.slice(at, lineEnd);
      const lineStart = at;
      at = lineEnd + 1;
      if (line.trim() === "") continue;
      const e = ENTRY.exec(line);
      if (e === null || width(e[1] ?? "") <= parentIndent) break;
      const value = e[2] ?? "";
      if (isPlaceholder(value) || (!plain && !BASE64.test(value))) continue;
      // A base64 value that decodes to a word of one to three characters ("bar\n") is a flag or sample.
      if (!plain && Buffer.from(value, "base64").toString("latin1").trim().length < 4) continue;
      const start = lineStart + line.lastIndexOf(value);
      out.push({ start, end: start + value.length, confidence: plain ? "medium" : "high" });
    }
  }
  return out;
}

function width(indent: string): number {
  return indent.replace(/\t/g, "  ").length;
}
