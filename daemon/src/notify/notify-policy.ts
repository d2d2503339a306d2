import net from "node:net";
import path from "node:path";
import { z } from "zod";
import { NOTIFY_CATEGORIES, notifyCategory } from "../../../protocol/src/notify-methods";

/**
 * The `notify` section of a policy file: who hears about high-risk events and
 * where they are sent. Declared here, next to the code that delivers them, and
 * included in the policy file's one declaration.
 */

const destinationId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "destination ids are lower-case words joined by '-', '.' or '_'");
const categories = z
  .array(notifyCategory)
  .min(1)
  .optional()
  .describe(`which high-risk events go here (default all: ${NOTIFY_CATEGORIES.filter((c) => c !== "test").join(", ")})`);
const allowCleartext = z
  .boolean()
  .optional()
  .describe("send in cleartext to a host that is not this machine (file paths and commands would cross the network readable); off by default");

const webhook = z.strictObject({
  id: destinationId,
  type: z.literal("webhook"),
  url: z.url({ protocol: /^https?$/ }).describe("receives a POST of the event as JSON"),
  signingKeyFile: z
    .string()
    .refine((p) => path.isAbsolute(p), "signingKeyFile must be an absolute path")
    .describe("file holding the HMAC-SHA256 key (at least 32 bytes): owned by you, mode 0600, outside every workspace, e.g. in Warden's state directory"),
  categories,
  allowCleartext,
});

const syslog = z.strictObject({
  id: destinationId,
  type: z.literal("syslog"),
  transport: z.enum(["udp", "tcp"]).describe("udp: one datagram per event; tcp: octet-counted frames (RFC 6587)"),
  host: z.string().min(1).max(255),
  port: z.int().min(1).max(65535),
  facility: z.enum(["auth", "authpriv", "daemon", "user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"]).optional().describe("default authpriv"),
  appName: z.string().regex(/^[!-~]{1,48}$/, "APP-NAME is 1 to 48 printable ASCII characters").optional().describe("default warden"),
  categories,
  allowCleartext,
});

const otlp = z.strictObject({
  id: destinationId,
  type: z.literal("otlp"),
  endpoint: z.url({ protocol: /^https?$/ }).describe("the collector's OTLP/HTTP base URL, e.g. http://127.0.0.1:4318 (logs go to /v1/logs)"),
  categories,
  allowCleartext,
});

export const notifyDestination = z.discriminatedUnion("type", [webhook, syslog, otlp]).superRefine((d, ctx) => {
  // Attack: a policy that quietly streams the team's commands and paths across the network in the clear.
  const host = d.type === "syslog" ? d.host : new URL(d.type === "webhook" ? d.url : d.endpoint).hostname;
  const encrypted = d.type !== "syslog" && new URL(d.type === "webhook" ? d.url : d.endpoint).protocol === "https:";
  if (!encrypted && !isLoopback(host) && d.allowCleartext !== true) {
    ctx.addIssue({
      code: "custom",
      message: `destination '${d.id}' sends in cleartext to ${host}, which is not this machine: use https, a local collector, or set "allowCleartext": true`,
    });
  }
});
export type NotifyDestination = z.infer<typeof notifyDestination>;

export const notifyPolicy = z
  .strictObject({
    owner: z.boolean().optional().describe("name the agent's owner as a recipient of its events (default true)"),
    channel: z.string().min(1).max(256).optional().describe("the team channel receivers should route events to, e.g. \"#agent-incidents\""),
    retry: z
      .strictObject({
        initialMs: z.int().min(100).max(600_000).optional().describe("wait before the first retry (default 1000); doubles each time"),
        maxMs: z.int().min(1000).max(3_600_000).optional().describe("longest wait between retries (default 600000)"),
      })
      .optional(),
    destinations: z.array(notifyDestination).max(16).describe("where high-risk events are sent"),
  })
  .describe("who is told about high-risk events, and where they are sent")
  .superRefine((n, ctx) => {
    const seen = new Set<string>();
    for (const d of n.destinations) {
      if (seen.has(d.id)) ctx.addIssue({ code: "custom", message: `destination id '${d.id}' is used twice`, path: ["destinations"] });
      seen.add(d.id);
    }
  });
export type NotifyPolicy = z.infer<typeof notifyPolicy>;

/** 127.0.0.0/8, ::1 and localhost: the only hosts cleartext may go to by default. */
export function isLoopback(host: string): boolean {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === "localhost") return true;
  if (net.isIPv4(bare)) return bare.startsWith("127.");
  return net.isIPv6(bare) && /^(0*:)*:?0*1$/.test(bare);
}
