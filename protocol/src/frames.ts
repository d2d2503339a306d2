import { z } from "zod";
import { auditRecord } from "./audit";
import { WardenError } from "./errors";
import { MAX_FRAME_BYTES, MAX_SERVER_FRAME_BYTES, MAX_SHORT_STRING } from "./limits";

/**
 * The envelopes that travel over the socket. Requests and responses pair by `id`;
 * `event` frames carry records for a subscription; `notice` frames tell clients
 * about the daemon itself (it is shutting down, it hit a fatal error).
 */

const requestId = z.int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Client → daemon. `params` is validated against the method's own schema later. */
export const requestFrame = z.strictObject({
  type: z.literal("request"),
  id: requestId,
  method: z.string().max(128),
  params: z.unknown(),
});
export type RequestFrame = z.infer<typeof requestFrame>;

export const errorBody = z.strictObject({
  // Any short code is readable, so an error from a newer daemon still fails the
  // request it answers (as "internal" if this client does not know the code)
  // instead of being dropped and turning into a timeout.
  code: z.string().min(1).max(64),
  message: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});

/** Daemon → client: the answer to request `id`. `result` is validated per method. */
export const responseFrame = z.strictObject({
  type: z.literal("response"),
  id: requestId,
  result: z.unknown(),
});

/** Daemon → client: request `id` failed (id is null when the frame had no usable id). */
export const errorFrame = z.strictObject({
  type: z.literal("error"),
  id: requestId.nullable(),
  error: errorBody,
});

/** Daemon → client: a record for one of the client's subscriptions. */
export const eventFrame = z.strictObject({
  type: z.literal("event"),
  subscription: z.string().max(MAX_SHORT_STRING),
  record: auditRecord,
});

/** Daemon → client: about the daemon itself. */
export const noticeFrame = z.strictObject({
  type: z.literal("notice"),
  notice: z.enum(["shutdown", "fatal"]),
  reason: z.string(),
});

export const serverFrame = z.discriminatedUnion("type", [responseFrame, errorFrame, eventFrame, noticeFrame]);
export type ServerFrame = z.infer<typeof serverFrame>;
export type ErrorFrame = z.infer<typeof errorFrame>;

/** Parses raw text into JSON, refusing oversized input before parsing it. */
export function parseFrameJson(text: string, maxBytes: number = MAX_FRAME_BYTES): unknown {
  if (Buffer.byteLength(text, "utf8") > maxBytes) {
    throw new WardenError("frame_too_large", `frame exceeds ${maxBytes} bytes`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new WardenError("bad_frame", `frame is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Decodes one client frame; throws a typed error naming what is wrong. */
export function decodeRequestFrame(text: string): RequestFrame {
  const parsed = requestFrame.safeParse(parseFrameJson(text));
  if (!parsed.success) throw new WardenError("bad_frame", `bad request frame: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Decodes one daemon frame (client side). */
export function decodeServerFrame(text: string): ServerFrame {
  const parsed = serverFrame.safeParse(parseFrameJson(text, MAX_SERVER_FRAME_BYTES));
  if (!parsed.success) throw new WardenError("bad_frame", `bad frame from daemon: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** One line naming each failing field by its path, e.g. `events.0.kind: expected …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
}
