// JSON Web Tokens: three base64url parts, where the header decodes to a JSON
// object carrying "alg" (RFC 7519 / RFC 7515). Checking the header keeps random
// "eyJ…" strings and base64 JSON blobs that are not tokens out.
import type { RawMatch, Rule } from "./types";

const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,1000}\.eyJ[A-Za-z0-9_-]{2,8000}\.[A-Za-z0-9_-]{0,1000}(?![A-Za-z0-9_-])/g;

export const jwtRule: Rule = {
  id: "jwt",
  kind: "jwt",
  keywords: ["eyj"],
  find(text: string): RawMatch[] {
    const out: RawMatch[] = [];
    const re = new RegExp(JWT.source, "g");
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const [header = "", , signature = ""] = m[0].split(".");
      const alg = headerAlg(header);
      if (alg === undefined) continue;
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
