import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { policyJsonSchema } from "./policy-file";
import { parsePolicyText } from "./load-policy";

const ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const DOC = path.join(ROOT, "docs", "policy.md");

/** Every property name anywhere in the schema, with the path that leads to it (the reference must name each). */
function propertyPaths(schema: unknown, at = ""): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const out: string[] = [];
  const entries: Array<[string, unknown]> = Object.entries(schema);
  for (const [key, value] of entries) {
    if (key === "properties" && typeof value === "object" && value !== null) {
      const properties: Array<[string, unknown]> = Object.entries(value);
      for (const [name, sub] of properties) {
        if (name === "$schema") continue;
        out.push(`${at}${name}`);
        out.push(...propertyPaths(sub, `${at}${name}.`));
      }
    } else if (key !== "properties") {
      out.push(...propertyPaths(value, at));
    }
  }
  return out;
}

test("docs/policy.md names every field of the policy format, so the reference cannot drift from the schema", () => {
  const doc = fs.readFileSync(DOC, "utf8");
  const missing = [...new Set(propertyPaths(policyJsonSchema()).map((p) => p.split(".").pop() ?? p))].filter((name) => !doc.includes(`\`${name}\``));
  assert.deepEqual(missing, [], `docs/policy.md does not mention: ${missing.join(", ")}`);
});

test("every complete policy example in docs/policy.md is a valid policy file", () => {
  const doc = fs.readFileSync(DOC, "utf8");
  const examples = [...doc.matchAll(/```jsonc?\n([\s\S]*?)```/g)].map((m) => m[1] ?? "").filter((text) => /"version"\s*:\s*1/.test(text));
  assert.ok(examples.length >= 3, "the reference shows at least three whole policies");
  for (const text of examples) {
    const parsed = parsePolicyText(text, "docs/policy.md example", "workspace");
    assert.ok(parsed.ok, parsed.ok ? "" : `${parsed.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("; ")}\n${text}`);
  }
});
