// Shared shapes of the secret detector. A rule reports raw spans; detect-secrets.ts
// turns them into Findings (line/column, masked preview) and resolves overlaps.

export type Confidence = "high" | "medium";

export interface Finding {
  /** Stable rule id, e.g. "github-token". */
  rule: string;
  /** What the value is, e.g. "github-token", "private-key", "generic-credential". */
  kind: string;
  /** UTF-16 offsets of the secret value in the input (end exclusive). */
  start: number;
  end: number;
  /** 1-based line and column of `start`. */
  line: number;
  column: number;
  /** Masked value: at most 4 leading characters, never the whole value. */
  preview: string;
  confidence: Confidence;
}

export interface DetectOptions {
  /** Used only to pick file-type hints (e.g. lockfiles); never read from disk. */
  fileName?: string;
}

export interface RawMatch {
  start: number;
  end: number;
  confidence: Confidence;
}

export interface Rule {
  id: string;
  kind: string;
  /**
   * Lower-case substrings of which at least one must occur in the text before the
   * rule runs: the cheap prefilter that keeps a MiB scan to a few regex passes.
   */
  keywords: readonly string[];
  find(text: string, lower: string, options: DetectOptions): RawMatch[];
}
