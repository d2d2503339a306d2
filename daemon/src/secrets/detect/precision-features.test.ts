// General precision features (fillers, identifier UUIDs, identifiers, host names,
// publishable keys) and the recall features of the generic rules (quoted values
// with blanks, " - " and table separators, multi-word XML credentials).
import assert from "node:assert/strict";
import { test } from "node:test";
import { detectSecrets } from "./detect-secrets";
import { isFiller, isIdentifierLike, isIdentifierUuid, isPublishable, isTypedFiller } from "./not-secret";
import { TokenFactory } from "./token-fixtures";

const f = new TokenFactory(31337);

function values(text: string): string[] {
  return detectSecrets(text).map((x) => text.slice(x.start, x.end));
}

test("typed fillers are recognised; generated keys are not", () => {
  for (const v of ["abcd1234abcd1234ABCD1234", "a1B2c3D4e5F6g7H8i9J0k1L2", "zyxwvutsrqponmlkji98765", "5Aep86AAAABBBBCCCCjcNq", "xbc123def456ghi789jkl012"]) {
    assert.ok(isTypedFiller(v), v);
  }
  // 1000 generated base62 and hex keys: none may look typed.
  for (let i = 0; i < 1000; i++) {
    assert.ok(!isFiller(f.chars(32)), "base62");
    assert.ok(!isFiller(f.hex(40)), "hex");
  }
});

test("fillers under credential names are reported, but only as medium", () => {
  const [finding] = detectSecrets('api_key = "abcd1234abcd1234abcd1234abcd1234"');
  assert.equal(finding?.confidence, "medium");
});

test("time- and name-based UUIDs are identifiers; random ones may be keys", () => {
  assert.ok(isIdentifierUuid("743b294a-cd03-11ec-9d64-0242ac120002"));
  assert.ok(!isIdentifierUuid("3f2b8c1e-9a4d-4e2f-b6c7-1d2e3f4a5b6c"));
  assert.deepEqual(values("//registry.npmjs.org/:_authToken=743b294a-cd03-11ec-9d64-0242ac120002"), []);
  assert.deepEqual(values('api_token = "3f2b8c1e-9a4d-4e2f-b6c7-1d2e3f4a5b6c"'), ["3f2b8c1e-9a4d-4e2f-b6c7-1d2e3f4a5b6c"]);
});

test("identifiers, host names and publishable keys are not secrets", () => {
  assert.ok(isIdentifierLike("clm78665:AgencyIdentificationCodeContentType"));
  assert.ok(isPublishable(`pk_live_${f.chars(24)}`));
  assert.deepEqual(values('telegram_api_token = "clm78665:AgencyIdentificationCodeContentType"'), []);
  assert.deepEqual(values("secret = '4f2a9c.invoiceocean.com'"), []);
  assert.deepEqual(values(`token = 'live_pub_${f.hex(31)}'`), []);
});

test("random letters are not mistaken for a name", () => {
  // Letters only, mixed case, few vowels: a key, not a slug.
  assert.deepEqual(values("proxycrawl token = 'wjXKCFzOWEPRqhTmmbWtVQ'"), ["wjXKCFzOWEPRqhTmmbWtVQ"]);
  assert.deepEqual(values("token = 'SecretManagerName'"), []);
});

test("hand-written separators and quotes: ' - ', Markdown tables, blanks inside quotes", () => {
  const v = f.chars(32);
  assert.deepEqual(values(`uploadcare token - '${v}'`), [v]);
  assert.deepEqual(values(`| apiKey | ${v} |`), [v]);
  assert.deepEqual(values(`pandascore token = ' ${v} '`), [v]);
  // A shell pipe is not a table.
  assert.deepEqual(values(`echo $password | base64`), []);
  // " - " only before a quote: list items and arithmetic are not assignments.
  assert.deepEqual(values(`token - ${v}`), []);
});

test("XML credential elements whose text carries labels or braces", () => {
  const v = f.chars(40);
  assert.deepEqual(values(`<secret>{buddyns AQAAABAAA ${v}}</secret>`), [v]);
  assert.deepEqual(values(`<password>{${v}}</password>`), [v]);
  assert.deepEqual(values(`<description>configuration for production</description>`), []);
});

test("provider prefixes outside a provider's format are not reported as generic", () => {
  // Cloudflare user tokens are 40 characters and an 8-hex checksum; a truncated one is neither.
  assert.deepEqual(values(`token := "cfut_${f.chars(21)}"`), []);
  assert.deepEqual(values(`client_secret: gloas-${f.hex(32)}`), []);
  const full = `cfut_${f.chars(40)}${f.hex(8)}`;
  assert.deepEqual(values(`token := "${full}"`), [full]);
});
