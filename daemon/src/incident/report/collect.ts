import { AuditFilter, AuditRecord, VerifyReport } from "../../../../protocol/src/audit";
import { agentStatus } from "../../../../protocol/src/agents";
import { WardenError } from "../../../../protocol/src/errors";
import { IncidentReport } from "../../../../protocol/src/incident-methods";
import { AuditStore } from "../../audit/store";
import { ShellParser } from "../../policy/shell/types";
import { ReportBuilder } from "./builder";
import { fields, str } from "./entries";
import { summarise } from "./summary";

export interface ReportRequest {
  workspace: string;
  agent: string;
  /** ISO instant: only records from then on (identity facts are read from the whole log). */
  since: string | null;
  generator: string;
}

/** Records read per page; the event loop gets a turn between pages (the daemon keeps deciding). */
const PAGE = 1000;

/**
 * Builds the report from the audit log alone, so it works on the live database
 * (daemon) as on a read-only copy (CLI, evidence snapshot). The chain is verified
 * first and the result leads the report: a report from a log that does not verify
 * says so before anything else.
 */
export async function collectReport(store: AuditStore, verify: () => VerifyReport, req: ReportRequest, shell: ShellParser): Promise<IncidentReport> {
  const log = verify();
  const identity = await identityOf(store, req);
  if (identity.createdSeq === null && identity.seen === 0) {
    throw new WardenError("not_found", `the audit log has nothing about agent '${req.agent}' in ${req.workspace}; check the name and --workspace ('warden agent list --workspace DIR')`);
  }
  const builder = new ReportBuilder(req.agent, req.workspace, shell);
  await eachRecord(store, { workspace: req.workspace, ...(req.since !== null ? { since: req.since } : {}) }, (r) => builder.add(r));
  return {
    version: 1,
    generatedAt: new Date().toISOString(),
    generator: req.generator,
    agent: {
      name: req.agent,
      workspace: req.workspace,
      kind: identity.kind,
      owner: identity.owner,
      purpose: identity.purpose,
      role: identity.role,
      status: identity.status,
      statusReason: identity.statusReason,
      createdAt: identity.createdAt,
      createdBy: identity.createdBy,
    },
    period: { since: req.since, until: new Date().toISOString(), firstSeq: builder.firstSeq, lastSeq: builder.lastSeq },
    log,
    recordsExamined: builder.examined,
    truncated: builder.truncated,
    timeline: builder.timeline,
    summary: summarise(builder.timeline),
  };
}

interface Identity {
  kind: string | null;
  owner: string | null;
  purpose: string | null;
  role: string | null;
  status: IncidentReport["agent"]["status"];
  statusReason: string | null;
  createdAt: string | null;
  createdBy: string | null;
  createdSeq: number | null;
  /** Records by or about the agent seen in the identity pass. */
  seen: number;
}

/** Status changes, as the log records them, in order: the last one is the status. */
const STATUS_BY_KIND: Record<string, IncidentReport["agent"]["status"]> = {
  "agent.created": "active",
  "agent.suspended": "suspended",
  "agent.resumed": "active",
  "agent.revoked": "revoked",
  "agent.contained": "contained",
  "agent.restored": "active",
};

async function identityOf(store: AuditStore, req: ReportRequest): Promise<Identity> {
  const id: Identity = { kind: null, owner: null, purpose: null, role: null, status: "active", statusReason: null, createdAt: null, createdBy: null, createdSeq: null, seen: 0 };
  await eachRecord(store, { workspace: req.workspace, kinds: ["agent.*"] }, (r) => {
    const p = fields(r.payload);
    if (p["agent"] !== req.agent && !(r.actor.type === "agent" && r.actor.id === req.agent)) return;
    id.seen++;
    if (r.kind === "agent.created") {
      id.kind = str(p["kind"]);
      id.owner = str(p["owner"]);
      id.purpose = str(p["purpose"]);
      id.role = str(p["role"]);
      id.createdAt = r.ts;
      id.createdBy = `${r.actor.type}:${r.actor.id}`;
      id.createdSeq = r.seq;
    }
    const status = agentStatus.safeParse(STATUS_BY_KIND[r.kind]);
    if (status.success) {
      id.status = status.data;
      id.statusReason = str(p["reason"]);
    }
  });
  if (id.seen === 0) {
    // An agent with actions but no identity records in view (e.g. a trimmed copy): any record by it will do.
    const [any] = store.query({ workspace: req.workspace, actorType: "agent", actorId: req.agent }, 1, "asc");
    if (any !== undefined) id.seen = 1;
  }
  return id;
}

/** Every matching record, oldest first, a page at a time, yielding between pages. */
async function eachRecord(store: AuditStore, filter: AuditFilter, fn: (r: AuditRecord) => void): Promise<void> {
  let fromSeq = 1;
  for (;;) {
    const page = store.query({ ...filter, fromSeq }, PAGE, "asc");
    for (const r of page) fn(r);
    const last = page[page.length - 1];
    if (last === undefined || page.length < PAGE) return;
    fromSeq = last.seq + 1;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
