// Per-provider positives and negatives, written from each provider's documented
// token format (prefix, alphabet, length), with values generated at run time.
import assert from "node:assert/strict";
import { test } from "node:test";
import { detectSecrets } from "./detect-secrets";
import { TokenFactory } from "./token-fixtures";

const f = new TokenFactory(42);
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const DIGITS = "0123456789";
const URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

function rules(text: string): string[] {
  return detectSecrets(text).map((x) => x.rule);
}

const positives: Array<[string, string]> = [
  ["github-token", `ghs_${f.chars(36)}`],
  ["github-token", `ghr_${f.chars(36)}`],
  ["github-fine-grained-pat", `github_pat_${f.chars(22)}_${f.chars(59)}`],
  ["aws-access-key-id", `AKIA${f.chars(16, B32)}`],
  ["aws-access-key-id", `ASIA${f.chars(16, B32)}`],
  ["slack-token", `xoxb-${f.chars(12, DIGITS)}-${f.chars(13, DIGITS)}-${f.chars(24)}`],
  ["slack-token", `xoxp-${f.chars(12, DIGITS)}-${f.chars(12, DIGITS)}-${f.chars(13, DIGITS)}-${f.hex(32)}`],
  ["slack-webhook", `https://hooks.slack.com/services/T${f.chars(10, B32)}/B${f.chars(10, B32)}/${f.chars(24)}`],
  ["stripe-key", `sk_live_${f.chars(24)}`],
  ["stripe-key", `rk_live_${f.chars(24)}`],
  ["google-api-key", `AIza${f.chars(35, URLSAFE)}`],
  ["openai-api-key", `sk-proj-${f.chars(74)}T3BlbkFJ${f.chars(74)}`],
  ["anthropic-api-key", `sk-ant-api03-${f.chars(93, URLSAFE)}AA`],
  ["gitlab-token", `glpat-${f.chars(20)}`],
  ["twilio-api-key", `SK${f.hex(32)}`],
  ["sendgrid-api-key", `SG.${f.chars(22, URLSAFE)}.${f.chars(43, URLSAFE)}`],
  ["shopify-token", `shpat_${f.hex(32)}`],
  ["azure-storage-key", `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${f.chars(86)}==;EndpointSuffix=core.windows.net`],
  ["huggingface-token", `hf_${f.chars(34, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")}`],
  ["hashicorp-vault-token", `hvs.${f.chars(90, URLSAFE)}`],
  ["telegram-bot-token", `${f.chars(10, DIGITS)}:AA${f.chars(33, URLSAFE)}`],
  ["mailchimp-api-key", `${f.hex(32)}-us14`],
  ["dev-platform-token", `tskey-auth-${f.chars(12)}-${f.chars(32)}`],
  ["dev-platform-token", `dop_v1_${f.hex(64)}`],
];

for (const [rule, token] of positives) {
  test(`${rule}: documented format is found`, () => {
    assert.ok(rules(`value: ${token}\n`).includes(rule), `${rule} missed ${token.slice(0, 12)}`);
  });
}

test("docker-token: dckr_pat_ personal access token", () => {
  assert.deepEqual(rules(`DOCKER_PAT=dckr_pat_${f.chars(27, URLSAFE)}`), ["docker-token"]);
});

test("AWS documentation keys (…EXAMPLE) are not secrets", () => {
  assert.deepEqual(rules("aws_access_key_id = AKIAIOSFODNN7EXAMPLE"), []);
  assert.deepEqual(rules("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), []);
});

test("AWS secret key next to its access key id is found", () => {
  const found = rules(`[default]\naws_access_key_id = AKIA${f.chars(16, B32)}\naws_secret_access_key = ${f.chars(40)}\n`);
  assert.deepEqual(found, ["aws-access-key-id", "generic-credential"]);
});

test("formats one character short or with the wrong alphabet are not reported", () => {
  assert.deepEqual(rules(`ghp_${f.chars(35)}`), []);
  assert.deepEqual(rules(`AKIA${f.chars(16, "abcdefghijklmnop")}`), []);
  // 32-64 alphanumerics since Shopify's 2024 length change: 31 is one short.
  assert.deepEqual(rules(`shpat_${f.chars(31)}`), []);
  assert.deepEqual(rules(`sk_live_short`), []);
  assert.deepEqual(rules("AIzaTooShort"), []);
});

test("Stripe test-mode keys are medium; publishable keys are not reported", () => {
  assert.equal(detectSecrets(`sk_test_${f.chars(24)}`)[0]?.confidence, "medium");
  assert.deepEqual(rules(`pk_live_${f.chars(24)}`), []);
});

test("tokens embedded in longer words are not reported", () => {
  assert.deepEqual(rules(`xghp_${f.chars(36)}`), []);
  assert.deepEqual(rules(`ghp_${f.chars(40)}`), []);
});

test("GitLab token bodies follow the per-type lengths", () => {
  assert.deepEqual(rules(`glptt-${f.hex(40)}`), ["gitlab-token"]);
  assert.deepEqual(rules(`gloas-${f.chars(64, URLSAFE)}`), ["gitlab-token"]);
  assert.ok(!rules(`glptt-${f.chars(26)}`).includes("gitlab-token"));
  assert.ok(!rules(`glimt-${f.chars(20)}`).includes("gitlab-token"));
});

test("OpenAI keys with the T3BlbkFJ marker need 20+ random characters on each side", () => {
  assert.deepEqual(rules(`sk-admin-short${"T3BlbkFJ"}${f.chars(60)}`), []);
  assert.deepEqual(rules(`sk-proj-${f.chars(60)}${"T3BlbkFJ"}short`), []);
  assert.equal(detectSecrets(`sk-${f.chars(20)}T3BlbkFJ${f.chars(20)}`)[0]?.confidence, "high");
});

test("Azure SAS signature after other query parameters", () => {
  const sig = encodeURIComponent(Buffer.from(f.chars(32)).toString("base64"));
  const url = `https://acct.blob.core.windows.net/c?sv=2022-11-02&sr=c&sp=r&se=2030-01-01T00:00:00Z&sig=${sig}`;
  const [finding] = detectSecrets(url);
  assert.equal(finding?.rule, "azure-sas-token");
  assert.equal(finding?.confidence, "high");
});
