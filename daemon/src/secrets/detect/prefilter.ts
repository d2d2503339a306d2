// Which rule keywords occur in a text, found in one regex pass over the lower-cased
// text instead of one `includes` per keyword: with ~100 keywords, most absent,
// per-keyword scans read a 64 KiB file ~100 times and dominated the run time.
import type { Rule } from "./types";

// Keywords this short occur in almost any text; `includes` finds them at once.
const SHORT = 2;

export class KeywordPrefilter {
  private readonly combined: RegExp;
  private readonly short: readonly string[];

  constructor(rules: readonly Rule[]) {
    const all = [...new Set(rules.flatMap((r) => r.keywords))];
    this.short = all.filter((k) => k.length <= SHORT);
    const long = all.filter((k) => k.length > SHORT).sort((a, b) => b.length - a.length);
    this.combined = new RegExp(long.map(escape).join("|") || "(?!)", "g");
  }

  /** The keywords present in `lower` (the text, lower-cased). */
  present(lower: string): Set<string> {
    const found = new Set<string>();
    for (const k of this.short) if (lower.includes(k)) found.add(k);
    const re = new RegExp(this.combined.source, "g");
    for (let m = re.exec(lower); m !== null; m = re.exec(lower)) {
      found.add(m[0]);
      // Step one character, not past the match, so a keyword overlapping a longer one is still seen.
      re.lastIndex = m.index + 1;
    }
    return found;
  }
}

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
