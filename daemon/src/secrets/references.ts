/**
 * `${secret:NAME}`: how an agent asks for a secret without ever holding it. The
 * daemon replaces the reference with the value in what it sends, and only there.
 * In a URL the braces arrive percent-encoded (`$%7Bsecret:NAME%7D`), which is the
 * same reference.
 */
const REFERENCE = /\$(?:\{|%7[Bb])secret:([A-Za-z][A-Za-z0-9_-]{0,63})(?:\}|%7[Dd])/g;

/** Something that looks like a reference but is not a valid one (a typo must not be sent as literal text). */
const NEAR_MISS = /\$(?:\{|%7[Bb])\s*secret\s*:/i;

export function hasReference(text: string): boolean {
  REFERENCE.lastIndex = 0;
  return REFERENCE.test(text) || NEAR_MISS.test(text);
}

/** The distinct names referenced in `text`, in order of appearance. */
export function referencedNames(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    const name = m[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/** Text with near-miss references that are not valid ones, for a refusal that says which. */
export function malformedReference(text: string): string | null {
  const stripped = text.replace(REFERENCE, "");
  const m = NEAR_MISS.exec(stripped);
  return m === null ? null : stripped.slice(m.index, m.index + 80);
}

/** `text` with each reference replaced by `valueOf(name)` (already encoded for where it goes). */
export function substitute(text: string, valueOf: (name: string) => string): string {
  return text.replace(REFERENCE, (_whole, name: string) => valueOf(name));
}

/** True when the whole of `text` is exactly one reference (a header set from a template). */
export function soleReference(text: string): string | null {
  const m = /^\$\{secret:([A-Za-z][A-Za-z0-9_-]{0,63})\}$/.exec(text.trim());
  return m?.[1] ?? null;
}
