import * as vscode from "vscode";
import { WardenClient } from "../../../protocol/src/client";
import { WardenError } from "../../../protocol/src/errors";
import { ActivityStore } from "../state/activity-store";
import { ChainMonitor } from "../state/chain-monitor";
import { WebviewChannel } from "../webview-host/webview-channel";
import { ConnectionSummary } from "../../../protocol/src/webview";
import { pageHtml } from "./webview-resources";
import { ActivitySelection } from "../state/activity-selection";
import { fetchRecord } from "../state/audit-records";
import { RuleOpener, explainSeq, openRuleOf } from "./rule-opener";

export interface ActivityContext {
  extensionUri: vscode.Uri;
  activity: ActivityStore;
  chain: ChainMonitor;
  connection(): ConnectionSummary;
  onConnectionChange: vscode.Event<ConnectionSummary>;
  client: () => WardenClient | null;
  log: (line: string) => void;
  /** The row selected last in any activity view (what the palette's Why? explains). */
  selection: ActivitySelection;
  rules: RuleOpener;
}

/** Rows per message when the whole log is sent (a webview (re)loading): keeps each message small. */
const RESET_CHUNK = 5000;

/**
 * The activity log in one webview (the sidebar view or an editor panel): sends
 * the log on `ready`, then each batch of new rows, the chain state and the
 * connection; answers requests for a row's whole record.
 */
export class ActivityPage implements vscode.Disposable {
  private readonly channel: WebviewChannel;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(webview: vscode.Webview, private readonly ctx: ActivityContext) {
    this.channel = new WebviewChannel(
      webview,
      {
        "activity/detail": async ({ seq }) => ({ record: await fetchRecord(this.requireClient(), seq) }),
        "activity/select": ({ seq }) => {
          ctx.selection.seq = seq;
          return Promise.resolve({});
        },
        "activity/why": async ({ seq }) => ({ why: await explainSeq(this.requireClient(), seq) }),
        "activity/open-rule": async ({ seq }) => ({ opened: await openRuleOf(this.requireClient(), ctx.rules, seq) }),
        "activity/verify": async () => ({ chain: await ctx.chain.verify() }),
      },
      ctx.log,
    );
    this.subscriptions.push(
      this.channel,
      this.channel.onDidBecomeReady(() => this.sendAll()),
      ctx.activity.onDidAppend((rows) => this.channel.isReady && this.channel.notify({ type: "activity/append", rows: [...rows] })),
      ctx.activity.onDidReset(() => this.channel.isReady && this.sendRows()),
      ctx.chain.onDidChange((chain) => this.channel.notify({ type: "activity/chain", chain })),
      ctx.onConnectionChange((connection) => this.channel.notify({ type: "connection", connection })),
    );
    webview.html = pageHtml(webview, ctx.extensionUri, "activity", "Warden activity");
  }

  private requireClient(): WardenClient {
    const client = this.ctx.client();
    if (client === null) throw new WardenError("disconnected", "not connected to the Warden daemon; run 'Warden: Reconnect to Daemon'");
    return client;
  }

  /** The webview (re)loaded and listens: everything it shows, from the start. */
  private sendAll(): void {
    this.channel.notify({ type: "connection", connection: this.ctx.connection() });
    this.channel.notify({ type: "activity/chain", chain: this.ctx.chain.state });
    this.sendRows();
  }

  private sendRows(): void {
    const rows = this.ctx.activity.snapshot();
    if (rows.length === 0) {
      this.channel.notify({ type: "activity/reset", rows: [], done: true });
      return;
    }
    for (let i = 0; i < rows.length; i += RESET_CHUNK) {
      this.channel.notify({ type: "activity/reset", rows: rows.slice(i, i + RESET_CHUNK), done: i + RESET_CHUNK >= rows.length });
    }
  }

  /** The webview is going away (a view hidden without retained context): hold messages until it says ready again. */
  webviewReloading(): void {
    this.channel.markNotReady();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
