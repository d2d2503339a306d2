import * as vscode from "vscode";
import { ApprovalInfo } from "../../../protocol/src/approvals";
import { ApprovalsStore, SettledApproval } from "../state/approvals-store";
import { ApprovalPanel, ApprovalPanelContext } from "./approval-panel";

/**
 * Puts asks in front of the human: a notification for each, and a panel per
 * request. Automatically, one at a time (oldest first, the closest to its
 * timeout); the next opens when the current one is settled — here or elsewhere.
 * Any request can also be opened by hand from the Approvals view.
 */
export class ApprovalPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ApprovalPanel>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Closers of the notifications still showing, by approval id. */
  private readonly notifications = new Map<string, () => void>();

  constructor(
    private readonly ctx: ApprovalPanelContext,
    private readonly store: ApprovalsStore,
    private readonly openAutomatically: () => boolean,
  ) {
    this.subscriptions.push(
      store.onDidAdd((a) => this.added(a)),
      store.onDidSettle((s) => this.settled(s)),
    );
  }

  /** Shows request `id` (revealing its panel if it is open already). */
  open(id: string, preserveFocus = false): boolean {
    const existing = this.panels.get(id);
    if (existing !== undefined) {
      existing.reveal(preserveFocus);
      return true;
    }
    const approval = this.store.get(id);
    if (approval === undefined) return false;
    const panel = new ApprovalPanel(this.ctx, approval, this.waitingBehind(id), preserveFocus);
    this.panels.set(id, panel);
    panel.onDidDispose(() => this.panels.delete(id));
    return true;
  }

  /** The open panels' approval ids (tests, and the command that shows pending requests). */
  get openIds(): string[] {
    return [...this.panels.keys()];
  }

  private added(a: ApprovalInfo): void {
    this.notify(a);
    // Focus stays where the human is typing: a keystroke meant for the editor must never answer a request.
    if (this.openAutomatically() && this.panels.size === 0) this.open(a.id, true);
    this.updateWaiting();
  }

  /**
   * A notification that lasts exactly as long as the request: a progress
   * notification closes itself when the request is settled (a plain message
   * would stay, offering to review something already decided). Cancelling it
   * only dismisses it; the request still waits in the panel and the status bar.
   */
  private notify(a: ApprovalInfo): void {
    const settled = new Promise<void>((resolve) => {
      const subscription = this.store.onDidSettle((s) => {
        if (s.id !== a.id) return;
        subscription.dispose();
        resolve();
      });
      this.notifications.set(a.id, () => {
        subscription.dispose();
        resolve();
      });
    });
    vscode.window
      .withProgress({ location: vscode.ProgressLocation.Notification, title: `Warden: ${a.agent} wants to ${a.context.summary}`, cancellable: true }, async (progress, cancel) => {
        progress.report({ message: "review it in the approval panel (or click Warden in the status bar)." });
        await Promise.race([settled, new Promise<void>((resolve) => cancel.onCancellationRequested(() => resolve()))]);
      })
      .then(
        () => this.notifications.delete(a.id),
        (err: unknown) => this.ctx.log(`notification failed: ${String(err)}`),
      );
  }

  private settled(s: SettledApproval): void {
    this.ctx.diffs.release(s.id);
    const panel = this.panels.get(s.id);
    panel?.settled(s);
    if (panel !== undefined && this.openAutomatically() && this.panels.size === 0) {
      const next = this.store.oldest();
      if (next !== undefined) this.open(next.id, true);
    }
    this.updateWaiting();
  }

  private waitingBehind(id: string): number {
    return Math.max(0, this.store.size - (this.store.get(id) !== undefined ? 1 : 0));
  }

  private updateWaiting(): void {
    for (const [id, panel] of this.panels) panel.setWaiting(this.waitingBehind(id));
  }

  dispose(): void {
    for (const close of this.notifications.values()) close();
    for (const panel of [...this.panels.values()]) panel.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
