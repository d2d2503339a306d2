// Offset → 1-based line/column, with the newline table built once per scan and
// looked up by binary search, so many findings in a large file stay cheap.

export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    let at = this.text.indexOf("\n");
    while (at !== -1) {
      starts.push(at + 1);
      at = this.text.indexOf("\n", at + 1);
    }
    this.starts = starts;
    return starts;
  }
}
