// URLs and connection strings with an embedded password:
// scheme://user:password@host (postgres, mysql, mongodb(+srv), redis, amqp, ftp,
// http(s), ...). The password is what is reported. "user:@host", "user@host" and
// template/placeholder passwords are not secrets.
import { isPlaceholder } from "./not-secret";
import type { RawMatch, Rule } from "./types";

// Scheme, then userinfo with a bounded user part and bounded password part.
// Starts at the literal "://" so V8 skips ahead with a fast scan; the scheme is
// checked separately (SCHEME, read backwards).
const URL_CREDS = /:\/\/([^\s:@/'"`<>]{0,128}):([^\s@/'"`<>]{1,256})@[A-Za-z0-9.[\]_-]{1,253}/g;
const SCHEME = /[a-z][a-z0-9+.-]{1,20}$/i;
// JDBC-style and ADO/ODBC-style "Password=...;" keys.
const KV_PASSWORD = /(?:^|[;?&\s"'])(?:password|pwd)=([^;&\s"'<>]{6,256})/gi;

// Common non-credential "password" parts: port numbers in host:port mistaken for userinfo.
const PORTISH = /^\d{1,5}$/;

export const credentialUrlRule: Rule = {
  id: "credential-url",
  kind: "url-or-db-credentials",
  keywords: ["://", "password=", "pwd="],
  find(text: string, lower: string): RawMatch[] {
    const out: RawMatch[] = [];
    if (lower.includes("://")) {
      const re = new RegExp(URL_CREDS.source, URL_CREDS.flags);
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (!SCHEME.test(text.slice(Math.max(0, m.index - 21), m.index))) continue;
        const password = m[2] ?? "";
        // "user:user@" and "mongodb:mongodb@" are default-credential examples.
        // Three characters or fewer ("user:abc@") is a doc sample, not a password in use.
        if (password.length < 4 || PORTISH.test(password) || isPlaceholder(password) || isPlaceholderUser(password) || password === m[1]) continue;
        const start = m.index + m[0].indexOf(`:${password}@`) + 1;
        out.push({ start, end: start + password.length, confidence: password.length >= 6 ? "high" : "medium" });
      }
    }
    if (lower.includes("password=") || lower.includes("pwd=")) {
      const re = new RegExp(KV_PASSWORD.source, KV_PASSWORD.flags);
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const password = m[1] ?? "";
        if (isPlaceholder(password) || isPlaceholderUser(password)) continue;
        const start = m.index + m[0].length - password.length;
        out.push({ start, end: start + password.length, confidence: "medium" });
      }
    }
    return out;
  },
};

// Doc stand-ins used in URLs: "pass", "password", "mypassword", "secret", "pwd", "****".
function isPlaceholderUser(value: string): boolean {
  return /^(?:(?:my|your)?(?:pass(?:word)?|secret|pwd)|p@ssw0rd|\*+|x+|\$[A-Za-z_{][\w}]*|%[A-Za-z_]+%?)$/i.test(value);
}
