// URLs and connection strings with an embedded password:
// scheme://user:password@host (postgres, mysql, mongodb(+srv), redis, amqp, ftp,
// http(s), ...). The password is what is reported. "user:@host", "user@host" and
// template/placeholder passwords are not secrets.
import { isPlaceholder } from "./not-secret";
import type { RawMatch, Rule } from "./types";

// Scheme, then userinfo with a bounded user part and bounded password part.
// Starts at the literal "://" so V8 skips ahead with a fast scan; the scheme is
// checked separately (SCHEME, read backwards).
const URL_CREDS = /:\/\/([^\s:@/'"`<>]{0,128}):([^\s@/'"`<>]{1,256})@[A-Za-z0-9.[\]_-]{1,253}/y;
const SCHEME = /[a-z][a-z0-9+.-]{1,20}$/i;
// JDBC-style and ADO/ODBC-style "Password=...;" keys.
const KV_PASSWORD = /(?:password|pwd)=([^;&\s"'<>]{6,256})/iy;
const KV_BOUNDARY = /[;?&\s"']/;

// Common non-credential "password" parts: port numbers in host:port mistaken for userinfo.
const PORTISH = /^\d{1,5}$/;

export const credentialUrlRule: Rule = {
  id: "credential-url",
  kind: "url-or-db-credentials",
  keywords: ["://", "password=", "pwd="],
  find(text: string, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    for (const hit of hits) {
      const found = text.startsWith("://", hit) ? urlPassword(text, hit) : kvPassword(text, hit);
      if (found !== undefined) out.push(found);
    }
    return out;
  },
};

function urlPassword(text: string, at: number): RawMatch | undefined {
  if (!SCHEME.test(text.slice(Math.max(0, at - 21), at))) return undefined;
  URL_CREDS.lastIndex = at;
  const m = URL_CREDS.exec(text);
  if (m === null) return undefined;
  const password = m[2] ?? "";
  // "${secret:name}@", "{{user}}:{{pass}}@": a template, split at its own ":".
  if (/\$\{|\{\{|%\(/.test(m[1] ?? "")) return undefined;
  // "user:user@" and "mongodb:mongodb@" are default-credential examples.
  // Three characters or fewer ("user:abc@") is a doc sample, not a password in use.
  if (password.length < 4 || PORTISH.test(password) || isPlaceholder(password) || isPlaceholderUser(password) || password === m[1]) return undefined;
  const start = at + m[0].indexOf(`:${password}@`, 3) + 1;
  return { start, end: start + password.length, confidence: password.length >= 6 ? "high" : "medium" };
}

function kvPassword(text: string, at: number): RawMatch | undefined {
  if (at > 0 && !KV_BOUNDARY.test(text.charAt(at - 1))) return undefined;
  KV_PASSWORD.lastIndex = at;
  const m = KV_PASSWORD.exec(text);
  if (m === null) return undefined;
  const password = m[1] ?? "";
  if (isPlaceholder(password) || isPlaceholderUser(password)) return undefined;
  const start = at + m[0].length - password.length;
  return { start, end: start + password.length, confidence: "medium" };
}

// Doc stand-ins used in URLs: "pass", "password", "mypassword", "secret", "pwd", "****".
function isPlaceholderUser(value: string): boolean {
  return /^(?:(?:my|your)?(?:pass(?:word)?|secret|pwd)|p@ssw0rd|\*+|x+|\$[A-Za-z_{][\w}]*|%[A-Za-z_]+%?)$/i.test(value);
}
