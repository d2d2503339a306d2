import os from "node:os";
import { Actor } from "../../protocol/src/audit";
import { ApprovalService } from "./approvals/approval-service";
import { ApprovalStore } from "./approvals/approval-store";
import { AuditStore } from "./audit/store";
import { Broker } from "./broker/broker";
import { WardenPaths } from "./config";
import { AgentStore } from "./identity/agent-store";
import { Logger } from "./log";
import { createMediator } from "./mediation/mediator";
import { Mediator } from "./mediation/types";
import { NotifyService } from "./notify/notify-service";
import { auditPolicyEvents } from "./policy/policy-audit";
import { PolicyManager } from "./policy/policy-manager";
import { SqlitePolicyMemory } from "./policy/policy-memory";
import { ShellParser } from "./policy/shell/types";
import { SandboxPlanner } from "./sandbox/sandbox-planner";
import { brokerSecrets } from "./secrets/broker-secrets";
import { KeyringVault } from "./secrets/keyring-vault";
import { RedactingAuditWriter } from "./secrets/redact/redacting-writer";
import { ConfigSecretWatcher } from "./secrets/scan/config-watcher";
import { SecretManager } from "./secrets/secret-manager";
import { wardenVersion } from "./version";

/** The daemon's services, each built once over the one database, writer and clock. */
export interface Services {
  agents: AgentStore;
  policies: PolicyManager;
  approvalStore: ApprovalStore;
  approvals: ApprovalService;
  mediator: Mediator;
  /** The OS sandbox of commands Warden runs: availability (doctor, status) and plans. */
  sandbox: SandboxPlanner;
  secrets: SecretManager;
  broker: Broker;
  notify: NotifyService;
  configWatcher: ConfigSecretWatcher;
}

export interface ServiceDeps {
  store: AuditStore;
  writer: RedactingAuditWriter;
  shell: ShellParser;
  paths: WardenPaths;
  env: NodeJS.ProcessEnv;
  log: Logger;
  actor: Actor;
  approvalTimeoutMs: number;
  sessionGrantMs: number;
  /** True when some human client would see a request by this agent in this workspace now. */
  hasApprover: (workspace: string, agent: string) => boolean;
}

/**
 * Wires the services together. Every store shares the audit store's clock, so every
 * expiry (tokens, agents, approvals, grants) and every record's time is judged by
 * one time that never runs backwards, not even across a restart (see TrustedClock).
 */
export function createServices(d: ServiceDeps): Services {
  const db = d.store.connection;
  const home = d.paths.home;
  const agents = new AgentStore(db, d.store.clock);
  const policies = new PolicyManager(d.env, auditPolicyEvents(d.writer, d.log, d.actor), d.log, new SqlitePolicyMemory(db));
  const approvalStore = new ApprovalStore(db, d.store.clock);
  const approvals = new ApprovalService(approvalStore, d.writer, { timeoutMs: d.approvalTimeoutMs, sessionGrantMs: d.sessionGrantMs, hasApprover: d.hasApprover });
  const sandbox = new SandboxPlanner(home, os.homedir());
  const mediator = createMediator({ policies, approvals, writer: d.writer, shell: d.shell, wardenHome: home, sandbox });
  const secrets = new SecretManager({ vault: new KeyringVault(home), db, writer: d.writer, redactor: d.writer.redactor, policy: (w) => policies.get(w).current, log: d.log, wardenHome: home });
  const broker = new Broker({ mediator, writer: d.writer, db, wardenHome: home, secrets: brokerSecrets(secrets) });
  const notify = new NotifyService({ store: d.store, writer: d.writer, policies, agents, approvals: approvalStore, log: d.log, version: wardenVersion() });
  // Secrets appearing in the config files of workspaces with active agents are recorded (masked).
  const configWatcher = new ConfigSecretWatcher({
    append: (events) => d.writer.append(events),
    actor: d.actor,
    log: d.log,
    workspaces: () => [...new Set(agents.list(undefined).filter((a) => a.status === "active").map((a) => a.workspace))],
    refreshMs: 15_000,
  });
  return { agents, policies, approvalStore, approvals, mediator, sandbox, secrets, broker, notify, configWatcher };
}
