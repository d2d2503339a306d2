// PEM / OpenSSH / PGP private key blocks. Public keys and certificates use other
// labels ("PUBLIC KEY", "CERTIFICATE") and never match. A block whose body is a
// placeholder ("...", "xxx", "<key>") or too short to hold key material is dropped.
import type { RawMatch, Rule } from "./types";

// The label alone (e.g. "RSA PRIVATE KEY", "PGP PRIVATE KEY BLOCK") is bounded.
const BEGIN = /-----BEGIN[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----/g;
const END = /-----END[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----/y;
// Longest body we look through for the END line (an RSA-16384 key is ~12 KiB).
const MAX_BODY = 16_384;
// How much of a block with no END line (a truncated paste) is examined.
const UNTERMINATED_BODY = 2000;
// Shortest plausible body: an Ed25519 OpenSSH key is ~400 base64 chars; 40 leaves
// room for keys quoted as escaped one-liners in JSON.
const MIN_BODY_CHARS = 40;

export const privateKeyRule: Rule = {
  id: "private-key",
  kind: "private-key",
  keywords: ["private key"],
  find(text: string, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    const begin = new RegExp(BEGIN.source, "g");
    const end = new RegExp(END.source, "y");
    // The label ends in "PRIVATE KEY"; its BEGIN line starts at most 40 characters before.
    begin.lastIndex = Math.max(0, (hits[0] ?? 0) - 40);
    for (let m = begin.exec(text); m !== null; m = begin.exec(text)) {
      const bodyStart = m.index + m[0].length;
      // A body holds no "-----", so the next one is its END line or the start of
      // something else (an unterminated block). Looking only that far keeps a file
      // of unterminated BEGIN lines linear.
      const boundary = text.indexOf("-----", bodyStart);
      const limit = Math.min(text.length, bodyStart + MAX_BODY);
      const bodyEnd = boundary === -1 || boundary > limit ? Math.min(limit, bodyStart + UNTERMINATED_BODY) : boundary;
      end.lastIndex = bodyEnd;
      const e = bodyEnd === boundary ? end.exec(text) : null;
      if (!hasKeyMaterial(text.slice(bodyStart, bodyEnd))) continue;
      const blockEnd = e !== null ? bodyEnd + e[0].length : bodyEnd;
      out.push({ start: m.index, end: blockEnd, confidence: e !== null ? "high" : "medium" });
      begin.lastIndex = blockEnd;
    }
    return out;
  },
};

function hasKeyMaterial(body: string): boolean {
  // Drop headers such as "Proc-Type:" lines and JSON "\n" escapes before counting.
  const stripped = body.replace(/\\n|\\r/g, "\n").replace(/^[A-Za-z-]{1,30}:.*$/gm, "");
  const b64 = stripped.replace(/[^A-Za-z0-9+/=]/g, "");
  if (b64.length < MIN_BODY_CHARS) return false;
  if (/x{6,}|X{6,}|\.{4,}|\*{4,}|<[^>]{0,40}>/.test(stripped)) return false;
  // Real key bodies are base64 with a high distinct-character count.
  return new Set(b64).size >= 20;
}
