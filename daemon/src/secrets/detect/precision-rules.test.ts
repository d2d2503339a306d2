// Format rules added for recall (each from the provider's documented format) and
// the general precision checks of the generic rules: whole-word credential names,
// deferral to provider formats, encoded and versioned non-secrets.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { detectSecrets } from "./detect-secrets";
import { TokenFactory } from "./token-fixtures";

const f = new TokenFactory(2024);
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
const URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

function rules(text: string): string[] {
  return detectSecrets(text).map((x) => x.rule);
}

function values(text: string): string[] {
  return detectSecrets(text).map((x) => text.slice(x.start, x.end));
}

const positives: Array<[string, string]> = [
  ["dev-platform-token", `A3-${f.chars(6, UPPER)}-${f.chars(11, UPPER)}-${f.chars(5, UPPER)}-${f.chars(5, UPPER)}-${f.chars(5, UPPER)}`],
  ["dev-platform-token", `EZAK${f.chars(54)}`],
  ["dev-platform-token", `FLWSECK-${f.chars(32, LOWER)}-X`],
  ["telegram-bot-token", `${f.chars(7, "0123456789")}:A${f.chars(34, URLSAFE)}`],
  ["jenkins-secret", `<secret>{AQAAABAAAAAQ${f.chars(40)}=}</secret>`],
];

for (const [rule, token] of positives) {
  test(`${rule}: documented format is found (${token.slice(0, 6)}…)`, () => {
    assert.ok(rules(`value: ${token}\n`).includes(rule), `${rule} missed ${token.slice(0, 12)}`);
  });
}

test("Sidekiq gem-server credentials in Bundler config", () => {
  const v = `${f.hex(8)}:${f.hex(8)}`;
  assert.deepEqual(values(`export BUNDLE_ENTERPRISE__CONTRIBSYS__COM=${v}`), [v]);
});

test("Telegram: a token continuing past 35 characters is not a bot token", () => {
  assert.deepEqual(rules(`bot: ${f.chars(8, "0123456789")}:A${f.chars(34, URLSAFE)}-more\n`), []);
});

test("Docker config auth is reported only when it decodes to user:password", () => {
  const auth = Buffer.from(`deploy:${f.chars(20)}`).toString("base64");
  assert.deepEqual(values(`{"auths": {"registry.example.com": {"auth": "${auth}"}}}`), [auth]);
  const notCreds = Buffer.from(f.chars(24)).toString("base64");
  assert.ok(!rules(`{"auths": {"r": {"auth": "${notCreds}"}}}`).includes("docker-config-auth"));
});

test("a bare `key` name is not credential wording; `API key` is", () => {
  const v = f.chars(32);
  assert.deepEqual(values(`key = "${v}"`), []);
  assert.deepEqual(values(`[DEBUG] Using Key=${v}`), []);
  assert.deepEqual(values(`# API KEY = ${v}`), [v]);
  assert.deepEqual(values(`secret_key = "${v}"`), [v]);
});

test("values in a provider's format are left to the provider rule", () => {
  // One character short of a GitHub token: the GitHub rule rejects it, and the
  // generic rule must not report it instead.
  assert.deepEqual(values(`token = "ghp_${f.chars(35)}"`), []);
  assert.deepEqual(values(`telegram_token = "${f.chars(4, "0123456789")}:A${f.chars(34, URLSAFE)}"`), []);
});

test("versioned artifact names and base64-encoded prose are not credentials", () => {
  assert.deepEqual(values(`token = "jjwt-jackson-0.11.2"`), []);
  const prose = Buffer.from("dummy text data data data").toString("base64");
  assert.deepEqual(values(`ANY_KEY_SECRET = ${prose}`), []);
});

test("a value after an auth scheme word is the credential", () => {
  const v = f.chars(32);
  assert.deepEqual(values(`auth_token: "Bearer ${v}"`), [v]);
});

test("a comma-separated name must be a whole quoted string", () => {
  const text = `{"token_uri":"https://oauth2.example.com/token","auth_provider_x509_cert_url":"x"}`;
  assert.deepEqual(values(text), []);
});

test("JWTs signed with jwt.io's example key are documentation, others are found", () => {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString("base64url");
  const signed = `${part({ alg: "HS256", typ: "JWT" })}.${part({ sub: f.chars(10), iat: 1700000000 })}`;
  const sign = (key: string): string => `${signed}.${createHmac("sha256", key).update(signed).digest("base64url")}`;
  assert.deepEqual(rules(`data: ${sign("your-256-bit-secret")}`), []);
  assert.ok(rules(`jwt: ${sign(f.chars(32))}`).includes("jwt"));
});
