// Credentials passed on the wire in configs, scripts and logs:
// `Authorization: Bearer …` / `Basic …` / `Token …` headers and `curl -u user:pass`.
import { charClasses, shannonEntropy } from "./entropy";
import { isPlaceholder } from "./not-secret";
import type { RawMatch, Rule } from "./types";

const HEADERS = ["authorization", "x-api-key", "api-key", "x-auth-token", "private-token", "x-access-token"];
const HEADER = /(?:authorization|x-api-key|api-key|x-auth-token|private-token|x-access-token)["']?\s{0,3}[:=]\s{0,3}["']?(?:[A-Za-z][A-Za-z-]{1,19}\s{1,3})?([A-Za-z0-9._~+/=:-]{12,2000})/iy;
// From the dash; the blank before the flag is checked in code. The user part may
// be empty ("-u :password") and either part quoted on its own.
const CURL_USER = /-(?:u|-user)[ \t=]{0,3}["']?((?:[^\s:"'$-][^\s:"']{0,63})?)["']?:["']?([^\s"'@]{3,128})["']?/y;
const USER_FLAGS = [" -u", "\t-u", " --user", "\t--user"];

const CODE_VALUE = /^[A-Za-z_$][A-Za-z_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;
// Unquoted in prose, a password can run into closing punctuation ("user:pass`.").
const TRAILING_PUNCTUATION = /[`.,;:)\]}]+$/;
const PLACEHOLDER_PASSWORD = /^(?:pass(?:word)?|passwd|secret|token|api[_-]?key|key|pwd|\*+|x+)$/i;

export const authHeaderRule: Rule = {
  id: "auth-header",
  kind: "curl-credentials",
  keywords: [...HEADERS, ...USER_FLAGS],
  find(text: string, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    let done = 0;
    for (const hit of hits) {
      if (hit < done) continue;
      const c = text.charCodeAt(hit);
      const found = c === 32 || c === 9 ? userFlag(text, hit + 1) : header(text, hit);
      if (found === undefined) continue;
      out.push(found);
      done = found.end;
    }
    return out;
  },
};

function header(text: string, at: number): RawMatch | undefined {
  HEADER.lastIndex = at;
  const m = HEADER.exec(text);
  if (m === null) return undefined;
  const value = m[1] ?? "";
  if (isPlaceholder(value) || shannonEntropy(value) < 3.0 || charClasses(value) < 2) return undefined;
  // Code, not a credential: `authorization: req.headers.authorization`, `authorizationHeader(token)`.
  if (CODE_VALUE.test(value) || text.charAt(at + m[0].length) === "(") return undefined;
  const start = at + m[0].length - value.length;
  return { start, end: start + value.length, confidence: value.length >= 20 ? "high" : "medium" };
}

function userFlag(text: string, at: number): RawMatch | undefined {
  CURL_USER.lastIndex = at;
  const m = CURL_USER.exec(text);
  if (m === null) return undefined;
  const password = (m[2] ?? "").replace(TRAILING_PUNCTUATION, "");
  // "-u user:user", "-u <user:password>", "-u name:[PASSWORD]", "-u username:token" are docs.
  if (isPlaceholder(password) || password === m[1] || /[<>[\]]/.test(m[0]) || PLACEHOLDER_PASSWORD.test(password)) return undefined;
  if (new Set(password).size < 3) return undefined;
  if (password.length < 3) return undefined;
  const start = at + m[0].lastIndexOf(password);
  return { start, end: start + password.length, confidence: "medium" };
}
