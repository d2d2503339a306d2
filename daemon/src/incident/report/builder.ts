import { AuditRecord } from "../../../../protocol/src/audit";
import { MAX_REPORT_ENTRIES, ReportEntry } from "../../../../protocol/src/incident-methods";
import { ShellParser } from "../../policy/shell/types";
import { ActedEntry, decidedEntries, fields, masked, str } from "./entries";
import { identityEntry } from "./identity";

type ApprovalEntry = Extract<ReportEntry, { type: "approval" }>;
const MAX_RESULT_SUMMARY = 200;

/**
 * Folds one agent's audit records, oldest first, into a timeline. Results are
 * joined to the decisions they follow: the broker names the decision's seq, the
 * agent's own tools are joined by their tool_use_id. Approvals are joined by id,
 * so the entry shows who answered and how.
 */
export class ReportBuilder {
  readonly timeline: ReportEntry[] = [];
  truncated = false;
  examined = 0;
  firstSeq: number | null = null;
  lastSeq: number | null = null;
  private readonly bySeq = new Map<number, ActedEntry[]>();
  private readonly byToolUse = new Map<string, ActedEntry[]>();
  private readonly approvals = new Map<string, ApprovalEntry>();
  private readonly tokens = new Set<string>();

  constructor(
    private readonly agent: string,
    private readonly workspace: string,
    private readonly shell: ShellParser,
  ) {}

  /** Is this record about the agent: done by it, or naming it (approvals, identity changes, its tokens)? */
  concerns(r: AuditRecord): boolean {
    if (r.workspace !== this.workspace) return false;
    if (r.actor.type === "agent") return r.actor.id === this.agent;
    const p = fields(r.payload);
    if (p["agent"] === this.agent) return true;
    return r.kind === "token.revoked" && typeof p["tokenId"] === "string" && this.tokens.has(p["tokenId"]);
  }

  add(r: AuditRecord): void {
    if (!this.concerns(r)) return;
    this.examined++;
    this.firstSeq ??= r.seq;
    this.lastSeq = r.seq;
    const p = fields(r.payload);
    switch (r.kind) {
      case "action.decided": {
        const entries = decidedEntries(r, this.workspace, this.shell);
        const acted = entries.filter((e): e is ActedEntry => e.type !== "secret" && e.type !== "approval" && e.type !== "identity");
        this.bySeq.set(r.seq, acted);
        const toolUse = str(p["toolUseId"]);
        if (toolUse !== null) this.byToolUse.set(toolUse, acted);
        this.push(...entries);
        return;
      }
      case "action.result":
        return this.result(r, p);
      case "approval.requested": {
        const id = str(p["id"]) ?? "?";
        const entry: ApprovalEntry = {
          type: "approval",
          seq: r.seq,
          ts: r.ts,
          id,
          action: str(p["action"]) ?? "?",
          target: masked(str(p["target"]) ?? ""),
          summary: masked(str(p["summary"]) ?? ""),
          rule: str(p["rule"]),
          status: "pending",
          answeredBy: null,
          answeredSeq: null,
          answeredAt: null,
          scope: null,
          reason: null,
        };
        this.approvals.set(id, entry);
        this.push(entry);
        return;
      }
      case "approval.answered":
      case "approval.expired":
        return this.answer(r, p);
      case "secret.use":
        this.push({ type: "secret", seq: r.seq, ts: r.ts, name: str(p["name"]) ?? str(p["secret"]) ?? "?", target: masked(str(p["host"]) ?? str(p["remote"]) ?? str(p["target"]) ?? "") || null, decision: null });
        return;
      default: {
        if (r.kind === "token.issued" && typeof p["tokenId"] === "string") this.tokens.add(p["tokenId"]);
        const entry = identityEntry(r, p);
        if (entry !== null) this.push(entry);
      }
    }
  }

  private result(r: AuditRecord, p: ReturnType<typeof fields>): void {
    const decisionSeq = typeof p["decisionSeq"] === "number" ? p["decisionSeq"] : null;
    const toolUse = str(p["toolUseId"]);
    const ok = typeof p["ok"] === "boolean" ? p["ok"] : null;
    const summary = str(p["summary"]) ?? (str(p["output"]) !== null ? `output: ${str(p["output"])}` : null);
    const result = { seq: r.seq, ts: r.ts, ok, summary: summary === null ? null : masked(summary).slice(0, MAX_RESULT_SUMMARY), error: str(p["error"]) === null ? null : masked(str(p["error"]) ?? "") };
    const targets = decisionSeq !== null ? this.bySeq.get(decisionSeq) : toolUse !== null ? this.byToolUse.get(toolUse) : undefined;
    if (targets === undefined) {
      // Refused before policy looked (bad arguments, a path outside the workspace): an attempt all the same.
      if (decisionSeq === null && p["ok"] === false) {
        const tool = str(p["tool"]) ?? "?";
        const reason = result.error ?? result.summary ?? "refused";
        this.push({ type: "action", seq: r.seq, ts: r.ts, via: "broker", tool, kind: "refused", target: tool, decided: { decision: "deny", rule: null, source: null, reason, asked: false, approval: null, grant: null }, result });
      }
      return;
    }
    const push = fields(p["push"]);
    const hops = Array.isArray(p["hops"]) ? p["hops"].map(fields) : [];
    for (const e of targets) {
      e.result = result;
      if (e.type === "file" && e.op === "delete") e.restoreId = str(p["restoreId"]);
      if (e.type === "command" && typeof p["exitCode"] === "number") e.exitCode = p["exitCode"];
      if (e.type === "push" && Object.keys(push).length > 0) {
        e.remote = str(push["remote"]) ?? e.remote;
        e.branch = str(push["branch"]) ?? e.branch;
        e.oldRef = str(push["oldRef"]);
        e.newRef = str(push["newRef"]);
      }
      if (e.type === "http" && typeof p["status"] === "number") e.status = p["status"];
    }
    // Each redirect hop was its own decision: its status goes to that entry.
    for (const hop of hops) {
      const seq = typeof hop["decisionSeq"] === "number" ? hop["decisionSeq"] : null;
      for (const e of seq === null ? [] : (this.bySeq.get(seq) ?? [])) if (e.type === "http" && typeof hop["status"] === "number") e.status = hop["status"];
    }
  }

  private answer(r: AuditRecord, p: ReturnType<typeof fields>): void {
    const id = str(p["id"]) ?? "?";
    let entry = this.approvals.get(id);
    if (entry === undefined) {
      // Asked before the report's period: the answer is still shown.
      entry = { type: "approval", seq: r.seq, ts: r.ts, id, action: "?", target: "", summary: "(asked before this report's period)", rule: null, status: "pending", answeredBy: null, answeredSeq: null, answeredAt: null, scope: null, reason: null };
      this.approvals.set(id, entry);
      this.push(entry);
    }
    const status = r.kind === "approval.expired" ? "expired" : p["status"] === "approved" ? "approved" : "denied";
    entry.status = status;
    entry.answeredBy = r.actor.type === "daemon" ? null : `${r.actor.type}:${r.actor.id}`;
    entry.answeredSeq = r.seq;
    entry.answeredAt = r.ts;
    entry.scope = str(p["scope"]);
    entry.reason = str(p["reason"]) === null ? null : masked(str(p["reason"]) ?? "");
  }

  private push(...entries: ReportEntry[]): void {
    for (const e of entries) {
      if (this.timeline.length >= MAX_REPORT_ENTRIES) {
        this.truncated = true;
        return;
      }
      this.timeline.push(e);
    }
  }
}
