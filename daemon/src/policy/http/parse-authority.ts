// The authority ("host[:port]") of an http(s) URL, parsed strictly by hand: this is the part a host rule is
// matched against, so every spelling that different parsers could read differently is refused.

import type { AddressClass, HostKind } from "./http-target";
import { classifyIpv4, classifyIpv6 } from "./classify-ip";
import { classifyDnsName, dnsNameProblem } from "./dns-name";
import { endsInNumber, formatIpv4, parseIpv4Host } from "./ipv4";
import { formatIpv6, parseIpv6 } from "./ipv6";

export type Authority =
  | { ok: true; host: string; hostKind: HostKind; port: number | undefined; addressClass: AddressClass }
  | { ok: false; reason: string };

type Host = { ok: true; host: string; hostKind: HostKind; addressClass: AddressClass } | { ok: false; reason: string };

/** Parses the authority text between "//" and the first "/", "?" or "#". */
export function parseAuthority(authority: string): Authority {
  if (authority === "") return { ok: false, reason: "the URL has no host" };
  // Userinfo is how "https://good.com@evil.com" and "https://evil@good" fool a reader or a naive parser;
  // credentials belong to Warden's secret injection, never to the URL.
  if (authority.includes("@")) {
    return { ok: false, reason: `credentials (user@ / user:pass@) in a URL are not allowed: '${authority}'; Warden injects secrets itself` };
  }
  let hostText: string;
  let portText: string | undefined;
  if (authority.startsWith("[")) {
    const close = authority.indexOf("]");
    if (close < 0) return { ok: false, reason: `unclosed '[' in host '${authority}'` };
    hostText = authority.slice(0, close + 1);
    const rest = authority.slice(close + 1);
    if (rest !== "" && !rest.startsWith(":")) return { ok: false, reason: `unexpected '${rest}' after IPv6 address in '${authority}'` };
    portText = rest === "" ? undefined : rest.slice(1);
  } else {
    const parts = authority.split(":");
    // "host:80:443" means different things to different parsers; a bare IPv6 address must be bracketed.
    if (parts.length > 2) return { ok: false, reason: `host '${authority}' has more than one ':'; write IPv6 addresses in brackets` };
    hostText = parts[0] ?? "";
    portText = parts[1];
  }
  let port: number | undefined;
  if (portText !== undefined) {
    // Leading zeros, signs and over-long ports are read differently (or wrapped modulo 65536) by some clients.
    if (!/^[1-9][0-9]{0,4}$/.test(portText) || Number(portText) > 65535) {
      return { ok: false, reason: `port '${portText}' must be a number from 1 to 65535 without leading zeros` };
    }
    port = Number(portText);
  }
  const host = hostText.startsWith("[") ? parseBracketedHost(hostText) : parseBareHost(hostText);
  return host.ok ? { ...host, port } : host;
}

function parseBracketedHost(text: string): Host {
  const inner = text.slice(1, -1);
  // A zone id names a local interface: it only makes sense for link-local targets and parsers disagree on it.
  if (inner.includes("%")) return { ok: false, reason: `IPv6 zone ids are not allowed: '${text}'` };
  const groups = parseIpv6(inner);
  if (groups === undefined) return { ok: false, reason: `'${text}' is not a valid IPv6 address` };
  return { ok: true, host: formatIpv6(groups), hostKind: "ipv6", addressClass: classifyIpv6(groups) };
}

function parseBareHost(text: string): Host {
  if (text === "") return { ok: false, reason: "the URL has no host" };
  // Percent-escapes in a host ("%2e", "%00", "%31%32%37.0.0.1") are decoded by some parsers and not others.
  if (text.includes("%")) return { ok: false, reason: `percent-encoded characters are not allowed in the host '${text}'` };
  const bad = /[^A-Za-z0-9.-]/.exec(text);
  if (bad) return { ok: false, reason: `host '${text}' contains '${bad[0]}'; only letters, digits, '-' and '.' are allowed` };
  const lower = text.toLowerCase();
  // One trailing dot is the DNS root ("localhost." is localhost); drop it so rules see one spelling.
  const name = lower.endsWith(".") ? lower.slice(0, -1) : lower;
  if (name === "" || name.endsWith(".")) return { ok: false, reason: `host '${text}' has an empty label` };
  if (endsInNumber(name)) {
    // WHATWG reads any host whose last label is numeric as IPv4, in decimal, octal or hex parts ("0x7f.1").
    const value = parseIpv4Host(name);
    if (value === undefined) return { ok: false, reason: `host '${text}' looks like an IPv4 address but is not a valid one` };
    return { ok: true, host: formatIpv4(value), hostKind: "ipv4", addressClass: classifyIpv4(value) };
  }
  const problem = dnsNameProblem(name);
  if (problem !== undefined) return { ok: false, reason: problem };
  return { ok: true, host: name, hostKind: "dns", addressClass: classifyDnsName(name) };
}
