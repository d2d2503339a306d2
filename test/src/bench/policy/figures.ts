/** Latency summaries with the tail the policy bench reports (p99.9), and decision tallies. */
import { fmt, percentile } from "../stats";

export interface Tail {
  count: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
}

export function tail(samples: Float64Array | readonly number[]): Tail {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const s of sorted) sum += s;
  return {
    count: sorted.length,
    meanUs: sorted.length > 0 ? sum / sorted.length : Number.NaN,
    p50Us: percentile(sorted, 0.5),
    p99Us: percentile(sorted, 0.99),
    p999Us: percentile(sorted, 0.999),
    maxUs: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export function tailText(t: Tail): string {
  return `p50 ${us(t.p50Us)}  p99 ${us(t.p99Us)}  p99.9 ${us(t.p999Us)}  max ${us(t.maxUs)}  mean ${us(t.meanUs)}  (n=${fmt(t.count)})`;
}

export function us(v: number): string {
  return `${fmt(v, v < 100 ? 1 : 0)} µs`;
}

/** How many of each decision (allow, allow+log, ask, deny). */
export type Tally = Map<string, number>;

export function count(tally: Tally, decision: string): void {
  tally.set(decision, (tally.get(decision) ?? 0) + 1);
}

export function tallyText(tally: Tally): string {
  const total = [...tally.values()].reduce((a, b) => a + b, 0);
  return ["allow", "allow+log", "ask", "deny"]
    .filter((d) => tally.has(d))
    .map((d) => {
      const n = tally.get(d) ?? 0;
      return `${d} ${fmt(n)} (${fmt((100 * n) / Math.max(1, total), 1)}%)`;
    })
    .join(", ");
}
