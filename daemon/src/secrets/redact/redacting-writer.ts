import { AuditRecord } from "../../../../protocol/src/audit";
import { AuditStore, AuditJob, NewEvent } from "../../audit/store";
import { AuditWriter } from "../../audit/writer";
import { SecretRedactor } from "./redactor";

/**
 * The audit writer every part of the daemon uses, scrubbing each event's payload
 * of known secret values before it is hashed into the chain: a value that slips
 * into a decision, a result or an error is recorded as its reference, and what is
 * written is never rewritten later.
 */
export class RedactingAuditWriter extends AuditWriter {
  constructor(
    readonly redactor: SecretRedactor,
    store: AuditStore,
    headFile: string,
    onError: (err: unknown) => void,
  ) {
    super(store, headFile, onError);
  }

  override commit(job: AuditJob): Promise<AuditRecord[]> {
    const scrub = (events: readonly NewEvent[]): NewEvent[] => events.map((e) => ({ ...e, payload: this.redactor.scrubJson(e.payload) }));
    const { events } = job;
    return super.commit({ ...job, events: typeof events === "function" ? () => scrub(events()) : scrub(events) });
  }
}
