import { Action } from "../../../protocol/src/actions";
import { JsonValue } from "../../../protocol/src/json";
import { AgentCaller, ApprovalDescription, MediationOutcome } from "../mediation/types";

/**
 * What a broker tool sees of the call it serves. Everything here comes from the
 * daemon (never from the agent's arguments): the workspace is the canonical real
 * path the agent's token is bound to.
 */
export interface ToolContext {
  workspace: string;
  caller: AgentCaller;
  /** The user's home (for `~/…` paths, as the policy engine reads them). */
  home: string;
  /** Warden's state directory: no executor may ever touch it. */
  wardenHome: string;
  /** Aborted when the agent's request goes away. */
  signal: AbortSignal;
  /** Decides a further action inside the same call (each HTTP redirect hop is its own decision). */
  mediate(actions: Action[], extra?: { describe?: Describe; cwd?: string }): Promise<MediationOutcome>;
}

export type Describe = (action: Action) => Promise<ApprovalDescription> | ApprovalDescription;

/**
 * A tool call turned into what policy decides and what runs once it is allowed.
 * Nothing in a plan touches the file system beyond resolving names: reading,
 * writing and running all wait for the decision.
 */
export interface Plan {
  actions: Action[];
  /** Where relative paths and the command start, when it is not the workspace. */
  cwd?: string;
  /** The approval panel's context, built only when a human is asked. */
  describe?: Describe;
  /** Fields for the decision's audit record (a short summary of the arguments). */
  audit?: Record<string, JsonValue>;
  /** Warden runs a command for this call: the decision plans its OS sandbox. */
  sandboxed?: boolean;
  /** Runs after an allow; throws WardenError for a refusal at execution time. */
  execute(decided: MediationOutcome): Promise<Executed>;
}

/** What an executor did: the text for the agent and the facts for the audit record. */
export interface Executed {
  text: string;
  /** False when the tool ran but failed (a command's non-zero exit, an HTTP hop refused). */
  ok: boolean;
  /** One line for the log: "wrote src/a.ts (120 bytes)". */
  summary: string;
  error?: string;
  /** Extra fields of the `action.result` record (restoreId, push, status, exitCode…). */
  fields?: Record<string, JsonValue>;
  /** A state change that must commit together with the result record (the trash row). */
  mutate?: () => void;
  /** What the OS sandbox stopped the command from doing (recorded as sandbox.blocked). */
  sandboxBlocked?: Array<{ kind: "write" | "read" | "network"; target: string }>;
  /** Undoes the effect when the result cannot be recorded (e.g. moves a trashed path back). */
  undo?: () => void;
}

/** One of the broker's tools as MCP lists it, with the step from raw arguments to a plan. */
export interface BrokerTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  /** Validates the arguments (throwing `invalid_params` naming the field) and plans the call. */
  prepare(args: Record<string, unknown>, ctx: ToolContext): Promise<Plan>;
}

/** The answer to `broker/call`: what the agent sees, and the audit record that tells the rest. */
export interface CallResult {
  text: string;
  isError: boolean;
  seq: number;
}
