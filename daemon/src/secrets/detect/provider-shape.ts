// Values whose prefix is a provider's documented token prefix belong to that
// provider's rule, which checks the full format (alphabet, length, checksum). The
// generic assignment rule defers to it: a value that starts "ghp_" or "sk-ant-"
// but fails the GitHub or Anthropic format is a truncated or invented example,
// and reporting it as a generic credential would undo the provider's validation.

// Prefixes of formats in provider-rules-dev.ts and provider-rules-cloud.ts whose
// rule covers every documented variant (length, alphabet) of the token, so that
// a value the rule rejects is malformed rather than a variant the rule misses.
const PROVIDER_PREFIX = new RegExp(
  "^(?:" +
    [
      "gh[pousr]_", "npm_", "sk-ant-", "[rs]k_(?:live|test|prod)_", "hf_", "dckr_(?:pat|oat)_", "ops_eyJ",
      "HRKU-", "sntry[su]_", "AKCp", "cmVmd", "sm_(?:pat|aat|sat)_", "(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)",
      "xox[abposrce]-", "xapp-", "shp(?:at|ca|pa|ss)_", "AIza", "hv[sbr]\\.",
      // Telegram bot tokens: numeric bot id ":" secret.
      "\\d{4,}:A", "FLWSECK", "EZ[AT]K", "A3-",
      // provider-rules-saas.ts and the OpenAI, GitLab and AWS AppSync formats.
      "vc[picrk]_", "NR(?:AK|II|IQ|JS|BR)-", "xai-", "pplx-", "sk-or-", "sk-lf-", "lsv2_", "pcsk_", "cf(?:ut|at|k)_", "bkua_",
      "spu-", "sq[pua]_", "[ps]at\\.", "API-", "apify_api_", "alcht_", "rootly_", "tfp_", "CFPAT-", "aio_", "duffel_",
      "rzp_", "sq0(?:atp|csp)-", "sk-(?:proj|svcacct|admin)-", "gl[a-z]{2,6}-", "da2-",
    ].join("|") +
    ")",
);

export function hasProviderPrefix(value: string): boolean {
  return PROVIDER_PREFIX.test(value);
}
