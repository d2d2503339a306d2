// The SARIF report validates against the official SARIF 2.1.0 JSON schema, as
// shipped by Microsoft's SARIF SDK in the npm package
// @microsoft/sarif-multitool-linux (sarif-2.1.0.json). The schema is not vendored:
// with the package missing this test is skipped and says what to install;
// SARIF_SCHEMA may point at a copy of the schema instead.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import Ajv from "ajv";
import { TokenFactory } from "../../daemon/src/secrets/detect/token-fixtures";
import { runScan, scanTree } from "./scan-helpers";

const f = new TokenFactory(909);
const PACKAGE = "@microsoft/sarif-multitool-linux";
const SCHEMA_PACKAGE = `${PACKAGE}/sarif-2.1.0.json`;

function schemaFile(): string | undefined {
  const fromEnv = process.env["SARIF_SCHEMA"];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  try {
    return require.resolve(SCHEMA_PACKAGE);
  } catch {
    return undefined;
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

test("warden scan --format sarif validates against the SARIF 2.1.0 schema", async (t) => {
  const file = schemaFile();
  if (file === undefined) {
    t.skip(`SARIF 2.1.0 schema not installed: add the devDependency ${PACKAGE} (or set SARIF_SCHEMA=path/to/sarif-schema-2.1.0.json)`);
    return;
  }
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
