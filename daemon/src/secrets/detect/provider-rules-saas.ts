// Token formats of SaaS, observability and AI providers, and webhook URLs that
// carry their own secret, each from the provider's published format (prefix,
// alphabet, length). Values with these prefixes are left to these rules by the
// generic one (provider-shape.ts), so a malformed one is not reported at all.
import { regexRule } from "./regex-rule";
import type { Rule } from "./types";

const E = "(?![A-Za-z0-9_-])";

// [id, kind, keyword, pattern, lookback]: one rule per keyword; the match starts
// with the keyword unless a lookback says how far before it it may start.
const tokens: ReadonlyArray<readonly [string, string, string, string, number?]> = [
  // Vercel access tokens (personal, integration, app, refresh, client key).
  ...["vcp_", "vci_", "vca_", "vcr_", "vck_"].map((k) => ["vercel-token", "vercel-token", k, `${k}[A-Za-z0-9]{20,60}`] as const),
  // New Relic: user and REST keys (NRAK), insert/query keys (NRII/NRIQ), browser
  // keys (NRJS/NRBR), licence keys (40 chars ending NRAL), mobile app tokens (-NRMA).
  ["new-relic-key", "newrelic", "NRAK-", "NRAK-[A-Z0-9]{27}"],
  ["new-relic-key", "newrelic", "NRII-", "NRII-[A-Za-z0-9_-]{32}"],
  ["new-relic-key", "newrelic", "NRIQ-", "NRIQ-[A-Za-z0-9_-]{32}"],
  ["new-relic-key", "newrelic", "NRJS-", "NRJS-[a-f0-9]{19}"],
  ["new-relic-key", "newrelic", "NRBR-", "NRBR-[a-f0-9]{19}"],
  ["new-relic-key", "newrelic", "NRAL", "[a-f0-9]{36}NRAL", 36],
  ["new-relic-key", "newrelic", "-NRMA", "(?:eu01xx)?[A-Za-z0-9]{42}-NRMA", 48],
  // AI providers: xAI, Perplexity, OpenRouter, Langfuse (secret keys only), LangSmith, Pinecone.
  ["xai-api-key", "xai", "xai-", "xai-[A-Za-z0-9]{80}"],
  ["perplexity-api-key", "perplexity", "pplx-", "pplx-[A-Za-z0-9]{48}"],
  ["openrouter-api-key", "openrouter", "sk-or-v1-", "sk-or-v1-[a-f0-9]{64}"],
  ["langfuse-secret-key", "langfuse", "sk-lf-", "sk-lf-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}"],
  ["langsmith-api-key", "langsmith", "lsv2_", "lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}"],
  ["pinecone-api-key", "pinecone", "pcsk_", "pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63}"],
  // Developer platforms.
  ["cloudflare-token", "cloudflare-token", "cfut_", "cfut_[A-Za-z0-9]{40}[a-f0-9]{8}"],
  ["cloudflare-token", "cloudflare-token", "cfat_", "cfat_[A-Za-z0-9]{40}[a-f0-9]{8}"],
  ["cloudflare-token", "cloudflare-token", "cfk_", "cfk_[A-Za-z0-9]{40}[a-f0-9]{8}"],
  ["buildkite-token", "buildkite", "bkua_", "bkua_[a-f0-9]{40}"],
  ["spectral-token", "spectralops", "spu-", "spu-[a-f0-9]{32}"],
  ...["sqp_", "squ_", "sqa_"].map((k) => ["sonar-token", "sonar", k, `${k}[a-f0-9]{40}`] as const),
  ["harness-token", "harness", "pat.", "pat\\.[A-Za-z0-9_-]{22}\\.[a-f0-9]{24}\\.[A-Za-z0-9]{20}"],
  ["harness-token", "harness", "sat.", "sat\\.[A-Za-z0-9_-]{22}\\.[a-f0-9]{24}\\.[A-Za-z0-9]{20}"],
  ["octopus-deploy-key", "octopusdeploy", "API-", "API-[A-Z0-9]{26}"],
  ["apify-token", "apify", "apify_api_", "apify_api_[A-Za-z0-9]{36}"],
  ["alchemy-token", "alchemy", "alcht_", "alcht_[A-Za-z0-9]{30}"],
  ["rootly-token", "rootly", "rootly_", "rootly_[a-f0-9]{64}"],
  ["typeform-token", "typeform", "tfp_", "tfp_[A-Za-z0-9_.=-]{59}"],
  ["contentful-token", "contentful", "CFPAT-", "CFPAT-[A-Za-z0-9_-]{43}"],
  ["adafruit-io-key", "adafruitio", "aio_", "aio_[A-Za-z0-9]{28}"],
  ["mailgun-key", "mailgun", "key-", "key-[a-f0-9]{32}"],
  ["launchdarkly-key", "launchdarkly", "api-", "api-[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}"],
  ["launchdarkly-key", "launchdarkly", "sdk-", "sdk-[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}"],
  ["notion-token", "notion-token", "secret_", "secret_[A-Za-z0-9]{43}"],
  // Payments.
  ["duffel-token", "duffeltoken", "duffel_", "duffel_(?:test|live)_[A-Za-z0-9_=-]{43}"],
  ["razorpay-key", "razorpay", "rzp_", "rzp_(?:live|test)_[A-Za-z0-9]{14}"],
  ["square-token", "square", "sq0atp-", "sq0atp-[A-Za-z0-9_-]{22}"],
  ["square-token", "square", "sq0csp-", "sq0csp-[A-Za-z0-9_-]{43}"],
  ["square-token", "square", "EAAA", "EAAA[A-Za-z0-9_+=-]{60}"],
  ["plaid-token", "plaidkey", "access-", "access-(?:sandbox|development|production)-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}"],
  // Social: Facebook/Instagram Graph API user and page tokens; Twitter app bearer tokens.
  ["facebook-token", "facebook", "EAA", "EAA[BCGIMRUZ][A-Za-z0-9]{100,400}"],
  ["twitter-bearer-token", "twitterbearer", "AAAAAAAAAAAAAAAAAAAAA", "A{22}[A-Za-z0-9%]{80,120}"],
  // AWS AppSync API keys.
  ["aws-appsync-key", "aws-access-key", "da2-", "da2-[a-z0-9]{26}"],
  // GitLab session cookies.
  ["gitlab-session", "gitlab-token", "_gitlab_session=", "_gitlab_session=[0-9a-z]{32}"],
];

