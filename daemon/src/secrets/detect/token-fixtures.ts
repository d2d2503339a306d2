// Test fixtures: tokens built at run time from a seeded generator, so the test
// sources hold no literal credential a repository scanner or push protection
// would (rightly) flag, and every run sees the same strings.
import { base62, crc32 } from "./checksum";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export class TokenFactory {
  private state: number;

  constructor(seed = 0x5eed) {
    this.state = seed >>> 0;
  }

  /** `length` characters drawn from `alphabet` (xorshift32; not for real keys). */
  chars(length: number, alphabet = BASE62): string {
    let out = "";
    for (let i = 0; i < length; i++) {
      this.state ^= this.state << 13;
      this.state ^= this.state >>> 17;
      this.state ^= this.state << 5;
      this.state >>>= 0;
      out += alphabet.charAt(this.state % alphabet.length);
    }
    return out;
  }

  hex(length: number): string {
    return this.chars(length, "0123456789abcdef");
  }

  /** A classic GitHub / npm style token with a valid CRC32 checksum. */
  checksummed(prefix: string): string {
    const body = this.chars(30);
    return `${prefix}${body}${base62(crc32(body), 6)}`;
  }
}
