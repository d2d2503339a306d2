import assert from "node:assert/strict";
import { test } from "node:test";
import { Backoff } from "./backoff";

test("backoff doubles to its cap, jitters down by at most 20 %, and resets", () => {
  const b = new Backoff({ initialMs: 500, maxMs: 30_000, random: () => 0 });
  assert.deepEqual(Array.from({ length: 9 }, () => b.next()), [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  b.reset();
  assert.equal(b.next(), 500);
  const jittered = new Backoff({ initialMs: 1000, maxMs: 1000, random: () => 0.999 });
  assert.ok(jittered.next() >= 800);
});
