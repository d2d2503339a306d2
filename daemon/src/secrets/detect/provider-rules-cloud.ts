// Token formats of cloud, messaging and payment providers, each from the
// provider's published format.
import { regexRule } from "./regex-rule";
import type { Rule } from "./types";

const E = "(?![A-Za-z0-9_])";

export const cloudProviderRules: readonly Rule[] = [
  // AWS access key ids: 4-letter type prefix + 16 base32 chars (IAM docs,
  // "Understanding unique ID prefixes"). The docs' own keys end in "EXAMPLE".
  regexRule({
    id: "aws-access-key-id",
    kind: "aws-access-key",
    keywords: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
    pattern: new RegExp(`(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}${E}`),
    validate: (v) => (v.endsWith("EXAMPLE") ? undefined : "high"),
  }),
  // Slack tokens: xoxb/xoxp/xoxa/xoxr/xoxs/xoxe and app-level xapp tokens.
  regexRule({
    id: "slack-token",
    kind: "slack-token",
    keywords: ["xox", "xapp-"],
    pattern: new RegExp(
      `(?:xox[abposrce](?:\\.xox[bp])?-(?:\\d{1,20}-){1,4}[A-Za-z0-9-]{10,250}|xox[abpors]-[A-Za-z0-9-]{10,250}|xapp-\\d-[A-Z0-9]{9,12}-\\d{10,16}-[a-z0-9]{32,80})${E}`,
    ),
    // The last part is the random secret: a short or letterless one ("-1", "-1234")
    // is a doc stand-in, and a token never ends in "-" (truncated or masked).
    validate: (v) => {
      const last = v.slice(v.lastIndexOf("-") + 1);
      return /[0-9]/.test(v) && last.length >= 10 && /[A-Za-z]/.test(last) ? "high" : undefined;
    },
  }),
  // Slack incoming webhooks and workflow triggers.
  regexRule({
    id: "slack-webhook",
    kind: "slack-webhook",
    keywords: ["hooks.slack.com"],
    pattern: /(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,120}/,
    lookback: 8,
  }),
  // Stripe secret and restricted keys; test-mode keys are real credentials too,
  // but only to a sandbox, so they are medium.
  regexRule({
    id: "stripe-key",
    kind: "stripe-key",
    keywords: ["sk_live_", "rk_live_", "sk_test_", "rk_test_", "sk_prod_", "rk_prod_"],
    // Stripe keys never contain "-": one that runs on into one is something else.
    pattern: /[rs]k_(?:live|test|prod)_[A-Za-z0-9]{10,247}(?![A-Za-z0-9_-])/,
    validate: (v) => (v.includes("_live_") || v.includes("_prod_") ? "high" : "medium"),
  }),
  // Google API keys: "AIza" + 35 url-safe chars.
  regexRule({
    id: "google-api-key",
    kind: "gcp-credential",
    keywords: ["AIza"],
    pattern: new RegExp(`AIza[A-Za-z0-9_-]{35}${E}`),
  }),
  // Google service-account JSON: the private key is caught by the PEM rule; the
  // "private_key_id" next to "type": "service_account" is itself sensitive.
  regexRule({
    id: "gcp-service-account",
    kind: "gcp-credential",
    keywords: ["private_key_id"],
    pattern: /"private_key_id"\s{0,5}:\s{0,5}"([a-f0-9]{40})"/,
    lookback: 1,
    group: 1,
    validate: (_v, text) => (text.includes("service_account") ? "high" : undefined),
  }),
  // Twilio API key SIDs (SK + 32 hex); account SIDs (AC…) are identifiers, not secrets.
  regexRule({
    id: "twilio-api-key",
    kind: "twilio-api-key",
    keywords: ["SK"],
    pattern: new RegExp(`SK[0-9a-fA-F]{32}${E}`),
    confidence: "medium",
  }),
  // SendGrid: "SG." + 22 + "." + 43 url-safe chars.
  regexRule({
    id: "sendgrid-api-key",
    kind: "sendgrid-api-key",
    keywords: ["SG."],
    pattern: new RegExp(`SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${E}`),
  }),
  // Shopify access tokens and app secrets: shpat_/shpca_/shppa_/shpss_ + 32 hex,
  // or 32-64 alphanumerics since the 2024 length change (shopify.dev changelog).
  regexRule({
    id: "shopify-token",
    kind: "shopify-token",
    keywords: ["shpat_", "shpca_", "shppa_", "shpss_"],
    pattern: new RegExp(`shp(?:at|ca|pa|ss)_[A-Za-z0-9]{32,64}${E}`),
  }),
  // Azure storage account keys (64 random bytes = 86 base64 chars + "==") in
  // connection strings or settings, and SAS signatures.
  regexRule({
    id: "azure-storage-key",
    kind: "azure-credential",
    keywords: ["accountkey", "sharedaccesskey", "accesskey", "account_key", "storagekey", "storage_key"],
    pattern: /(?:AccountKey|SharedAccessKey|AccessKey|account_?key|storage_?(?:account_?)?key)["']?\s{0,3}[=:]\s{0,3}["']?([A-Za-z0-9+/]{43,86}={0,2})/i,
    group: 1,
  }),
  regexRule({
    id: "azure-sas-token",
    kind: "azure-credential",
    keywords: ["sig="],
    pattern: /[?&]sig=([A-Za-z0-9%+/]{30,100}(?:%3D|=){0,2})/,
    lookback: 1,
    group: 1,
    validate: (_v, text, start) => (/s[vp]=|se=|sr=/.test(text.slice(Math.max(0, start - 300), start)) ? "high" : "medium"),
  }),
  // Azure AD (Entra) client secrets: 3 chars + digit + "Q~" + 31-34 chars.
  regexRule({
    id: "azure-client-secret",
    kind: "azure-credential",
    keywords: ["Q~"],
    pattern: /[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/,
    lookback: 4,
  }),
  // Telegram bot tokens (core.telegram.org/bots/api): numeric bot id + ":" + 35
  // url-safe chars starting "A"; the token must not run on into a longer word.
  regexRule({
    id: "telegram-bot-token",
    kind: "telegram-bot-token",
    keywords: [":A"],
    pattern: /\d{5,16}:A[A-Za-z0-9_-]{34}(?![A-Za-z0-9_-])/,
    lookback: 16,
  }),
  // Jenkins secrets as stored in credentials.xml and job configs: hudson.util.Secret
  // serialises as "{AQAAAB…}" (format version 1 + IV + ciphertext, base64), which
  // anyone holding the controller's master key can decrypt.
  regexRule({
    id: "jenkins-secret",
    kind: "jenkins-credential",
    keywords: ["{AQAAAB"],
    pattern: /\{(AQAAAB[^{}<>\r\n]{16,4000})\}/,
    group: 1,
  }),
  // Sidekiq Pro/Enterprise gem-server credentials, set as Bundler config.
  regexRule({
    id: "sidekiq-credential",
    kind: "sidekiq",
    keywords: ["bundle_enterprise__contribsys__com", "bundle_gems__contribsys__com"],
    pattern: /BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM["']?\s{0,3}[:=]\s{0,3}["']?([a-f0-9]{8}:[a-f0-9]{8})(?![A-Za-z0-9])/i,
    group: 1,
  }),
  // Mailchimp API keys: 32 hex + "-us" + datacenter number.
  regexRule({
    id: "mailchimp-api-key",
    kind: "mailchimp-api-key",
    keywords: ["-us"],
    pattern: new RegExp(`[a-f0-9]{32}-us\\d{1,2}${E}`),
    lookback: 32,
  }),
  // Vault service/batch/recovery tokens (Vault 1.10+ prefixes).
  regexRule({
    id: "hashicorp-vault-token",
    kind: "hashicorp-vault-token",
    keywords: ["hvs.", "hvb.", "hvr."],
    pattern: new RegExp(`hv[sbr]\\.[A-Za-z0-9_-]{24,300}${E}`),
  }),
  // Terraform Cloud / HCP API tokens: 14 chars ".atlasv1." 60-70 chars.
  regexRule({
    id: "terraform-token",
    kind: "hashicorp-tf-api-token",
    keywords: [".atlasv1."],
    pattern: /[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}/,
    lookback: 14,
  }),
];
