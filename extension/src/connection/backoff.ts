/**
 * Reconnection delays: doubling from `initialMs` up to `maxMs`, with up to 20 %
 * jitter so that several windows do not reconnect in lock step after a restart.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, random: Math.random };

export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {}

  /** The delay before the next attempt; each call lengthens the following one. */
  next(): number {
    const base = Math.min(this.options.maxMs, this.options.initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(base * (1 - 0.2 * this.options.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
