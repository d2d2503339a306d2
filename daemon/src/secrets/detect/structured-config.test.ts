// Credentials whose key is given by the surrounding structure: XML elements,
// name/value pairs, Kubernetes Secret data, typed declarations, call arguments.
import assert from "node:assert/strict";
import { test } from "node:test";
import { detectSecrets } from "./detect-secrets";
import { TokenFactory } from "./token-fixtures";

const f = new TokenFactory(123);

function values(text: string): string[] {
  return detectSecrets(text).map((x) => text.slice(x.start, x.end));
}

test("XML elements named like credentials", () => {
  const v = f.chars(24);
  assert.deepEqual(values(`<server><id>repo</id><password>${v}</password></server>`), [v]);
  assert.deepEqual(values(`<apiToken>\n  ${v}\n</apiToken>`), [v]);
  assert.deepEqual(values(`<publicKey>${v}</publicKey>`), []);
  assert.deepEqual(values(`<description>${v}</description>`), []);
});

test("name/value pairs: k8s env lists and NuGet <add key value>", () => {
  const v = f.chars(32);
  assert.deepEqual(values(`env:\n  - name: API_TOKEN\n    value: "${v}"\n`), [v]);
  assert.deepEqual(values(`<add key="ClearTextPassword" value="${v}" />`), [v]);
  assert.deepEqual(values(`env:\n  - name: LOG_LEVEL\n    value: "${v}"\n`), []);
});

test("Kubernetes Secret: every data entry, base64 only; other kinds ignored", () => {
  const b64 = Buffer.from(f.chars(18)).toString("base64");
  const manifest = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n  extra: ${b64}\n  odd: %%not-base64%%\nstringData:\n  conf: ${f.chars(12)}\n`;
  const found = detectSecrets(manifest);
  assert.deepEqual(
    found.map((x) => [x.rule, x.confidence]),
    [
      ["kubernetes-secret", "high"],
      ["kubernetes-secret", "medium"],
    ],
  );
  assert.equal(manifest.slice(found[0]?.start, found[0]?.end), b64);
  assert.deepEqual(values(manifest.replace("kind: Secret", "kind: ConfigMap")), []);
});

test("operators across languages, typed declarations and call arguments", () => {
  const v = f.chars(30);
  for (const text of [
    `API_TOKEN ::= "${v}"`,
    `API_TOKEN :::= "${v}"`,
    `$apiToken .= "${v}"`,
    `API_TOKEN ?= ${v}`,
    `var apiToken string = "${v}"`,
    `final String apiSecret = "${v}";`,
    `System.setProperty("API_TOKEN", "${v}")`,
    `creds = ${v}`,
  ]) {
    assert.deepEqual(values(text), [v], text);
  }
  // A comma after an unquoted name is a list, not a pair.
  assert.deepEqual(values(`call(token, "${v}")`), []);
});

test("command-line flags with a space before the value", () => {
  const v = f.chars(28);
  assert.deepEqual(values(`tool --api-key ${v} --verbose`), [v]);
  assert.deepEqual(values(`tool --password "${v}"`), [v]);
  assert.deepEqual(values(`tool --api-key=${v}`), [v]);
  assert.deepEqual(values(`tool --output ${v}`), []);
  assert.deepEqual(values(`tool --token $API_TOKEN`), []);
});

test("member chains are code, random values with dots are not", () => {
  assert.deepEqual(values("password = config.database.password"), []);
  const v = `${f.chars(14)}.${f.chars(15)}`;
  assert.deepEqual(values(`passwd = ${v}`), [v]);
});

test("registry login -p is a password; -p elsewhere is not", () => {
  const v = f.chars(32);
  assert.deepEqual(values(`docker login registry.example.io -u ci -p ${v}`), [v]);
  assert.deepEqual(values(`mkdir -p ${v}`), []);
});
