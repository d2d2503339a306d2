// The SARIF report validates against the official SARIF 2.1.0 JSON schema, as
// shipped by Microsoft's SARIF SDK in the npm package
// @microsoft/sarif-multitool-linux (sarif-2.1.0.json). The schema is not vendored,
// and the package (Linux-only, ~100 MB) is not one of Warden's dependencies: it is
// pinned in test/tools and installed there by scripts/test.sh, and loaded from there
// by path. With it missing this test fails and names the fix; SARIF_SCHEMA may point
// at a copy of the schema instead.
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { test } from "node:test";
import Ajv from "ajv";
import { TokenFactory } from "../../daemon/src/secrets/detect/token-fixtures";
import { runScan, scanTree } from "./scan-helpers";

const f = new TokenFactory(909);
const PACKAGE = "@microsoft/sarif-multitool-linux";
const SCHEMA_PACKAGE = `${PACKAGE}/sarif-2.1.0.json`;
/** test/tools, found from this file's compiled location dist/test/src. */
const TOOLS = path.resolve(__dirname, "..", "..", "..", "test", "tools");
const FIX = "run `bash scripts/test.sh` (it runs `npm ci --prefix test/tools`)";

/** The schema file: SARIF_SCHEMA, else the SDK's copy in test/tools/node_modules; throws naming the fix. */
function schemaFile(): string {
  const fromEnv = process.env["SARIF_SCHEMA"];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  try {
    return createRequire(path.join(TOOLS, "package.json")).resolve(SCHEMA_PACKAGE);
  } catch (err) {
    throw new Error(`The SARIF 2.1.0 schema (${SCHEMA_PACKAGE}) is not installed in test/tools/node_modules. Fix: ${FIX}, or set SARIF_SCHEMA=path/to/sarif-schema-2.1.0.json (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
}

interface Validation {
  ok: boolean;
  errors: unknown;
}

/** ajv 6: already in node_modules (through eslint), and draft-07 is what the schema uses. */
function compile(schema: object): (data: unknown) => Validation {
  const validate = new Ajv({ allErrors: true, schemaId: "auto", format: "full" }).compile(schema);
  return (data) => ({ ok: validate(data) === true, errors: validate.errors });
}

test("warden scan --format sarif validates against the SARIF 2.1.0 schema", async () => {
  const file = schemaFile();
  const schema: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  assert.ok(typeof schema === "object" && schema !== null);
  // The SDK's copy declares draft 2020-12 but uses only draft-07 keywords, which ajv 6 checks.
  const validate = compile(Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")));
  const github = f.checksummed("ghp_");
  const password = f.chars(20);
  const apiKey = f.chars(32);
  const root = scanTree({
    ".gitignore": ".wh/\n",
    "src/a.ts": `const t = "${github}";\n`,
    "config/.env": `DB_PASSWORD=${password}\nAPI_KEY=${apiKey}\n`,
    "data.bin": "\u0000binary",
  });
  const r = await runScan(root, ["--format", "sarif"]);
  assert.equal(r.code, 1, r.stderr);
  const result = validate(JSON.parse(r.stdout));
  assert.ok(result.ok, `SARIF does not validate: ${JSON.stringify(result.errors, null, 1)}`);
  // And it carries what code scanning needs (results with regions, rules by index,
  // skipped files as notifications), never a value.
  assert.match(r.stdout, /"uri": "src\/a.ts"/);
  assert.match(r.stdout, /"startLine": 1/);
  assert.match(r.stdout, /Not scanned: binary/);
  for (const value of [github, password, apiKey]) assert.ok(!r.stdout.includes(value));
  // The validator does reject what is not SARIF 2.1.0.
  assert.ok(!validate({ version: "2.0.0", runs: [] }).ok);
  assert.ok(!validate({ version: "2.1.0", runs: [{ results: [] }] }).ok, "a run without a tool");
});
