import { z } from "zod";
import { decision } from "./actions";
import { approvalInfo, approvalScope, approvalStatus } from "./approvals";
import { auditRecord } from "./audit";

/**
 * The messages between the extension host and its webviews (the activity log and
 * the approval panel). Both sides validate what they receive with these schemas.
 *
 * Imports here are limited to browser-safe protocol files (no `ws`, no Node
 * built-ins) because the webview bundle includes this file.
 *
 * Shape: the webview says `ready` once its script runs (the host holds every
 * message until then); requests carry an id and always get a `response` or an
 * `error`; everything else the host sends is a notification.
 */

// ---------------------------------------------------------------- shared shapes

/** One line of the activity log: what the webview needs to draw, filter and search a row. */
export const activityRow = z.strictObject({
  seq: z.int().positive(),
  ts: z.string().max(64),
  /** The audit record's kind: action.decided, action.result, approval.requested, … */
  kind: z.string().max(128),
  agent: z.string().max(256).nullable(),
  decision: decision.nullable(),
  /** The first action's kind (file.write, shell.exec, …), null for records that are not about an action. */
  action: z.string().max(64).nullable(),
  target: z.string().max(1024),
  /** Why, in one line: the rule's reason, a result summary, an approval's status. */
  detail: z.string().max(1024),
  /** For results: did the tool succeed. */
  ok: z.boolean().nullable(),
});
export type ActivityRow = z.infer<typeof activityRow>;

/** The audit chain as last checked. */
export const chainState = z.discriminatedUnion("state", [
  z.strictObject({ state: z.literal("unknown") }),
  z.strictObject({ state: z.literal("verifying") }),
  z.strictObject({ state: z.literal("verified"), checked: z.int().nonnegative(), headSeq: z.int().nonnegative(), at: z.string(), durationMs: z.number() }),
  z.strictObject({ state: z.literal("broken"), firstBadSeq: z.int().nullable(), problem: z.string(), at: z.string() }),
  z.strictObject({ state: z.literal("error"), message: z.string() }),
]);
export type ChainState = z.infer<typeof chainState>;

export const connectionSummary = z.strictObject({
  state: z.enum(["connecting", "connected", "offline"]),
  detail: z.string().max(1024),
});
export type ConnectionSummary = z.infer<typeof connectionSummary>;

/**
 * Why an action was decided as it was: the `action.decided` record's decision,
 * rule, source and reason. `location` says where the rule is written when there
 * is a file to open (a policy file's line, or the built-in starter policy's).
 */
export const whyExplanation = z.strictObject({
  seq: z.int().positive(),
  agent: z.string().max(256).nullable(),
  action: z.string().max(64).nullable(),
  target: z.string().max(1024),
  decision: decision.nullable(),
  rule: z.string().max(1024).nullable(),
  /** As recorded: `file:line`, a policy file (its default decided), `builtin`, `builtin:starter-policy:N`, or null. */
  source: z.string().max(4096).nullable(),
  reason: z.string().max(4096),
  /** What the source link says ("policy.json:12", "starter policy, line 27"); null when there is nothing to open. */
  location: z.strictObject({ label: z.string().max(1024) }).nullable(),
});
export type WhyExplanation = z.infer<typeof whyExplanation>;

// ---------------------------------------------------------------- requests (webview → host → reply)

/**
 * Every request a webview can make, `area/verb` → [params, result]. The host's
 * handler table and the webview's `request()` are both typed from this map.
 */
