import picomatch from "picomatch";

/**
 * Glob matching for policy rules, compiled once per pattern. `dot: true` because
 * dotfiles (.env, .npmrc) are exactly the files rules must be able to name.
 */
const cache = new Map<string, (s: string) => boolean>();

export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const key = `${caseInsensitive ? "i" : "s"}:${pattern}`;
  let matcher = cache.get(key);
  if (matcher === undefined) {
    matcher = picomatch(pattern, { dot: true, nocase: caseInsensitive });
    if (cache.size > 10_000) cache.clear();
    cache.set(key, matcher);
  }
  return matcher(value);
}

export function anyGlob(patterns: readonly string[], value: string, caseInsensitive = false): boolean {
  return patterns.some((p) => globMatch(p, value, caseInsensitive));
}
