import { secretForms } from "./encodings";

/** One spelling of one secret, and what stands in its place. */
export interface Pattern {
  bytes: Buffer;
  text: string;
  replacement: Buffer;
}

/** A stretch of bytes to replace: overlapping matches are merged, so no fragment of either survives. */
export interface Region {
  start: number;
  end: number;
  /** Distinct replacements of the matches inside (empty for a stretch already replaced). */
  replacements: Buffer[];
}

/**
 * Every known secret in every spelling, searched as bytes. Immutable: adding a
 * secret builds a new set, so a stream keeps a consistent view of the one it
 * started with.
 */
export class PatternSet {
  readonly patterns: readonly Pattern[];
  /** Longest pattern in bytes: a stream holds back one byte less than this. */
  readonly maxLength: number;

  constructor(secrets: ReadonlyMap<string, ReadonlySet<string>>) {
    const patterns: Pattern[] = [];
    for (const [name, values] of secrets) {
      for (const value of values) {
        for (const f of secretForms(value)) {
          const shown = f.form === "raw" ? `\${secret:${name}}` : `[redacted secret:${name} as ${f.form}]`;
          patterns.push({ bytes: Buffer.from(f.text, "utf8"), text: f.text, replacement: Buffer.from(shown, "utf8") });
        }
      }
    }
    this.patterns = patterns;
    this.maxLength = patterns.reduce((m, p) => Math.max(m, p.bytes.length), 0);
  }

  get empty(): boolean {
    return this.patterns.length === 0;
  }

  /** Cheap test on text before any byte work: does any spelling occur at all? */
  occursIn(text: string): boolean {
    return this.patterns.some((p) => text.includes(p.text));
  }

  /**
   * Every match in `buf`, merged into disjoint regions in order. `covered` bytes at
   * the start are already replaced (by an earlier chunk) and join any match that
   * overlaps them.
   */
  regions(buf: Buffer, covered = 0): Region[] {
    const found: Array<{ start: number; end: number; replacement: Buffer | null }> = covered > 0 ? [{ start: 0, end: covered, replacement: null }] : [];
    for (const p of this.patterns) {
      for (let at = buf.indexOf(p.bytes); at >= 0; at = buf.indexOf(p.bytes, at + 1)) {
        found.push({ start: at, end: at + p.bytes.length, replacement: p.replacement });
      }
    }
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const regions: Region[] = [];
    for (const m of found) {
      const last = regions[regions.length - 1];
      if (last !== undefined && m.start < last.end) {
        last.end = Math.max(last.end, m.end);
        if (m.replacement !== null && !last.replacements.some((r) => r.equals(m.replacement ?? r))) last.replacements.push(m.replacement);
      } else {
        regions.push({ start: m.start, end: m.end, replacements: m.replacement === null ? [] : [m.replacement] });
      }
    }
    return regions;
  }
}
