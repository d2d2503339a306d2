// parseHttpTarget: the strict reading of an http.request URL that host rules are matched against.
// Two parsers must agree: our own (written for strictness) and Node's WHATWG URL (what fetch will use).
// Anything ambiguous, or anything they read differently, is refused with a reason: the policy fails closed.
//
// What this cannot decide: where a DNS name resolves. A name can point at 127.0.0.1 or change its answer
// between check and connect (DNS rebinding), so the executor must classify the address it actually connects
// to with classifyIp, and must fetch `url` (never the raw input) without following redirects unchecked.

import type { HttpTarget, HttpTargetOk } from "./http-target";
import { normalisePath, normaliseQuery } from "./normalise-path";
import { parseAuthority } from "./parse-authority";

export const MAX_URL_LENGTH = 8192;

const DEFAULT_PORTS: Readonly<Record<"http" | "https", number>> = { http: 80, https: 443 };

function fail(reason: string): HttpTarget {
  return { ok: false, reason };
}

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Index of the first NUL, control character or ASCII space, or -1. */
function firstControl(input: string): number {
  for (let i = 0; i < input.length; i += 1) {
    const code = input.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return i;
  }
  return -1;
}

/** Returns why the raw text holds a character no URL may carry raw, or undefined. */
function characterProblem(input: string): string | undefined {
  // NUL, controls and whitespace truncate or split the URL differently in each parser (C clients stop at NUL,
  // WHATWG silently deletes tabs and newlines, "http://evil.com\r\nHost: x" smuggles headers), so refuse them.
  const control = firstControl(input);
  if (control >= 0) return `control or whitespace character ${codePoint(input.charAt(control))} at offset ${control}`;
  // WHATWG reads "\" as "/" in http(s) URLs, others do not: "https://good.com\@evil.com" reaches different hosts.
  const backslash = input.indexOf("\\");
  if (backslash >= 0) return `backslash at offset ${backslash}; URLs use '/'`;
  // Raw Unicode hosts get IDNA-mapped ("①②⑦.⓪.⓪.⓪" becomes 127.0.0.0) and admit look-alike domains.
  const nonAscii = /[^\x21-\x7e]/u.exec(input);
  if (nonAscii) {
    const hostEnd = /^[^/?#]*:\/\/[^/?#]*/.exec(input);
    const inHost = hostEnd !== null && nonAscii.index < hostEnd[0].length;
    return inHost
      ? `non-ASCII character ${codePoint(nonAscii[0])} in the host; use the punycode form (xn--...)`
      : `non-ASCII character ${codePoint(nonAscii[0])} at offset ${nonAscii.index}; percent-encode it as UTF-8`;
  }
  return undefined;
}

export function parseHttpTarget(input: string): HttpTarget {
  if (input.length === 0) return fail("the URL is empty");
  if (input.length > MAX_URL_LENGTH) return fail(`the URL is ${input.length} characters long; the limit is ${MAX_URL_LENGTH}`);
  const badChar = characterProblem(input);
  // JSON-quoted so a reason that echoes "\r\n" cannot forge lines in the audit log.
  if (badChar !== undefined) return fail(`${badChar} in ${JSON.stringify(input.slice(0, 200))}`);

  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(input);
  if (!schemeMatch) return fail(`'${input.slice(0, 200)}' has no scheme; write http:// or https://`);
  const scheme = (schemeMatch[1] ?? "").toLowerCase();
  // file:, gopher:, dict:, jar:, ldap:... reach local files or speak raw protocols to internal services.
  if (scheme !== "http" && scheme !== "https") return fail(`scheme '${scheme}:' is not allowed; only http and https`);
  const afterScheme = input.slice(schemeMatch[0].length);
  // "http:127.0.0.1" and "http:///host" are repaired differently by different parsers.
  if (!afterScheme.startsWith("//") || afterScheme.startsWith("///")) {
    return fail(`'${scheme}:' must be followed by '//' and a host`);
  }
  const rest = afterScheme.slice(2);
  const authorityEnd = rest.search(/[/?#]/);
  const authorityText = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const authority = parseAuthority(authorityText);
  if (!authority.ok) return authority;

  // The fragment is never sent to the server, so it is dropped rather than judged.
  const beforeFragment = (authorityEnd < 0 ? "" : rest.slice(authorityEnd)).split("#")[0] ?? "";
  const queryStart = beforeFragment.indexOf("?");
  const path = normalisePath(queryStart < 0 ? beforeFragment : beforeFragment.slice(0, queryStart));
  if (!path.ok) return fail(path.reason);
  const query = normaliseQuery(queryStart < 0 ? "" : beforeFragment.slice(queryStart + 1));
  if (!query.ok) return fail(query.reason);

  const port = authority.port ?? DEFAULT_PORTS[scheme];
  const hostText = authority.hostKind === "ipv6" ? `[${authority.host}]` : authority.host;
  const target: HttpTargetOk = {
    ok: true,
    url: `${scheme}://${hostText}:${port}${path.text}${query.text === "" ? "" : `?${query.text}`}`,
    scheme,
    host: authority.host,
    hostKind: authority.hostKind,
    port,
    path: path.text,
    query: query.text,
    addressClass: authority.addressClass,
  };
  const disagreement = whatwgDisagreement(input, target);
  return disagreement === undefined ? target : fail(disagreement);
}

/**
 * Cross-checks our reading against Node's WHATWG URL, both on the input (what a client given the raw text
 * would reach) and on our normalised url (what the executor will fetch). A differential between parsers is
 * exactly what SSRF filter bypasses exploit, so any disagreement is a refusal.
 */
function whatwgDisagreement(input: string, target: HttpTargetOk): string | undefined {
  const raw = parseWhatwg(input);
  if (raw === undefined) return `Node's URL parser rejects '${input.slice(0, 200)}'`;
  const rawProblem = authorityDisagreement(raw, target);
  if (rawProblem !== undefined) return rawProblem;
  const normalised = parseWhatwg(target.url);
  if (normalised === undefined) return `Node's URL parser rejects the normalised URL '${target.url}'`;
  if (normalised.pathname !== target.path) {
    return `URL parsers disagree about the path: Node reads '${normalised.pathname}', Warden reads '${target.path}'`;
  }
  return authorityDisagreement(normalised, target);
}

function parseWhatwg(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function authorityDisagreement(parsed: URL, target: HttpTargetOk): string | undefined {
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  const port = parsed.port === "" ? DEFAULT_PORTS[target.scheme] : Number(parsed.port);
  const same = parsed.protocol === `${target.scheme}:` && host === target.host && port === target.port;
  if (same && parsed.username === "" && parsed.password === "") return undefined;
  return `URL parsers disagree: Node reads host '${parsed.hostname}' port ${port}, Warden reads '${target.host}' port ${target.port}`;
}
