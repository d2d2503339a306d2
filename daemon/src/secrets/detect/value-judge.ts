// Decides whether a value assigned to a name is a credential, given how strongly
// the name suggests one. Kept apart from the scanner so the thresholds can be
// read (and tested) in one place.
import { charClasses, shannonEntropy } from "./entropy";
import { isEncodedText, isHashLike, isHostname, isIdentifierLike, isIntegrity, isPathLike, isPlaceholder, isPublishable, isIdentifierUuid, isUuid, isWordy } from "./not-secret";
import type { Confidence } from "./types";

/** How strongly an assignment's key name suggests a credential. */
export type KeyStrength = "password" | "secret" | "key" | "none" | "excluded";

const PASSWORD_WORDS = /pass(?:wd|word|phrase)?(?![a-z])|passw|pwd|pswd/;
const SECRET_WORDS = /secret|token|creds?(?![a-z])|api[_.-]?key|apikey|credential|auth$|auth[_.-]?(?:key|code|string)|private[_.-]?key|access[_.-]?key|accesskey|signing[_.-]?key|client[_.-]?key|bearer|session[_.-]?key|encryption[_.-]?key|master[_.-]?key|webhook/;
// Key names that hold metadata about a credential rather than the credential.
// The first form is matched on the lower-cased key, the second (camelCase) as written.
const META_SUFFIX = /(?:^|[_.-])(?:ids?|secrets|tokens|keys|manager|store|vault|ref|arn|var|variable|event|events|url|uri|urls|endpoint|path|file|files|dir|type|name|names|length|len|count|size|timeout|ttl|expiry|expires|expires_at|field|label|header|prefix|format|policy|provider|mode|version|hint|regex|pattern|env|enabled|required|public|publishable)$/;
const META_CAMEL = /[a-z0-9](?:Id|Ids|Url|Uri|Path|File|Type|Name|Length|Count|Size|Header|Prefix|Enabled|Secrets|Tokens|Keys|Manager|Store|Vault|Ref|Event|Variable|Var|Env)$/;
const NON_SECRET_KEY = /public|pub_?key|authenticity_token|integrity|checksum|sha\d|digest|hash|nonce|csrf|xsrf|author|monkey|turkey|keyboard|keyword|keystore_?type|primary_?key|foreign_?key|sort_?key|partition_?key|cache_?key|key_?name|keyspace|tokenizer|tokens?_?(?:count|limit|usage)|max_?tokens|auth_?(?:type|mode|method|provider|url|domain)|oauth_?(?:url|provider)/;

// Names that mark the value as a stand-in: `fakeToken`, `EXAMPLE_API_KEY`, `invalid_secret`.
const STAND_IN_KEY = /fake|dummy|example|sample|mock|invalid/;

export function keyStrength(key: string): KeyStrength {
  const lower = key.toLowerCase();
  // Vault AppRole's secret_id is the credential, not an id of one.
  if (/(?:^|[_.-])secret[_.-]?id$/.test(lower)) return "secret";
  if (STAND_IN_KEY.test(lower) || NON_SECRET_KEY.test(lower) || META_SUFFIX.test(lower) || META_CAMEL.test(key)) return "excluded";
  if (PASSWORD_WORDS.test(lower)) return "password";
  if (SECRET_WORDS.test(lower)) return "secret";
  // A bare "key" is a map, cache, sort or licence key as often as a credential:
  // only a long random value under it counts, and only as medium.
  if (/key$/.test(lower) && lower !== "key") return "key";
  return "none";
}

