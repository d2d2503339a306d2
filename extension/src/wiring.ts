import fs from "node:fs";
import * as vscode from "vscode";
import { VIEW } from "./command-ids";
import { registerCommands } from "./commands";
import { ConnectionManager, ConnectionState, Connector } from "./connection/connection-manager";
import { socketConnector } from "./connection/connector";
import { LaunchOptions, runCli, startDaemon } from "./connection/daemon-launcher";
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
  const settings = (): Settings => readSettings((key: SettingKey) => vscode.workspace.getConfiguration(SECTION).get(key), context.extensionPath);
  const launchOptions = (): LaunchOptions => {
    const s = settings();
    return { nodePath: s.nodePath, cliPath: s.cliPath, home: resolveDaemonPaths(s.home, process.env).home, env: process.env };
  };
  const say = (line: string): void => log.info(line);

  const activity = new ActivityStore();
  const approvals = new ApprovalsStore();
  let manager: ConnectionManager | null = null;
  const client = () => manager?.connection ?? null;
  const chain = new ChainMonitor(client);
  const agentsTree = new AgentsTree(client, workspaceRealPaths, say);
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
  manager = new ConnectionManager(connector, sessionAttacher({ activity, approvals, chain, agentsChanged: () => agentsTree.refresh(), log: say }), say);

  const statusBar = new WardenStatusBar();
  const diffs = new DiffDocuments();
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
  });
  const approvalsTree = new ApprovalsTree(approvals);

  context.subscriptions.push(
    log,
    activity,
    approvals,
    chain,
    agentsTree,
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
      agentsTree.refresh();
      connectionEmitter.fire(state);
      summaryEmitter.fire(summarise(state));
    }),
    approvals.onDidChange(() => statusBar.setPending(approvals.size)),
    vscode.window.registerTreeDataProvider(VIEW.agents, agentsTree),
    vscode.window.registerTreeDataProvider(VIEW.approvals, approvalsTree),
    vscode.window.registerWebviewViewProvider(VIEW.activity, activityViews, { webviewOptions: { retainContextWhenHidden: true } }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) manager?.reconnectNow();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => agentsTree.refresh()),
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
  };
}
