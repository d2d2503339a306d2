import fs from "node:fs";
import http from "node:http";
import type { Duplex } from "node:stream";
import os from "node:os";
import path from "node:path";
import WebSocket, { WebSocketServer } from "ws";
import { APPROVAL_EVENT } from "../../protocol/src/approvals";
import { Actor, AuditRecord, GENESIS_HASH } from "../../protocol/src/audit";
import { RecentApprovals } from "./mediation/recent-approvals";
import { WardenError } from "../../protocol/src/errors";
import { MAX_FRAME_BYTES } from "../../protocol/src/limits";
import { AuditStore } from "./audit/store";
import { readHeadFile, writeHeadFile } from "./audit/head-file";
import { WardenPaths } from "./config";
import { Logger, errorFields } from "./log";
import { RejectionLimiter } from "./server/auth-rejections";
import { TokenCheck } from "./identity/agent-store";
import { JsonValue } from "../../protocol/src/json";
import { SecretRedactor } from "./secrets/redact/redactor";
import { RedactingAuditWriter } from "./secrets/redact/redacting-writer";
import { redactingHandlers } from "./secrets/redact/redacting-handlers";
import { redactingLogger } from "./secrets/redact/redacting-logger";
import { loadShellParser } from "./policy/shell";
import { ShellParser } from "./policy/shell/types";
import { ClientConnection, Handlers, RequestGate } from "./server/connection";
import { createRequestGate } from "./server/request-gate";
import { createHandlers } from "./server/handlers";
import { ListenAddress } from "./server/listen-address";
import { Authority, GuardVerdict, checkUpgrade } from "./server/upgrade-guard";
import { serveAgentHttp } from "./server/agent-http";
import { listenOn } from "./server/listen-on";
import { checkAnchor } from "./audit/anchor-check";
import { maxTokenTtl } from "./identity/token-ttl";
import { GateContext } from "./mediation/gate";
import { ensureHome, ensureToken } from "./state/home";
import { acquirePidLock } from "./state/pid-lock";
import { Services, createServices } from "./services";
import { wardenVersion } from "./version";

export interface DaemonOptions {
  paths: WardenPaths;
  log: Logger;
  listen?: ListenAddress;
  /** Start even though the audit log does not reach its recorded head (recorded as an event). */
  acceptBrokenChain?: boolean;
  /** Where policy layers are looked up (WARDEN_MANAGED_POLICY, XDG_CONFIG_HOME); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** How long an approval request waits for a human before it is denied (default 2 minutes). */
  approvalTimeoutMs?: number;
}

const DEFAULT_APPROVAL_TIMEOUT_MS = 120_000;
/** How long "approve for this session" lasts. */
const SESSION_GRANT_MS = 30 * 60_000;

const DAEMON_ACTOR: Actor = { type: "daemon", id: "warden" };

/** How long stopping waits for clients to acknowledge the close before cutting them off. */
const CLOSE_GRACE_MS = 1000;

/**
 * The supervisor process: owns the state directory, the audit log and the
 * listeners, and wires connections to handlers. One place that wires everything;
 * state lives on the instance, not in module variables.
 */
export class Daemon {
  private readonly connections = new Set<ClientConnection>();
  private readonly servers: http.Server[] = [];
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  private readonly rejections = new RejectionLimiter();
  private tcpAddress: string | null = null;
  private nextConnectionId = 1;
  private stopping: Promise<void> | null = null;
  private tcpPortBound: number | undefined;
  private stopped = false;
  private readonly stoppedListeners: Array<() => void> = [];
  private readonly handlers: Handlers;
  private readonly gate: RequestGate;
  private readonly services: Services;
  private readonly shell: ShellParser;
  private readonly recentApprovals = new RecentApprovals();

