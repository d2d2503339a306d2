import assert from "node:assert/strict";
import { test } from "node:test";
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody, verifyWebhook } from "./webhook-signature";

const key = Buffer.from("k".repeat(32));
const body = JSON.stringify({ id: "ntf_1_ab", summary: "agent 'x' was denied file.write .vscode/settings.json" });
const now = new Date("2026-03-01T12:00:00Z");
const ts = Math.floor(now.getTime() / 1000);
const headers = (sig: string, t: number = ts) => ({ [TIMESTAMP_HEADER]: String(t), [SIGNATURE_HEADER]: sig, [DELIVERY_HEADER]: "ntf_1_ab" });

test("a body signed with the key verifies", () => {
  assert.deepEqual(verifyWebhook(key, headers(signBody(key, ts, body)), body, now), { ok: true, timestamp: ts });
});

test("attack: one changed byte of the body fails the signature", () => {
  const tampered = body.replace("denied", "allowed");
  const v = verifyWebhook(key, headers(signBody(key, ts, body)), tampered, now);
  assert.equal(v.ok, false);
  assert.match(v.ok ? "" : v.reason, /does not match/);
});

test("attack: a captured delivery replayed later is refused by its timestamp", () => {
  const old = ts - 301;
  const v = verifyWebhook(key, headers(signBody(key, old, body), old), body, now);
  assert.equal(v.ok, false);
  assert.match(v.ok ? "" : v.reason, /more than 300 s/);
});

test("attack: moving the timestamp forward without the key breaks the signature", () => {
  const sig = signBody(key, ts - 1000, body);
  assert.equal(verifyWebhook(key, headers(sig, ts), body, now).ok, false);
});

test("a different key, a missing header or a malformed one is refused", () => {
  const other = Buffer.from("o".repeat(32));
  assert.equal(verifyWebhook(other, headers(signBody(key, ts, body)), body, now).ok, false);
  assert.equal(verifyWebhook(key, { [TIMESTAMP_HEADER]: String(ts) }, body, now).ok, false);
  assert.equal(verifyWebhook(key, headers(signBody(key, ts, body), Number.NaN), body, now).ok, false);
  assert.equal(verifyWebhook(key, { ...headers(signBody(key, ts, body)), [TIMESTAMP_HEADER]: "12abc" }, body, now).ok, false);
  assert.equal(verifyWebhook(key, headers("v1=00"), body, now).ok, false);
});

test("during a key change either listed signature is accepted", () => {
  const old = Buffer.from("o".repeat(32));
  assert.equal(verifyWebhook(key, headers(`${signBody(old, ts, body)}, ${signBody(key, ts, body)}`), body, now).ok, true);
});
