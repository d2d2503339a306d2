import { NotifyPolicy } from "./notify-policy";

/**
 * Changes to a layer's `notify` section that must wait for a human, for the policy
 * manager's loosening check (policy/loosening.ts). Both directions count: a new or
 * changed destination sends the team's paths and commands somewhere new (data
 * leaving the machine); a removed destination, a narrowed category list or a
 * dropped owner/channel silences monitoring. Only an identical section is no news.
 */
export function notifyChanges(where: string, before: NotifyPolicy | undefined, after: NotifyPolicy | undefined): string[] {
  if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) return [];
  const ids = (n: NotifyPolicy | undefined) => new Map((n?.destinations ?? []).map((d) => [d.id, JSON.stringify(d)]));
  const old = ids(before);
  const now = ids(after);
  const changes: string[] = [];
  for (const [id, spec] of now) {
    const was = old.get(id);
    if (was === undefined) changes.push(`${where}: new notify destination '${id}'`);
    else if (was !== spec) changes.push(`${where}: notify destination '${id}' changed`);
  }
  for (const id of old.keys()) if (!now.has(id)) changes.push(`${where}: notify destination '${id}' removed`);
  if (changes.length === 0) changes.push(`${where}: notify recipients or retry changed`);
  return changes;
}
