// Builds a Rule from a documented token format: a regex with bounded quantifiers
// (no nested unbounded repeats, so no catastrophic backtracking), an optional
// capture group holding the value, and an optional validator that can demote or
// drop a match (checksums, example markers). The regex is tried only at the
// occurrences of the rule's keywords (sticky), never across the whole text.
import { isPlaceholder } from "./not-secret";
import type { Confidence, RawMatch, Rule } from "./types";

export interface RegexRuleSpec {
  id: string;
  kind: string;
  /** Literals the match starts with (or contains, within `lookback`); see Rule.keywords. */
  keywords: readonly string[];
  /** Group `group` (default 0) is the reported value. Flags other than i/m/s are ignored. */
  pattern: RegExp;
  group?: number;
  confidence?: Confidence;
  /** Return the confidence to report, or undefined to drop the match. */
  validate?: (value: string, text: string, start: number) => Confidence | undefined;
  /** Skip the shared placeholder check (for formats whose body is fixed text). */
  allowPlaceholderWords?: boolean;
  /** Require that the match not continue a longer word on its left (default true). */
  wordStart?: boolean;
  /**
   * Most characters by which the match may start before its keyword (default 0:
   * the match starts with the keyword). Start positions are tried leftmost first.
   */
  lookback?: number;
}

export function regexRule(spec: RegexRuleSpec): Rule {
  const flags = spec.pattern.flags.replace(/[^ims]/g, "");
  const re = new RegExp(spec.pattern.source, `${flags}y`);
  const group = spec.group ?? 0;
  const lookback = spec.lookback ?? 0;
  const checkWordStart = group === 0 && spec.wordStart !== false;
  return {
    id: spec.id,
    kind: spec.kind,
    keywords: spec.keywords,
    find(text: string, hits: readonly number[]): RawMatch[] {
      const out: RawMatch[] = [];
      let done = 0;
      for (const hit of hits) {
        for (let start = Math.max(done, hit - lookback); start <= hit; start++) {
          // Rules that report a capture group match their own leading context.
          if (checkWordStart && isWordChar(text.charCodeAt(start - 1))) continue;
          re.lastIndex = start;
          const m = re.exec(text);
          if (m === null || m[0].length === 0) continue;
          done = start + m[0].length;
          const match = accept(spec, m, group, text);
          if (match !== undefined) out.push(match);
          break;
        }
      }
      return out;
    },
  };
}

function accept(spec: RegexRuleSpec, m: RegExpExecArray, group: number, text: string): RawMatch | undefined {
  const value = m[group];
  if (value === undefined || value.length === 0) return undefined;
  const start = m.index + (group === 0 ? 0 : m[0].indexOf(value));
  if (!spec.allowPlaceholderWords && isPlaceholder(value)) return undefined;
  const confidence = spec.validate ? spec.validate(value, text, start) : (spec.confidence ?? "high");
  if (confidence === undefined) return undefined;
  return { start, end: start + value.length, confidence };
}

export function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
