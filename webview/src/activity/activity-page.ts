import { clear, custom, el } from "../dom";
import { setValue, valueOf } from "../elements";
import { Host } from "../host";
import { ActivityRow, ChainState, ConnectionSummary, HostNotification } from "../messages";
import { NO_FILTER, RowFilter } from "./row-filter";
import { RowList } from "./row-list";
import { VirtualList } from "./virtual-list";
import { renderWhy } from "./why-view";

const ROW_HEIGHT = 22;
const DECISIONS = ["allow", "allow+log", "ask", "deny"];

function time(ts: string): string {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? ts : d.toLocaleTimeString(undefined, { hour12: false });
}

/** The live tool-call log: filters, a virtualised list newest first, the chain's state, and a row's detail. */
export class ActivityPage {
  private readonly list = new RowList();
  private readonly host: Host;
  private readonly virtual: VirtualList;
  private readonly counts = el("span", { className: "counts", id: "activity-counts" });
  private readonly chain = el("span", { className: "chain", id: "chain-state" });
  private readonly connection = el("span", { className: "connection", id: "connection-state" });
  private readonly search = custom("vscode-textfield", { id: "filter-text", attrs: { placeholder: "Filter: target, rule, reason…", type: "search" } });
  private readonly agentSelect = custom("vscode-single-select", { id: "filter-agent", attrs: { "aria-label": "Agent" } });
  private readonly decisionSelect = custom("vscode-single-select", { id: "filter-decision", attrs: { "aria-label": "Decision" } });
  private readonly actionSelect = custom("vscode-single-select", { id: "filter-action", attrs: { "aria-label": "Action kind" } });
  private readonly detail = el("section", { className: "detail hidden", id: "row-detail" });
  private resetting = false;
  private knownAgents = 0;
  private knownActions = 0;

  constructor(root: HTMLElement) {
    this.host = new Host((m) => this.receive(m));
    const verify = custom("vscode-button", { id: "verify-chain", text: "Verify", attrs: { secondary: "", title: "Check the audit log's hash chain now" } });
    verify.addEventListener("click", () => void this.verify());
    const viewport = el("div", { className: "viewport", id: "activity-rows", attrs: { tabindex: "0", role: "grid", "aria-label": "Agent activity, newest first" } });
    root.append(
      el("header", { className: "bar" }, [this.connection, this.chain, verify, this.counts]),
      el("div", { className: "filters" }, [this.search, this.agentSelect, this.decisionSelect, this.actionSelect]),
      el("div", { className: "columns", attrs: { role: "row" } }, ["Time", "Agent", "Decision", "Action", "Target", "Why"].map((t) => el("span", { text: t }))),
      viewport,
      this.detail,
    );
    this.fillSelect(this.agentSelect, "All agents", []);
    this.fillSelect(this.decisionSelect, "All decisions", DECISIONS);
    this.fillSelect(this.actionSelect, "All actions", []);
    for (const control of [this.agentSelect, this.decisionSelect, this.actionSelect]) control.addEventListener("change", () => this.applyFilter());
    let debounce: ReturnType<typeof setTimeout> | null = null;
    this.search.addEventListener("input", () => {
      if (debounce !== null) clearTimeout(debounce);
      debounce = setTimeout(() => this.applyFilter(), 120);
    });
    this.virtual = new VirtualList(viewport, ROW_HEIGHT, (node, i) => this.drawRow(node, i), (i) => void this.showDetail(i));
    this.setConnection({ state: "connecting", detail: "waiting for VS Code…" });
    this.setChain({ state: "unknown" });
    this.updateCounts();
    this.host.ready();
  }

  private receive(m: HostNotification): void {
    switch (m.type) {
      case "activity/reset":
        if (!this.resetting) {
          this.list.clear();
          this.virtual.resetSelection();
          this.resetting = true;
        }
        this.list.append(m.rows);
        if (m.done) this.resetting = false;
        this.virtual.setCount(this.list.shown);
        this.afterRowsChanged();
        return;
      case "activity/append": {
        const shown = this.list.append(m.rows);
        this.virtual.setCount(this.list.shown, shown);
        this.afterRowsChanged();
        return;
      }
      case "activity/chain":
        this.setChain(m.chain);
        return;
      case "connection":
        this.setConnection(m.connection);
        return;
      default:
        return;
    }
  }

  private afterRowsChanged(): void {
    this.updateCounts();
    const agents = this.list.agents();
    if (agents.length !== this.knownAgents) {
      this.knownAgents = agents.length;
      this.fillSelect(this.agentSelect, "All agents", agents);
    }
    const actions = this.list.actions();
    if (actions.length !== this.knownActions) {
      this.knownActions = actions.length;
      this.fillSelect(this.actionSelect, "All actions", actions);
    }
  }

  private fillSelect(select: HTMLElement, allLabel: string, values: readonly string[]): void {
    const current = valueOf(select);
    clear(select);
    select.append(custom("vscode-option", { text: allLabel, attrs: { value: "" } }));
    for (const v of values) select.append(custom("vscode-option", { text: v, attrs: { value: v } }));
    setValue(select, values.includes(current) ? current : "");
  }

