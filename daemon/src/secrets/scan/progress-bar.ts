// A one-line progress display on stderr for `warden scan` on large trees: only on
// a terminal (a pipe or a CI log gets no control characters), only once the scan
// has run long enough to be worth watching, redrawn at most ten times a second.

const SHOW_AFTER_MS = 400;
const MIN_REDRAW_MS = 100;
const WIDTH = 30;

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

export class ProgressBar {
  private readonly started: number;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  update(phase: "walk" | "scan", done: number, total: number): void {
    if (this.stream.isTTY !== true) return;
    const t = this.now();
    if (t - this.started < SHOW_AFTER_MS || (t - this.lastDraw < MIN_REDRAW_MS && done !== total)) return;
    this.lastDraw = t;
    this.drawn = true;
    const line = phase === "walk" ? `listing files… ${done}` : `${bar(done, total)} ${done}/${total} files`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 80) - 1)}\x1b[K`);
  }

  /** Clears the line so the report starts on a clean one. */
  done(): void {
    if (this.drawn) this.stream.write("\r\x1b[K");
  }
}

function bar(done: number, total: number): string {
  const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
  return `[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}]`;
}