// Webhook URLs whose path is the credential: anyone holding one can post.
const webhooks: ReadonlyArray<readonly [string, string, number, RegExp]> = [
  ["discord.com/api/webhooks/", "discord-webhook", 12, /(?:https?:\/\/)?(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,68}/],
  ["webhook.office.com/webhook", "teams-webhook", 80, /https:\/\/[A-Za-z0-9-]{1,60}\.webhook\.office\.com\/webhookb2\/[A-Za-z0-9-]{36}@[A-Za-z0-9-]{36}\/IncomingWebhook\/[A-Za-z0-9]{32}\/[A-Za-z0-9-]{36}/],
  ["hooks.zapier.com/hooks/catch/", "zapier-webhook", 8, /(?:https?:\/\/)?hooks\.zapier\.com\/hooks\/catch\/[A-Za-z0-9]{1,20}(?:\/[A-Za-z0-9]{6,40})?/],
  [".tines.com/webhook/", "tines-webhook", 70, /https:\/\/[A-Za-z0-9-]{1,60}\.tines\.com\/webhook\/[a-z0-9]{32}\/[a-z0-9]{32}/],
];

export const saasProviderRules: readonly Rule[] = [
  ...tokens.map(([id, kind, keyword, pattern, lookback]) => regexRule({ id, kind, keywords: [keyword], pattern: new RegExp(`${pattern}${E}`), lookback: lookback ?? 0 })),
  ...webhooks.map(([keyword, id, lookback, pattern]) => regexRule({ id, kind: "webhook-url", keywords: [keyword], pattern, lookback, wordStart: false })),
];
