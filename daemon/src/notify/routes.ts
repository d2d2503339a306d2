import { createHash } from "node:crypto";
import { NotifyCategory } from "../../../protocol/src/notify-methods";
import { PolicySet } from "../policy/layers";
import { NotifyDestination } from "./notify-policy";

export interface Retry {
  initialMs: number;
  maxMs: number;
}

/** Where one workspace's high-risk events go, merged over its policy layers. */
export interface Routes {
  destinations: Array<{ key: string; spec: NotifyDestination }>;
  /** Name the agent's owner as a recipient. */
  owner: boolean;
  channels: string[];
  retry: Retry;
}

export const DEFAULT_RETRY: Retry = { initialMs: 1000, maxMs: 600_000 };

/**
 * Every layer's destinations count (managed, workspace and user alike): a lower
 * layer can add someone who is told, never silence one a higher layer named. The
 * same destination named twice is delivered once.
 */
export function routesFor(set: PolicySet): Routes {
  const destinations = new Map<string, NotifyDestination>();
  const channels = new Set<string>();
  let owner = false;
  let retry: Retry | null = null;
  for (const layer of set.layers) {
    const n = layer.policy.notify;
    if (n === undefined) continue;
    if (n.owner !== false) owner = true;
    if (n.channel !== undefined) channels.add(n.channel);
    // The highest layer that sets retry timing decides it.
    if (retry === null && n.retry !== undefined) retry = { initialMs: n.retry.initialMs ?? DEFAULT_RETRY.initialMs, maxMs: n.retry.maxMs ?? DEFAULT_RETRY.maxMs };
    for (const d of n.destinations) {
      const key = destinationKey(d);
      if (!destinations.has(key)) destinations.set(key, d);
    }
  }
  return { destinations: [...destinations].map(([key, spec]) => ({ key, spec })), owner, channels: [...channels], retry: retry ?? DEFAULT_RETRY };
}

/** A destination with no `categories` takes every category (the test one included). */
export function wants(spec: NotifyDestination, category: NotifyCategory): boolean {
  return category === "test" || spec.categories === undefined || spec.categories.includes(category);
}

/** Identifies where and how events are sent (not which ones): a changed URL or key file is a new destination. */
export function destinationKey(d: NotifyDestination): string {
  const how =
    d.type === "webhook"
      ? [d.type, d.url, d.signingKeyFile]
      : d.type === "syslog"
        ? [d.type, d.transport, d.host, d.port, d.facility ?? "", d.appName ?? ""]
        : [d.type, d.endpoint];
  return createHash("sha256").update(JSON.stringify(how)).digest("hex").slice(0, 16);
}

/** Where a destination sends, for status lines (never a key). */
export function describeTarget(d: NotifyDestination): string {
  if (d.type === "syslog") return `${d.transport}://${d.host.includes(":") ? `[${d.host}]` : d.host}:${d.port}`;
  const url = new URL(d.type === "webhook" ? d.url : d.endpoint);
  // Attack: credentials in a URL (https://user:pass@…) shown in a status line or log.
  url.username = "";
  url.password = "";
  return url.href;
}
