/** A tiny seeded PRNG (mulberry32) and helpers, so the policy bench's workload is the same on every run. */

export type Random = () => number;

/** Uniform in [0, 1), fully determined by `seed`. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates, in place; returns `items` for chaining. */
export function shuffle<T>(items: T[], rnd: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const a = items[i];
    const b = items[j];
    if (a === undefined || b === undefined) continue;
    items[i] = b;
    items[j] = a;
  }
  return items;
}

/** One element of a non-empty list. */
export function pick<T>(items: readonly T[], rnd: Random): T {
  const item = items[Math.floor(rnd() * items.length)];
  if (item === undefined) throw new Error("pick() from an empty list");
  return item;
}

/** The i-th element of a non-empty list, wrapping around. */
export function cycle<T>(items: readonly T[], i: number): T {
  const item = items[i % items.length];
  if (item === undefined) throw new Error("cycle() over an empty list");
  return item;
}
