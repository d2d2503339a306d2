// DNS host names: syntax (strict LDH labels) and the few names whose meaning is known without resolving them.
// Everything else is "dns": where it points is only known at connect time, which is why the executor must
// re-check the resolved address with classifyIp (DNS rebinding, and public names such as localtest.me that
// resolve to 127.0.0.1, cannot be decided from the URL).

import type { AddressClass } from "./http-target";
import { classifyIpv4 } from "./classify-ip";

const MAX_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

/** Returns why a lower-case name without trailing dot is not a strict DNS host name, or undefined when it is. */
export function dnsNameProblem(name: string): string | undefined {
  if (name.length > MAX_NAME_LENGTH) return `host name is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}`;
  for (const label of name.split(".")) {
    if (label === "") return `host '${name}' has an empty label`;
    if (label.length > MAX_LABEL_LENGTH) return `host label '${label}' is longer than ${MAX_LABEL_LENGTH} characters`;
    // Underscores and other characters are refused: different resolvers and URL parsers treat them differently.
    if (!/^[a-z0-9-]+$/.test(label)) return `host label '${label}' may contain only letters, digits and '-'`;
    if (label.startsWith("-") || label.endsWith("-")) return `host label '${label}' may not start or end with '-'`;
  }
  return undefined;
}

// Names that are loopback by definition (RFC 6761) or by every distribution's /etc/hosts.
const LOOPBACK_NAMES = new Set(["localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"]);

// Cloud metadata services reached by name: they hand out the instance's credentials.
const METADATA_NAMES = new Set(["metadata", "metadata.google.internal", "instance-data", "instance-data.ec2.internal"]);

// Suffixes used only inside private networks (RFC 6762 .local, RFC 8375 home.arpa, ICANN's .internal,
// and common never-delegated ones): such a name can only resolve to something on the agent's own network.
const PRIVATE_SUFFIXES = ["internal", "local", "localdomain", "home.arpa", "lan", "intranet", "corp", "home"];

/** Classifies a valid, lower-case DNS name without trailing dot. */
export function classifyDnsName(name: string): AddressClass {
  if (LOOPBACK_NAMES.has(name) || name.endsWith(".localhost")) return "loopback";
  if (METADATA_NAMES.has(name)) return "metadata";
  const embedded = embeddedIpv4Class(name);
  if (embedded !== undefined) return embedded;
  // A single-label name is completed from the resolver's search domains or /etc/hosts: always local.
  if (!name.includes(".")) return "private";
  if (PRIVATE_SUFFIXES.some((suffix) => name.endsWith(`.${suffix}`))) return "private";
  return "dns";
}

// Four decimal numbers joined by "." or "-", not inside a longer number.
const SPELLED_IPV4 = /(?<![0-9])(?=((?:[0-9]{1,3}[.-]){3}[0-9]{1,3})(?![0-9]))/g;

/**
 * Wildcard DNS services (nip.io, sslip.io, xip.io, 1u.ms rebinders) resolve names that spell an address, such
 * as 127.0.0.1.nip.io or app-10-0-0-1.sslip.io, to that address. Judging such names by the address they spell
 * is best effort only (hex spellings and private resolvers exist); the connect-time check is the real defence.
 */
function embeddedIpv4Class(name: string): AddressClass | undefined {
  for (const match of name.matchAll(SPELLED_IPV4)) {
    // Leading zeros are read as decimal here ("010" as 10), as these services do.
    const bytes = (match[1] ?? "").split(/[.-]/).map(Number);
    if (bytes.some((b) => b > 255)) continue;
    const cls = classifyIpv4(bytes.reduce((acc, b) => acc * 256 + b, 0));
    if (cls !== "public") return cls;
  }
  return undefined;
}
