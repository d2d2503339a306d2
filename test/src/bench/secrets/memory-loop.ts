// A long-running scanner must not grow: 10,000 scans in one process, with RSS and
// heap printed at the start, middle and end (after a forced GC when available).
import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import { fmt } from "../stats";

export interface LoopFigures {
  scanner: string;
  scans: number;
  seconds: number;
  rss: [number, number, number];
  heap: [number, number, number];
}

const MIB = 1024 * 1024;

// Expose the collector without a command-line flag (the npm script runs plain
// `node`), so every sample is taken after a full collection.
v8.setFlagsFromString("--expose-gc");
const gc: unknown = vm.runInNewContext("gc");

function sample(): { rss: number; heap: number } {
  if (typeof gc === "function") Reflect.apply(gc, undefined, []);
  const m = process.memoryUsage();
  return { rss: m.rss / MIB, heap: m.heapUsed / MIB };
}

export async function memoryLoop(scanner: string, scans: number, inputs: readonly string[], scan: (text: string) => unknown): Promise<LoopFigures> {
  const marks: Array<{ rss: number; heap: number }> = [];
  // Warm-up: compiled code, regex caches and reused buffers are not growth.
  for (let i = 0; i < Math.min(200, scans); i++) await scan(inputs[i % inputs.length] ?? "");
  const started = performance.now();
  marks.push(sample());
  for (let i = 0; i < scans; i++) {
    await scan(inputs[i % inputs.length] ?? "");
    if (i === Math.floor(scans / 2)) marks.push(sample());
  }
  marks.push(sample());
  const [a, b, c] = marks;
  if (a === undefined || b === undefined || c === undefined) throw new Error("memory samples missing");
  return { scanner, scans, seconds: (performance.now() - started) / 1000, rss: [a.rss, b.rss, c.rss], heap: [a.heap, b.heap, c.heap] };
}

export function printLoops(loops: readonly LoopFigures[]): void {
  console.log(`\nlong-running loop: scans of corpus rows in one process (MiB; ${typeof gc === "function" ? "full GC before each sample" : "no GC available: figures include garbage"})`);
  console.table(
    loops.map((l) => ({
      scanner: l.scanner,
      scans: l.scans,
      seconds: fmt(l.seconds, 2),
      "RSS start": fmt(l.rss[0], 1),
      "RSS middle": fmt(l.rss[1], 1),
      "RSS end": fmt(l.rss[2], 1),
      "heap start": fmt(l.heap[0], 1),
      "heap middle": fmt(l.heap[1], 1),
      "heap end": fmt(l.heap[2], 1),
    })),
  );
}
