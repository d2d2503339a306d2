// Kubernetes Secret manifests (kind: Secret): every entry under `data:` is a
// base64-encoded secret value and every entry under `stringData:` a plain one,
// whatever its key is called, so the key wording is not consulted here.
import { isPlaceholder } from "./not-secret";
import type { RawMatch, Rule } from "./types";

const KIND_SECRET = /^\s*kind:\s*["']?Secret["']?\s*$/im;
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
    const section = new RegExp(SECTION.source, "gm");
    for (let s = section.exec(text); s !== null; s = section.exec(text)) {
      const parentIndent = width(s[1] ?? "");
      const plain = s[2] === "stringData";
      let at = s.index + s[0].length + 1;
      for (let n = 0; n < MAX_LINES && at < text.length; n++) {
        const eol = text.indexOf("\n", at);
        const lineEnd = eol === -1 ? text.length : eol;
        const line = text.slice(at, lineEnd);
        const lineStart = at;
        at = lineEnd + 1;
        if (line.trim() === "") continue;
        const e = ENTRY.exec(line);
        if (e === null || width(e[1] ?? "") <= parentIndent) break;
        const value = e[2] ?? "";
        if (isPlaceholder(value) || (!plain && !BASE64.test(value))) continue;
        const start = lineStart + line.lastIndexOf(value);
        out.push({ start, end: start + value.length, confidence: plain ? "medium" : "high" });
      }
    }
    return out;
  },
};

function width(indent: string): number {
  return indent.replace(/\t/g, "  ").length;
}
