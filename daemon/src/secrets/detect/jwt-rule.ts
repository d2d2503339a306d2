// JSON Web Tokens: three base64url parts, where the header decodes to a JSON
// object carrying "alg" (RFC 7519 / RFC 7515). Checking the header keeps random
// "eyJ…" strings and base64 JSON blobs that are not tokens out.
import { createHmac } from "node:crypto";
import { isWordChar } from "./regex-rule";
import type { RawMatch, Rule } from "./types";

// The signing keys jwt.io's debugger fills in (and its docs use): a token that
// verifies with one of them is a copied documentation example, not a credential.
const EXAMPLE_KEYS = ["your-256-bit-secret", "your-384-bit-secret", "your-512-bit-secret", "a-string-secret-at-least-256-bits-long"];
const HMAC: Readonly<Record<string, string>> = { hs256: "sha256", hs384: "sha384", hs512: "sha512" };

// Tried at each "eyJ" (base64 of '{"'); the token must not continue a longer word.
const JWT = /eyJ[A-Za-z0-9_-]{10,1000}\.eyJ[A-Za-z0-9_-]{2,8000}\.[A-Za-z0-9_-]{0,1000}(?![A-Za-z0-9_-])/y;

export const jwtRule: Rule = {
  id: "jwt",
  kind: "jwt",
  keywords: ["eyJ"],
  find(text: string, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    let done = 0;
    for (const hit of hits) {
      if (hit < done || isWordChar(text.charCodeAt(hit - 1)) || text.charCodeAt(hit - 1) === 45) continue;
      JWT.lastIndex = hit;
      const m = JWT.exec(text);
      if (m === null) continue;
      done = hit + m[0].length;
      const [header = "", , signature = ""] = m[0].split(".");
      const alg = headerAlg(header);
      if (alg === undefined || signedWithExampleKey(m[0], alg)) continue;
      // An unsigned token ("alg":"none", empty signature) still carries claims.
      const confidence = signature.length >= 16 && alg !== "none" ? "high" : "medium";
      out.push({ start: m.index, end: m.index + m[0].length, confidence });
    }
    return out;
  },
};

function headerAlg(part: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || !("alg" in parsed)) return undefined;
    return typeof parsed.alg === "string" ? parsed.alg.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

function signedWithExampleKey(token: string, alg: string): boolean {
  const hash = HMAC[alg];
  const dot = token.lastIndexOf(".");
  if (hash === undefined || dot === -1) return false;
  const signed = token.slice(0, dot);
  const signature = token.slice(dot + 1);
  return EXAMPLE_KEYS.some((key) => createHmac(hash, key).update(signed).digest("base64url") === signature);
}