  private applyFilter(): void {
    const filter: RowFilter = { ...NO_FILTER, text: valueOf(this.search), agent: valueOf(this.agentSelect), decision: valueOf(this.decisionSelect), action: valueOf(this.actionSelect) };
    this.list.setFilter(filter);
    this.virtual.resetSelection();
    this.virtual.setCount(this.list.shown);
    this.virtual.refresh();
    this.updateCounts();
  }

  private updateCounts(): void {
    const { shown, total } = this.list;
    this.counts.textContent = shown === total ? `${total.toLocaleString()} events` : `${shown.toLocaleString()} of ${total.toLocaleString()} events`;
  }

  private drawRow(node: HTMLDivElement, index: number): void {
    const row = this.list.at(index);
    if (node.childElementCount === 0) for (let i = 0; i < 6; i++) node.append(document.createElement("span"));
    const cells = node.children;
    const set = (i: number, text: string, className = ""): void => {
      const cell = cells[i];
      if (cell === undefined) return;
      cell.textContent = text;
      cell.className = className;
    };
    if (row === undefined) {
      for (let i = 0; i < 6; i++) set(i, "");
      return;
    }
    node.title = `#${row.seq} ${row.kind}`;
    set(0, time(row.ts), "c-time");
    set(1, row.agent ?? "", "c-agent");
    set(2, this.decisionText(row), `c-decision d-${this.decisionClass(row)}`);
    set(3, row.action ?? row.kind, "c-action");
    set(4, row.target, "c-target");
    set(5, row.detail, "c-detail");
  }

  private decisionText(row: ActivityRow): string {
    if (row.decision !== null) return row.kind === "approval.requested" ? "asked" : row.decision;
    if (row.ok !== null) return row.ok ? "done" : "failed";
    return "";
  }

  private decisionClass(row: ActivityRow): string {
    if (row.decision === "deny" || row.ok === false) return "deny";
    if (row.decision === "ask") return "ask";
    if (row.decision === "allow" || row.decision === "allow+log" || row.ok === true) return "allow";
    return "none";
  }

  private async showDetail(index: number): Promise<void> {
    const row = this.list.at(index);
    if (row === undefined) return;
    this.select(row.seq);
    clear(this.detail);
    this.detail.classList.remove("hidden");
    const close = custom("vscode-button", { text: "Close", attrs: { secondary: "" } });
    close.addEventListener("click", () => {
      this.detail.classList.add("hidden");
      this.select(null);
    });
    const body = el("pre", { className: "detail-body", text: "loading…" });
    const why = row.kind === "action.decided" ? el("section", { className: "why", id: "row-why", text: "Why? loading…" }) : null;
    this.detail.append(el("div", { className: "detail-head" }, [el("strong", { text: `#${row.seq} ${row.kind}` }), close]), ...(why !== null ? [why] : []), body);
    if (why !== null) void this.showWhy(why, row.seq);
    try {
      const { record } = await this.host.request("activity/detail", { seq: row.seq });
      body.textContent = JSON.stringify(record, null, 2);
    } catch (err) {
      body.textContent = `Could not load the record: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  /** Tells the host which row is selected, so the palette's `Warden: Why?` explains that one. */
  private select(seq: number | null): void {
    this.host.request("activity/select", { seq }).catch((err: unknown) => console.warn(`warden: selection not sent: ${String(err)}`));
  }

  private async showWhy(section: HTMLElement, seq: number): Promise<void> {
    try {
      const { why } = await this.host.request("activity/why", { seq });
      renderWhy(section, why, () => void this.openRule(section, seq));
    } catch (err) {
      section.textContent = `Why? could not be explained: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  private async openRule(section: HTMLElement, seq: number): Promise<void> {
    try {
      await this.host.request("activity/open-rule", { seq });
    } catch (err) {
      section.append(el("div", { className: "why-error", text: `Could not open the rule: ${err instanceof Error ? err.message : String(err)}` }));
    }
  }

  private async verify(): Promise<void> {
    this.setChain({ state: "verifying" });
    try {
      this.setChain((await this.host.request("activity/verify", {}, 130_000)).chain);
    } catch (err) {
      this.setChain({ state: "error", message: err instanceof Error ? err.message : String(err) });
    }
  }

  private setChain(chain: ChainState): void {
    this.chain.className = `chain chain-${chain.state}`;
    switch (chain.state) {
      case "unknown":
        this.chain.textContent = "Audit chain: not checked yet";
        return;
      case "verifying":
        this.chain.textContent = "Audit chain: verifying…";
        return;
      case "verified":
        this.chain.textContent = `✓ Audit chain verified: ${chain.checked.toLocaleString()} records, head #${chain.headSeq} (${time(chain.at)})`;
        return;
      case "broken":
        this.chain.textContent = `✗ Audit chain BROKEN${chain.firstBadSeq !== null ? ` at #${chain.firstBadSeq}` : ""}: ${chain.problem}`;
        return;
      case "error":
        this.chain.textContent = `Audit chain: could not verify (${chain.message})`;
    }
  }

  private setConnection(c: ConnectionSummary): void {
    this.connection.className = `connection connection-${c.state}`;
    this.connection.textContent = c.state === "connected" ? "● live" : c.state === "connecting" ? "○ connecting" : "○ offline";
    this.connection.title = c.detail;
  }
}
