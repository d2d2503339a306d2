// Address classes for IP addresses. Used twice: on IP literals in a URL (by parseHttpTarget), and by the
// executor on every address a DNS name resolves to, at connect time. The second use is what stops DNS
// rebinding: a URL's name says nothing about where it will resolve, so no URL parser can decide that.

import type { IpAddressClass } from "./http-target";
import { parseDottedQuad } from "./ipv4";
import { hasPrefix, lowIpv4, parseIpv6, type Ipv6Groups } from "./ipv6";

type Ipv4Range = readonly [base: string, bits: number, cls: IpAddressClass];

// Most specific first; the first match wins. Anything unlisted is public.
const IPV4_RANGES: readonly Ipv4Range[] = [
  // Cloud metadata endpoints: credential theft from the instance role is the classic SSRF payoff.
  ["169.254.169.254", 32, "metadata"], // AWS, GCP, Azure, DigitalOcean, OpenStack, Hetzner
  ["169.254.170.2", 32, "metadata"], // AWS ECS task credentials
  ["100.100.100.200", 32, "metadata"], // Alibaba Cloud
  ["192.0.0.192", 32, "metadata"], // Oracle Cloud (classic)
  ["0.0.0.0", 8, "unspecified"], // "this network": 0.0.0.0 reaches local services on Linux and macOS
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "private"], // carrier-grade NAT, often the cloud's internal network
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"], // IETF protocol assignments
  ["192.0.2.0", 24, "reserved"], // TEST-NET-1
  ["192.31.196.0", 24, "reserved"], // AS112
  ["192.52.193.0", 24, "reserved"], // AMT
  ["192.88.99.0", 24, "reserved"], // deprecated 6to4 relay anycast
  ["192.168.0.0", 16, "private"],
  ["192.175.48.0", 24, "reserved"], // AS112 direct delegation
  ["198.18.0.0", 15, "reserved"], // benchmarking
  ["198.51.100.0", 24, "reserved"], // TEST-NET-2
  ["203.0.113.0", 24, "reserved"], // TEST-NET-3
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"], // includes 255.255.255.255 (limited broadcast)
];

const IPV4_TABLE = IPV4_RANGES.map(([base, bits, cls]) => {
  const value = parseDottedQuad(base);
  if (value === undefined) throw new Error(`classify-ip: bad range base ${base}`);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { value, mask, cls };
});

export function classifyIpv4(value: number): IpAddressClass {
  for (const range of IPV4_TABLE) {
    if (((value & range.mask) >>> 0) === range.value) return range.cls;
  }
  return "public";
}

type Ipv6Range = readonly [prefix: readonly number[], bits: number, cls: IpAddressClass];

// Ranges whose class is their own (no embedded IPv4). Most specific first.
const IPV6_RANGES: readonly Ipv6Range[] = [
  [[0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x254], 128, "metadata"], // AWS IMDS over IPv6
  [[0x64, 0xff9b, 0x1], 48, "private"], // local-use NAT64 (RFC 8215): translates into the operator's network
  [[0x100], 64, "reserved"], // discard-only
  // 2001::/23 is IETF protocol assignments: Teredo 2001::/32 (tunnels to an obfuscated IPv4 we cannot vet),
  // ORCHID, benchmarking. None is a place an agent needs to fetch from.
  [[0x2001], 23, "reserved"],
  [[0x2001, 0x0db8], 32, "reserved"], // documentation
  [[0x3fff], 20, "reserved"], // documentation (RFC 9637)
  [[0xfc00], 7, "private"], // unique local
  [[0xfe80], 10, "link-local"],
  [[0xfec0], 10, "private"], // deprecated site-local, still routed inside some networks
  [[0xff00], 8, "multicast"],
];

export function classifyIpv6(groups: Ipv6Groups): IpAddressClass {
  const embedded = embeddedIpv4(groups);
  if (embedded !== undefined) return classifyIpv4(embedded);
  if (groups.every((g) => g === 0)) return "unspecified";
  if (hasPrefix(groups, [0, 0, 0, 0, 0, 0, 0, 1], 128)) return "loopback";
  for (const [prefix, bits, cls] of IPV6_RANGES) {
    if (hasPrefix(groups, prefix, bits)) return cls;
  }
  // Only 2000::/3 is allocated as global unicast; everything else is unassigned or special, so it needs a rule.
  return hasPrefix(groups, [0x2000], 3) ? "public" : "reserved";
}

/**
 * The IPv4 address an IPv6 address stands for, when it is a transition form that a stack or gateway turns
 * into IPv4 traffic: ::ffff:127.0.0.1 reaches 127.0.0.1, so it must be judged as 127.0.0.1.
 */
export function embeddedIpv4(groups: Ipv6Groups): number | undefined {
  const zeros = (from: number, to: number): boolean => groups.slice(from, to).every((g) => g === 0);
  // IPv4-mapped ::ffff:a.b.c.d
  if (zeros(0, 5) && groups[5] === 0xffff) return lowIpv4(groups);
  // SIIT IPv4-translated ::ffff:0:a.b.c.d
  if (zeros(0, 4) && groups[4] === 0xffff && groups[5] === 0) return lowIpv4(groups);
  // Deprecated IPv4-compatible ::a.b.c.d (but :: and ::1 are themselves)
  if (zeros(0, 6) && (groups[6] !== 0 || (groups[7] ?? 0) > 1)) return lowIpv4(groups);
  // Well-known NAT64 prefix 64:ff9b::/96
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return lowIpv4(groups);
  // 6to4 2002:AABB:CCDD::/48 carries the IPv4 address in bits 16–47.
  if (groups[0] === 0x2002) return (((groups[1] ?? 0) * 0x10000 + (groups[2] ?? 0)) >>> 0);
  return undefined;
}

/**
 * Classifies an address as a resolver returns it: dotted-quad IPv4 or IPv6 text (brackets and a zone id
 * are tolerated; zone ids only occur on link-local addresses). The executor must call this on the address
 * it actually connects to, after DNS resolution, because a public-looking name can resolve to 127.0.0.1.
 * Text that is not an address yields "reserved", so a caller that forgets to check still refuses it.
 */
export function classifyIp(ip: string): IpAddressClass {
  const v4 = parseDottedQuad(ip);
  if (v4 !== undefined) return classifyIpv4(v4);
  const bare = ip.replace(/^\[(.*)\]$/, "$1").replace(/%[^%]*$/, "");
  const v6 = parseIpv6(bare);
  return v6 === undefined ? "reserved" : classifyIpv6(v6);
}
