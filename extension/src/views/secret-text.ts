import { SecretBinding, SecretInfo } from "../../../protocol/src/secrets-methods";

/** "just now", "5 min ago", "3 h ago", "2 d ago". */
export function agoText(iso: string, now: Date): string {
  const min = Math.round((now.getTime() - Date.parse(iso)) / 60_000);
  if (min < 1) return "just now";
  if (min < 90) return `${min} min ago`;
  const h = Math.round(min / 60);
  return h < 48 ? `${h} h ago` : `${Math.round(h / 24)} d ago`;
}

/** "used 3× · last 2 h ago by builder", or "never used". */
export function usageText(s: SecretInfo, now: Date): string {
  if (s.lastUsedAt === null) return "never used";
  return `used ${s.uses}× · last ${agoText(s.lastUsedAt, now)}${s.lastUsedBy !== null ? ` by ${s.lastUsedBy}` : ""}`;
}

/** One binding as a line: where the secret may go, how it is put in, and for whom. */
export function bindingText(b: SecretBinding): string {
  const a = b.apply;
  const apply = a === undefined || "inline" in a ? "inline" : "header" in a ? `header ${a.header}` : "basic" in a ? `Basic as ${a.basic.user}` : `git as ${a.gitCredential.username}`;
  const scheme = b.schemes !== undefined && b.schemes.includes("http") ? " (http allowed)" : "";
  const who = [b.agents !== undefined ? `agents ${b.agents.join(", ")}` : null, b.roles !== undefined ? `roles ${b.roles.join(", ")}` : null].filter((x) => x !== null);
  return `${b.hosts.join(", ")}${scheme} · ${apply}${who.length > 0 ? ` · ${who.join(" · ")}` : ""}`;
}
