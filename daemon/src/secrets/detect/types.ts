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
  /** 1-based line and column of `start`, and of `end` (just past the value). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
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
  /** Set by rules that report under more than one id (keyed-rule.ts); defaults to the rule's. */
  ruleId?: string;
}

export interface Rule {
  id: string;
  kind: string;
  /**
   * Literals of which at least one occurs wherever the rule can match; all-lower-case
   * ones match in any case, others exactly (2-character ones must not be folded
   * letters). anchor-scan.ts finds them all in one pass and the rule runs only if
   * one occurs, given where.
   */
  keywords: readonly string[];
  /** `hits`: start offsets of the rule's keywords in `text`, ascending. */
  find(text: string, hits: readonly number[], options: DetectOptions): RawMatch[];
}
