// CRC32 + base62 checksums that GitHub and npm embed in their tokens: the last six
// characters are the CRC32 of the preceding part, base62-encoded and left-padded
// with "0". A token that passes is almost certainly real (not a hand-typed example),
// so it is reported with high confidence; one that fails is still reported, as
// medium, because a truncated copy or a test fixture is still worth a look.

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const CRC_TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC32 (IEEE) of an ASCII string. */
export function crc32(ascii: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < ascii.length; i++) {
    crc = (CRC_TABLE[(crc ^ ascii.charCodeAt(i)) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function base62(value: number, width: number): string {
  let out = "";
  let rest = value;
  while (rest > 0) {
    out = BASE62.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, "0");
}

/** True when the last 6 characters of `token` are the base62 CRC32 of `payload`. */
export function hasCrcSuffix(token: string, payload: string): boolean {
  return token.slice(-6) === base62(crc32(payload), 6);
}

/** Checksum of a classic GitHub token (ghp_/gho_/ghu_/ghs_/ghr_ + 30 random + 6 checksum). */
// The checksum covers the 30 random characters only, not the "ghp_" prefix (checked
// against published revoked tokens in the shared corpus).
export function githubChecksumOk(token: string): boolean {
  return hasCrcSuffix(token, token.slice(4, -6));
}

/** Checksum of an npm token (npm_ + 30 random + 6 checksum). */
export function npmChecksumOk(token: string): boolean {
  return hasCrcSuffix(token, token.slice(4, -6));
}
