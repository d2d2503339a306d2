import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { percentile } from "./stats";

export interface FsyncLatency {
  p50Us: number;
  p99Us: number;
}

/** Raw durable-write cost on this filesystem: 4 KiB write + fdatasync, median and p99 in microseconds. */
export function fsyncLatency(dir: string, count = 200): FsyncLatency {
  const file = path.join(dir, "fsync-probe");
  const fd = fs.openSync(file, "w");
  const block = Buffer.alloc(4096, 1);
  const samples = new Float64Array(count);
  try {
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      fs.writeSync(fd, block, 0, block.length, (i % 64) * 4096);
      fs.fdatasyncSync(fd);
      samples[i] = (performance.now() - t) * 1000;
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  samples.sort();
  return { p50Us: percentile(samples, 0.5), p99Us: percentile(samples, 0.99) };
}
