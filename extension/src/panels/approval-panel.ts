import * as vscode from "vscode";
import { ApprovalInfo } from "../../../protocol/src/approvals";
import { WardenClient } from "../../../protocol/src/client";
import { WardenError } from "../../../protocol/src/errors";
import { SettledApproval } from "../state/approvals-store";
import { WebviewChannel } from "../webview-host/webview-channel";
import { VIEW } from "../command-ids";
import { DiffDocuments } from "./diff-documents";
import { pageHtml, webviewOptions } from "./webview-resources";

export interface ApprovalPanelContext {
  extensionUri: vscode.Uri;
  client: () => WardenClient | null;
  diffs: DiffDocuments;
  log: (line: string) => void;
}

/** One approval request in its own webview panel: the context, and Approve once / for session / Deny. */
export class ApprovalPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly channel: WebviewChannel;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  private disposed = false;

  constructor(
    private readonly ctx: ApprovalPanelContext,
    readonly approval: ApprovalInfo,
    waiting: number,
    preserveFocus: boolean,
  ) {
    this.panel = vscode.window.createWebviewPanel(VIEW.approvalPanel, `Approve? ${approval.agent}`, { viewColumn: vscode.ViewColumn.Active, preserveFocus }, {
      ...webviewOptions(ctx.extensionUri),
      // Keeps the reason the human is typing when they glance at another tab.
      retainContextWhenHidden: true,
    });
    this.panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, "media", "warden.svg");
    this.channel = new WebviewChannel(
      this.panel.webview,
      {
        "approval/answer": async ({ answer, scope, reason }) => {
          const client = this.requireClient();
          const r = await client.request("approvals/answer", { id: approval.id, answer, ...(answer === "approve" ? { scope } : {}), ...(reason !== undefined && reason !== "" ? { reason } : {}) });
          return { status: r.approval.status };
        },
        "approval/open-diff": async () => {
          const d = approval.context.data;
          if (d.type !== "diff") return { opened: false };
          await ctx.diffs.open(approval.id, d.path, d.before, d.after, `${d.path} — ${approval.agent} wants to ${d.before === null ? "create" : "change"} (Warden)`);
          return { opened: true };
        },
      },
      ctx.log,
    );
    this.channel.notify({ type: "approval/show", approval, waiting });
    this.panel.webview.html = pageHtml(this.panel.webview, ctx.extensionUri, "approval", `Approve? ${approval.context.summary}`);
    this.panel.onDidDispose(() => this.dispose());
  }

  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  setWaiting(waiting: number): void {
    this.channel.notify({ type: "approval/show", approval: this.approval, waiting });
  }

  /** Settled here or elsewhere: the panel says so and closes (there is nothing left to decide). */
  settled(s: SettledApproval): void {
    this.channel.notify({ type: "approval/settled", id: s.id, status: s.status, by: s.by, reason: s.reason });
    this.dispose();
  }

  private requireClient(): WardenClient {
    const client = this.ctx.client();
    if (client === null) throw new WardenError("disconnected", "not connected to the Warden daemon; the request is denied if no approver is attached");
    return client;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.channel.dispose();
    this.panel.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }
}
