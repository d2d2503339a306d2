import fs from "node:fs";
import * as vscode from "vscode";
import { AuditRecord } from "../../protocol/src/audit";
import { WardenClient } from "../../protocol/src/client";
import { VIEW } from "./command-ids";
import { registerCommands } from "./commands/core-commands";
import { ConnectionManager, ConnectionState, Connector } from "./connection/connection-manager";
import { socketConnector } from "./connection/connector";
import { LaunchOptions, runCli, startDaemon } from "./connection/daemon-launcher";
import { describeCli, locateCli, nodeFor, rememberFound } from "./connection/cli-location";
import { resolveDaemonPaths } from "./connection/warden-paths";
import { ActivityViews } from "./panels/activity-views";
import { ApprovalPanels } from "./panels/approval-panels";
import { DiffDocuments } from "./panels/diff-documents";
import { SECTION, SettingKey } from "./setting-keys";
import { Settings, readSettings } from "./settings";
import { ActivityStore } from "./state/activity-store";
import { ApprovalsStore } from "./state/approvals-store";
import { ChainMonitor } from "./state/chain-monitor";
import { sessionAttacher } from "./state/session";
import { WardenStatusBar } from "./status-bar";
import { AgentsNode, AgentsTree } from "./views/agents-tree";
import { ApprovalsTree } from "./views/approvals-tree";
import { ChainState, ConnectionSummary } from "../../protocol/src/webview";
import { registerConnectCommand } from "./commands/connect-agent";
import { registerContainmentCommands } from "./commands/containment";
import { registerExportCommand } from "./commands/export-audit";
import { registerGrantCommands } from "./commands/grants";
import { registerPolicyChangeCommands } from "./commands/policy-change";
import { registerWhyCommands } from "./commands/why";
import { runCliJson } from "./connection/cli-json";
import { RuleOpener } from "./panels/rule-opener";
import { ActivitySelection } from "./state/activity-selection";
import { AgentRoster } from "./state/agent-roster";
import { PolicyChanges } from "./state/policy-changes";
import { GRANT_KINDS, GrantsNode, GrantsTree } from "./views/grants-tree";
import { registerSecretCommands } from "./commands/secrets";
import { registerMoveToKeychain } from "./diagnostics/move-to-keychain";
import { SecretDiagnostics } from "./diagnostics/secret-diagnostics";
import { SecretsNode, SecretsTree } from "./views/secrets-tree";

/** What activate() returns: read-only views of the extension's state, for other extensions and the in-host tests. */
export interface WardenApi {
  connectionState(): ConnectionState;
  onDidChangeConnection: vscode.Event<ConnectionState>;
  /** Ids of the requests waiting for a human, newest first. */
  pendingApprovals(): string[];
  openApprovalPanels(): string[];
  activityRowCount(): number;
  chainState(): ChainState;
  agentsTree: vscode.TreeDataProvider<AgentsNode>;
  grantsTree: vscode.TreeDataProvider<GrantsNode>;
  secretsTree: vscode.TreeDataProvider<SecretsNode>;
  /** Warden's secret diagnostics for a file (what the editor shows). */
  secretDiagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[];
  /** Names of contained agents in this window's workspaces (what the status bar counts). */
  containedAgents(): string[];
  /** Workspaces with a loosening policy edit held for acceptance. */
  heldPolicyChanges(): string[];
  /** Selects an activity row as a click in the log does (what the palette's Why? explains). */
  selectActivityRow(seq: number | null): void;
}

function summarise(state: ConnectionState): ConnectionSummary {
  switch (state.kind) {
    case "connected":
      return { state: "connected", detail: `connected since ${new Date(state.since).toLocaleTimeString()}` };
    case "connecting":
      return { state: "connecting", detail: "connecting to the daemon…" };
    case "offline":
      return { state: "offline", detail: state.reason.slice(0, 1000) };
  }
}

