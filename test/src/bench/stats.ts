/** Number formatting, ratios and order statistics for the printed figures. */

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ratio(a: number, b: number): number {
  return b > 0 ? a / b : Number.NaN;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] ?? Number.NaN;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
}

export interface Latency {
  count: number;
  p50Us: number;
  p99Us: number;
  meanUs: number;
}

export function summarize(samples: Float64Array): Latency {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const s of sorted) sum += s;
  return { count: sorted.length, p50Us: percentile(sorted, 0.5), p99Us: percentile(sorted, 0.99), meanUs: sum / sorted.length };
}
