import assert from "node:assert/strict";
import { test } from "node:test";
import { TokenFactory } from "../secrets/detect/token-fixtures";
import { maskSecrets } from "./mask-secrets";

const token = new TokenFactory(7).checksummed("ghp_");

test("a secret in a prompt is masked before it is recorded", () => {
  const r = maskSecrets(`please push with ${token} thanks`, 1000);
  assert.equal(r.findings, 1);
  assert.ok(!r.text.includes(token));
  assert.ok(!r.text.includes(token.slice(4, 20)), "no long fragment of the value survives");
  assert.match(r.text, /^please push with \[[a-z-]+ masked\] thanks$/);
});

test("attack: a secret straddling the cut is masked, not cut in half and kept", () => {
  const prefix = "x ".repeat(20);
  const text = `${prefix}${token} tail`;
  // The cut falls inside the token: the half before it must not be recorded.
  const r = maskSecrets(text, prefix.length + 10);
  assert.ok(!r.text.includes(token.slice(0, 10)), r.text);
  assert.match(r.text, /… \(cut\)$/);
});

test("text without secrets is kept as is, cut to the limit", () => {
  assert.deepEqual(maskSecrets("hello world", 100), { text: "hello world", findings: 0 });
  assert.equal(maskSecrets("a".repeat(50), 10).text, `${"a".repeat(10)}… (cut)`);
});
