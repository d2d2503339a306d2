import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { policyJsonSchema } from "./policy-file";
import { STARTER_POLICY } from "./starter-policy";
import { parsePolicyText } from "./load-policy";

const ROOT = path.resolve(__dirname, "..", "..", "..", "..");

test("the committed JSON Schema matches the policy declaration (regenerate with: npm run build && node scripts/write-policy-schema.js)", () => {
  const committed: unknown = JSON.parse(fs.readFileSync(path.join(ROOT, "schema", "policy.schema.json"), "utf8"));
  assert.deepEqual(committed, policyJsonSchema());
});

test("the starter policy is valid and every rule has an id, a decision and a line", () => {
  const parsed = parsePolicyText(STARTER_POLICY, "starter", "workspace");
  assert.ok(parsed.ok, parsed.ok ? "" : JSON.stringify(parsed.problems));
  assert.ok(parsed.loaded.policy.rules.length >= 10);
  assert.equal(new Set(parsed.loaded.policy.rules.map((r) => r.id)).size, parsed.loaded.policy.rules.length);
  assert.ok(parsed.loaded.ruleLines.every((l) => l > 5));
});

test("schema errors name the field and point at the line and column that hold it", () => {
  const text = '{\n  "version": 1,\n  "rules": [\n    { "id": "ok", "action": "file.read", "decision": "allow" },\n    { "id": "bad", "action": "file.read", "decision": "maybe" }\n  ]\n}\n';
  const parsed = parsePolicyText(text, "p.json", "workspace");
  assert.ok(!parsed.ok);
  assert.equal(parsed.problems[0]?.line, 5);
  assert.equal(parsed.problems[0]?.column, 43);
  assert.match(parsed.problems[0]?.message ?? "", /^rules\.1\.decision: /);
  const dup = parsePolicyText('{ "version": 1, "rules": [\n { "id": "a", "action": "git.commit", "decision": "ask" },\n { "id": "a", "action": "git.push", "decision": "ask" } ] }', "p.json", "workspace");
  assert.ok(!dup.ok);
  assert.match(dup.problems[0]?.message ?? "", /used twice \(first at line 2\)/);
  assert.equal(dup.problems[0]?.line, 3);
});
