// Private keys, credential URLs, JWTs and auth headers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { detectSecrets } from "./detect-secrets";
import { TokenFactory } from "./token-fixtures";

const f = new TokenFactory(77);
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function rules(text: string): string[] {
  return detectSecrets(text).map((x) => x.rule);
}

function pem(label: string, lines = 12): string {
  const body = Array.from({ length: lines }, () => f.chars(64, B64)).join("\n");
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

for (const label of ["RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"]) {
  test(`private key: ${label} block is found, whole block reported`, () => {
    const text = `# key\n${pem(label)}`;
    const [finding] = detectSecrets(text);
    assert.equal(finding?.rule, "private-key");
    assert.equal(finding?.confidence, "high");
    assert.ok(text.slice(finding.start, finding.end).endsWith(`-----END ${label}-----`));
  });
}

test("private key as an escaped one-liner in JSON is found", () => {
  const body = Array.from({ length: 6 }, () => f.chars(64, B64)).join("\\n");
  const json = `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n${body}\\n-----END PRIVATE KEY-----\\n"}`;
  assert.ok(rules(json).includes("private-key"));
});

test("public keys, certificates and placeholder key blocks are not secrets", () => {
  assert.deepEqual(rules(pem("PUBLIC KEY")), []);
  assert.deepEqual(rules(pem("RSA PUBLIC KEY")), []);
  assert.deepEqual(rules(pem("CERTIFICATE")), []);
  assert.deepEqual(rules("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"), []);
  assert.deepEqual(rules("-----BEGIN PRIVATE KEY-----\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n-----END PRIVATE KEY-----"), []);
  assert.deepEqual(rules("-----BEGIN OPENSSH PRIVATE KEY-----\n<your key here>\n-----END OPENSSH PRIVATE KEY-----"), []);
});

test("connection strings with a password report the password", () => {
  const pw = f.chars(16);
  for (const url of [
    `postgres://app:${pw}@db.internal:5432/app`,
    `mongodb+srv://admin:${pw}@cluster0.abcde.mongodb.net/test`,
    `redis://:${pw}@cache:6379/0`,
    `amqp://guest:${pw}@rabbit:5672/`,
    `mysql://root:${pw}@localhost/db`,
    `https://deploy:${pw}@git.example.org/repo.git`,
  ]) {
    const findings = detectSecrets(`DATABASE_URL=${url}`);
    assert.equal(findings.length, 1, url);
    assert.equal(findings[0]?.rule, "credential-url");
    assert.equal(`DATABASE_URL=${url}`.slice(findings[0].start, findings[0].end), pw);
  }
});

test("URLs without a password or with placeholders are not secrets", () => {
  assert.deepEqual(rules("postgres://app@db:5432/app"), []);
  assert.deepEqual(rules("https://git.example.org:8443/repo"), []);
  assert.deepEqual(rules("postgres://user:${DB_PASSWORD}@db/app"), []);
  assert.deepEqual(rules("mysql://user:password@localhost/db"), []);
  assert.deepEqual(rules("redis://:changeme@cache:6379"), []);
  assert.deepEqual(rules("amqp://user:<password>@host/"), []);
});

test("JWT: header must decode to JSON with alg", () => {
  const enc = (o: object): string => Buffer.from(JSON.stringify(o)).toString("base64url");
  const jwt = `${enc({ alg: "HS256", typ: "JWT" })}.${enc({ sub: "1234567890", name: "A B", iat: 1516239022 })}.${f.chars(43)}`;
  assert.deepEqual(rules(`Authorization: Bearer ${jwt}`), ["jwt"]);
  const noAlg = `${enc({ typ: "JWT", foo: "bar" })}.${enc({ sub: "x" })}.${f.chars(43)}`;
  assert.ok(!rules(`x ${noAlg} y`).includes("jwt"));
  assert.equal(detectSecrets(`${enc({ alg: "none" })}.${enc({ sub: "abcdef" })}.`)[0]?.confidence, "medium");
});

test("Authorization headers and curl -u credentials", () => {
  assert.deepEqual(rules(`curl -H "Authorization: Bearer ${f.chars(40)}" https://api.service.io`), ["auth-header"]);
  assert.deepEqual(rules(`curl -u deploy:${f.chars(12)} https://ci.service.io`), ["auth-header"]);
  assert.deepEqual(rules("curl -u username:password https://x.io"), []);
  assert.deepEqual(rules("curl -u <user:password> https://x.io"), []);
  assert.deepEqual(rules('curl -H "Authorization: Bearer $TOKEN" https://x.io'), []);
});

test("templated and default-credential URLs are not secrets", () => {
  assert.deepEqual(rules("https://{USER}:{PASS}@host.example/path"), []);
  assert.deepEqual(rules("mongodb://mongodb:mongodb@localhost:27017"), []);
  assert.deepEqual(rules("Server=db;User Id=app;Password=abc;"), []);
});