export const webviewRequests = {
  /** Approval panel: the human's answer to the request the panel shows. */
  "approval/answer": {
    params: z.strictObject({ answer: z.enum(["approve", "deny"]), scope: approvalScope, reason: z.string().max(1024).optional() }),
    result: z.strictObject({ status: approvalStatus }),
  },
  /** Approval panel: open the write's before/after in VS Code's diff editor. */
  "approval/open-diff": {
    params: z.strictObject({}),
    result: z.strictObject({ opened: z.boolean() }),
  },
  /** Activity log: the whole audit record behind a row (clicked for detail). */
  "activity/detail": {
    params: z.strictObject({ seq: z.int().positive() }),
    result: z.strictObject({ record: auditRecord }),
  },
  /** Activity log: the human selected a row (null: none), so `Warden: Why?` from the palette explains that row. */
  "activity/select": {
    params: z.strictObject({ seq: z.int().positive().nullable() }),
    result: z.strictObject({}),
  },
  /** Activity log: why the decision in row `seq` was made (refused for rows that are not decisions). */
  "activity/why": {
    params: z.strictObject({ seq: z.int().positive() }),
    result: z.strictObject({ why: whyExplanation }),
  },
  /** Activity log: open the policy file at the line of the rule that decided row `seq` (the host re-reads the record: the webview names no path). */
  "activity/open-rule": {
    params: z.strictObject({ seq: z.int().positive() }),
    result: z.strictObject({ opened: z.boolean() }),
  },
  /** Activity log: check the audit chain now. */
  "activity/verify": {
    params: z.strictObject({}),
    result: z.strictObject({ chain: chainState }),
  },
} as const;

export type WebviewRequests = typeof webviewRequests;
export type WebviewMethod = keyof WebviewRequests;
export type WebviewParams<M extends WebviewMethod> = z.infer<WebviewRequests[M]["params"]>;
export type WebviewResult<M extends WebviewMethod> = z.infer<WebviewRequests[M]["result"]>;

/** The map seen through a mapped type, so a generic method name indexes its own schemas. */
export const webviewRequestSchemas: { [M in WebviewMethod]: { params: z.ZodType<WebviewParams<M>>; result: z.ZodType<WebviewResult<M>> } } = webviewRequests;

export function isWebviewMethod(value: string): value is WebviewMethod {
  return Object.prototype.hasOwnProperty.call(webviewRequests, value);
}

// ---------------------------------------------------------------- webview → host

export const webviewToHost = z.discriminatedUnion("type", [
  /** Sent once when the webview's script has run and it listens for messages. */
  z.strictObject({ type: z.literal("ready") }),
  /** A request; `params` is checked against the method's schema by the host. */
  z.strictObject({ type: z.literal("request"), id: z.int().nonnegative(), method: z.string().max(64), params: z.unknown() }),
]);
export type WebviewToHost = z.infer<typeof webviewToHost>;

// ---------------------------------------------------------------- host → webview

export const hostToWebview = z.discriminatedUnion("type", [
  /** The answer to request `id`; `result` is checked against the method's schema by the webview. */
  z.strictObject({ type: z.literal("response"), id: z.int().nonnegative(), result: z.unknown() }),
  /** Request `id` failed; `code` is a Warden error code or `webview_*`. */
  z.strictObject({ type: z.literal("error"), id: z.int().nonnegative(), error: z.strictObject({ code: z.string().max(64), message: z.string().max(4096) }) }),
  /** Activity log: replace everything shown (after `ready`, and after a reconnect that lost history). */
  z.strictObject({ type: z.literal("activity/reset"), rows: z.array(activityRow), done: z.boolean() }),
  /** Activity log: rows recorded since the last message, oldest first. */
  z.strictObject({ type: z.literal("activity/append"), rows: z.array(activityRow) }),
  /** Activity log: the audit chain's verified state changed. */
  z.strictObject({ type: z.literal("activity/chain"), chain: chainState }),
  /** Both: the daemon connection changed. */
  z.strictObject({ type: z.literal("connection"), connection: connectionSummary }),
  /** Approval panel: the request to show, and how many more wait behind it. */
  z.strictObject({ type: z.literal("approval/show"), approval: approvalInfo, waiting: z.int().nonnegative() }),
  /** Approval panel: the request was decided (here or elsewhere) or expired. */
  z.strictObject({ type: z.literal("approval/settled"), id: z.string(), status: approvalStatus.nullable(), by: z.string().nullable(), reason: z.string().nullable() }),
]);
export type HostToWebview = z.infer<typeof hostToWebview>;
export type HostNotification = Exclude<HostToWebview, { type: "response" | "error" }>;
