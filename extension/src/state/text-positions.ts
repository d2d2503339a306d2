/** A 0-based line and character (UTF-16 code units), as editors count them. */
export interface TextPosition {
  line: number;
  character: number;
}

/**
 * Offsets into a text as line/character positions. Built once per scanned text
 * (the detector answers in offsets), then each lookup is a binary search.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  positionAt(offset: number): TextPosition {
    const at = Math.min(Math.max(0, offset), this.text.length);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: at - (this.starts[lo] ?? 0) };
  }

  /** The text of the line `offset` is on, without its line break. */
  lineAt(offset: number): string {
    const { line } = this.positionAt(offset);
    const start = this.starts[line] ?? 0;
    const next = this.starts[line + 1];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, "");
  }
}