  private constructor(
    private readonly options: DaemonOptions,
    private readonly store: AuditStore,
    private readonly writer: RedactingAuditWriter,
    private readonly releaseLock: () => void,
    private readonly token: string,
    readonly startedAt: Date,
    shell: ShellParser,
  ) {
    const services = (this.services = createServices({
      store,
      writer,
      shell,
      paths: options.paths,
      env: options.env ?? process.env,
      log: options.log,
      actor: DAEMON_ACTOR,
      approvalTimeoutMs: options.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS,
      sessionGrantMs: SESSION_GRANT_MS,
      hasApprover: (workspace, agent) => this.hasApprover(workspace, agent),
    }));
    const approvalStore = services.approvalStore;
    this.gate = createRequestGate(services.agents, writer);
    // No sandboxed command may reach the daemon's own loopback listener, even through a host the policy lists.
    services.sandbox.listenAddress = () => this.tcpAddress;
    this.shell = shell;
    // Every answer to every client is scrubbed of known secret values.
    this.handlers = redactingHandlers(createHandlers({
      secrets: services.secrets,
      approvals: services.approvals,
      approvalStore,
      mediator: services.mediator,
      recent: this.recentApprovals,
      broker: services.broker,
      notify: services.notify,
      sandbox: services.sandbox,
      containment: {
        agents: services.agents,
        approvalStore,
        approvals: services.approvals,
        processes: services.broker.processes,
        writer,
        db: store.connection,
        incidentsDir: path.join(options.paths.home, "incidents"),
        disconnect: (agentId, reason) => {
          for (const conn of this.connections) if (conn.agent?.id === agentId) conn.close(1008, reason);
        },
      },
      maxTokenTtlMs: (workspace) => maxTokenTtl(services.policies.get(workspace).current),
      agents: services.agents,
      policies: services.policies,
      shell,
      paths: options.paths,
      version: wardenVersion(),
      startedAt,
      store,
      writer,
      listenAddress: () => this.tcpAddress,
      connections: () => [...this.connections],
      requestShutdown: (reason) => {
        this.stop(reason).catch((err: unknown) => options.log.error("shutdown failed", errorFields(err)));
      },
    }), writer.redactor);
    writer.onCommitted((records) => {
      for (const conn of this.connections) conn.publish(records);
    });
  }

  /** Takes the lock, opens the log, listens; resolves once clients can connect. */
  static async start(options: DaemonOptions): Promise<Daemon> {
    // Known secret values, in memory only: scrubbed from the log, the audit log and every answer.
    const redactor = new SecretRedactor();
    options = { ...options, log: redactingLogger(options.log, redactor) };
    const { paths, log } = options;
    ensureHome(paths.home);
    const releaseLock = acquirePidLock(paths.pidFile);
    let store: AuditStore | undefined;
    try {
      const token = ensureToken(paths.token);
      store = AuditStore.openForWriting(paths.db);
      const anchorProblem = checkAnchor(store, paths.headFile);
      if (anchorProblem !== null && !options.acceptBrokenChain) {
        throw new WardenError(
          "chain_broken",
          `${anchorProblem}. Run 'warden audit verify' to see the damage; to keep the damaged log and go on, start with --accept-broken-chain (this is recorded).`,
        );
      }
      const openedStore = store;
      const writer = new RedactingAuditWriter(redactor, store, paths.headFile, (err) => log.error("audit write failed", errorFields(err)));
      const shell = await loadShellParser();
      const daemon = new Daemon(options, openedStore, writer, releaseLock, token, new Date(), shell);
      const expired = await daemon.services.approvals.expireLeftovers();
      if (expired > 0) log.warn("approval requests left pending by the previous daemon were expired", { expired });
      // Before any client connects, so every stored value is redacted from the first answer on.
      const secrets = await daemon.services.secrets.load();
      if (secrets.problem !== null) log.warn("stored secrets could not be read; they cannot be used until the keychain is reachable", { problem: secrets.problem });
      if (secrets.missing.length > 0) log.warn("stored secrets are missing from the keychain", { names: secrets.missing });
      try {
        await daemon.listen();
      } catch (err) {
        // Close whatever did start listening, so a failed start leaves nothing open.
        for (const server of daemon.servers) server.close();
        daemon.removeSocket();
        throw err;
      }
      const started: Record<string, string | number | null> = { pid: process.pid, version: wardenVersion(), listen: daemon.tcpAddress };
      if (anchorProblem !== null) {
        await writer.append([{ actor: DAEMON_ACTOR, workspace: null, kind: "audit.chain_accepted", payload: { problem: anchorProblem } }]);
      } else if (readHeadFile(paths.headFile).state === "missing") {
        const head = openedStore.head();
        writeHeadFile(paths.headFile, { seq: head.seq, hash: head.hash, ts: new Date().toISOString() });
      }
      await writer.append([{ actor: DAEMON_ACTOR, workspace: null, kind: "daemon.started", payload: started }]);
      daemon.services.notify.start();
      daemon.services.configWatcher.start();
      log.info("daemon started", { ...started, socket: paths.socket });
      return daemon;
    } catch (err) {
      store?.close();
      releaseLock();
      throw err;
    }
  }

