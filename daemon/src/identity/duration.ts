import { WardenError } from "../../../protocol/src/errors";

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s | 15m | 1h | 7d` → milliseconds; `what` names the input in errors. */
export function parseDuration(text: string, what: string): number {
  const match = /^(\d{1,6})([smhd])$/.exec(text);
  const ms = match === null ? NaN : Number(match[1]) * (UNIT_MS[match[2] ?? ""] ?? NaN);
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new WardenError("invalid_params", `${what} '${text}' is not a positive duration such as 15m, 1h or 7d`);
  }
  return ms;
}
