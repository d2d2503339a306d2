import { clear, custom, el } from "../dom";
import { setDisabled, valueOf } from "../elements";
import { Host } from "../host";
import { ApprovalInfo } from "../../../protocol/src/approvals";
import { HostNotification } from "../messages";
import { dataView } from "./data-view";

/** Buttons and shortcuts stay inert this long after a request appears: a click or key meant for something else must not answer it. */
const ARM_AFTER_MS = 400;

type Choice = { answer: "approve"; scope: "once" | "session" } | { answer: "deny"; scope: "once" };

/**
 * One approval request: what, where, which data, who, which rule, how to undo —
 * and Approve once (A) / Approve for session (S) / Deny (D), with an optional reason.
 */
export class ApprovalPage {
  private readonly host: Host;
  private approval: ApprovalInfo | null = null;
  private armedAt = Number.POSITIVE_INFINITY;
  private answering = false;
  private readonly body = el("div", { className: "approval" });
  private readonly status = el("div", { className: "status", id: "approval-status", attrs: { role: "status" } });
  private readonly buttons: HTMLElement[] = [];
  private reason: HTMLElement | null = null;
  private countdown: ReturnType<typeof setInterval> | null = null;

  constructor(root: HTMLElement) {
    this.host = new Host((m) => this.receive(m));
    root.append(this.body, this.status);
    window.addEventListener("keydown", (event) => this.key(event));
    this.host.ready();
  }

  private receive(m: HostNotification): void {
    if (m.type === "approval/show") {
      const fresh = this.approval?.id !== m.approval.id;
      this.approval = m.approval;
      if (fresh) this.render(m.approval);
      this.setWaiting(m.waiting);
    } else if (m.type === "approval/settled" && m.id === this.approval?.id) {
      this.finish(`${m.status ?? "settled"}${m.by !== null ? ` by ${m.by}` : ""}${m.reason !== null ? `: ${m.reason}` : ""}`);
    }
  }

  private render(a: ApprovalInfo): void {
    const c = a.context;
    clear(this.body);
    this.buttons.length = 0;
    this.answering = false;
    this.armedAt = performance.now() + ARM_AFTER_MS;
    const openDiff = custom("vscode-button", { id: "open-diff", text: "Open in diff editor (V)", attrs: { secondary: "" } });
    openDiff.addEventListener("click", () => void this.openDiff());
    const approveOnce = this.button("approve-once", "Approve once (A)", { answer: "approve", scope: "once" }, false);
    const approveSession = this.button("approve-session", "Approve for session (S)", { answer: "approve", scope: "session" }, true);
    const deny = this.button("deny", "Deny (D)", { answer: "deny", scope: "once" }, true);
    this.reason = custom("vscode-textfield", { id: "reason", attrs: { placeholder: "Reason (optional, recorded in the audit log)" } });
    const fact = (label: string, value: string, id: string): HTMLElement[] => [el("dt", { text: label }), el("dd", { text: value, id })];
    this.body.append(
      el("header", {}, [
        el("div", { className: "waiting", id: "approval-waiting" }),
        el("h1", { id: "approval-summary", text: `${c.identity.agent} wants to ${c.summary}` }),
        el("div", { className: "expires", id: "approval-expires" }),
      ]),
      el("dl", { className: "facts" }, [
        ...fact("Action", c.action.kind, "approval-action"),
        ...fact("Target", c.action.target, "approval-target"),
        ...fact("Tool", c.action.tool, "approval-tool"),
      ]),
      dataView(c.data, openDiff),
      el("h2", { text: "Identity" }),
      el("dl", { className: "facts" }, [
        ...fact("Agent", `${c.identity.agent} (${c.identity.kind}, role ${c.identity.role})`, "approval-agent"),
        ...fact("Owner", c.identity.owner, "approval-owner"),
        ...fact("Purpose", c.identity.purpose, "approval-purpose"),
        ...fact("Requester", c.identity.requester, "approval-requester"),
        ...fact("Session", c.identity.session ?? "—", "approval-session"),
        ...fact("Workspace", a.workspace, "approval-workspace"),
      ]),
      el("h2", { text: "Why it asks" }),
      el("dl", { className: "facts" }, [
        ...fact("Rule", `${c.rule.rule ?? "no rule"}${c.rule.source !== null ? ` (${c.rule.source})` : ""}`, "approval-rule"),
        ...fact("Reason", c.rule.reason, "approval-rule-reason"),
        ...fact("Rollback", c.rollback, "approval-rollback"),
      ]),
      el("div", { className: "answer" }, [this.reason, el("div", { className: "buttons" }, [approveOnce, approveSession, deny])]),
    );
    this.status.textContent = "";
    this.startCountdown(a.expiresAt);
  }

  private button(id: string, label: string, choice: Choice, secondary: boolean): HTMLElement {
    const b = custom("vscode-button", { id, text: label, attrs: secondary ? { secondary: "" } : {} });
    b.addEventListener("click", () => void this.answer(choice));
    this.buttons.push(b);
    return b;
  }

  private setWaiting(waiting: number): void {
    const node = document.getElementById("approval-waiting");
    if (node !== null) node.textContent = waiting > 0 ? `${waiting} more request${waiting === 1 ? "" : "s"} waiting` : "";
  }

  private startCountdown(expiresAt: string): void {
    if (this.countdown !== null) clearInterval(this.countdown);
    const tick = (): void => {
      const node = document.getElementById("approval-expires");
      const left = Math.max(0, Math.round((Date.parse(expiresAt) - Date.now()) / 1000));
      if (node !== null) node.textContent = left > 0 ? `Denied automatically in ${left} s if nobody answers` : "Timed out: denied";
    };
    tick();
    this.countdown = setInterval(tick, 1000);
  }

  private key(event: KeyboardEvent): void {
    // Typing a reason must not answer: shortcuts only when focus is outside the text field.
    const target = event.target;
    if (target instanceof HTMLElement && (target.id === "reason" || target.tagName === "INPUT" || target.tagName === "TEXTAREA")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const k = event.key.toLowerCase();
    if (k === "a") void this.answer({ answer: "approve", scope: "once" });
    else if (k === "s") void this.answer({ answer: "approve", scope: "session" });
    else if (k === "d") void this.answer({ answer: "deny", scope: "once" });
    else if (k === "v") void this.openDiff();
    else return;
    event.preventDefault();
  }

  private async answer(choice: Choice): Promise<void> {
    if (this.approval === null || this.answering || performance.now() < this.armedAt) return;
    this.answering = true;
    for (const b of this.buttons) setDisabled(b, true);
    const reason = this.reason !== null ? valueOf(this.reason).trim() : "";
    this.status.textContent = choice.answer === "approve" ? "Approving…" : "Denying…";
    try {
      const r = await this.host.request("approval/answer", { answer: choice.answer, scope: choice.scope, ...(reason !== "" ? { reason } : {}) });
      this.finish(`${r.status}${choice.answer === "approve" ? ` (${choice.scope === "session" ? "for this session" : "once"})` : ""}`);
    } catch (err) {
      this.answering = false;
      for (const b of this.buttons) setDisabled(b, false);
      this.status.textContent = `Could not answer: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  private async openDiff(): Promise<void> {
    if (this.approval?.context.data.type !== "diff") return;
    try {
      await this.host.request("approval/open-diff", {});
    } catch (err) {
      this.status.textContent = `Could not open the diff: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  private finish(text: string): void {
    for (const b of this.buttons) setDisabled(b, true);
    if (this.countdown !== null) clearInterval(this.countdown);
    this.status.textContent = `Answered: ${text}`;
  }
}
