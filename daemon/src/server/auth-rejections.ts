/**
 * Refused connections are security events and go to the audit log, but an attacker
 * must not be able to fill the disk by knocking: at most `perMinute` are recorded
 * each minute, and the next recorded one says how many were left out.
 */
export class RejectionLimiter {
  private windowStart = 0;
  private recorded = 0;
  private suppressed = 0;

  constructor(private readonly perMinute = 30) {}

  /** Returns the number suppressed since the last recorded one, or null to skip this one. */
  admit(now = Date.now()): number | null {
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.recorded = 0;
    }
    if (this.recorded >= this.perMinute) {
      this.suppressed++;
      return null;
    }
    this.recorded++;
    const left = this.suppressed;
    this.suppressed = 0;
    return left;
  }
}
