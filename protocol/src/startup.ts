import { z } from "zod";
import { ERROR_CODES } from "./errors";

/**
 * Sent once by a daemon started in the background, over the IPC channel to the
 * `warden daemon start` that spawned it: ready (clients can connect now) or failed
 * (with the typed error), so the CLI can report the real cause.
 */
export const startupMessage = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("ready"), pid: z.int().positive() }),
  z.strictObject({ type: z.literal("failed"), code: z.enum(ERROR_CODES), message: z.string() }),
]);
export type StartupMessage = z.infer<typeof startupMessage>;
