// IPv4 text forms. WHATWG URL (and inet_aton before it) accepts decimal, octal and hex parts and 1–4 part
// short forms, so "0x7f.1", "2130706433" and "0177.0.0.1" all mean 127.0.0.1. We parse those forms ourselves,
// independently of Node's URL, so a host rule is always checked against the address a client would connect to.

const MAX_IPV4 = 0xffffffff;

/** Parses one part of a WHATWG/inet_aton IPv4 host; undefined when it is not a well-formed number. */
function parseNumericPart(part: string): number | undefined {
  let digits: string;
  let radix: number;
  if (/^0x/i.test(part)) {
    digits = part.slice(2);
    radix = 16;
    // WHATWG reads a bare "0x" as 0; we refuse it: nobody writes that by accident.
    if (!/^[0-9a-f]+$/i.test(digits)) return undefined;
  } else if (/^0[0-7]+$/.test(part)) {
    digits = part.slice(1);
    radix = 8;
  } else if (/^(0|[1-9][0-9]*)$/.test(part)) {
    // A leading zero followed by 8 or 9 ("09") is neither octal nor decimal: WHATWG fails it, so do we.
    digits = part;
    radix = 10;
  } else {
    return undefined;
  }
  // Leading zeros are legal ("0x00007f"), so bound the significant digits before converting, to stay exact.
  const significant = digits.replace(/^0+(?=.)/, "");
  if (significant.length > 11) return undefined;
  const value = parseInt(significant, radix);
  return Number.isSafeInteger(value) && value <= MAX_IPV4 ? value : undefined;
}

/**
 * Parses a host that WHATWG URL would treat as IPv4 (its last label is a number) into a 32-bit value.
 * The caller strips one trailing dot first. Returns undefined for anything malformed.
 */
export function parseIpv4Host(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    const n = parseNumericPart(part);
    if (n === undefined) return undefined;
    numbers.push(n);
  }
  const last = numbers.pop();
  if (last === undefined) return undefined;
  // The last part fills all the bytes the earlier parts did not: "127.1" is 127.0.0.1, "10.1" is 10.0.0.1.
  if (last >= 256 ** (4 - numbers.length)) return undefined;
  let value = 0;
  for (const [i, n] of numbers.entries()) {
    if (n > 255) return undefined;
    value += n * 256 ** (3 - i);
  }
  return value + last;
}

/** True when WHATWG URL would parse this host (trailing dot already stripped) as IPv4: its last label is numeric. */
export function endsInNumber(host: string): boolean {
  const last = host.slice(host.lastIndexOf(".") + 1);
  return /^[0-9]+$/.test(last) || /^0x[0-9a-f]*$/i.test(last);
}

/** Parses strict dotted-quad decimal ("10.0.0.1"), the only form resolvers return and IPv6 may embed. */
export function parseDottedQuad(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join(".");
}
