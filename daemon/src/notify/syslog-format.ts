import { Severity } from "./classify";
import { Notification } from "./notification";

/**
 * RFC 5424 messages: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG`.
 * The structured data carries the fields a collector filters on; MSG is the whole
 * notification as JSON (UTF-8, so it starts with the BOM the RFC asks for).
 */

const FACILITIES = { user: 1, daemon: 3, auth: 4, authpriv: 10, local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23 } as const;
export type Facility = keyof typeof FACILITIES;

const SEVERITIES: Record<Severity, number> = { critical: 2, warning: 4, notice: 5 };

/**
 * SD-IDs with an `@` must name an IANA enterprise number. Warden has none yet;
 * 32473 is the number RFC 5612 reserves for documentation and examples, used
 * until one is registered. Collectors match on it, so it is one constant.
 */
export const SD_ID = "warden@32473";

const BOM = "\ufeff";

export interface SyslogHeader {
  facility: Facility;
  hostname: string;
  appName: string;
  procId: number;
}

export function formatSyslog(n: Notification, h: SyslogHeader): string {
  const pri = FACILITIES[h.facility] * 8 + SEVERITIES[n.severity];
  const params: Array<[string, string | number | null]> = [
    ["seq", n.seq],
    ["kind", n.kind],
    ["category", n.category],
    ["agent", n.agent],
    ["owner", n.recipients.owner],
    ["workspace", n.workspace],
    ["hash", n.record.hash],
    ["id", n.id],
  ];
  const sd = `[${SD_ID}${params
    .filter((p): p is [string, string | number] => p[1] !== null)
    .map(([k, v]) => ` ${k}="${escapeParam(String(v))}"`)
    .join("")}]`;
  return `<${pri}>1 ${n.ts} ${headerField(h.hostname, 255)} ${headerField(h.appName, 48)} ${h.procId} ${headerField(n.category, 32)} ${sd} ${BOM}${JSON.stringify(n)}`;
}

/** RFC 5424 §6.3.3: `"`, `\` and `]` are escaped inside a PARAM-VALUE. */
export function escapeParam(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** Header fields are printable US-ASCII without spaces, or the NILVALUE `-`. */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^!-~]/g, "").slice(0, max);
  return clean === "" ? "-" : clean;
}

/** RFC 6587 octet counting: the frame's length in bytes, a space, the frame. */
export function octetCounted(message: string): Buffer {
  const body = Buffer.from(message, "utf8");
  return Buffer.concat([Buffer.from(`${body.length} `, "ascii"), body]);
}
