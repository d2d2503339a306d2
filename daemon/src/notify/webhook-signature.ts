import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signing, Warden's side and the receiver's. The signature is
 * HMAC-SHA256 over `<timestamp>.<body>` with the shared key, sent as
 * `Warden-Signature: v1=<hex>` beside `Warden-Timestamp: <unix seconds>`. The
 * timestamp is inside the MAC, so a receiver that rejects old timestamps and
 * remembers the `Warden-Delivery` ids it has seen within that window refuses
 * replays; a changed byte of the body fails the MAC.
 */
export const SIGNATURE_HEADER = "warden-signature";
export const TIMESTAMP_HEADER = "warden-timestamp";
export const DELIVERY_HEADER = "warden-delivery";

/** How far a receiver should accept a timestamp from its own clock, by default. */
export const DEFAULT_TOLERANCE_S = 300;

export function signBody(key: Buffer, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", key).update(`${timestamp}.${body}`).digest("hex")}`;
}

export type Verdict = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * What a receiver runs on each delivery (exported for receivers written in Node,
 * and used by Warden's tests). `body` must be the raw bytes as received, not
 * re-serialized JSON. Several `v1=` values (comma-separated) are accepted during a
 * key change.
 */
export function verifyWebhook(key: Buffer, headers: Record<string, string | string[] | undefined>, body: string, now: Date = new Date(), toleranceS = DEFAULT_TOLERANCE_S): Verdict {
  const header = (name: string): string | null => {
    const v = headers[name];
    return typeof v === "string" ? v : null;
  };
  const tsText = header(TIMESTAMP_HEADER);
  const sigText = header(SIGNATURE_HEADER);
  if (tsText === null || !/^\d{1,12}$/.test(tsText)) return { ok: false, reason: `missing or malformed ${TIMESTAMP_HEADER}` };
  if (sigText === null) return { ok: false, reason: `missing ${SIGNATURE_HEADER}` };
  const timestamp = Number(tsText);
  // Attack: a captured delivery sent again later.
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceS) return { ok: false, reason: `timestamp ${timestamp} is more than ${toleranceS} s from now (replayed or clock skew)` };
  const expected = Buffer.from(signBody(key, timestamp, body));
  const matches = sigText
    .split(",")
    .map((s) => Buffer.from(s.trim()))
    // Constant time: a byte-by-byte compare would let a forger find the MAC a byte at a time.
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
  return matches ? { ok: true, timestamp } : { ok: false, reason: "signature does not match the body (tampered, or a different key)" };
}