/** Real paths of this window's local folders: the daemon names workspaces by real path. */
async function workspaceRealPaths(): Promise<string[]> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file");
  const real = await Promise.all(folders.map((f) => fs.promises.realpath(f.uri.fsPath).catch(() => null)));
  return real.filter((p): p is string => p !== null);
}

/**
 * The one place that builds the extension: settings, the connection, the stores
 * it feeds, and the views, panels and commands that show them. Everything is
 * registered on `context.subscriptions`, so deactivation disposes it all.
 */
export function createWarden(context: vscode.ExtensionContext): WardenApi {
  const log = vscode.window.createOutputChannel("Warden", { log: true });
  const settings = (): Settings => readSettings((key: SettingKey) => vscode.workspace.getConfiguration(SECTION).get(key));
  // Found once (PATH is searched only while nothing is found); a miss reaches the
  // status bar through the launcher's error, which says what to install.
  const cli = rememberFound((configured) => {
    const found = locateCli({ configured, extensionPath: context.extensionPath, pathEnv: process.env["PATH"] });
    if (found !== null) log.info(`Warden CLI: ${describeCli(found)}`);
    return found;
  });
  const launchOptions = (): LaunchOptions => {
    const s = settings();
    const found = cli(s.cliPath);
    return { nodePath: nodeFor(s.nodePath, found), cliPath: found?.path ?? null, home: resolveDaemonPaths(s.home, process.env).home, env: process.env };
  };
  const say = (line: string): void => log.info(line);

  const activity = new ActivityStore();
  const approvals = new ApprovalsStore();
  let manager: ConnectionManager | null = null;
  const client = () => manager?.connection ?? null;
  const chain = new ChainMonitor(client);
  const agentsTree = new AgentsTree(client, workspaceRealPaths, say);
  const grantsTree = new GrantsTree(client, workspaceRealPaths, say);
  const roster = new AgentRoster(client, workspaceRealPaths, say);
  const policy = new PolicyChanges(client, workspaceRealPaths, say);
  const selection = new ActivitySelection();
  const secretsTree = new SecretsTree(client, workspaceRealPaths, say);
  const secretDiagnostics = new SecretDiagnostics(client, say);
  const agentsChanged = (): void => {
    agentsTree.refresh();
    roster.refreshSoon();
  };
  const connectionEmitter = new vscode.EventEmitter<ConnectionState>();
  const summaryEmitter = new vscode.EventEmitter<ConnectionSummary>();

  // Settings are read at each attempt, so a changed warden.home or nodePath applies on the next reconnect.
  const connector: Connector = {
    connect: () => {
      const s = settings();
      return socketConnector(resolveDaemonPaths(s.home, process.env), null).connect();
    },
    get startDaemon() {
      if (!settings().autoStartDaemon) return null;
      return async () => {
        const r = await startDaemon(launchOptions());
        say(r.alreadyRunning ? `daemon already running (pid ${r.pid})` : `started the daemon (pid ${r.pid})`);
      };
    },
  };
  const observers = [
    {
      attached: (c: WardenClient) => {
        void roster.refresh(c);
        void policy.refresh(c);
        grantsTree.refresh();
        secretsTree.refresh();
        secretDiagnostics.scanAll(c).catch((err: unknown) => say(`secret scan: ${err instanceof Error ? err.message : String(err)}`));
      },
      recordArrived: (record: AuditRecord) => {
        policy.recordArrived(record);
        if (GRANT_KINDS.has(record.kind)) grantsTree.refresh();
        if (record.kind.startsWith("secret.")) secretsTree.refresh();
      },
    },
  ];
  manager = new ConnectionManager(connector, sessionAttacher({ activity, approvals, chain, agentsChanged, observers, log: say }), say);

  const statusBar = new WardenStatusBar();
  const diffs = new DiffDocuments();
  const rules = new RuleOpener((args) => runCli(launchOptions(), args));
  const panelContext = { extensionUri: context.extensionUri, client, diffs, log: say };
  const panels = new ApprovalPanels(panelContext, approvals, () => settings().openApprovalsAutomatically);
  const activityViews = new ActivityViews({
    extensionUri: context.extensionUri,
    activity,
    chain,
    client,
    log: say,
    connection: () => summarise(manager?.state ?? { kind: "connecting" }),
    onConnectionChange: summaryEmitter.event,
    selection,
    rules,
  });
  const approvalsTree = new ApprovalsTree(approvals);

  context.subscriptions.push(
    log,
    activity,
    approvals,
    chain,
    agentsTree,
    grantsTree,
    secretsTree,
    secretDiagnostics,
    roster,
    policy,
    rules,
    approvalsTree,
    connectionEmitter,
    summaryEmitter,
    statusBar,
    diffs,
    panels,
    activityViews,
    manager,
    manager.onDidChangeState((state) => {
      statusBar.setState(state);
      if (state.kind === "connected") {
        client()
          ?.request("daemon/status", {})
          .then((status) => statusBar.setSandbox(status.sandbox))
          .catch((err: unknown) => log.warn(`could not read the daemon's sandbox status: ${err instanceof Error ? err.message : String(err)}`));
      }
      agentsTree.refresh();
      connectionEmitter.fire(state);
      summaryEmitter.fire(summarise(state));
    }),
    approvals.onDidChange(() => statusBar.setPending(approvals.size)),
    roster.onDidChange(() => statusBar.setContained(roster.contained.map((a) => a.name))),
    policy.onDidChange(() => statusBar.setPolicyChanges(policy.all.length, policy.all.length - policy.unanswered.length)),
    vscode.window.registerTreeDataProvider(VIEW.agents, agentsTree),
    vscode.window.registerTreeDataProvider(VIEW.approvals, approvalsTree),
    vscode.window.registerTreeDataProvider(VIEW.grants, grantsTree),
    vscode.window.registerTreeDataProvider(VIEW.secrets, secretsTree),
    vscode.window.registerWebviewViewProvider(VIEW.activity, activityViews, { webviewOptions: { retainContextWhenHidden: true } }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) manager?.reconnectNow();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      agentsChanged();
      grantsTree.refresh();
      secretsTree.refresh();
      void policy.refresh();
    }),
    ...registerCommands({
      log,
      client,
      reconnect: () => manager?.reconnectNow(),
      approvals,
      panels,
      activity: activityViews,
      chain,
      agents: agentsTree,
      runCli: (args) => runCli(launchOptions(), args),
    }),
    registerConnectCommand({ log, client, agentsChanged, runCliJson: (args) => runCliJson(launchOptions(), args) }),
    registerExportCommand({ log, client }),
    ...registerWhyCommands({ log, client, activity, selection, rules }),
    ...registerPolicyChangeCommands({ log, client, policy }),
    ...registerContainmentCommands({ log, client, roster, agentsChanged }),
    ...registerGrantCommands({ log, client, grants: grantsTree }),
    ...registerSecretCommands({ log, client, secrets: secretsTree }),
    ...registerMoveToKeychain({ log, client, diagnostics: secretDiagnostics, secretsChanged: () => secretsTree.refresh() }),
  );

  const manifest: unknown = context.extension.packageJSON;
  const version = typeof manifest === "object" && manifest !== null && "version" in manifest ? String(manifest.version) : "?";
  log.info(`Warden extension ${version} activated`);
  manager.start();

  return {
    connectionState: () => manager?.state ?? { kind: "connecting" },
    onDidChangeConnection: connectionEmitter.event,
    pendingApprovals: () => approvals.newestFirst().map((a) => a.id),
    openApprovalPanels: () => panels.openIds,
    activityRowCount: () => activity.size,
    chainState: () => chain.state,
    agentsTree,
    grantsTree,
    secretsTree,
    secretDiagnostics: (uri) => secretDiagnostics.diagnosticsFor(uri),
    containedAgents: () => roster.contained.map((a) => a.name),
    heldPolicyChanges: () => policy.all.map((c) => c.workspace),
    selectActivityRow: (seq) => (selection.seq = seq),
  };
}
