/** Bytes kept of each of a command's stdout and stderr. */
export const MAX_STREAM_BYTES = 1024 * 1024;

/**
 * Collects a stream up to a cap and counts the rest, so a command that prints
 * without end costs bounded memory and the agent is told what was cut.
 */
export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;

  constructor(private readonly cap: number = MAX_STREAM_BYTES) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const room = this.cap - this.kept;
    if (room <= 0) return;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.chunks.push(part);
    this.kept += part.length;
  }

  get totalBytes(): number {
    return this.total;
  }

  get truncated(): boolean {
    return this.total > this.kept;
  }

  /** The kept text, with a note when something was cut. */
  text(): string {
    const body = Buffer.concat(this.chunks).toString("utf8");
    return this.truncated ? `${body}\n[output truncated: ${this.total} bytes, the first ${this.kept} shown]` : body;
  }
}
