import { WardenError } from "../../../protocol/src/errors";

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s | 15m | 1h | 7d` → milliseconds, or null when `text` is not written that way. */
export function durationMs(text: string): number | null {
  const match = /^(\d{1,6})([smhd])$/.exec(text);
  const unit = match === null ? undefined : UNIT_MS[match[2] ?? ""];
  return match === null || unit === undefined ? null : Number(match[1]) * unit;
}

/** A positive duration in milliseconds; `what` names the input in errors. */
export function parseDuration(text: string, what: string): number {
  const ms = durationMs(text);
  if (ms === null || ms <= 0) {
    throw new WardenError("invalid_params", `${what} '${text}' is not a positive duration such as 15m, 1h or 7d`);
  }
  return ms;
}
