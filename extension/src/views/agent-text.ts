import { AgentInfo } from "../../../protocol/src/agents";
import { TokenInfo } from "../../../protocol/src/methods";

/** When the first of the active tokens runs out, or null when none is active. */
export function soonestExpiry(tokens: readonly TokenInfo[]): string | null {
  const active = tokens.filter((t) => t.state === "active").map((t) => t.expiresAt);
  active.sort();
  return active[0] ?? null;
}

/** "in 42 min", "in 3 h", "expired". */
export function relativeTime(iso: string, now: Date): string {
  const ms = Date.parse(iso) - now.getTime();
  if (ms <= 0) return "expired";
  const min = Math.round(ms / 60_000);
  if (min < 1) return "in under a minute";
  if (min < 90) return `in ${min} min`;
  const h = Math.round(min / 60);
  return h < 48 ? `in ${h} h` : `in ${Math.round(h / 24)} d`;
}

/** What the Agents view says about one identity: a one-line description and a tooltip. */
export function describeAgent(agent: AgentInfo, tokens: readonly TokenInfo[], now: Date): { description: string; tooltip: string[] } {
  const expiry = soonestExpiry(tokens);
  const token = expiry === null ? "no active token" : `token expires ${relativeTime(expiry, now)}`;
  // A status that is not active comes first: the view is narrow, and "CONTAINED" must not be cut off.
  const status = agent.status === "active" ? "" : `${agent.status.toUpperCase()} · `;
  return {
    description: `${status}${agent.kind} · ${agent.role} · ${token}`,
    tooltip: [
      `${agent.name} (${agent.kind})`,
      `owner: ${agent.owner}`,
      `purpose: ${agent.purpose}`,
      `role: ${agent.role}`,
      `status: ${agent.status}${agent.statusReason !== null ? ` (${agent.statusReason})` : ""}`,
      `workspace: ${agent.workspace}`,
      `created: ${agent.createdAt} by ${agent.createdBy}`,
      `identity expires: ${agent.expiresAt ?? "never (until revoked)"}`,
      `active tokens: ${agent.activeTokens}${expiry !== null ? `, first expires ${expiry}` : ""}`,
    ],
  };
}
