import path from "node:path";
import { AuditRecord } from "../../protocol/src/audit";
import { WardenClient } from "../../protocol/src/client";
import { asString, isRecord } from "../../test/src/agents/script";
import { DemoStep, Outcome } from "./agent-task";
import { Out } from "./out";

function payload(r: AuditRecord): Record<string, unknown> {
  return isRecord(r.payload) ? r.payload : {};
}

function firstTarget(p: Record<string, unknown>): string {
  const actions = Array.isArray(p["actions"]) ? p["actions"] : [];
  const first: unknown = actions[0];
  return isRecord(first) ? (asString(first["target"]) ?? "") : "";
}

/** What one decision record says, in a line. */
export function describeDecision(r: AuditRecord, workspace: string): string | null {
  const p = payload(r);
  const event = asString(p["event"]);
  // The shell gate re-decides every command the hook already decided; one line per call is enough.
  if (event === "ShellGate" || event === "UserPromptSubmit") return null;
  const tool = asString(p["tool"]) ?? "?";
  let target = firstTarget(p);
  if (target.startsWith(workspace + path.sep)) target = target.slice(workspace.length + 1);
  if (target.length > 70) target = `${target.slice(0, 67)}…`;
  const where = p["via"] === "broker" ? "Warden broker" : (asString(p["agent"]) ?? "agent");
  const decision = asString(p["decision"]) ?? "?";
  const asked = p["asked"] === true ? (decision === "deny" ? " (asked, not approved)" : " (asked, approved)") : "";
  return `${where}: ${tool} ${target} → ${decision}${asked}  [rule ${asString(p["rule"]) ?? "none"}]`;
}

/**
 * Prints the agent's actions as the daemon decides them. The subscription leaves
 * out approval.requested on purpose: a client that receives those counts as an
 * approver, and the demo must not stand in for the person at the editor.
 */
export async function followDecisions(client: WardenClient, workspace: string, out: Out): Promise<() => Promise<void>> {
  const { subscription } = await client.request("events/subscribe", { filter: { kinds: ["action.decided"], workspace } });
  let following = true;
  client.onEvent(subscription, (r) => {
    const line = following ? describeDecision(r, workspace) : null;
    if (line !== null) out.live(line);
  });
  return async () => {
    following = false;
    await client.request("events/unsubscribe", { subscription }).catch(() => undefined);
  };
}

/** Polls for pending approvals (without subscribing, see above) and says where they wait. */
export function announceApprovals(client: WardenClient, workspace: string, where: string, out: Out): () => void {
  const seen = new Set<string>();
  let stopped = false;
  const tick = async (): Promise<void> => {
    while (!stopped) {
      try {
        const { approvals } = await client.request("approvals/list", { workspace, status: "pending" });
        for (const a of approvals) {
          if (seen.has(a.id)) continue;
          seen.add(a.id);
          out.live(`asks: "${a.context.identity.agent} wants to ${a.context.summary}" (rule ${a.context.rule.rule ?? "none"}) — ${where}`);
        }
      } catch {
        // the daemon is going away; the loop ends with stop()
      }
      await new Promise((r) => setTimeout(r, 400));
    }
  };
  void tick();
  return () => {
    stopped = true;
  };
}

export interface StepResult {
  step: DemoStep;
  outcome: Outcome | "missing";
  rule: string | null;
  reason: string;
  ok: boolean;
}

/** Matches each scripted step to its decision record, in order. */
export async function stepResults(client: WardenClient, workspace: string, fromSeq: number, steps: readonly DemoStep[]): Promise<StepResult[]> {
  const { records } = await client.request("audit/query", { filter: { kinds: ["action.decided"], workspace, fromSeq }, limit: 1000, order: "asc" });
  let cursor = 0;
  return steps.map((step) => {
    const i = records.findIndex((r, idx) => {
      if (idx < cursor) return false;
      const p = payload(r);
      if (p["tool"] !== step.auditTool) return false;
      return step.via === "broker" ? p["via"] === "broker" : p["event"] === "PreToolUse";
    });
    const record = i >= 0 ? records[i] : undefined;
    if (record === undefined) return { step, outcome: "missing", rule: null, reason: "no decision was recorded for this call", ok: false };
    cursor = i + 1;
    const p = payload(record);
    const decision = asString(p["decision"]);
    const outcome: Outcome = decision === "deny" ? "denied" : p["asked"] === true ? "approved" : "allowed";
    return { step, outcome, rule: asString(p["rule"]) ?? null, reason: asString(p["reason"]) ?? "", ok: outcome === step.expect };
  });
}

export function printSteps(results: readonly StepResult[], out: Out): void {
  results.forEach((r, i) => {
    const mark = r.ok ? "ok  " : "FAIL";
    const label = `${i + 1}. ${r.step.label}`.padEnd(44);
    const outcome = r.outcome.padEnd(8);
    out.line(`  ${mark} ${label} ${outcome} rule ${r.rule ?? "-"}${r.ok ? "" : `  (expected ${r.step.expect}: ${r.reason})`}`);
  });
}
