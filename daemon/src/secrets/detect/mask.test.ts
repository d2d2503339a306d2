import assert from "node:assert/strict";
import { test } from "node:test";
import { detectSecrets } from "./detect-secrets";
import { maskValue } from "./mask";
import { TokenFactory } from "./token-fixtures";

test("mask shows at most 4 leading characters and the count of the rest", () => {
  assert.equal(maskValue("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), "ghp_…(36 more)");
  assert.equal(maskValue("hunter22"), "hu…(6 more)");
  assert.equal(maskValue("abc"), "…(3 more)");
});

test("no finding's preview reveals more than 4 characters of its value", () => {
  const f = new TokenFactory(7);
  const text = [
    `password = "${f.chars(10)}"`,
    `aws_secret_access_key = ${f.chars(40)}`,
    `xoxb-${f.chars(11, "0123456789")}-${f.chars(12, "0123456789")}-${f.chars(24)}`,
  ].join("\n");
  const findings = detectSecrets(text);
  assert.equal(findings.length, 3);
  for (const finding of findings) {
    const value = text.slice(finding.start, finding.end);
    const shown = finding.preview.split("…")[0] ?? "";
    assert.ok(shown.length <= 4, finding.preview);
    assert.ok(value.startsWith(shown));
    assert.ok(!finding.preview.includes(value));
  }
});

test("line and column are 1-based and correct on multi-line input", () => {
  const f = new TokenFactory(9);
  const key = `AKIA${f.chars(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`;
  const token = f.checksummed("ghp_");
  const text = `first line\n\n  aws = ${key}\r\nnothing\n\t${token}`;
  const findings = detectSecrets(text);
  assert.deepEqual(
    findings.map((x) => [x.rule, x.line, x.column]),
    [
      ["aws-access-key-id", 3, 9],
      ["github-token", 5, 2],
    ],
  );
  assert.equal(text.slice(findings[0]?.start, findings[0]?.end), key);
});
