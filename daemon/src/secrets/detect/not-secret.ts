// Values that look like secrets but are not: placeholders and documentation
// examples, variable references, hashes, UUIDs and lockfile integrity digests.
// Each check here trades a little recall for a lot of precision on real repos.

// Words that mark a value as a stand-in rather than a credential (one regex: this
// runs on every candidate value).
const PLACEHOLDER_WORDS =
  /example|change[_-]?me|dummy|placeholder|your[_-]|yourapi|redacted|replace|sample|fake|insert|not_?real|not-a-real|mysecret|secret123|password123|test123|todo|fixme|lorem|foobar|invalid|(?:token|key|secret|string)here|randomstring/i;

const TEMPLATE = /^%[A-Za-z_][\w.]*%$|^\{[A-Za-z_][\w.]*\}$|\$\{|\{\{|<[A-Za-z_][\w -]{0,40}>|%\(|%[sd]\b|\$\(|^\$[A-Za-z_]|^process\.env|^os\.environ|^env\(|getenv/i;
const REPEATED = /(.)\1{5,}/;
// Alphabet and digit runs, keyboard rows: what a person types to fill a field.
const KEYBOARD_WALK = /abcdef|12345|qwert|asdfg|zxcvb|98765/;
const MASKED = /^[*x•.#-]{3,}$|\*{3,}|x{4,}|X{4,}/;
const HEX = /^[0-9a-fA-F]+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const INTEGRITY = /^sha(?:1|256|384|512)-[A-Za-z0-9+/]{20,}={0,2}$/;

/** Explicit stand-ins: marker words, template references and masks ("****", "xxxx"). Not reported. */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER_WORDS.test(value) || TEMPLATE.test(value) || MASKED.test(value);
}

/**
 * Hand-typed fillers: repeated characters, keyboard walks and the patterns of
 * isTypedFiller. Test fixtures in a provider's exact format are written this way,
 * and so are some real low-grade secrets; they are reported, but only as medium,
 * so they never block on their own.
 */
export function isFiller(value: string): boolean {
  if (REPEATED.test(value)) return true;
  const lower = value.toLowerCase();
  if (KEYBOARD_WALK.test(lower)) return true;
  return isTypedFiller(value);
}

/**
 * Base64 that decodes to prose or a placeholder ("dummy text data…"): an encoded
 * example, not an encoded key. Random key bytes do not decode to printable text.
 */
export function isEncodedText(value: string): boolean {
  if (value.length < 12 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const decoded = Buffer.from(value, "base64").toString("latin1");
  if (!/^[\x20-\x7e]+$/.test(decoded)) return false;
  return isPlaceholder(decoded) || /^[A-Za-z]+(?: [A-Za-z]+){2,}\s*$/.test(decoded);
}

/** Hex digests of the usual sizes (MD5, SHA-1, SHA-256): checksums, commit ids. */
export function isHashLike(value: string): boolean {
  return (value.length === 32 || value.length === 40 || value.length === 64) && HEX.test(value);
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** package-lock / yarn / pnpm `integrity` values (Subresource Integrity). */
export function isIntegrity(value: string): boolean {
  return INTEGRITY.test(value);
}

/**
 * Hand-typed fillers in tests and docs: runs of consecutive characters ("abcdef",
 * "123456", "zyxw"), ladders ("a1b2c3", "A1B2C3D4"), and blocks repeated across
 * the value ("abcd1234abcd1234", "AAAABBBBCCCC"). Random characters step by ±1
 * about 2 times in 62 (base62) or 16 (hex), so the thresholds below sit several
 * standard deviations above what a generated key shows.
 */
export function isTypedFiller(value: string): boolean {
  const n = value.length;
  if (n < 12) return false;
  const lower = value.toLowerCase();
  let steps = 0;
  let ladder = 0;
  for (let i = 1; i < n; i++) {
    if (Math.abs(lower.charCodeAt(i) - lower.charCodeAt(i - 1)) === 1) steps++;
    if (i >= 2 && Math.abs(lower.charCodeAt(i) - lower.charCodeAt(i - 2)) === 1) ladder++;
  }
  if ((steps >= 6 && steps / (n - 1) >= 0.3) || (ladder >= 6 && ladder / (n - 2) >= 0.4)) return true;
  if (/(.)\1{3}[^]*(.)\2{3}/.test(value)) return true;
  return repeatedGrams(lower) >= 0.5;
}

/** Share of the value's 4-character substrings that occur earlier in it. */
function repeatedGrams(lower: string): number {
  // Grams as 4 packed 8-bit codes (low bytes: enough to tell repeats apart here).
  const seen = new Set<number>();
  let repeats = 0;
  let gram = 0;
  for (let i = 0; i < lower.length; i++) {
    gram = ((gram << 8) | (lower.charCodeAt(i) & 0xff)) >>> 0;
    if (i < 3) continue;
    if (seen.has(gram)) repeats++;
    else seen.add(gram);
  }
  return repeats / Math.max(1, lower.length - 3);
}

/**
 * A well-formed RFC 4122 UUID of a time-based or name-based version (1, 3, 5, 6,
 * 7): a timestamp, node or name digest, so an identifier and never a key. Random
 * (version 4) UUIDs and UUID-shaped random hex may be keys.
 */
export function isIdentifierUuid(value: string): boolean {
  return UUID.test(value) && "13567".includes(value.charAt(14)) && "89abAB".includes(value.charAt(19));
}

// Three or more capitalised words ("AgencyIdentificationCodeContentType") cover
// most of an identifier; random mixed-case text rarely holds one.
const CAPITALISED_WORD = /[A-Z][a-z]{3,}/g;

/** Type, class and field names, not data. */
export function isIdentifierLike(value: string): boolean {
  const words = value.match(CAPITALISED_WORD) ?? [];
  if (words.length < 3) return false;
  const covered = words.reduce((n, w) => n + w.length, 0);
  return covered / value.length >= 0.6 && words.every((w) => /[aeiou]/.test(w));
}

const HOSTNAME = /^(?:[A-Za-z0-9-]{1,63}\.)+(?:com|net|org|io|dev|app|co|ai|cloud|local|internal|corp|info|biz|me|us|uk|de|fr|jp|cn|ru|eu|xyz|tech|site|online)$/;

/** `4f2a9c.invoiceocean.com`: a host name given where a secret was expected. */
export function isHostname(value: string): boolean {
  return HOSTNAME.test(value);
}

// Keys meant to be published: Stripe/Lob publishable keys (pk_…, live_pub_…),
// Flutterwave FLWPUBK, and Salesforce connected-app consumer keys (3MVG9…),
// which are OAuth client ids shipped in apps.
const PUBLISHABLE = /^(?:pk|pub)_|^[a-z]+_pub_|^FLWPUBK|^3MVG9[A-Za-z0-9._]{40,}$/;

export function isPublishable(value: string): boolean {
  return PUBLISHABLE.test(value);
}

// Separators between the words of a slug, a phrase or a path.
const WORD_SEPARATORS = /[-_.:/ ]+/;
// A word: lower-case or Capitalised letters (a leading digit allowed: "1password"),
// an acronym, or a short number.
const WORD = /^(?:\d?[a-z]{1,12}|[A-Z][a-z]{1,11}|[A-Z]{2,6}|\d{1,4})$/;
const CONSONANT_RUN = /[bcdfghjklmnpqrstvwxz]{4,}/i;

/**
 * Words joined by separators ("a-string-secret-at-least-256-bits-long",
 * "my-secrets-manager-secret", "array:objpath:/org/freedesktop"): every part a
 * short pronounceable word or number. Generated tokens with dashes
 * ("fox94at7-8dj92ns-cdxhag44") mix digits into their parts or run consonants.
 */
export function isWordy(value: string): boolean {
  const parts = value.split(WORD_SEPARATORS).filter((p) => p !== "");
  if (parts.length < 2) return false;
  return parts.every((p) => WORD.test(p) && (/^\d+$/.test(p) || (/[aeiouy]/i.test(p) && !CONSONANT_RUN.test(p))));
}

const PATH_LIKE = /^(?:\.{0,2}\/|~\/)[\w.@-]+(?:\/[\w.@-]+)*\/?$/;

/** "/e/w/auth-token", "./secrets/token.txt", "~/.npmrc": where a secret is kept, not the secret. */
export function isPathLike(value: string): boolean {
  return PATH_LIKE.test(value);
}
