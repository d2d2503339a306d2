import { Severity } from "./classify";
import { Notification } from "./notification";

/**
 * OpenTelemetry logs over OTLP/HTTP with the JSON encoding (POST /v1/logs):
 * resourceLogs → scopeLogs → logRecords. In OTLP JSON, 64-bit integers
 * (timestamps, intValue) are strings, and enum fields are numbers.
 */

type AnyValue = { stringValue: string } | { intValue: string } | { arrayValue: { values: AnyValue[] } };
interface KeyValue {
  key: string;
  value: AnyValue;
}

/** Severity numbers from the logs data model: INFO2 = 10, WARN = 13, ERROR = 17. */
const SEVERITY: Record<Severity, { number: number; text: string }> = {
  notice: { number: 10, text: "INFO2" },
  warning: { number: 13, text: "WARN" },
  critical: { number: 17, text: "ERROR" },
};

export function otlpLogsBody(batch: readonly Notification[], meta: { version: string; hostname: string }) {
  const observed = nanos(new Date().toISOString());
  return {
    resourceLogs: [
      {
        resource: { attributes: [kv("service.name", "warden"), kv("service.version", meta.version), kv("host.name", meta.hostname)] },
        scopeLogs: [
          {
            scope: { name: "warden.notify", version: meta.version },
            logRecords: batch.map((n) => ({
              timeUnixNano: nanos(n.ts),
              observedTimeUnixNano: observed,
              severityNumber: SEVERITY[n.severity].number,
              severityText: SEVERITY[n.severity].text,
              body: { stringValue: n.summary },
              attributes: [
                kv("warden.notification.id", n.id),
                { key: "warden.seq", value: { intValue: String(n.seq) } },
                kv("warden.kind", n.kind),
                kv("warden.category", n.category),
                kv("warden.actor", n.actor),
                kv("warden.record.hash", n.record.hash),
                ...optional("warden.agent", n.agent),
                ...optional("warden.owner", n.recipients.owner),
                ...optional("warden.workspace", n.workspace),
                // Attribute keys are unique within a record: the channels go as one array.
                { key: "warden.channels", value: { arrayValue: { values: n.recipients.channels.map((c) => ({ stringValue: c })) } } },
                kv("warden.event", JSON.stringify(n.payload)),
              ],
            })),
          },
        ],
      },
    ],
  };
}

function kv(key: string, value: string): KeyValue {
  return { key, value: { stringValue: value } };
}

function optional(key: string, value: string | null): KeyValue[] {
  return value === null ? [] : [kv(key, value)];
}

/** ISO time (millisecond precision) as Unix nanoseconds, exactly (BigInt: past 2^53). */
function nanos(iso: string): string {
  return (BigInt(Date.parse(iso)) * 1_000_000n).toString();
}
