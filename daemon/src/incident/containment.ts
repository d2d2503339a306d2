import { performance } from "node:perf_hooks";
import { AgentInfo } from "../../../protocol/src/agents";
import { Actor } from "../../../protocol/src/audit";
import { ContainmentResult } from "../../../protocol/src/containment-methods";
import { WardenError } from "../../../protocol/src/errors";
import Database from "better-sqlite3";
import { ApprovalService } from "../approvals/approval-service";
import { ApprovalStore } from "../approvals/approval-store";
import { AuditWriter } from "../audit/writer";
import { ProcessRegistry } from "../broker/processes";
import { AgentStore } from "../identity/agent-store";
import { snapshotEvidence } from "./snapshot";

export interface ContainmentContext {
  agents: AgentStore;
  approvalStore: ApprovalStore;
  approvals: ApprovalService;
  processes: ProcessRegistry;
  writer: AuditWriter;
  db: Database.Database;
  incidentsDir: string;
  /** Closes the agent's open connections (their next request would be refused anyway). */
  disconnect(agentId: string, reason: string): void;
}

/**
 * Stops agents in one step. The order matters: first the identities and their
 * credentials (one commit, so every later request through the gate, the shell gate
 * or the broker is refused), then what they are running (killed outright, no grace:
 * this is an emergency, and all agents' processes at once), then their open
 * questions, then their connections, then the evidence (one snapshot for the incident). Idempotent:
 * containing a contained agent kills anything still running and takes a fresh
 * snapshot, and changes nothing else.
 */
export async function containAgents(ctx: ContainmentContext, targets: readonly AgentInfo[], by: Actor, reason: string): Promise<ContainmentResult[]> {
  const started = performance.now();
  for (const agent of targets) {
    if (agent.status === "revoked") throw new WardenError("conflict", `agent '${agent.name}' is revoked for good; there is nothing left to contain`);
  }
  const counts = new Map<string, { tokensRevoked: number; grantsRevoked: number }>();
  const at = ctx.agents.clock.now().toISOString();
  await ctx.writer.commit({
    mutate: () => {
      for (const agent of targets) {
        ctx.agents.setStatus(agent.id, "contained", reason);
        counts.set(agent.id, { tokensRevoked: ctx.agents.revokeTokensOf(agent.id, at), grantsRevoked: ctx.approvalStore.revokeGrantsOf(agent.id, at) });
      }
    },
    events: () =>
      targets.map((agent) => ({
        actor: by,
        workspace: agent.workspace,
        kind: "agent.contained",
        payload: { agent: agent.name, id: agent.id, reason, ...(counts.get(agent.id) ?? {}), alreadyContained: agent.status === "contained" },
      })),
  });
  // The tokens are already refused (the commit above): from here on nothing new starts.
  const stopped = await Promise.all(
    targets.map(async (agent) => {
      const processesKilled = await ctx.processes.killAgent(agent.id, 0);
      return { processesKilled, stoppedInMs: performance.now() - started };
    }),
  );
  // Pending requests are denied before the connections close: closing first would
  // settle them as "went away", and the record would not say they were contained.
  const denied: number[] = [];
  for (const agent of targets) denied.push(await ctx.approvals.denyPending(`the agent was contained: ${reason}`, agent.id));
  for (const agent of targets) ctx.disconnect(agent.id, "agent contained");
  const label = targets.length === 1 ? (targets[0]?.name ?? "agent") : `${targets.length}-agents`;
  const snapshot = await snapshotEvidence(ctx.db, ctx.incidentsDir, label, { agents: targets.map((a) => ({ name: a.name, id: a.id, workspace: a.workspace })), reason, by });
  await ctx.writer.append(
    targets.map((agent, i) => ({
      actor: by,
      workspace: agent.workspace,
      kind: "incident.snapshot",
      payload: {
        agent: agent.name,
        folder: snapshot.folder,
        headSeq: snapshot.headSeq,
        headHash: snapshot.headHash,
        verified: snapshot.verified,
        processesKilled: stopped[i]?.processesKilled ?? 0,
        approvalsDenied: denied[i] ?? 0,
        stoppedInMs: Math.round((stopped[i]?.stoppedInMs ?? 0) * 10) / 10,
      },
    })),
  );
  return targets.map((agent, i) => {
    const now = ctx.agents.getById(agent.id);
    if (now === null) throw new WardenError("internal", `agent ${agent.id} vanished`);
    return {
      agent: now,
      changed: agent.status !== "contained",
      tokensRevoked: counts.get(agent.id)?.tokensRevoked ?? 0,
      grantsRevoked: counts.get(agent.id)?.grantsRevoked ?? 0,
      approvalsDenied: denied[i] ?? 0,
      processesKilled: stopped[i]?.processesKilled ?? 0,
      stoppedInMs: stopped[i]?.stoppedInMs ?? 0,
      snapshot,
    };
  });
}

export async function containAgent(ctx: ContainmentContext, agent: AgentInfo, by: Actor, reason: string): Promise<ContainmentResult> {
  const [result] = await containAgents(ctx, [agent], by, reason);
  if (result === undefined) throw new WardenError("internal", "containment returned nothing");
  return result;
}
