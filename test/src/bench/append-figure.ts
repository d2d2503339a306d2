/** One append measurement, whichever path wrote the rows. */
export interface AppendFigure {
  events: number;
  /** Protocol requests sent; 0 for the patterns that write in this process. */
  requests: number;
  seconds: number;
  eventsPerSec: number;
  /** Distinct timestamps among the rows written: each commit stamps one, so this is a lower bound on commits. */
  commitsAtLeast: number;
  /** CPU seconds used meanwhile by the daemon and by this (client) process; null where not measurable. */
  daemonCpuSeconds: number | null;
  clientCpuSeconds: number | null;
}
