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
    ].join("|") +
    ")",
);

export function hasProviderPrefix(value: string): boolean {
  return PROVIDER_PREFIX.test(value);
}
