import { ActivityRow } from "../messages";
import { NO_FILTER, RowFilter, compileFilter, isEmptyFilter } from "./row-filter";

/** Rows the webview keeps (as many as the host); the oldest go first. */
export const MAX_ROWS = 100_000;

/**
 * The log's rows (oldest first, as they arrive) and the subset the filter lets
 * through, shown newest first. Appending is O(batch); a filter change is one pass
 * over the rows (~10 ms for 100,000). Drops happen in chunks, never row by row.
 */
export class RowList {
  private rows: ActivityRow[] = [];
  /** Indexes into `rows` of the matching rows, ascending. */
  private matching: number[] = [];
  private filter: RowFilter = NO_FILTER;
  private test: (row: ActivityRow) => boolean = () => true;
  private readonly agentNames = new Set<string>();
  private readonly actionKinds = new Set<string>();

  constructor(private readonly maxRows: number = MAX_ROWS) {}

  get total(): number {
    return this.rows.length;
  }

  /** Rows shown (matching the filter). */
  get shown(): number {
    return this.matching.length;
  }

  get currentFilter(): RowFilter {
    return this.filter;
  }

  /** Row `i` of the view, newest first. */
  at(i: number): ActivityRow | undefined {
    const index = this.matching[this.matching.length - 1 - i];
    return index === undefined ? undefined : this.rows[index];
  }

  agents(): string[] {
    return [...this.agentNames].sort();
  }

  actions(): string[] {
    return [...this.actionKinds].sort();
  }

  clear(): void {
    this.rows = [];
    this.matching = [];
    this.agentNames.clear();
    this.actionKinds.clear();
  }

  /** Adds rows (oldest first); returns how many of them are shown, so the view can keep its place. */
  append(batch: readonly ActivityRow[]): number {
    let shownAdded = 0;
    const last = this.rows.at(-1)?.seq ?? 0;
    for (const row of batch) {
      // A row at or below the last seq is a repeat (a reconnect's backlog overlapping); order is by seq.
      if (row.seq <= last && this.rows.length > 0) continue;
      this.rows.push(row);
      if (row.agent !== null) this.agentNames.add(row.agent);
      if (row.action !== null) this.actionKinds.add(row.action);
      if (this.test(row)) {
        this.matching.push(this.rows.length - 1);
        shownAdded++;
      }
    }
    if (this.rows.length > this.maxRows * 1.1) this.trim();
    return shownAdded;
  }

  setFilter(filter: RowFilter): void {
    this.filter = filter;
    this.test = isEmptyFilter(filter) ? () => true : compileFilter(filter);
    this.rematch();
  }

  private trim(): void {
    this.rows = this.rows.slice(this.rows.length - this.maxRows);
    this.rematch();
  }

  private rematch(): void {
    const matching: number[] = [];
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i];
      if (row !== undefined && this.test(row)) matching.push(i);
    }
    this.matching = matching;
  }
}
