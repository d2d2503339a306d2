// Values assigned to credential-like keys across file formats, and the values
// that must not be reported: placeholders, references, hashes, UUIDs, integrity.
import assert from "node:assert/strict";
import { test } from "node:test";
import { detectSecrets } from "./detect-secrets";
import { TokenFactory } from "./token-fixtures";

const f = new TokenFactory(99);

function values(text: string, fileName?: string): string[] {
  return detectSecrets(text, fileName === undefined ? {} : { fileName }).map((x) => text.slice(x.start, x.end));
}

test("credential-like keys in code, .env, JSON, YAML, TOML, .npmrc", () => {
  const v = f.chars(32);
  for (const text of [
    `const apiKey = "${v}";`,
    `API_KEY=${v}`,
    `{"client_secret": "${v}"}`,
    `auth:\n  token: ${v}\n`,
    `[db]\npassword = "${v}"`,
    `//registry.npmjs.org/:_authToken=${v}`,
    `export SECRET_KEY='${v}'`,
    `token := "${v}"`,
    `"password" => "${v}",`,
  ]) {
    assert.deepEqual(values(text), [v], text);
  }
});

test("short real-looking passwords are reported as medium", () => {
  const [finding] = detectSecrets(`DB_PASSWORD="Tr0ub4dor&3"`);
  assert.equal(finding?.rule, "generic-credential");
  assert.equal(finding?.confidence, "medium");
});

test("placeholders and examples are not secrets", () => {
  for (const text of [
    'password = "xxxxxxxxxxxx"',
    "API_KEY=<token>",
    "token: ${GITHUB_TOKEN}",
    'api_key = "your-api-key"',
    "SECRET=changeme",
    'password: "example-password-1"',
    'client_secret = "dummy_secret_value"',
    "password = os.environ['DB_PASSWORD']",
    "token = process.env.TOKEN",
    "password = getPassword()",
    "secret: {{ .Values.secret }}",
    'API_KEY="********"',
  ]) {
    assert.deepEqual(values(text), [], text);
  }
});

test("hashes, UUIDs and digests without a credential key are not secrets", () => {
  assert.deepEqual(values(`commit = "${f.hex(40)}"`), []);
  assert.deepEqual(values(`checksum: ${f.hex(64)}`), []);
  assert.deepEqual(values(`md5 = "${f.hex(32)}"`), []);
  assert.deepEqual(values('request_id = "3f2b8c1e-9a4d-4e2f-b6c7-1d2e3f4a5b6c"'), []);
  assert.deepEqual(values('"integrity": "sha512-' + f.chars(86) + '=="'), []);
});

test("metadata about credentials is not a credential", () => {
  assert.deepEqual(values(`token_url = "https://auth.service.io/oauth/token"`), []);
  assert.deepEqual(values(`public_key = "${f.chars(44)}"`), []);
  assert.deepEqual(values(`password_length = 16`), []);
  assert.deepEqual(values(`SECRET_NAME = "prod-db-password"`), []);
  assert.deepEqual(values(`max_tokens = 4096`), []);
});

test("values under names without credential wording are not reported", () => {
  assert.deepEqual(values(`acme_client = "${f.chars(40)}"`), []);
  assert.deepEqual(values('title = "Getting Started With The Project"'), []);
  assert.deepEqual(values('version = "1.2.3-beta.4+build.567"'), []);
});

test("lockfiles are skipped by file name", () => {
  const text = `"resolved": "https://registry.npmjs.org/x/-/x-1.0.0.tgz",\n"integrity": "sha512-${f.chars(86)}=="`;
  assert.deepEqual(values(text, "package-lock.json"), []);
  assert.deepEqual(values(text, "sub/dir/yarn.lock"), []);
});
