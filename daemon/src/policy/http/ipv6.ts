// IPv6 text forms, parsed by hand so the address we classify is the one we computed, not only Node's reading.

import { parseDottedQuad } from "./ipv4";

/** Eight 16-bit groups. */
export type Ipv6Groups = readonly number[];

/**
 * Parses IPv6 text without brackets: hex groups, at most one "::", optionally a dotted-quad tail.
 * Zone ids ("%eth0") are not accepted here; the caller refuses them with a clearer reason.
 */
export function parseIpv6(text: string): Ipv6Groups | undefined {
  if (!/^[0-9a-f:.]+$/i.test(text)) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = parseGroupList(halves[0] ?? "", halves.length === 1);
  const tail = halves.length === 2 ? parseGroupList(halves[1] ?? "", true) : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  // "::" stands for at least one zero group.
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** Parses "a:b:c" (possibly empty); a dotted quad is allowed only as the very last element of the address. */
function parseGroupList(text: string, mayEndInIpv4: boolean): number[] | undefined {
  if (text === "") return [];
  const pieces = text.split(":");
  const groups: number[] = [];
  for (const [i, piece] of pieces.entries()) {
    if (/^[0-9a-f]{1,4}$/i.test(piece)) {
      groups.push(parseInt(piece, 16));
      continue;
    }
    if (!mayEndInIpv4 || i !== pieces.length - 1) return undefined;
    const v4 = parseDottedQuad(piece);
    if (v4 === undefined) return undefined;
    groups.push(v4 >>> 16, v4 & 0xffff);
  }
  return groups;
}

/** RFC 5952 / WHATWG text: lower-case, no leading zeros, the first longest run of two or more zero groups as "::". */
export function formatIpv6(groups: Ipv6Groups): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let end = i;
    while (end < groups.length && groups[end] === 0) end += 1;
    if (end - i > bestLength) {
      bestStart = i;
      bestLength = end - i;
    }
    i = end;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

/** The IPv4 address held in the last 32 bits (mapped, compatible, NAT64 and SIIT forms). */
export function lowIpv4(groups: Ipv6Groups): number {
  return ((groups[6] ?? 0) * 0x10000 + (groups[7] ?? 0)) >>> 0;
}

/** True when the first `bits` bits of the address equal those of `prefix` (given as groups, zero-filled). */
export function hasPrefix(groups: Ipv6Groups, prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i += 1, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if (((groups[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}
