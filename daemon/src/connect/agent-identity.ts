import os from "node:os";
import { AgentInfo } from "../../../protocol/src/agents";
import { WardenClient } from "../../../protocol/src/client";
import { WardenError } from "../../../protocol/src/errors";
import { HookAgentKind } from "../../../protocol/src/agent-kinds";
import { displayName } from "../agents/registry";

export interface IdentityRequest {
  workspace: string;
  name: string;
  kind: HookAgentKind;
  owner?: string;
  purpose?: string;
}

/** The identity `connect` uses when --agent is not given: one per agent kind and workspace. */
export function defaultAgentName(kind: HookAgentKind): string {
  return kind;
}

/**
 * The agent identity for this workspace: reused when it exists and is active,
 * created when missing. A suspended or revoked one is an error (a person decided
 * to stop it; connecting must not work around that).
 */
export async function ensureAgent(client: WardenClient, req: IdentityRequest): Promise<{ agent: AgentInfo; created: boolean }> {
  const existing = await findAgent(client, req.workspace, req.name);
  if (existing !== null) {
    requireUsable(existing, req.kind);
    return { agent: existing, created: false };
  }
  const { agent } = await client.request("agents/add", {
    workspace: req.workspace,
    name: req.name,
    kind: req.kind,
    owner: req.owner ?? os.userInfo().username,
    purpose: req.purpose ?? `${displayName(req.kind)} in ${req.workspace}, connected by warden connect`,
  });
  return { agent, created: true };
}

export async function findAgent(client: WardenClient, workspace: string, name: string): Promise<AgentInfo | null> {
  try {
    return (await client.request("agents/show", { workspace, name })).agent;
  } catch (err) {
    if (err instanceof WardenError && err.code === "not_found") return null;
    throw err;
  }
}

export function requireUsable(agent: AgentInfo, kind: HookAgentKind): void {
  if (agent.kind !== kind) {
    throw new WardenError("conflict", `agent '${agent.name}' in ${agent.workspace} is a ${agent.kind} identity, not ${kind}; choose another name with --agent`);
  }
  if (agent.status !== "active") {
    const fix = agent.status === "suspended" ? `'warden agent resume ${agent.name}'` : "--agent with a new name (a revoked identity never returns)";
    throw new WardenError("conflict", `agent '${agent.name}' is ${agent.status}${agent.statusReason !== null ? ` (${agent.statusReason})` : ""}; use ${fix}`);
  }
}
