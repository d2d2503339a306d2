import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { WardenError, toWardenError } from "../../../protocol/src/errors";
import { JsonValue } from "../../../protocol/src/json";
import { AuditWriter } from "../audit/writer";
import { AgentCaller, MediationOutcome, Mediator } from "../mediation/types";
import { execTools } from "./tool-exec";
import { fileTools } from "./tool-files";
import { gitTools } from "./tool-git";
import { httpTools } from "./tool-http";
import { ProcessRegistry } from "./processes";
import { BrokerSecrets, NO_SECRETS } from "../secrets/broker-secrets";
import { BrokerServices } from "./services";
import { Trash } from "./trash";
import { TrashStore } from "./trash-store";
import { BrokerTool, CallResult, Executed, Plan, ToolContext } from "./types";

export interface BrokerOptions {
  mediator: Mediator;
  writer: AuditWriter;
  db: Database.Database;
  wardenHome: string;
  /** The user's home, for `~/…` paths (default os.homedir()). */
  home?: string;
  processes?: ProcessRegistry;
  /** Secrets to inject and redact; without them a reference is refused. */
  secrets?: BrokerSecrets;
}

/** A tool as `broker/tools` lists it. */
export interface ToolListing {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/**
 * Warden's own tools, executed by the daemon for an agent. Every call takes one
 * path: arguments validated, the actions decided by the mediator (policy, then a
 * human where it asks; the decision audited), executed only on allow, and the
 * result audited as `action.result` before the agent hears of it.
 */
export class Broker {
  readonly processes: ProcessRegistry;
  readonly trashStore: TrashStore;
  readonly trash: Trash;
  private readonly tools: Map<string, BrokerTool>;
  private readonly home: string;
  private readonly secrets: BrokerSecrets;

  constructor(private readonly options: BrokerOptions) {
    this.processes = options.processes ?? new ProcessRegistry();
    this.trashStore = new TrashStore(options.db);
    this.trash = new Trash(path.join(options.wardenHome, "trash"));
    this.home = options.home ?? os.homedir();
    this.secrets = options.secrets ?? NO_SECRETS;
    const services: BrokerServices = { trash: this.trash, trashStore: this.trashStore, processes: this.processes, secrets: this.secrets };
    this.tools = new Map([...fileTools(services), ...execTools(services), ...gitTools(services), ...httpTools(services)].map((t) => [t.name, t]));
  }

  list(): ToolListing[] {
    return [...this.tools.values()].map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
  }

  /** One tool call by `caller` in `workspace` (canonical, already checked to be the caller's own). */
  async call(caller: AgentCaller, workspace: string, name: string, args: Record<string, unknown>, signal: AbortSignal = new AbortController().signal): Promise<CallResult> {
    const started = Date.now();
    const ctx: ToolContext = {
      workspace,
      caller,
      home: this.home,
      wardenHome: this.options.wardenHome,
      signal,
      mediate: (actions, extra) =>
        this.options.mediator.mediate({
          caller,
          workspace,
          actions,
          via: "broker",
          audit: { tool: name },
          signal,
          ...(extra?.describe !== undefined ? { describe: extra.describe } : {}),
          ...(extra?.cwd !== undefined ? { cwd: extra.cwd } : {}),
        }),
    };
    const tool = this.tools.get(name);
    let plan: Plan;
    try {
      if (tool === undefined) throw new WardenError("invalid_params", `unknown tool '${name.slice(0, 128)}'; the broker's tools are ${[...this.tools.keys()].join(", ")}`);
      plan = await tool.prepare(args, ctx);
    } catch (err) {
      // Refused before policy (bad arguments, a path outside the workspace): recorded all the same.
      return this.record(caller, workspace, name, null, started, failed(name, err));
    }
    const decided = await this.options.mediator.mediate({
      caller,
      workspace,
      actions: plan.actions,
      via: "broker",
      audit: { tool: name, ...(plan.audit ?? {}) },
      signal,
      ...(plan.describe !== undefined ? { describe: plan.describe } : {}),
      ...(plan.cwd !== undefined ? { cwd: plan.cwd } : {}),
      ...(plan.sandboxed === true ? { sandboxed: true } : {}),
    });
    if (decided.decision.decision !== "allow" && decided.decision.decision !== "allow+log") return denied(decided);
    let executed: Executed;
    try {
      executed = await plan.execute(decided);
    } catch (err) {
      executed = failed(name, err);
    }
    return this.record(caller, workspace, name, decided.seq, started, executed);
  }

  /** Audits what happened (with its state change, if any) and answers only once that is durable. */
  private async record(caller: AgentCaller, workspace: string, tool: string, decisionSeq: number | null, started: number, executed: Executed): Promise<CallResult> {
    // Whatever a tool returns (a file read, an error, a header) is scrubbed of known secret values.
    const scrub = (text: string): string => this.secrets.scrub(text);
    executed = { ...executed, text: scrub(executed.text), summary: scrub(executed.summary), ...(executed.error !== undefined ? { error: scrub(executed.error) } : {}) };
    const payload: Record<string, JsonValue> = {
      agent: caller.agent.name,
      requester: caller.requester,
      tool,
      decisionSeq,
      ok: executed.ok,
      summary: executed.summary,
      ...(executed.error !== undefined ? { error: executed.error } : {}),
      durationMs: Date.now() - started,
      ...(executed.fields ?? {}),
    };
    let records;
    try {
      records = await this.options.writer.commit({
        ...(executed.mutate !== undefined ? { mutate: executed.mutate } : {}),
        events: [
          { actor: caller.principal, workspace, kind: "action.result", payload },
          // What the OS sandbox stopped the command from doing, as its own record (searchable, shown in reports).
          ...(executed.sandboxBlocked !== undefined && executed.sandboxBlocked.length > 0
            ? [{ actor: caller.principal, workspace, kind: "sandbox.blocked", payload: { agent: caller.agent.name, requester: caller.requester, tool, decisionSeq, blocked: executed.sandboxBlocked } }]
            : []),
        ],
      });
    } catch (err) {
      // What cannot be recorded is undone where it can be (a deletion goes back).
      executed.undo?.();
      throw err;
    }
    const seq = records[0]?.seq;
    if (seq === undefined) throw new WardenError("internal", "the result was not recorded");
    return { text: executed.text, isError: !executed.ok, seq };
  }
}

function denied(decided: MediationOutcome): CallResult {
  const d = decided.decision;
  const where = d.rule === null ? "no rule matched" : `rule ${d.rule}${d.source !== null ? ` (${d.source})` : ""}`;
  return { text: `Warden denied this call: ${d.reason} [${where}]. Nothing was done.`, isError: true, seq: decided.seq };
}

function failed(tool: string, err: unknown): Executed {
  const e = toWardenError(err);
  const message = e.code === "internal" && !(err instanceof WardenError) ? `internal error: ${e.message}` : e.message;
  return { text: `${tool} failed: ${message}`, ok: false, summary: `${tool} failed (${e.code})`, error: message };
}
