import { AuditRecord } from "../../../protocol/src/audit";
import { JsonValue } from "../../../protocol/src/json";
import { NotifyCategory } from "../../../protocol/src/notify-methods";
import { maskSecrets } from "../mediation/mask-secrets";
import { Classified, Severity } from "./classify";

/**
 * What a destination receives for one high-risk event. Built once when the event is
 * queued, so every retry sends the same thing; `id` stays the same across retries,
 * so a receiver can drop a delivery it has already seen.
 */
export interface Notification {
  id: string;
  seq: number;
  ts: string;
  kind: string;
  category: NotifyCategory;
  severity: Severity;
  summary: string;
  workspace: string | null;
  agent: string | null;
  actor: string;
  recipients: { owner: string | null; channels: string[] };
  /** The record's place in the hash chain, to check the event against the log. */
  record: { seq: number; hash: string; prevHash: string };
  /** The record's payload with secrets masked; null when it was too large to send. */
  payload: JsonValue;
  payloadOmitted: boolean;
}

/** Longest serialized payload sent: events travel as syslog datagrams too. */
const MAX_PAYLOAD_BYTES = 4096;
/** Longest string kept inside a payload. */
const MAX_STRING = 1024;

export function buildNotification(record: AuditRecord, c: Classified, destKey: string, recipients: Notification["recipients"]): Notification {
  const payload = maskJson(record.payload);
  const tooLarge = Buffer.byteLength(JSON.stringify(payload)) > MAX_PAYLOAD_BYTES;
  return {
    id: `ntf_${record.seq}_${destKey}`,
    seq: record.seq,
    ts: record.ts,
    kind: record.kind,
    category: c.category,
    severity: c.severity,
    summary: c.summary,
    workspace: record.workspace,
    agent: c.agent,
    actor: `${record.actor.type}:${record.actor.id}`,
    recipients,
    record: { seq: record.seq, hash: record.hash, prevHash: record.prevHash },
    payload: tooLarge ? null : payload,
    payloadOmitted: tooLarge,
  };
}

/**
 * Every string in the payload with detected secrets masked and cut. String by
 * string rather than over the serialized text, so a mask can never break the JSON.
 * Payloads are depth-bounded (MAX_JSON_DEPTH) when they enter the log.
 */
export function maskJson(value: JsonValue): JsonValue {
  if (typeof value === "string") return maskSecrets(value, MAX_STRING).text;
  if (Array.isArray(value)) return value.map(maskJson);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskJson(v)]));
  return value;
}
