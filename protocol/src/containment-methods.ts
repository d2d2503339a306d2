import { z } from "zod";
import { agentInfo, agentName, durationText, tokenInfo, workspacePath } from "./agents";
import { sha256Hex } from "./audit";

/** What containment did to one agent; every count is also in its audit record. */
export const containmentResult = z.strictObject({
  agent: agentInfo,
  /** False when the agent was already contained: nothing more was needed (containment is idempotent). */
  changed: z.boolean(),
  tokensRevoked: z.int().nonnegative(),
  grantsRevoked: z.int().nonnegative(),
  approvalsDenied: z.int().nonnegative(),
  processesKilled: z.int().nonnegative(),
  /** Milliseconds from the request to the last of the agent's processes gone. */
  stoppedInMs: z.number().nonnegative(),
  /** The evidence: a verified copy of the audit log in an incident folder in Warden's state. */
  snapshot: z.strictObject({ folder: z.string(), headSeq: z.int().nonnegative(), headHash: sha256Hex, verified: z.boolean() }),
});
export type ContainmentResult = z.infer<typeof containmentResult>;

/** Incident response: stop an agent in one step, keep the evidence, return it only on a human's word. */
export const containmentMethods = {
  /**
   * Human (CLI `warden agent contain`, extension's Contain command): suspend the
   * identity, revoke its tokens and remembered approvals, deny its pending
   * approvals, kill every process Warden started for it, and snapshot the log.
   */
  "agents/contain": {
    params: z.strictObject({ workspace: workspacePath, name: agentName, reason: z.string().max(1024).optional() }),
    result: containmentResult,
  },
  /** Human (`warden contain --all`): the kill switch for every active or suspended agent on the machine. */
  "agents/contain-all": {
    params: z.strictObject({ reason: z.string().max(1024).optional() }),
    result: z.strictObject({ contained: z.array(containmentResult) }),
  },
  /**
   * Human (`warden agent restore`): return a contained agent to service. The caller
   * repeats the agent's name as confirmation and gives a reason; a new token is
   * issued (its value returned once), and who and why are recorded.
   */
  "agents/restore": {
    params: z.strictObject({
      workspace: workspacePath,
      name: agentName,
      confirm: agentName,
      reason: z.string().min(1).max(1024),
      ttl: durationText.optional(),
    }),
    result: z.strictObject({ agent: agentInfo, token: z.string(), info: tokenInfo }),
  },
} as const;

export const CONTAINMENT_ACCESS = {
  "agents/contain": "human",
  "agents/contain-all": "human",
  "agents/restore": "human",
} as const;
