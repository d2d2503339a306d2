// Credentials passed on the wire in configs, scripts and logs:
// `Authorization: Bearer …` / `Basic …` / `Token …` headers and `curl -u user:pass`.
import { charClasses, shannonEntropy } from "./entropy";
import { isPlaceholder } from "./not-secret";
import type { RawMatch, Rule } from "./types";

const HEADER = /(?:authorization|x-api-key|api-key|x-auth-token|private-token|x-access-token)["']?\s{0,3}[:=]\s{0,3}["']?(?:[A-Za-z][A-Za-z-]{1,19}\s{1,3})?([A-Za-z0-9._~+/=:-]{12,2000})/gi;
// Starts with the literal "-" (fast scan); the blank before the flag is checked in code.
// The user part may be empty ("-u :password") and either part quoted on its own.
const CURL_USER = /-(?:u|-user)[ \t=]{0,3}["']?((?:[^\s:"'$-][^\s:"']{0,63})?)["']?:["']?([^\s"'@]{3,128})["']?/g;

const PLACEHOLDER_PASSWORD = /^(?:pass(?:word)?|passwd|secret|token|api[_-]?key|key|pwd|\*+|x+)$/i;

export const authHeaderRule: Rule = {
  id: "auth-header",
  kind: "curl-credentials",
  keywords: ["authorization", "api-key", "auth-token", "private-token", "access-token", "-u", "--user"],
  find(text: string, lower: string): RawMatch[] {
    const out: RawMatch[] = [];
    for (const m of text.matchAll(HEADER)) {
      const value = m[1] ?? "";
      if (isPlaceholder(value) || shannonEntropy(value) < 3.0 || charClasses(value) < 2) continue;
      const start = m.index + m[0].length - value.length;
      out.push({ start, end: start + value.length, confidence: value.length >= 20 ? "high" : "medium" });
    }
    if (!lower.includes("-u") && !lower.includes("--user")) return out;
    for (const m of text.matchAll(CURL_USER)) {
      if (m.index > 0 && !/\s/.test(text.charAt(m.index - 1))) continue;
      const password = m[2] ?? "";
      // "-u user:user", "-u <user:password>", "-u name:[PASSWORD]", "-u username:token" are docs.
      if (isPlaceholder(password) || password === m[1] || /[<>[\]]/.test(m[0]) || PLACEHOLDER_PASSWORD.test(password)) continue;
      if (new Set(password).size < 3) continue;
      const start = m.index + m[0].lastIndexOf(password);
      out.push({ start, end: start + password.length, confidence: "medium" });
    }
    return out;
  },
};
