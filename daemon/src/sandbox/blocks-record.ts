import { JsonValue } from "../../../protocol/src/json";

const MAX_BLOCKS = 32;

/**
 * What a runner reported the sandbox stopped, as the audit record keeps it: at most
 * MAX_BLOCKS entries of a known kind with a bounded target. Anything else in the
 * report is dropped, never stored as sent (it comes from outside the daemon).
 */
export function sandboxBlocks(value: unknown): JsonValue[] {
  if (!Array.isArray(value)) return [];
  const out: JsonValue[] = [];
  for (const item of value.slice(0, MAX_BLOCKS)) {
    if (typeof item !== "object" || item === null) continue;
    const kind: unknown = Object.getOwnPropertyDescriptor(item, "kind")?.value;
    const target: unknown = Object.getOwnPropertyDescriptor(item, "target")?.value;
    if ((kind === "write" || kind === "read" || kind === "network") && typeof target === "string") out.push({ kind, target: target.slice(0, 4096) });
  }
  return out;
}
