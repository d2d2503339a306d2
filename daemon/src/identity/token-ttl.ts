import { PolicySet } from "../policy/layers";
import { parseDuration } from "./duration";

/** The most a token may live, whatever policy says. */
export const MAX_TOKEN_TTL_MS = 24 * 3_600_000;

/** The strictest `tokens.maxTtl` of the layers in force, never more than the built-in maximum. */
export function maxTokenTtl(set: PolicySet): number {
  return set.layers.reduce((max, l) => {
    const ttl = l.policy.tokens?.maxTtl;
    return ttl === undefined ? max : Math.min(max, parseDuration(ttl, `${l.file}: tokens.maxTtl`));
  }, MAX_TOKEN_TTL_MS);
}