  /** Stops accepting work, tells clients, records the stop, and releases everything. */
  stop(reason: string): Promise<void> {
    if (this.stopping === null) this.stopping = this.shutdown(reason);
    return this.stopping;
  }

  /** Best effort on a fatal error: tell clients, release the socket and lock, nothing async. */
  emergencyStop(reason: string): void {
    for (const conn of this.connections) conn.notice("fatal", reason);
    for (const server of this.servers) server.close();
    try {
      this.writer.flush();
      this.store.close();
    } catch {
      // Already failing; the log says why.
    }
    this.removeSocket();
    this.releaseLock();
  }

  /** Settles once the daemon has stopped, whoever asked it to. */
  whenStopped(): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) resolve();
      else this.stoppedListeners.push(resolve);
    });
  }

  get isStopping(): boolean {
    return this.stopping !== null;
  }

  private async shutdown(reason: string): Promise<void> {
    const { log } = this.options;
    log.info("daemon stopping", { reason });
    for (const server of this.servers) server.close();
    for (const conn of this.connections) conn.notice("shutdown", reason);
    try {
      await this.writer.append([{ actor: DAEMON_ACTOR, workspace: null, kind: "daemon.stopped", payload: { reason } }]);
    } catch (err) {
      log.error("could not record the stop", errorFields(err));
    }
    for (const conn of this.connections) conn.close(1001, "daemon stopping");
    await this.drainConnections(CLOSE_GRACE_MS);
    // Nothing the broker started for an agent outlives the daemon that supervised it.
    await this.services.broker.processes.killAll();
    // Deliveries in flight are cut short and stay queued for the next start.
    await this.services.notify.stop();
    await this.services.configWatcher.close();
    await this.services.policies.close();
    this.store.close();
    this.removeSocket();
    this.releaseLock();
    log.info("daemon stopped", { reason });
    this.stopped = true;
    for (const listener of this.stoppedListeners.splice(0)) listener();
  }

  /** Waits for clients to finish the close handshake, then cuts off those that do not. */
  private async drainConnections(graceMs: number): Promise<void> {
    const deadline = Date.now() + graceMs;
    while (this.connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    for (const conn of this.connections) conn.terminate();
  }

  private removeSocket(): void {
    if (process.platform !== "win32") fs.rmSync(this.options.paths.socket, { force: true });
  }

  private async listen(): Promise<void> {
    const { paths, listen } = this.options;
    // We hold the pid lock, so a socket file here is left over from a crashed daemon.
    this.removeSocket();
    const unixServer = this.createServer(undefined);
    await listenOn(unixServer, () => unixServer.listen(paths.socket));
    if (process.platform !== "win32") fs.chmodSync(paths.socket, 0o600);
    if (listen !== undefined) {
      const tcpServer = this.createServer(listen.port);
      await listenOn(tcpServer, () => tcpServer.listen(listen.port, listen.host));
      const address = tcpServer.address();
      if (address !== null && typeof address === "object") {
        const port = address.port;
        // Port 0 means "any": the Host check must then use the port actually bound.
        this.tcpPortBound = port;
        this.tcpAddress = `${address.family === "IPv6" ? `[${address.address}]` : address.address}:${port}`;
      }
    }
  }

  private createServer(tcpPort: number | undefined): http.Server {
    const isTcp = tcpPort !== undefined;
    const listener = isTcp ? "tcp" : "unix";
    const guard = (req: http.IncomingMessage): GuardVerdict =>
      checkUpgrade(req, {
        token: this.token,
        user: os.userInfo().username,
        checkAgentToken: (value) => this.services.agents.check(value),
        ...(isTcp ? { tcpPort: this.tcpPortBound ?? tcpPort } : {}),
      });
    const server = http.createServer((req, res) => this.serveHttp(req, res, guard, listener));
    server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const verdict = guard(req);
      if (!verdict.ok || this.isStopping) {
        const status = verdict.ok ? 503 : verdict.status;
        const reason = verdict.ok ? "the daemon is stopping" : verdict.reason;
        if (!verdict.ok && verdict.refusal !== undefined) this.recordTokenRefusal(verdict.refusal, isTcp ? "tcp" : "unix");
        else this.recordRejection(isTcp ? "tcp" : "unix", reason, req.headers.origin);
        socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ""}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, verdict.authority));
    });
    server.on("clientError", (_err, socket) => socket.destroy());
    this.servers.push(server);
    return server;
  }

  private serveHttp(req: http.IncomingMessage, res: http.ServerResponse, guard: (req: http.IncomingMessage) => GuardVerdict, listener: string): void {
    serveAgentHttp(
      {
        gate: this.gateContext,
        broker: this.services.broker,
        log: this.options.log,
        isStopping: () => this.isStopping,
        refused: (verdict, origin) => {
          if (verdict.refusal !== undefined) this.recordTokenRefusal(verdict.refusal, listener);
          else this.recordRejection(listener, verdict.reason, origin);
        },
      },
      req,
      res,
      guard,
    );
  }

  private get gateContext(): GateContext {
    return { mediator: this.services.mediator, writer: this.writer, shell: this.shell, recent: this.recentApprovals };
  }

  private accept(ws: WebSocket, authority: Authority): void {
    const id = this.nextConnectionId++;
    const conn = new ClientConnection(id, authority, ws, this.handlers, this.gate, this.options.log, () => this.isStopping);
    this.connections.add(conn);
    ws.on("close", () => {
      this.connections.delete(conn);
      if (conn.isHuman) this.services.approvals.approverLeft().catch((err: unknown) => this.options.log.error("could not settle approvals after a disconnect", errorFields(err)));
    });
    ws.on("error", (err) => this.options.log.warn("connection error", { connection: id, ...errorFields(err) }));
  }

  /** Some human client is subscribed so that it would see this agent's approval requests in this workspace. */
  private hasApprover(workspace: string, agent: string): boolean {
    const probe: AuditRecord = {
      seq: Number.MAX_SAFE_INTEGER,
      ts: new Date().toISOString(),
      actor: { type: "agent", id: agent },
      workspace,
      kind: APPROVAL_EVENT.requested,
      payload: null,
      prevHash: GENESIS_HASH,
      hash: GENESIS_HASH,
    };
    for (const conn of this.connections) if (conn.isHuman && conn.wouldReceive(probe)) return true;
    return false;
  }

  /**
   * Agent tokens refused at connect: audited with the agent and the reason. Under
   * the same rate limit as other refusals, so a stale token retried in a loop
   * cannot fill the disk (the next recorded refusal counts the ones left out).
   */
  private recordTokenRefusal(refusal: Extract<TokenCheck, { ok: false }>, listener: string): void {
    if (refusal.agent === null) {
      this.recordRejection(listener, `agent token refused: ${refusal.code}`, undefined);
      return;
    }
    this.options.log.warn("agent token refused", { listener, code: refusal.code, agent: refusal.agent.name });
    this.recordRefusal({ type: "agent", id: refusal.agent.name }, refusal.agent.workspace, "token.refused", {
      code: refusal.code,
      agent: refusal.agent.name,
      tokenId: refusal.tokenId,
      listener,
    });
  }

  private recordRejection(listener: string, reason: string, origin: string | undefined): void {
    this.options.log.warn("connection refused", { listener, reason, origin });
    this.recordRefusal(DAEMON_ACTOR, null, "daemon.connection_refused", { listener, reason, origin: origin ?? null });
  }

  /** Audits a refused connection under the rate limit; the next recorded one counts those left out. */
  private recordRefusal(actor: Actor, workspace: string | null, kind: string, payload: Record<string, JsonValue>): void {
    const suppressed = this.rejections.admit();
    if (suppressed === null) return;
    this.writer
      .append([{ actor, workspace, kind, payload: { ...payload, suppressed } }])
      .catch((err: unknown) => this.options.log.error(`could not record ${kind}`, errorFields(err)));
  }
}
