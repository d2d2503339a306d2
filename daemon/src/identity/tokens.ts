import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Agent tokens look like `wdn_<id>_<secret>`: the id finds the row, the secret is
 * checked against its stored SHA-256. The value is shown once and never stored,
 * so a copy of the database cannot be turned into working tokens.
 */
const TOKEN_PATTERN = /^wdn_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewToken {
  id: string;
  value: string;
  secretHash: string;
}

export function mintToken(): NewToken {
  const id = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { id, value: `wdn_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseToken(value: string): { id: string; secret: string } | null {
  const match = TOKEN_PATTERN.exec(value);
  return match === null ? null : { id: match[1] ?? "", secret: match[2] ?? "" };
}

export function looksLikeAgentToken(value: string): boolean {
  return value.startsWith("wdn_");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Constant-time: timing must not tell how much of a guessed secret was right. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
