// Builds a Rule from a documented token format: a global regex with bounded
// quantifiers (no nested unbounded repeats, so no catastrophic backtracking), an
// optional capture group holding the value, and an optional validator that can
// demote or drop a match (checksums, example markers).
import { isPlaceholder } from "./not-secret";
import type { Confidence, RawMatch, Rule } from "./types";

export interface RegexRuleSpec {
  id: string;
  kind: string;
  keywords: readonly string[];
  /** Must carry the `g` flag. Group `group` (default 0) is the reported value. */
  pattern: RegExp;
  group?: number;
  confidence?: Confidence;
  /** Return the confidence to report, or undefined to drop the match. */
  validate?: (value: string, text: string, start: number) => Confidence | undefined;
  /** Skip the shared placeholder check (for formats whose body is fixed text). */
  allowPlaceholderWords?: boolean;
  /**
   * Require that the match not continue a longer word on its left (default true).
   * Checked here rather than with a leading lookbehind, which V8 would evaluate at
   * every position instead of jumping to the pattern's literal prefix.
   */
  wordStart?: boolean;
  /**
   * For patterns that start with a character class (so V8 would try them at every
   * position): a literal every match contains, at most `lookback` characters after
   * the match start. The regex then runs only near occurrences of the literal.
   */
  anchor?: { literal: string; lookback: number };
}

export function regexRule(spec: RegexRuleSpec): Rule {
  if (!spec.pattern.global) throw new Error(`secret rule ${spec.id}: pattern needs the g flag`);
  return {
    id: spec.id,
    kind: spec.kind,
    keywords: spec.keywords,
    find(text: string): RawMatch[] {
      const out: RawMatch[] = [];
      const re = new RegExp(spec.pattern.source, spec.anchor === undefined ? spec.pattern.flags : "y");
      const group = spec.group ?? 0;
      for (let m = next(re, text, spec.anchor); m !== null; m = next(re, text, spec.anchor)) {
        if (m[0].length === 0) re.lastIndex++;
        const value = m[group];
        if (value === undefined || value.length === 0) continue;
        // Rules that report a capture group match their own leading context.
        if (group === 0 && spec.wordStart !== false && isWordChar(text.charCodeAt(m.index - 1))) continue;
        const start = m.index + (group === 0 ? 0 : m[0].indexOf(value));
        if (!spec.allowPlaceholderWords && isPlaceholder(value)) continue;
        const confidence = spec.validate ? spec.validate(value, text, start) : (spec.confidence ?? "high");
        if (confidence === undefined) continue;
        out.push({ start, end: start + value.length, confidence });
      }
      return out;
    },
  };
}

/**
 * The next match at or after re.lastIndex. With an anchor, `re` is sticky and is
 * tried only at the few start positions that could reach each occurrence of the
 * literal, so text without the literal costs one indexOf.
 */
function next(re: RegExp, text: string, anchor: RegexRuleSpec["anchor"]): RegExpExecArray | null {
  if (anchor === undefined) return re.exec(text);
  let from = re.lastIndex;
  for (;;) {
    const hit = text.indexOf(anchor.literal, from);
    if (hit === -1) return null;
    for (let start = Math.max(from, hit - anchor.lookback); start <= hit; start++) {
      re.lastIndex = start;
      const m = re.exec(text);
      if (m !== null) return m;
    }
    from = hit + 1;
  }
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