// Values that are code, not data: literals, member access, calls, env lookups.
const CODE_LIKE = /^(?:true|false|null|nil|none|undefined|empty|required|optional|string|str|bool|int|number|bytes|object)$|^[A-Za-z_$][A-Za-z0-9_$]*\($/i;
// `config.db.password`, `self.api_key`: a member chain of word-like names. Random
// values with a "." (`slw6HIUQ.qQT_hDF…`) carry digits and are not excluded.
const MEMBER_CHAIN = /^[A-Za-z_$][A-Za-z_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)+$/;

// Slugs and constant names ("my-app-secret", "API_TOKEN") name a secret; they are not one.
const NAME_LIKE = /^[A-Za-z]+(?:[-_. ][A-Za-z]+)*$/;
// Letters-only values that read as words have vowels in English proportions (~40%);
// random letters have about 20%.
const VOWELS = /[aeiouy]/gi;
const VERSIONED_NAME = /^[A-Za-z]+(?:[-_.][A-Za-z]+)*[-_.]v?\d+(?:\.\d+)+$/;
// Base64 pieces may be joined with "=" inside ("…Cw==:KTam…"), and URL-encoded
// tokens carry "%" escapes; "name=value" is a parameter, not a token.
const TOKEN_LIKE = /^[A-Za-z0-9+/_.~:%=-]+$/;
const PARAMETER = /^[A-Za-z_][\w.-]*=[a-z]+$|^[A-Za-z_]+=/;

export function judgeValue(value: string, strength: KeyStrength, quoted: boolean): Confidence | undefined {
  // A random-looking value under a name with no credential wording is not reported:
  // on the shared corpus that rule added 0.4% recall for 2% more false positives.
  if (strength === "excluded" || strength === "none") return undefined;
  if (isPlaceholder(value) || isIntegrity(value) || isEncodedText(value) || CODE_LIKE.test(value)) return undefined;
  if (value.startsWith("=") || isPublishable(value) || isHostname(value) || isIdentifierLike(value) || isPathLike(value)) return undefined;
  // Phrases and slugs name a secret or describe one; only a password may be made of words.
  if (strength !== "password" && isWordy(value)) return undefined;
  if (MEMBER_CHAIN.test(value) && (value.match(/[0-9]/g)?.length ?? 0) <= 1) return undefined;
  if (strength !== "password" && NAME_LIKE.test(value) && value.length < 24 && readsAsWords(value)) return undefined;
  // Artifact and file names with a version ("jjwt-jackson-0.11.2", "report-v1.2").
  if (strength !== "password" && VERSIONED_NAME.test(value)) return undefined;
  // CONSTANT_CASE values name an environment variable or setting ("DB_PASSWORD").
  if (/^[A-Z][A-Z_]*$/.test(value)) return undefined;
  // Digit-only values under token/key names are ids, ports and counts far more often
  // than secrets; numeric passwords (PINs) still count.
  if (strength !== "password" && /^\d+$/.test(value) && value.length < 20) return undefined;
  // API keys and tokens are drawn from base64/base64url/base62/hex alphabets (with
  // "." and "~" as separators, "=" only as trailing padding); "?", "#", "%", "&"
  // and friends mark prose, templates or a mangled paste. Passwords may hold anything.
  if (strength !== "password" && (!TOKEN_LIKE.test(value) || PARAMETER.test(value))) return undefined;
  const entropy = shannonEntropy(value);
  const classes = charClasses(value);
  const strong = value.length >= 16 && entropy >= 3.5 && classes >= 2;
  switch (strength) {
    case "password":
      if (value.length < 6 || entropy < 2.0) return undefined;
      // A lone lower-case word is more often a variable name than a password.
      if (!quoted && /^[a-z_]+$/.test(value)) return undefined;
      // A passphrase of words is a secret, but not a random one: never high.
      return strong && !isWordy(value) ? "high" : "medium";
    case "secret":
      // Issued tokens and keys run to 16+ characters; under 10 is a truncated
      // sample ("spu-1234") or a hand-typed stand-in. Passwords keep their 6.
      if (value.length < 10 || entropy < 2.5) return undefined;
      if (!quoted && /^[a-z_]+$/i.test(value) && value.length < 20) return undefined;
      if (isUuid(value)) return isIdentifierUuid(value) ? undefined : "medium";
      if (isHashLike(value)) return "medium";
      return strong ? "high" : "medium";
    case "key":
      if (value.length < 16 || entropy < 3.0 || isHashLike(value) || isUuid(value)) return undefined;
      // Random lower-case-and-digit keys are common; a single class must be long.
      return classes >= 2 || value.length >= 24 ? "medium" : undefined;
  }
}

function readsAsWords(value: string): boolean {
  const letters = value.replace(/[^A-Za-z]/g, "");
  return (letters.match(VOWELS)?.length ?? 0) / Math.max(1, letters.length) >= 0.3;
}
