import assert from "node:assert/strict";
import { test } from "node:test";
import { base62, crc32, githubChecksumOk, npmChecksumOk } from "./checksum";
import { detectSecrets } from "./detect-secrets";
import { TokenFactory } from "./token-fixtures";

test("crc32 matches the IEEE reference value", () => {
  // The standard check value of CRC-32/ISO-HDLC.
  assert.equal(crc32("123456789"), 0xcbf43926);
  assert.equal(crc32(""), 0);
});

test("base62 pads to the requested width", () => {
  assert.equal(base62(0, 6), "000000");
  assert.equal(base62(61, 6), "00000z");
  assert.equal(base62(62, 6), "000010");
});

test("GitHub token with a valid checksum is high confidence", () => {
  const token = new TokenFactory(1).checksummed("ghp_");
  assert.ok(githubChecksumOk(token));
  const [finding] = detectSecrets(`GITHUB_TOKEN=${token}`);
  assert.equal(finding?.rule, "github-token");
  assert.equal(finding?.confidence, "high");
});

test("GitHub token with a wrong checksum is still reported, as medium", () => {
  const valid = new TokenFactory(2).checksummed("gho_");
  const broken = `${valid.slice(0, -1)}${valid.endsWith("A") ? "B" : "A"}`;
  assert.equal(githubChecksumOk(broken), false);
  const findings = detectSecrets(`token: ${broken}`);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.rule, "github-token");
  assert.equal(findings[0]?.confidence, "medium");
});

test("npm token checksum decides confidence", () => {
  const f = new TokenFactory(3);
  const valid = f.checksummed("npm_");
  assert.ok(npmChecksumOk(valid));
  assert.equal(detectSecrets(`//registry.npmjs.org/:_authToken=${valid}`)[0]?.confidence, "high");
  const broken = `npm_${f.chars(36)}`;
  assert.equal(detectSecrets(`x ${broken} y`)[0]?.confidence, "medium");
});
