// Token formats of source hosts, package registries and AI providers, each from
// the provider's published format (prefix, alphabet, length, checksum).
import { githubChecksumOk, npmChecksumOk } from "./checksum";
import { regexRule } from "./regex-rule";
import type { Rule } from "./types";

// Right boundary: the token must not continue.
const E = "(?![A-Za-z0-9_])";

// [lower-case prefilter keyword, pattern] per documented token format.
const prefixedTokens: ReadonlyArray<readonly [string, string]> = [
  ["pscale_", "pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,64}"],
  ["sgp_", "sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}"],
  ["figd_", "figd_[A-Za-z0-9_-]{40}"],
  ["gsk_", "gsk_[A-Za-z0-9]{52}"],
  ["lin_api_", "lin_api_[A-Za-z0-9]{40}"],
  ["ntn_", "ntn_[0-9]{11}[A-Za-z0-9]{32,35}"],
  ["PMAK-", "PMAK-[a-f0-9]{24}-[a-f0-9]{34}"],
  ["dop_v1_", "dop_v1_[a-f0-9]{64}"],
  ["doo_v1_", "doo_v1_[a-f0-9]{64}"],
  ["dor_v1_", "dor_v1_[a-f0-9]{64}"],
  ["HRKU-", "HRKU-[A-Za-z0-9_-]{60}"],
  ["pul-", "pul-[a-f0-9]{40}"],
  ["nfp_", "nfp_[A-Za-z0-9]{36}"],
  // Sentry org tokens: base64 JSON claims, "_", then the 43-char secret.
  ["sntrys_", "sntrys_eyJ[A-Za-z0-9+/]{30,400}={0,2}_[A-Za-z0-9+/]{43}"],
  ["sntryu_", "sntryu_[a-f0-9]{64}"],
  ["dp.", "dp\\.(?:pt|st|ct|sa|scim|audit)\\.[A-Za-z0-9]{40,44}"],
  ["rubygems_", "rubygems_[a-f0-9]{48}"],
  ["pypi-", "pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,200}"],
  ["shippo_", "shippo_(?:live|test)_[a-f0-9]{40}"],
  ["AGE-SECRET-KEY-1", "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}"],
  ["dapi", "dapi[a-fA-F0-9]{32}(?:-\\d)?"],
  ["ATATT3", "ATATT3[A-Za-z0-9_=-]{186}"],
  ["glc_", "glc_eyJ[A-Za-z0-9+/=_-]{40,400}"],
  ["glsa_", "glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}"],
  ["fo1_", "fo1_[A-Za-z0-9_-]{43}"],
  ["fm1", "fm1[ar]?_[A-Za-z0-9+/]{100,800}={0,3}"],
  ["fm2", "fm2[ar]?_[A-Za-z0-9+/]{100,800}={0,3}"],
  ["tskey-", "tskey-(?:auth|api|client|scim|webhook|[a-z]{1,12})-[A-Za-z0-9]{6,20}-[A-Za-z0-9]{20,64}"],
  ["sm_pat_", "sm_pat_[A-Za-z0-9]{16}"],
  ["sm_aat_", "sm_aat_[A-Za-z0-9]{16}"],
  ["sm_sat_", "sm_sat_[A-Za-z0-9]{16}"],
  ["AKCp", "AKCp[A-Za-z0-9]{69}"],
  ["cmVmd", "cmVmd[A-Za-z0-9]{59}"],
  // 1Password account Secret Key (version "A3"): account id, then 26 base32-ish characters in groups.
  ["A3-", "A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})(?:-[A-Z0-9]{5}){3}"],
  // EasyPost production (EZAK) and test (EZTK) API keys.
  ["EZAK", "EZAK[A-Za-z0-9]{54}"],
  ["EZTK", "EZTK[A-Za-z0-9]{54}"],
  // Flutterwave secret and encryption keys (FLWPUBK_ public keys are meant to be published).
  ["FLWSECK", "FLWSECK(?:_TEST)?-(?:[a-z0-9]{32}-X|[a-h0-9]{12})"],
];

