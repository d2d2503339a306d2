import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Action, DecisionResult, isStricterThan } from "../../../protocol/src/actions";
import { AgentInfo } from "../../../protocol/src/agents";
import { AuditRecord } from "../../../protocol/src/audit";
import { JsonValue } from "../../../protocol/src/json";
import { AuditStore } from "../audit/store";
import { AuditWriter } from "../audit/writer";
import { AgentCaller, ApprovalDescription, MediationOutcome, MediationRequest, Mediator } from "../mediation/types";
import { decideAction } from "../policy/engine";
import { PolicySet } from "../policy/layers";
import { parsePolicyText } from "../policy/load-policy";
import { loadShellParser } from "../policy/shell";
import { ShellParser } from "../policy/shell/types";
import { SandboxPlanner } from "../sandbox/sandbox-planner";
import { namedPaths } from "../sandbox/named-paths";
import { Broker } from "./broker";

/**
 * Helpers for the broker's unit tests (nothing else imports this). The mediator
 * here implements the real interface with the real policy engine and a real
 * audit log; only the human is scripted (`answer`), and a test can act "while the
 * human looks" (`whileDeciding`), which is where a TOCTOU swap happens.
 */
export class PolicyMediator implements Mediator {
  readonly requests: MediationRequest[] = [];
  readonly described: ApprovalDescription[] = [];
  /** The scripted human: approve an `ask`? Default: no (as with no approver attached). */
  answer: (action: Action) => boolean = () => false;
  /** Runs after the decision, before the broker hears it. */
  whileDeciding: ((req: MediationRequest) => void) | null = null;

  constructor(
    private readonly set: PolicySet,
    private readonly writer: AuditWriter,
    private readonly shell: ShellParser,
    private readonly wardenHome: string,
  ) {
    this.sandbox = new SandboxPlanner(wardenHome, os.homedir());
  }

  private readonly sandbox: SandboxPlanner;

  async mediate(req: MediationRequest): Promise<MediationOutcome> {
    this.requests.push(req);
    let decided: { action: Action | null; result: DecisionResult } = { action: null, result: { decision: "deny", rule: null, source: null, reason: "no action" } };
    for (const action of req.actions) {
      const result = decideAction(this.set, action, {
        workspace: req.workspace,
        actor: { name: req.caller.agent.name, role: req.caller.agent.role },
        wardenHome: this.wardenHome,
        home: os.homedir(),
        caseInsensitive: false,
        shell: this.shell,
        ...(req.cwd !== undefined ? { cwd: req.cwd } : {}),
      });
      if (decided.action === null || isStricterThan(result.decision, decided.result.decision)) decided = { action, result };
    }
    let final = decided.result;
    if (final.decision === "ask" && decided.action !== null) {
      if (req.describe !== undefined) this.described.push(await req.describe(decided.action));
      final = { ...final, decision: this.answer(decided.action) ? "allow" : "deny" };
    }
    this.whileDeciding?.(req);
    const [record] = await this.writer.append([
      { actor: req.caller.principal, workspace: req.workspace, kind: "action.decided", payload: { via: req.via, decision: final.decision, rule: final.rule, actions: req.actions.map((a) => a.target) } },
    ]);
    if (record === undefined) throw new Error("not recorded");
    // The real planner: commands the broker runs in these tests are sandboxed as in the daemon.
    const sandbox =
      req.sandboxed === true && (final.decision === "allow" || final.decision === "allow+log")
        ? this.sandbox.plan({ workspace: req.workspace, set: this.set, match: { actor: { name: req.caller.agent.name, role: req.caller.agent.role }, home: os.homedir(), caseInsensitive: false }, approvedReads: decided.result.decision === "ask" ? req.actions.flatMap((a) => (a.kind === "shell.exec" ? namedPaths(this.shell, a.target, req.cwd ?? req.workspace, os.homedir()) : [])) : [] }).directive
        : null;
    return { decision: final, seq: record.seq, asked: decided.result.decision === "ask", approvalId: null, action: decided.action, sandbox };
  }
}

export interface Harness {
  root: string;
  workspace: string;
  /** A directory outside the workspace (what escapes would reach). */
  outside: string;
  wardenHome: string;
  store: AuditStore;
  writer: AuditWriter;
  mediator: PolicyMediator;
  broker: Broker;
  caller: AgentCaller;
  records(kind: string): AuditRecord[];
  close(): void;
}

/** A workspace, a Warden home and a broker under `rules` (a policy's rules array as JSON text). */
export async function harness(rules: string, defaultDecision: "ask" | "deny" = "ask"): Promise<Harness> {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-broker-")));
  const workspace = path.join(root, "ws");
  const outside = path.join(root, "outside");
  const wardenHome = path.join(root, "home");
  for (const d of [workspace, outside, wardenHome]) fs.mkdirSync(d, { mode: 0o700 });
  const parsed = parsePolicyText(`{ "version": 1, "default": "${defaultDecision}", "rules": ${rules} }`, path.join(workspace, ".warden", "policy.json"), "workspace");
  if (!parsed.ok) throw new Error(`bad test policy: ${JSON.stringify(parsed.problems)}`);
  const store = AuditStore.openForWriting(path.join(wardenHome, "warden.db"));
  const writer = new AuditWriter(store, path.join(wardenHome, "audit-head.json"), () => undefined);
  const mediator = new PolicyMediator({ layers: [parsed.loaded] }, writer, await loadShellParser(), wardenHome);
  const broker = new Broker({ mediator, writer, db: store.connection, wardenHome });
  const agent: AgentInfo = {
    id: "agt_000000000001",
    workspace,
    name: "tester",
    kind: "mcp",
    owner: "alice",
    purpose: "broker tests",
    role: "writer",
    status: "active",
    createdAt: new Date().toISOString(),
    createdBy: "human:alice",
    expiresAt: null,
    statusReason: null,
    activeTokens: 1,
  };
  return {
    root,
    workspace,
    outside,
    wardenHome,
    store,
    writer,
    mediator,
    broker,
    caller: { agent, principal: { type: "agent", id: agent.name }, requester: "human:alice", session: null },
    records: (kind) => store.query({ kinds: [kind] }, 1000, "asc"),
    close: () => {
      store.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A record's payload as an object (tests read fields from it). */
export function payloadOf(record: AuditRecord | undefined): Record<string, JsonValue> {
  const p = record?.payload;
  return typeof p === "object" && p !== null && !Array.isArray(p) ? p : {};
}
