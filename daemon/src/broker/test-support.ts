import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Action } from "../../../protocol/src/actions";
import { AgentInfo } from "../../../protocol/src/agents";
import { GrantInfo } from "../../../protocol/src/approvals";
import { AuditRecord } from "../../../protocol/src/audit";
import { JsonValue } from "../../../protocol/src/json";
import { AuditStore } from "../audit/store";
import { AuditWriter } from "../audit/writer";
import { ApprovalAsk, ApprovalOutcome } from "../approvals/approval-service";
import { createMediator } from "../mediation/mediator";
import { AgentCaller, ApprovalDescription, Approver, MediationOutcome, MediationRequest, Mediator } from "../mediation/types";
import { PolicySet } from "../policy/layers";
import { parsePolicyText } from "../policy/load-policy";
import { loadShellParser } from "../policy/shell";
import { ShellParser } from "../policy/shell/types";
import { SandboxPlanner } from "../sandbox/sandbox-planner";
import { Broker } from "./broker";

/**
 * Helpers for the broker's unit tests (nothing else imports this). The mediator is
 * the daemon's own (createMediator: the real policy engine, the real audit log);
 * only the human is scripted, as an Approver (`answer`), and a test can act "while
 * the human looks" (`whileDeciding`), which is where a TOCTOU swap happens.
 */
export class PolicyMediator implements Mediator, Approver {
  readonly requests: MediationRequest[] = [];
  readonly described: ApprovalDescription[] = [];
  /** The scripted human: approve an `ask`? Default: no (as with no approver attached). */
  answer: (action: Action) => boolean = () => false;
  /** Runs after the decision, before the broker hears it. */
  whileDeciding: ((req: MediationRequest) => void) | null = null;
  private readonly real: Mediator;

  constructor(set: PolicySet, writer: AuditWriter, shell: ShellParser, wardenHome: string) {
    // The real planner too: commands the broker runs in these tests are sandboxed as in the daemon.
    const sandbox = new SandboxPlanner(wardenHome, os.homedir());
    this.real = createMediator({ policies: { get: () => ({ current: set }) }, approvals: this, writer, shell, wardenHome, caseInsensitive: false, sandbox });
  }

  async mediate(req: MediationRequest): Promise<MediationOutcome> {
    this.requests.push(req);
    const outcome = await this.real.mediate(req);
    this.whileDeciding?.(req);
    return outcome;
  }

  grantFor(): GrantInfo | null {
    return null;
  }

  ask(ask: ApprovalAsk): Promise<ApprovalOutcome> {
    const { data, rollback } = ask.context;
    this.described.push({ data, rollback });
    const id = `apr_scripted${String(this.described.length).padStart(4, "0")}`;
    return Promise.resolve(
      this.answer(ask.context.action) ? { approved: true, approvalId: id, by: "human:scripted", scope: "once", grantId: null } : { approved: false, approvalId: id, by: null, reason: "the scripted human said no" },
    );
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
