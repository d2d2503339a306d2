import { z } from "zod";
import { MAX_JSON_DEPTH } from "./limits";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * True when `value` is plain JSON no deeper than `maxDepth`. Iterative, so a
 * hostile, deeply nested payload cannot exhaust the stack of whoever checks it.
 */
export function isBoundedJson(value: unknown, maxDepth = MAX_JSON_DEPTH): value is JsonValue {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop();
    if (top === undefined) break;
    const { v, depth } = top;
    if (v === null || typeof v === "boolean" || typeof v === "string") continue;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return false;
      continue;
    }
    if (typeof v !== "object" || depth >= maxDepth) return false;
    if (Array.isArray(v)) {
      // Index by index, so a sparse array (one element at index 1e9) fails at the
      // first hole instead of costing time and memory in proportion to its length.
      for (let i = 0; i < v.length; i++) {
        if (!Object.prototype.hasOwnProperty.call(v, i)) return false;
        stack.push({ v: v[i], depth: depth + 1 });
      }
      continue;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
    for (const item of Object.values(v)) stack.push({ v: item, depth: depth + 1 });
  }
  return true;
}

export const jsonValue = z.custom<JsonValue>((v) => isBoundedJson(v), {
  message: `expected JSON nested at most ${MAX_JSON_DEPTH} levels deep`,
});
