import { z } from "zod";
import { workspacePath } from "./agents";
import { MAX_SHORT_STRING } from "./limits";

/**
 * Monitoring: high-risk events leave the machine for the destinations policy names
 * (a signed webhook, syslog, OpenTelemetry). Delivery is queued in the daemon's
 * database and retried; these methods show how it is going.
 */

/** What counts as high-risk, each a reason someone should look now. */
export const NOTIFY_CATEGORIES = ["protected-denial", "containment", "policy-loosening", "secret-use", "risky-approval", "test"] as const;
export const notifyCategory = z.enum(NOTIFY_CATEGORIES);
export type NotifyCategory = z.infer<typeof notifyCategory>;

const count = z.int().nonnegative();
const when = z.iso.datetime().nullable();
const text = z.string().max(MAX_SHORT_STRING);

/** Delivery summed over every destination: what `daemon/status` shows. */
export const notifyTotals = z.strictObject({
  /** Queued and not yet delivered. */
  pending: count,
  /** Pending after at least one failed attempt: someone should look. */
  failing: count,
  delivered: count,
  oldestPendingAt: when,
  lastError: text.nullable(),
  lastErrorAt: when,
});
export type NotifyTotals = z.infer<typeof notifyTotals>;

export const notifyDestinationStatus = z.strictObject({
  /** Stable key of the destination's settings (a changed URL is a new destination). */
  key: text,
  /** The destination's id in the policy. */
  name: text,
  type: z.enum(["webhook", "syslog", "otlp"]),
  /** Where it goes: a URL, or `udp://host:port` / `tcp://host:port`. */
  target: text,
  pending: count,
  failing: count,
  delivered: count,
  /** Most attempts any pending notification has had. */
  attempts: count,
  lastError: text.nullable(),
  lastErrorAt: when,
  lastDeliveredAt: when,
  nextAttemptAt: when,
  oldestPendingAt: when,
});
export type NotifyDestinationStatus = z.infer<typeof notifyDestinationStatus>;

export const notifyMethods = {
  /** Human (CLI `warden notify status`, extension): delivery per destination, failing ones first. */
  "notify/status": {
    params: z.strictObject({}),
    result: z.strictObject({ totals: notifyTotals, destinations: z.array(notifyDestinationStatus) }),
  },
  /**
   * Human (`warden notify test`): record a test event in the workspace, which goes
   * through the same queue to every destination its policy names, so a setup can
   * be checked end to end. `queued` is how many deliveries it made.
   */
  "notify/test": {
    params: z.strictObject({ workspace: workspacePath, message: z.string().max(1024).optional() }),
    result: z.strictObject({ seq: z.int().positive(), queued: count }),
  },
} as const;

export const NOTIFY_ACCESS = {
  "notify/status": "human",
  "notify/test": "human",
} as const;
