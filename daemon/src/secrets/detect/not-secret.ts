// Values that look like secrets but are not: placeholders and documentation
// examples, variable references, hashes, UUIDs and lockfile integrity digests.
// Each check here trades a little recall for a lot of precision on real repos.

// Words that mark a value as a stand-in rather than a credential.
const PLACEHOLDER_WORDS = [
  "example", "changeme", "change_me", "change-me", "dummy", "placeholder", "your_", "your-", "yourapi",
  "redacted", "replace", "sample", "fake", "insert", "notreal", "not_real", "not-a-real", "mysecret",
  "secret123", "password123", "test123", "todo", "fixme", "lorem", "foobar", "invalid", "tokenhere", "keyhere",
  "secrethere", "stringhere", "randomstring",
];

const TEMPLATE = /^%[A-Za-z_][\w.]*%$|^\{[A-Za-z_][\w.]*\}$|\$\{|\{\{|<[A-Za-z_][\w -]{0,40}>|%\(|%[sd]\b|\$\(|^\$[A-Za-z_]|^process\.env|^os\.environ|^env\(|getenv/i;
const REPEATED = /(.)\1{5,}/;
const MASKED = /^[*x•.#-]{3,}$|\*{3,}|x{4,}|X{4,}/;
const HEX = /^[0-9a-fA-F]+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const INTEGRITY = /^sha(?:1|256|384|512)-[A-Za-z0-9+/]{20,}={0,2}$/;

export function isPlaceholder(value: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORDS.some((w) => lower.includes(w))) return true;
  if (TEMPLATE.test(value)) return true;
  if (MASKED.test(value)) return true;
  if (REPEATED.test(value)) return true;
  return isSequence(lower);
}

/** "abcdef…", "123456…", "0123456789abcdef…": keyboard-walk fillers in docs. */
function isSequence(lower: string): boolean {
  return lower.includes("abcdefgh") || lower.includes("12345678") || lower.includes("qwerty");
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