export const devProviderRules: readonly Rule[] = [
  // GitHub: "ghp_" etc. + 30 base62 + 6-char CRC32 checksum (github.blog, 2021-04).
  regexRule({
    id: "github-token",
    kind: "github-token",
    keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
    pattern: new RegExp(`gh[pousr]_[A-Za-z0-9]{36}${E}`),
    validate: (v) => (githubChecksumOk(v) ? "high" : "medium"),
  }),
  // GitHub fine-grained PAT: github_pat_ + 22 + "_" + 59 (base62).
  regexRule({
    id: "github-fine-grained-pat",
    kind: "github-token",
    keywords: ["github_pat_"],
    pattern: new RegExp(`github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}${E}`),
    confidence: "high",
  }),
  // npm granular/automation tokens: npm_ + 30 base62 + 6-char CRC32 checksum.
  regexRule({
    id: "npm-token",
    kind: "npm-token",
    keywords: ["npm_"],
    pattern: new RegExp(`npm_[A-Za-z0-9]{36}${E}`),
    validate: (v) => (npmChecksumOk(v) ? "high" : "medium"),
  }),
  // GitLab tokens, with the lengths of docs.gitlab.com "Token prefixes": fixed
  // bodies per type, or the newer routable form (longer, base64url with dots).
  regexRule({
    id: "gitlab-token",
    kind: "gitlab-token",
    keywords: ["glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "gloas-", "glsoat-", "glft-", "glimt-", "glagent-", "glrtr-", "GR1348941"],
    pattern: new RegExp(
      `(?:(?:glpat|gldt|glrt|glrtr|glcbt|glsoat|glft)-(?:[A-Za-z0-9_-]{20}|[A-Za-z0-9_.-]{27,300})|glptt-[0-9a-f]{40}|gloas-[A-Za-z0-9_-]{64}|glimt-[A-Za-z0-9_-]{25}|glagent-[A-Za-z0-9_-]{50}|GR1348941[A-Za-z0-9_-]{20,50})${E}`,
    ),
    // A run of digits after the runner prefix is a doc filler, not a token.
    validate: (v) => (/[A-Za-z]/.test(v.slice(9)) ? "high" : undefined),
  }),
  // Anthropic: sk-ant-api03-… / sk-ant-admin01-…, 93 url-safe chars ending "AA".
  regexRule({
    id: "anthropic-api-key",
    kind: "anthropic-api-key",
    keywords: ["sk-ant-"],
    pattern: new RegExp(`sk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_-]{80,100}AA${E}`),
  }),
  // OpenAI: sk-, sk-proj-, sk-svcacct-, sk-admin-; keys since 2023 embed "T3BlbkFJ"
  // (base64 of "OpenAI"), which makes a match high confidence.
  regexRule({
    id: "openai-api-key",
    kind: "openai-api-key",
    keywords: ["sk-"],
    pattern: new RegExp(`sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{20,200}${E}`),
    validate: (v) => {
      // Anthropic, OpenRouter and Langfuse keys have rules of their own.
      if (/^sk-(?:ant|or|lf)-/.test(v)) return undefined;
      // The marker sits between two random halves: 20 characters each in legacy
      // keys, 58 or 74 in project, service-account and admin keys.
      const marker = v.indexOf("T3BlbkFJ");
      const min = /^sk-(?:proj|svcacct|admin)-/.test(v) ? 58 : 20;
      if (marker !== -1) return marker - v.indexOf("-", 3) > min && v.length - marker - 8 >= min ? "high" : undefined;
      // Project, service-account and admin keys always carry the marker; plain "sk-"
      // keys of other providers (DeepSeek, OpenRouter…) do not.
      if (/^sk-(?:proj|svcacct|admin)-/.test(v)) return undefined;
      return /[0-9]/.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v) && v.length >= 40 ? "medium" : undefined;
    },
  }),
  // Hugging Face user access tokens: hf_ + 34 letters.
  regexRule({
    id: "huggingface-token",
    kind: "huggingface-token",
    keywords: ["hf_", "api_org_"],
    pattern: new RegExp(`(?:hf_[A-Za-z]{34}|api_org_[A-Za-z]{34})${E}`),
  }),
  // Docker Hub personal access tokens.
  regexRule({
    id: "docker-token",
    kind: "docker-token",
    keywords: ["dckr_"],
    pattern: new RegExp(`dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,40}${E}`),
  }),
  // Dev-platform tokens with distinctive published prefixes: one rule per prefix,
  // so each runs only when its own prefix occurs and starts with a literal.
  ...prefixedTokens.map(([keyword, pattern]) =>
    regexRule({ id: "dev-platform-token", kind: "api-token", keywords: [keyword], pattern: new RegExp(`${pattern}${E}`) }),
  ),
  // 1Password service-account tokens: "ops_" + base64 JSON.
  regexRule({
    id: "1password-token",
    kind: "1password-token",
    keywords: ["ops_eyJ"],
    pattern: new RegExp(`ops_eyJ[A-Za-z0-9+/=_-]{250,4000}`),
  }),
];
