import { PatternSet, Region } from "./pattern-set";

/**
 * Redacts a byte stream whose chunks may split a secret anywhere. It holds back
 * the last (longest pattern − 1) bytes of each chunk, since a match that starts
 * there may end in the next one; everything before is final. A match that began
 * in an emitted part and runs on into the held-back bytes is remembered as
 * covered, so its end is never let through either. Memory stays bounded by the
 * longest pattern whatever the stream holds.
 */
export class StreamRedactor {
  private tail: Buffer = Buffer.alloc(0);
  private covered = 0;

  constructor(private readonly set: PatternSet) {}

  /** The redacted bytes that are final now (possibly none). */
  push(chunk: Buffer): Buffer {
    if (this.set.empty) return chunk;
    const buf = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    const cut = buf.length - (this.set.maxLength - 1);
    if (cut <= 0) {
      this.tail = Buffer.from(buf);
      return Buffer.alloc(0);
    }
    const regions = this.set.regions(buf, this.covered).filter((r) => r.start < cut);
    const last = regions[regions.length - 1];
    const out = render(buf, regions, cut);
    this.covered = last !== undefined && last.end > cut ? last.end - cut : 0;
    // A copy: the caller may reuse its chunk's memory.
    this.tail = Buffer.from(buf.subarray(cut));
    return out;
  }

  /** The rest, redacted; the stream is done. */
  end(): Buffer {
    if (this.set.empty) return Buffer.alloc(0);
    const buf = this.tail;
    const out = render(buf, this.set.regions(buf, this.covered), buf.length);
    this.tail = Buffer.alloc(0);
    this.covered = 0;
    return out;
  }
}

/** Redacts one complete buffer. */
export function redactBuffer(set: PatternSet, buf: Buffer): Buffer {
  return set.empty ? buf : render(buf, set.regions(buf), buf.length);
}

/** `buf` up to `upTo` with each region replaced; a region may end past `upTo` (its whole span is replaced). */
function render(buf: Buffer, regions: readonly Region[], upTo: number): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const r of regions) {
    parts.push(buf.subarray(at, r.start), ...r.replacements);
    at = r.end;
  }
  if (at < upTo) parts.push(buf.subarray(at, upTo));
  return Buffer.concat(parts);
}
