/**
 * The time token and identity expiry are judged against: the wall clock, except that
 * it never runs backwards. A clock set back (by anyone allowed to, an NTP step, a
 * restored VM snapshot) must not make an expired token valid again, so after a
 * backward jump this clock carries on from the latest time it has seen, at the pace
 * of the monotonic clock. Forward jumps are followed: expiring early fails closed.
 * `floorMs` carries the latest time across restarts (the newest audit record's time).
 */
export class TrustedClock {
  private latest: number;
  private latestAt: number;

  constructor(
    floorMs = 0,
    private readonly wall: () => number = () => Date.now(),
    private readonly monotonic: () => number = () => performance.now(),
  ) {
    this.latestAt = monotonic();
    this.latest = Math.max(floorMs, wall());
  }

  now(): Date {
    const wall = this.wall();
    const at = this.monotonic();
    const carried = this.latest + (at - this.latestAt);
    if (wall >= carried) {
      this.latest = wall;
      this.latestAt = at;
      return new Date(wall);
    }
    return new Date(carried);
  }
}
