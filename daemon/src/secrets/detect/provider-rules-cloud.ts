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
    keywords: ["akia", "asia", "abia", "acca", "a3t", "agpa", "aida", "aroa", "anpa", "anva", "aipa"],
    pattern: new RegExp(`(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}${E}`, "g"),
    validate: (v) => (v.endsWith("EXAMPLE") ? undefined : "high"),
  }),
  // Slack tokens: xoxb/xoxp/xoxa/xoxr/xoxs/xoxe and app-level xapp tokens.
  regexRule({
    id: "slack-token",
    kind: "slack-token",
    keywords: ["xox", "xapp-"],
    pattern: new RegExp(
      `(?:xox[abposrce](?:\\.xox[bp])?-(?:\\d{1,20}-){1,4}[A-Za-z0-9-]{10,250}|xox[abpors]-[A-Za-z0-9-]{10,250}|xapp-\\d-[A-Z0-9]{9,12}-\\d{10,16}-[a-z0-9]{32,80})${E}`,
      "g",
    ),
    // A token never ends in "-": that is a truncated or masked one ("…-####").
    validate: (v) => (/[0-9]/.test(v) && v.length >= 20 && !v.endsWith("-") ? "high" : undefined),
  }),
  // Slack incoming webhooks and workflow triggers.
  regexRule({
    id: "slack-webhook",
    kind: "slack-webhook",
    keywords: ["hooks.slack.com"],
    pattern: /(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,120}/g,
  }),
  // Stripe secret and restricted keys; test-mode keys are real credentials too,
  // but only to a sandbox, so they are medium.
  regexRule({
    id: "stripe-key",
    kind: "stripe-key",
    keywords: ["sk_live_", "rk_live_", "sk_test_", "rk_test_", "sk_prod_", "rk_prod_"],
    pattern: new RegExp(`[rs]k_(?:live|test|prod)_[A-Za-z0-9]{10,247}${E}`, "g"),
    validate: (v) => (v.includes("_live_") || v.includes("_prod_") ? "high" : "medium"),
  }),
  // Google API keys: "AIza" + 35 url-safe chars.
  regexRule({
    id: "google-api-key",
    kind: "gcp-credential",
    keywords: ["aiza"],
    pattern: new RegExp(`AIza[A-Za-z0-9_-]{35}${E}`, "g"),
  }),
  // Google service-account JSON: the private key is caught by the PEM rule; the
  // "private_key_id" next to "type": "service_account" is itself sensitive.
  regexRule({
    id: "gcp-service-account",
    kind: "gcp-credential",
    keywords: ["service_account"],
    pattern: /"private_key_id"\s{0,5}:\s{0,5}"([a-f0-9]{40})"/g,
    group: 1,
  }),
  // Twilio API key SIDs (SK + 32 hex); account SIDs (AC…) are identifiers, not secrets.
  regexRule({
    id: "twilio-api-key",
    kind: "twilio-api-key",
    keywords: ["sk"],
    pattern: new RegExp(`SK[0-9a-fA-F]{32}${E}`, "g"),
    confidence: "medium",
  }),
  // SendGrid: "SG." + 22 + "." + 43 url-safe chars.
  regexRule({
    id: "sendgrid-api-key",
    kind: "sendgrid-api-key",
    keywords: ["sg."],
    pattern: new RegExp(`SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${E}`, "g"),
  }),
  // Shopify access tokens: shpat_/shpca_/shppa_/shpss_ + 32 hex.
  regexRule({
    id: "shopify-token",
    kind: "shopify-token",
    keywords: ["shpat_", "shpca_", "shppa_", "shpss_"],
    pattern: new RegExp(`shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${E}`, "g"),
  }),
  // Azure storage account keys (64 random bytes = 86 base64 chars + "==") in
  // connection strings or settings, and SAS signatures.
  regexRule({
    id: "azure-storage-key",
    kind: "azure-credential",
    keywords: ["accountkey", "sharedaccesskey", "accesskey", "account_key", "storagekey", "storage_key"],
    pattern: /(?:AccountKey|SharedAccessKey|AccessKey|account_?key|storage_?(?:account_?)?key)["']?\s{0,3}[=:]\s{0,3}["']?([A-Za-z0-9+/]{43,86}={0,2})/gi,
    group: 1,
  }),
  regexRule({
    id: "azure-sas-token",
    kind: "azure-credential",
    keywords: ["sig="],
    pattern: /[?&]sig=([A-Za-z0-9%+/]{30,100}(?:%3D|=){0,2})/g,
    group: 1,
    validate: (_v, text, start) => (/s[vp]=|se=|sr=/.test(text.slice(Math.max(0, start - 300), start)) ? "high" : "medium"),
  }),
  // Azure AD (Entra) client secrets: 3 chars + digit + "Q~" + 31-34 chars.
  regexRule({
    id: "azure-client-secret",
    kind: "azure-credential",
    keywords: ["q~"],
    pattern: new RegExp(`[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`, "g"),
  }),
  // Telegram bot tokens (core.telegram.org/bots/api): numeric bot id + ":" + 35
  // url-safe chars starting "A"; the token must not run on into a longer word.
  regexRule({
    id: "telegram-bot-token",
    kind: "telegram-bot-token",
    keywords: [":a"],
    pattern: /\d{5,16}:A[A-Za-z0-9_-]{34}(?![A-Za-z0-9_-])/g,
    anchor: { literal: ":A", lookback: 16 },
  }),
  // Jenkins secrets as stored in credentials.xml and job configs: hudson.util.Secret
  // serialises as "{AQAAAB…}" (format version 1 + IV + ciphertext, base64), which
  // anyone holding the controller's master key can decrypt.
  regexRule({
    id: "jenkins-secret",
    kind: "jenkins-credential",
    keywords: ["{aqaaab"],
    pattern: /\{(AQAAAB[^{}<>\r\n]{16,4000})\}/g,
    group: 1,
  }),
  // Sidekiq Pro/Enterprise gem-server credentials, set as Bundler config.
  regexRule({
    id: "sidekiq-credential",
    kind: "sidekiq",
    keywords: ["__contribsys__com"],
    pattern: /BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM["']?\s{0,3}[:=]\s{0,3}["']?([a-f0-9]{8}:[a-f0-9]{8})(?![A-Za-z0-9])/gi,
    group: 1,
  }),
  // Discord bot tokens: base64 user id . 6-char timestamp . 27-38 char HMAC.
  regexRule({
    id: "discord-bot-token",
    kind: "discord-token",
    // Medium: the format (three dotted base64url parts) is distinctive but not
    // prefixed. The first part should decode to a numeric user id; checking that
    // dropped most published test tokens and removed no false positive, so it is not.
    keywords: ["."],
    pattern: new RegExp(`[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}${E}`, "g"),
    confidence: "medium",
  }),
  // Mailchimp API keys: 32 hex + "-us" + datacenter number.
  regexRule({
    id: "mailchimp-api-key",
    kind: "mailchimp-api-key",
    keywords: ["-us"],
    pattern: new RegExp(`[a-f0-9]{32}-us\\d{1,2}${E}`, "g"),
    anchor: { literal: "-us", lookback: 32 },
  }),
  // Vault service/batch/recovery tokens (Vault 1.10+ prefixes).
  regexRule({
    id: "hashicorp-vault-token",
    kind: "hashicorp-vault-token",
    keywords: ["hvs.", "hvb.", "hvr."],
    pattern: new RegExp(`hv[sbr]\\.[A-Za-z0-9_-]{24,300}${E}`, "g"),
  }),
  // Terraform Cloud / HCP API tokens: 14 chars ".atlasv1." 60-70 chars.
  regexRule({
    id: "terraform-token",
    kind: "hashicorp-tf-api-token",
    keywords: [".atlasv1."],
    pattern: /[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}/g,
    anchor: { literal: ".atlasv1.", lookback: 14 },
  }),
];
